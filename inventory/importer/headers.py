"""Which ledger column is which: a table of header synonyms, and finding the header row of a sheet.

Japanese offices keep the personal-information ledger (個人情報管理台帳) in Excel with their own headers:
``個人情報の名称`` or ``項目名`` or ``Personal-data item``; ``保管場所・保管方法`` or ``保存場所``. A header is
normalised (NFKC, lower case, spaces and line breaks removed) and matched to the field whose synonym it
equals, else to the field with the longest synonym it contains (``委託の有無・委託先`` contains ``委託先``).
ASCII synonyms shorter than four letters (``id``, ``no``) and one-character ones (``国``) match only whole
headers; a cell longer than 40 characters is never a header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Ledger fields (one row per business process and item) and their header synonyms, Japanese and English.
LEDGER_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("管理番号", "台帳番号", "番号", "no", "no.", "id"),
    "process": ("業務名", "業務", "業務内容", "利用業務", "事業名", "businessprocess", "process"),
    "item": ("個人情報の名称", "個人情報名", "名称", "項目名", "個人情報の項目", "personal-dataitem",
             "personaldataitem", "personalinformation", "recordname", "dataitem", "item"),
    "fields": ("項目", "含まれる項目", "主な項目", "データ項目", "記載項目", "items", "fields", "dataelements"),
    "subjects": ("本人の区分", "本人区分", "対象者", "本人", "datasubjects", "subjects", "datasubject"),
    "persons": ("件数", "人数", "概数", "persons", "numberofpersons", "records", "count"),
    "medium": ("媒体", "形態", "保存形態", "medium", "media"),
    "acquisition": ("取得方法", "取得元", "取得経路", "入手方法", "入手元", "acquisition", "source"),
    "purposes": ("利用目的", "目的", "利用の目的", "purposesofuse", "purposes", "purpose"),
    "storage": ("保管場所", "保管方法", "保存場所", "保存方法", "保管先", "保管媒体", "格納場所", "storage",
                "systems", "system"),
    "access": ("アクセス権者", "アクセス権限者", "利用者の範囲", "取扱者", "取扱者の範囲", "whohasaccess", "access"),
    "retention": ("利用期限", "保管期間", "保存期間", "保存期限", "保管期限", "retention", "usedeadline"),
    "disposal": ("廃棄方法", "廃棄・消去方法", "消去方法", "廃棄", "disposal", "deletion"),
    "contractors": ("委託先", "委託", "outsourcing", "contractors", "contractor", "processors"),
    "provision": ("第三者提供", "提供先", "第三者への提供", "third-partyprovision", "thirdparties", "provision"),
    "joint_use": ("共同利用", "jointuse"),
    "foreign": ("外国", "国名", "越境移転", "foreign", "countries", "cross-border"),
    "sensitive": ("要配慮個人情報", "要配慮", "sensitive", "specialcare"),
    "retained": ("保有個人データ", "retainedpersonaldata", "retained"),
    "risk": ("リスク評価", "リスク", "riskassessment", "risk"),
    "last_reviewed": ("最終確認日", "確認日", "見直し日", "最終更新日", "lastreviewed", "reviewed"),
    "department": ("部門名", "部門", "部署名", "部署", "所管部署", "管理部署", "department"),
    "owner": ("管理責任者", "責任者", "管理者", "owner", "personincharge"),
    "key": ("キー", "key"),  # daicho's ledger: the record key beside 管理番号 (a running number)
}

#: Contractor-list fields (委託先一覧: one row per contractor) and their header synonyms.
CONTRACTOR_FIELDS: dict[str, tuple[str, ...]] = {
    "key": ("キー", "key"),
    "name": ("委託先", "委託先名", "委託先名称", "事業者名", "会社名", "名称", "contractor", "name", "processor",
             "sub-processor", "subprocessor"),
    "kind": ("区分", "種別", "kind"),
    "country": ("国", "国名", "所在国", "country"),
    "parent": ("委託元", "親委託先", "parentcontractor", "parent", "engagedby"),
    "contract_date": ("契約日", "契約締結日", "contractdate"),
    "clauses": ("安全管理条項", "安全管理に関する条項", "protectionclauses"),
    "subcontracting": ("再委託", "再委託の可否", "再委託の有無", "sub-contracting", "subcontracting"),
    "subcontractors": ("再委託先", "sub-contractors", "subcontractors"),
    "review_date": ("最終評価日", "評価日", "lastreview", "reviewdate"),
    "review_result": ("評価結果", "reviewresult"),
    "items": ("取り扱う項目", "委託する個人情報", "委託する項目", "個人情報の項目", "itemshandled"),
    "task": ("委託業務", "委託内容", "委託業務内容", "task", "service"),
    "address": ("所在地", "住所", "address"),
    "hosting": ("保管場所", "データの保管場所", "hosting", "datakeptin"),
}

#: A sheet is a ledger when its header names the item and at least two of these.
LEDGER_CORE = ("purposes", "storage", "subjects", "retention", "contractors", "acquisition", "disposal", "persons",
               "provision", "sensitive")
#: A sheet is a contractor list when its header names the contractor and at least two of these.
CONTRACTOR_CORE = ("kind", "country", "parent", "contract_date", "clauses", "subcontracting", "subcontractors",
                   "review_date", "review_result", "task", "key")
#: rows searched for the header
HEADER_ROWS = 30
#: longer cells are data, not headers
MAX_HEADER = 40


def normalise(text: str) -> str:
    """A header as matched: NFKC, lower case, without spaces and line breaks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def match(header: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The field a header names: its exact synonym, else the field with the longest synonym it contains."""
    text = normalise(header)
    if not text:
        return None
    best: tuple[int, str] | None = None
    for name, synonyms in table.items():
        for synonym in synonyms:
            if text == synonym:
                return name
            whole_only = (synonym.isascii() and len(synonym) < 4) or len(synonym) == 1
            if not whole_only and synonym in text and (best is None or len(synonym) > best[0]):
                best = (len(synonym), name)
    return best[1] if best else None


@dataclass
class Column:
    """One column of a found header: its position, letter, header text and the field it maps to."""

    index: int
    letter: str
    header: str
    field: str | None = None
    duplicate_of: str | None = None  # the field an earlier column already took


@dataclass
class Header:
    """A sheet's header: the table it heads (ledger or contractors), its row, where data starts, its columns."""

    kind: str
    row: int
    data_start: int
    columns: list[Column] = field(default_factory=list)

    def fields(self) -> dict[str, int]:
        """Field → column index."""
        return {c.field: c.index for c in self.columns if c.field}


def letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _score(labels: list[str], kind: str) -> int:
    table, key, core = ((LEDGER_FIELDS, "item", LEDGER_CORE) if kind == "ledger"
                        else (CONTRACTOR_FIELDS, "name", CONTRACTOR_CORE))
    found = {match(label, table) for label in labels if label and len(label) <= MAX_HEADER}
    if kind == "ledger" and "fields" in found:
        found.add("item")
    if key not in found:
        return 0
    others = len(found & set(core))
    return len(found) if others >= 2 else 0


def find_header(rows: list[list[str]], spans: set[tuple[int, int]]) -> Header | None:
    """The header of a sheet: the row (of the first HEADER_ROWS) naming most fields of a ledger or of a
    contractor list (a ledger wins a tie). `spans` holds (row, column) of cells inside a horizontal merge,
    0-based: a merged group header (``委託`` over ``有無`` | ``委託先``) gives its sub-headers a prefix to match by."""
    best: tuple[int, int, str] | None = None
    for kind in ("ledger", "contractors"):
        for n, row in enumerate(rows[:HEADER_ROWS]):
            score = _score(row, kind)
            if score and (best is None or score > best[0]):
                best = (score, n, kind)
    if best is None:
        return None
    _, n, kind = best
    labels = list(rows[n])
    groups = [""] * len(labels)
    data_start = n + 1
    below = rows[n + 1] if n + 1 < len(rows) else []
    table = LEDGER_FIELDS if kind == "ledger" else CONTRACTOR_FIELDS
    if any(v and (n, c) in spans and match(v, table) for c, v in enumerate(below)):
        groups = [labels[c] if (n, c) in spans else "" for c in range(len(labels))]  # two-tier header
        labels = [below[c] if (n, c) in spans and c < len(below) and below[c] else labels[c]
                  for c in range(len(labels))]
        data_start = n + 2
    elif n > 0:
        groups = [rows[n - 1][c] if (n - 1, c) in spans and c < len(rows[n - 1]) else "" for c in range(len(labels))]
    return Header(kind, n + 1, data_start + 1, _columns(labels, groups, kind))


def _columns(labels: list[str], groups: list[str], kind: str) -> list[Column]:
    table = LEDGER_FIELDS if kind == "ledger" else CONTRACTOR_FIELDS
    columns = [Column(c, letter(c), _label(groups[c], labels[c])) for c in range(len(labels))]
    own = {c: match(labels[c], table) for c in range(len(labels))}
    fallback = {c: match(groups[c] + labels[c], table) if groups[c] and not own[c] else None
                for c in range(len(labels))}
    taken: dict[str, int] = {}
    for candidates in (own, fallback):  # a column's own header first: 委託先 wins over 委託 + 有無
        for c, name in candidates.items():
            if name is None:
                continue
            if name in taken:
                columns[c].duplicate_of = name
            else:
                taken[name] = c
                columns[c].field = name
    return [c for c in columns if c.header or c.field]


def _label(group: str, label: str) -> str:
    label = (label or "").strip()
    group = (group or "").strip()
    return f"{group} {label}".strip() if group and group != label else label
