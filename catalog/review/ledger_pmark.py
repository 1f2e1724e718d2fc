"""The ledger's P-Mark columns beyond the A.3.3.1 minimum, each from recorded facts only.

* 情報の区分 (kind of information): 個人情報, 要配慮個人情報, or — not personal data, or carved out of it —
  個人関連情報 (APPI 2(7)), 仮名加工情報 (APPI 2(5), 41), 匿名加工情報 (APPI 2(6), 43);
* 書面による直接取得 (acquired directly from the person in writing, APPI 21(2), JIS Q 15001 A.3.4.2.5): from
  the collection points that acquire the item (`written`);
* 利用目的の通知・公表 (how the purpose was notified or published, APPI 21): the collection points' `notice`
  and whether the item's purposes are in the public notice (`published`);
* 本人同意の有無 (the person's consent): consent at a collection point (`consent`), consent to acquire a
  sensitive item (`consent_obtained`), provisions and transfers abroad made on consent;
* 外国での取扱い (foreign handling): 有 for flows to a known foreign location, 不明 where the location is not
  recorded — never "有: 不明".

What is not recorded is said to be not recorded (記録なし), never guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from daicho.catalog.review.ledger_labels import word
from daicho.catalog.review.reach import PROVISION_KINDS

if TYPE_CHECKING:
    from daicho.catalog.review.ledger import Index
    from daicho.catalog.review.reach import ItemReach
    from daicho.inventory.model import CollectionPoint, Item

#: kinds of information, most specific first (an item flagged twice shows the first that applies)
INFO_CLASSES = ("anonymised", "pseudonymised", "personally_referable", "sensitive")


def info_class(item: Item) -> str:
    """The key of the item's kind of information: one of INFO_CLASSES, or `personal` (個人情報)."""
    return next((flag for flag in INFO_CLASSES if getattr(item, flag)), "personal")


def retained_label(item: Item, lang: str) -> str:
    """保有個人データ: 非該当 for what is not personal data (個人関連情報, 匿名加工情報), excluded for 仮名加工情報
    (APPI 41(9) carves it out of Arts. 32–39), else as recorded."""
    kind = info_class(item)
    if kind in ("personally_referable", "anonymised"):
        return word("not_personal_data", lang)
    if kind == "pseudonymised":
        return word("retained_excluded", lang)
    return word("applies" if item.retained else "not_applies", lang)


def points_of(index: Index, item: Item) -> list[CollectionPoint]:
    """The collection points whose flows carry the item (in manifest order, each once)."""
    seen = {f.source for f in index.flows_carrying.get(item.key, ()) if f.source in index.points}
    return [index.points[k] for k in sorted(seen, key=index.point_order.__getitem__)]


def grouped(entries: list[tuple[bool | None, str]], words: tuple[str, str, str], lang: str,
            one_a_line: bool = False) -> list[str]:
    """Entries (answer, what) as lines by answer — yes, no, not recorded —: "有: A、B" (or, `one_a_line`,
    "有: A" then "B")."""
    sep = "、" if lang == "ja" else ", "
    lines = []
    for answer, label in zip((True, False, None), words, strict=True):
        names = list(dict.fromkeys(name for value, name in entries if value is answer and name))
        if names:
            lines += [f"{word(label, lang)}: {names[0]}", *names[1:]] if one_a_line else \
                [f"{word(label, lang)}: {sep.join(names)}"]
    return lines


def written_lines(index: Index, item: Item, lang: str) -> list[str]:
    """書面による直接取得: per collection point acquiring the item, whether it is in writing; 非該当 when the item
    only comes from third parties; 記録なし otherwise."""
    points = points_of(index, item)
    if points:
        return grouped([(p.written, p.name.get(lang)) for p in points], ("applies", "not_applies", "not_recorded"),
                       lang)
    if item.acquisition and all(a == "third_party" for a in item.acquisition):
        return [word("not_direct", lang)]
    return [word("not_recorded", lang)]


def notice_lines(index: Index, item: Item, lang: str) -> list[str]:
    """利用目的の通知・公表: each collection point's recorded notice, then whether every purpose of the item is in
    the public notice (purposes not in it named)."""
    lines = [f"{p.name.get(lang)}: {p.notice}" for p in points_of(index, item) if p.notice]
    purposes = [index.purposes[k] for k in item.purposes if k in index.purposes]
    hidden = [p.name.get(lang) for p in purposes if not p.published]
    if purposes and not hidden:
        lines.append(word("purposes_published", lang))
    elif hidden:
        sep = "、" if lang == "ja" else ", "
        lines.append(f"{word('purposes_unpublished', lang)}: {sep.join(hidden)}")
    return lines or [word("not_recorded", lang)]


def consent_lines(index: Index, item: Item, reach: ItemReach, lang: str) -> list[str]:
    """本人同意の有無: consent recorded at a collection point, to acquire a sensitive item, and for provisions
    and transfers abroad made on consent; 記録なし when nothing about consent is recorded."""
    entries: list[tuple[bool | None, str]] = []
    for point in points_of(index, item):
        if point.consent is not None:
            entries.append((point.consent, f"{word('at_acquisition', lang)} ({point.name.get(lang)})"))
    if item.sensitive:
        entries.append((item.consent_obtained, word("sensitive_acquisition", lang)))
    for party in reach.of_kind(PROVISION_KINDS):
        if any(basis == "consent" for basis, _ in party.bases):
            entries.append((True, f"{word('provision_to', lang)} ({index.name(party.party, lang)})"))
    for entry in reach.foreign:
        if entry.get("foreign_basis") == "consent":
            entries.append((True, f"{word('transfer_abroad', lang)} ({index.name(entry['to_party'], lang)})"))
    return grouped(entries, ("yes", "no", "not_recorded"), lang, one_a_line=True) or [word("not_recorded", lang)]


def foreign_answer(lines: list[tuple[str, bool]], lang: str) -> list[str]:
    """The foreign column from (line, location known) pairs: "有: …" for flows to a known foreign location,
    "不明: …" for those whose location is not recorded, "無" when there are none."""
    known = [line for line, certain in lines if certain]
    unknown = [line for line, certain in lines if not certain]
    out = [f"{word('yes', lang)}: {known[0]}", *known[1:]] if known else []
    out += [f"{word('answer_unknown', lang)}: {unknown[0]}", *unknown[1:]] if unknown else []
    return out or [word("no", lang)]
