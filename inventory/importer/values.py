"""Reading the values of ledger cells: lists in one cell, yes/no answers, counts, dates, countries, words.

A cell may hold several purposes or storage places: one a line, or (in a cell without line breaks)
separated by ``、`` ``,`` ``;`` ``/``.
``・`` separates too, but only when the cell has no other separator and every part is at least three
characters long (``DM送付・アンケート`` is two purposes; ``不正利用の防止・調査・対策`` is one). Separators
inside brackets do not split (``会員DB (JP/Tokyo)``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from functools import cache

_OPEN, _CLOSE = "(（[［「『【", ")）]］」』】"
_SEPARATORS = "\n、，,;；/／"
#: between names of parties only these separate: a name may hold a comma, slash or ・ (Acme, Inc.)
_NAME_SEPARATORS = "\n、;；"
#: whole cells that mean "none"
NONE_WORDS = {"", "無", "無し", "なし", "ない", "-", "－", "—", "―", "ー", "該当なし", "非該当", "no", "none", "n/a",
              "na", "×", "✕", "しない", "不要", "nil"}
YES_WORDS = {"有", "有り", "あり", "ある", "該当", "○", "〇", "◯", "●", "✓", "✔", "yes", "y", "true", "する", "要"}
_YES_PREFIX = re.compile(r"^(有|あり|有り|yes)\s*[:：]\s*", re.IGNORECASE)


def clean(text: str) -> str:
    """Text with surrounding space removed and runs of spaces inside lines made one."""
    return "\n".join(re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.split("\n")).strip()


def is_none(text: str) -> bool:
    """Whether a cell says there is none (無, なし, -, no …)."""
    return unicodedata.normalize("NFKC", text).strip().lower() in NONE_WORDS


def answer(text: str) -> bool | None:
    """True for 有/該当/○/yes, False for 無/非該当/no, None when the cell says neither."""
    word = unicodedata.normalize("NFKC", text).strip().lower()
    word = re.sub(r"[:：].*$", "", word, flags=re.S)
    if word in YES_WORDS or word.startswith(("有", "該当", "yes")):
        return True
    if word in NONE_WORDS or word.startswith(("無", "非該当", "no")):
        return False
    return None


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def split_list(text: str, dots: bool = True) -> list[str]:
    """The entries of a cell holding several (see the module docstring); "有: " in front is dropped and a
    cell saying none gives []. `dots=False` (names of parties): only line breaks, ``、`` and ``;`` separate,
    as a name may hold a comma, slash or ``・`` (``Acme, Inc.``, ``国の機関・地方公共団体``)."""
    text = clean(text)
    if is_none(text):
        return []
    text = _YES_PREFIX.sub("", text)
    parts = _split_outside_brackets(text, "\n" if "\n" in text else _SEPARATORS if dots else _NAME_SEPARATORS)
    if len(parts) == 1 and dots:
        dotted = _split_outside_brackets(parts[0], "・")
        if len(dotted) > 1 and all(len(p) >= 3 for p in dotted):
            parts = dotted
    return list(dict.fromkeys(p for p in parts if not is_none(p) and not _is_yes(p)))


def split_lines(text: str) -> list[str]:
    """The lines of a cell, "有: " in front dropped; [] for a cell saying none."""
    text = clean(text)
    if is_none(text):
        return []
    return [line.strip() for line in _YES_PREFIX.sub("", text).split("\n")
            if line.strip() and not is_none(line) and not _is_yes(line)]


def _is_yes(text: str) -> bool:
    """Whether an entry is only a yes (有, あり, ○ …): an answer, not a name."""
    return unicodedata.normalize("NFKC", text).strip().lower() in YES_WORDS


def persons(text: str) -> int | None:
    """An estimated number of persons: ``185000``, ``約1,200件``, ``3万人``, ``1.5万``; None if not a whole number
    of persons (``多数``, ``1.5``: never rounded, the caller keeps the cell in the description)."""
    word = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    found = re.fullmatch(r"(?:約|およそ|approx\.?|about|~)?\s*(\d+(?:\.\d+)?)\s*(万|千|k)?\s*(?:件|人|名|persons?)?"
                         r"\s*(?:程度|以上|未満|超)?", word, flags=re.IGNORECASE)
    if not found:
        return None
    factor = {"万": 10_000, "千": 1_000, "k": 1_000, "K": 1_000}.get(found.group(2) or "", 1)
    count = Decimal(found.group(1)) * factor
    return int(count) if count == count.to_integral_value() else None


def date(text: str) -> dt.date | None:
    """A date written 2025-04-01, 2025/4/1 or 2025年4月1日, or as Excel's day number (45748: a date cell not
    formatted as a date shows it; 1955–2119 only, 20000–80000); None otherwise."""
    word = unicodedata.normalize("NFKC", text).strip()
    serial = re.fullmatch(r"([2-7]\d{4})(?:\.0+)?", word)
    if serial:  # Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in)
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(serial.group(1)))
    found = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+[\d:]+)?", word)
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


#: country names a ledger may write, beyond ISO codes and pycountry's English and Japanese names
_COUNTRY_WORDS = {"米国": "US", "アメリカ": "US", "アメリカ合衆国": "US", "usa": "US", "英国": "GB", "イギリス": "GB",
                  "uk": "GB", "韓国": "KR", "中国": "CN", "台湾": "TW", "香港": "HK", "日本": "JP", "国内": "JP",
                  "ロシア": "RU", "ベトナム": "VN", "オランダ": "NL", "ドイツ": "DE", "フランス": "FR",
                  "シンガポール": "SG", "フィリピン": "PH", "インド": "IN", "アイルランド": "IE", "カナダ": "CA",
                  "オーストラリア": "AU", "不明": "unknown", "unknown": "unknown", "eu": "EU", "eea": "EEA",
                  "欧州連合": "EU", "所在不明": "unknown", "location unknown": "unknown", "記録なし": None,
                  "not recorded": None, "顧客ごとに選択": "per_customer", "chosen per customer": "per_customer"}


def country(text: str) -> str | None:
    """A location code for a country written as a code or a name (English or Japanese); None if unknown."""
    word = unicodedata.normalize("NFKC", text).strip()
    if not word:
        return None
    name, code = trailing_group(word)
    if code and (country(code) or country(name)):  # 日本 (JP), as daicho's own ledger writes a country
        return country(code) or country(name)
    for form in (word, word.lower()):
        if form in _COUNTRY_WORDS:
            return _COUNTRY_WORDS[form]
    from ..locations import country_codes

    if word.upper() in country_codes() and len(word) == 2:
        return word.upper()
    return _country_names().get(word.lower())


@cache
def _country_names() -> dict[str, str]:
    import gettext

    import pycountry

    try:
        ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"]).gettext
    except OSError:
        ja = None
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                names[name.lower()] = c.alpha_2
                if ja:
                    names[ja(name).lower()] = c.alpha_2
    return names


MEDIUM_WORDS = {"電子": "electronic", "電子データ": "electronic", "データ": "electronic", "electronic": "electronic",
                "紙": "paper", "紙媒体": "paper", "書面": "paper", "paper": "paper"}


def medium(text: str) -> str | None:
    """electronic or paper for a medium cell that says only that (電子 / 紙); None otherwise."""
    word = unicodedata.normalize("NFKC", text).strip().lower()
    return MEDIUM_WORDS.get(word)


#: words in an acquisition cell and the acquisition route they name (first match wins)
ACQUISITION_WORDS = (
    ("cookie", "cookie"), ("クッキー", "cookie"),
    ("サービス利用", "service_use"), ("service", "service_use"),
    ("自動", "automatic"), ("ログ", "automatic"), ("automatic", "automatic"),
    ("第三者から", "third_party"), ("委託元から", "third_party"), ("取引先から", "third_party"),
    ("third party", "third_party"), ("received", "third_party"),
    ("本人から", "provided"), ("本人より", "provided"), ("直接", "provided"), ("provided", "provided"),
)


def acquisition(text: str) -> str | None:
    """The acquisition route an acquisition entry names (本人からの提供 → provided); None for a source name."""
    word = unicodedata.normalize("NFKC", text).lower()
    return next((route for needle, route in ACQUISITION_WORDS if needle in word), None)


SYSTEM_KIND_WORDS = {"データベース": "database", "database": "database", "saas": "saas",
                     "アプリケーション": "application", "application": "application", "ファイル共有": "file_share",
                     "file share": "file_share", "書庫（紙）": "paper_cabinet", "paper cabinet": "paper_cabinet",
                     "その他": "other", "other": "other"}
#: words in a storage place's name and the kind of system they suggest
SYSTEM_HINTS = (("キャビネット", "paper_cabinet"), ("書庫", "paper_cabinet"), ("紙", "paper_cabinet"),
                ("ファイルサーバ", "file_share"), ("共有フォルダ", "file_share"), ("file server", "file_share"),
                ("クラウド", "saas"), ("saas", "saas"), ("データベース", "database"), ("db", "database"))


def system_kind(name: str) -> str:
    """The kind of system a storage place's name suggests; other when it suggests none."""
    word = unicodedata.normalize("NFKC", name).lower()
    return next((kind for needle, kind in SYSTEM_HINTS if needle in word), "other")


_EXCEPTION = re.compile(r"^(?:法令等による例外|法令に基づく場合|legal exception|exception)\s*(27\(1\)\([ivx]+\))?$",
                        re.IGNORECASE)


def basis(text: str) -> tuple[str, str | None] | None:
    """(basis, exception) a provision cell states after the recipient: ``本人同意``, ``法令等による例外
    27(1)(i)``; None when it states none (an exception without its article is none either)."""
    found = _EXCEPTION.match(unicodedata.normalize("NFKC", text).strip())
    if found:
        return ("exception", found.group(1)) if found.group(1) else None
    word = lookup(BASIS_WORDS, text)
    return (word, None) if word else None


BASIS_WORDS = {"本人同意": "consent", "同意": "consent", "consent": "consent", "オプトアウト": "opt_out",
               "opt-out": "opt_out", "共同利用": "joint_use", "joint use": "joint_use", "委託": "outsourcing",
               "outsourcing": "outsourcing", "事業承継": "succession", "succession": "succession"}
RECIPIENT_KIND_WORDS = {"委託先": "contractor", "contractor": "contractor", "再委託先": "subcontractor",
                        "再委託": "subcontractor", "sub-contractor": "subcontractor", "subcontractor": "subcontractor",
                        "共同利用者": "joint_user", "joint user": "joint_user", "第三者": "third_party",
                        "third party": "third_party", "グループ会社": "group_company", "group company": "group_company"}
SUBCONTRACTING_WORDS = {"不可": "not_allowed", "not allowed": "not_allowed", "無": "not_allowed",
                        "なし": "not_allowed", "可（都度承認）": "allowed", "可": "allowed", "有": "allowed",
                        "allowed with approval": "allowed", "allowed": "allowed", "承認済み": "approved",
                        "承認済": "approved", "approved": "approved"}
RESIDUAL_WORDS = {"低": "low", "low": "low", "中": "medium", "medium": "medium", "高": "high", "high": "high"}


def lookup(words: dict[str, str], text: str) -> str | None:
    """The value `text` names in a word table (exact, NFKC, case-insensitive)."""
    word = unicodedata.normalize("NFKC", text).strip().lower()
    return words.get(text.strip()) or words.get(word) or {unicodedata.normalize("NFKC", k).lower(): v
                                                          for k, v in words.items()}.get(word)


def trailing_group(text: str) -> tuple[str, str | None]:
    """``Name (details)`` split into (Name, details) for a final ASCII bracket group, which may hold brackets
    itself (``X (法令等による例外 27(1)(i))``); (text, None) otherwise."""
    text = text.strip()
    if not text.endswith(")"):
        return text, None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            name = text[:i]
            if i == 0 or not name.endswith((" ", "\u3000")) or not name.strip():
                return text, None
            return name.strip(), text[i + 1:-1].strip()
    return text, None
