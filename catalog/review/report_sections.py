"""The sections of the audit pack's page: each a small function from `ReportData` to escaped HTML.

A section whose part is missing (checks, diagrams, breach) says so in the page instead of failing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from daicho.catalog.review.ledger_labels import COLUMNS, CONTRACTOR_COLUMNS, CROSS_BORDER_COLUMNS, country_name, headers
from daicho.catalog.review.ledger_writers import table_values
from daicho.catalog.review.report_html import esc, esc_lines, page, table

if TYPE_CHECKING:
    from daicho.catalog.review.report import ReportData

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("個人情報 監査資料", "Personal data audit pack"),
    "created": ("作成日時", "Generated"),
    "as_of": ("判定基準日", "As of"),
    "summary": ("概要", "Summary"),
    "ledger": ("個人情報管理台帳", "Ledger"),
    "lineage": ("データの流れ", "Lineage"),
    "checks": ("チェック結果", "Check results"),
    "cross_border": ("外国への移転", "Cross-border flows"),
    "contractors": ("委託先の監督", "Contractor supervision"),
    "breach": ("漏えい等発生時の早見表", "Breach quick sheets"),
    "files": ("同梱ファイル", "Files in this pack"),
    "filter": ("絞り込み", "Filter"),
    "filter_hint": ("語を入力（空白区切りで AND）", "type words (all must match)"),
    "rows_shown": ("行を表示", "rows shown"),
    "items": ("個人情報の項目", "items"),
    "sensitive": ("要配慮個人情報", "sensitive items"),
    "financial": ("財産的被害のおそれ", "financial-damage items"),
    "systems": ("システム", "systems"),
    "systems_abroad": ("外国にあるシステム", "systems abroad"),
    "recipients": ("提供先・委託先", "recipients"),
    "contractor_count": ("委託先・再委託先", "contractors"),
    "third_parties": ("第三者", "third parties"),
    "flows": ("フロー", "flows"),
    "cross_border_count": ("外国への移転", "cross-border flows"),
    "countries": ("関係する外国", "foreign countries"),
    "unknown_country": ("所在不明の提供先・システムあり", "recipients or systems of unknown location"),
    "error": ("エラー", "errors"),
    "warning": ("警告", "warnings"),
    "info": ("情報", "notes"),
    "no_findings": ("指摘事項はありません。", "No findings."),
    "map": ("全体図", "Overall map"),
    "per_item": ("項目ごとの流れ", "Per item"),
    "svg_file": ("SVGファイル", "SVG file"),
    "too_large": ("図が大きいため埋め込んでいません。下のSVGファイルを開いてください。",
                  "This diagram is too large to show here; open the SVG file below."),
    "more_findings": ("{rule} はほかに{n}件あります（すべて checks.sarif にあります）。",
                      "{n} more findings of {rule} (all of them are in checks.sarif)."),
    "left_out": ("ほか{n}項目の図は省略しました（daicho diagram --item KEY で作成できます）。",
                 "Diagrams of {n} more items are left out; draw one with daicho diagram --item KEY."),
    "none": ("該当なし", "None"),
    "missing": ("この部分は作成できませんでした", "This part could not be produced"),
    "rule": ("ルール", "Rule"),
    "record": ("対象", "Record"),
    "where": ("定義箇所", "Declared at"),
    "message": ("内容", "Finding"),
    "fix": ("対応", "Fix"),
    "citations": ("根拠", "Citations"),
    "exposed": ("漏えいした場合に含まれる項目", "Items a leak would expose"),
    "persons": ("本人の数（推定）", "Persons (estimate)"),
    "criteria": ("施行規則第7条の報告対象事由", "Enforcement Rules Art. 7 criteria"),
    "downstream": ("さらに提供・委託している先", "Where the data goes on"),
    "yes": ("該当", "applies"),
    "no": ("非該当", "does not apply"),
}


def t(key: str, lang: str) -> str:
    """A label of the page in `lang`."""
    ja, en = _TEXT[key]
    return ja if lang == "ja" else en


@dataclass
class Section:
    id: str
    title: str
    body: str


def _missing(data: ReportData, part: str) -> str:
    return (f'<p class="missing"><strong>{esc(t("missing", data.lang))}</strong>: '
            f"{esc(data.missing.get(part, ''))}</p>")


def summary_section(data: ReportData) -> Section:
    """Counts at a glance: records, flags, borders (as `daicho abroad` reads them), findings."""
    inv, facts, lang = data.inventory, data.facts, data.lang
    kinds = Counter(r.kind for r in inv.recipients)
    systems = [n for n in facts.nodes.values() if n["kind"] == "system"]
    abroad = [n for n in systems if any(h not in ("unknown", "per_customer") for h in n["foreign_hosting"])]
    summary = facts.abroad["summary"]
    unknown = summary["unknown_country"] + sum(n["location_class"] == "unknown" for n in systems)
    cards = [("items", len(inv.items), ""), ("sensitive", sum(i.sensitive for i in inv.items), ""),
             ("financial", sum(i.financial for i in inv.items), ""), ("systems", len(inv.systems), ""),
             ("systems_abroad", len(abroad), ""), ("recipients", len(inv.recipients), ""),
             ("contractor_count", kinds["contractor"] + kinds["subcontractor"], ""),
             ("third_parties", kinds["third_party"] + kinds["group_company"], ""), ("flows", len(inv.flows), ""),
             ("cross_border_count", summary["flows"], ""), ("countries", len(summary["countries"]), "")]
    if data.findings is not None:
        found = Counter(f.severity for f in data.findings)
        cards += [(s, found.get(s, 0), s) for s in ("error", "warning", "info")]
    body = '<div class="cards">' + "".join(
        f'<div class="card {cls}"><div class="n">{n}</div><div class="l">{esc(t(label, lang))}</div></div>'
        for label, n, cls in cards) + "</div>"
    names = [country_name(c, lang) for c in summary["countries"]] + [t("unknown_country", lang)] * bool(unknown)
    if names:
        body += f'<p class="note">{esc(", ".join(names))}</p>'
    return Section("summary", t("summary", lang), body)


def _filter(data: ReportData, table_id: str, total: int) -> str:
    lang = data.lang
    return (f'<div class="filter"><label for="{table_id}-filter">{esc(t("filter", lang))}</label>'
            f'<input id="{table_id}-filter" type="search" data-filter="{table_id}" disabled '
            f'placeholder="{esc(t("filter_hint", lang))}" autocomplete="off">'
            f'<span class="note"><span id="{table_id}-count">{total}</span> / {total} {esc(t("rows_shown", lang))}'
            "</span></div>")


def ledger_section(data: ReportData) -> Section:
    """The ledger as a table with a filter box; sensitive rows marked."""
    rows = data.book.rows
    classes = ["sensitive" if r.is_sensitive else "" for r in rows]
    body = _filter(data, "ledger", len(rows)) + '<div class="scroll tall">' + table(
        headers(COLUMNS, data.lang), table_values(data.book), table_id="ledger", row_classes=classes,
        numeric=(4,), widths=[w for *_, w in COLUMNS]) + "</div>"
    return Section("ledger", t("ledger", data.lang), body)


def lineage_section(data: ReportData) -> Section:
    """The overall map and a diagram per item (folded), inline SVG with links to the SVG files."""
    lang = data.lang
    if data.diagram_map is None:
        return Section("lineage", t("lineage", lang), _missing(data, "diagrams"))
    parts = [f"<h3>{esc(t('map', lang))}</h3>", _diagram(data.diagram_map, lang),
             f"<h3>{esc(t('per_item', lang))}</h3>"]
    for diagram in data.item_diagrams:
        parts.append(f"<details><summary>{esc(data.index.name(diagram.key, lang))} "
                     f'<span class="note">({esc(diagram.key)})</span></summary>{_diagram(diagram, lang)}</details>')
    if not data.item_diagrams:
        parts.append(f"<p>{esc(t('none', lang))}</p>")
    if data.diagrams_left_out:
        parts.append(f'<p class="note">{esc(t("left_out", lang).format(n=data.diagrams_left_out))}</p>')
    return Section("lineage", t("lineage", lang), "".join(parts))


def _diagram(diagram, lang: str) -> str:
    shown = f'<div class="diagram">{diagram.svg}</div>' if diagram.svg else \
        f'<p class="missing">{esc(t("too_large", lang))}</p>'
    return (f'{shown}<p class="note"><a href="{esc(diagram.file)}">'
            f"{esc(t('svg_file', lang))}: {esc(diagram.file)}</a></p>")


def checks_section(data: ReportData) -> Section:
    """Findings grouped by severity, each with its record, where it was declared, the fix and the citations;
    at most MAX_FINDINGS_PER_RULE of a rule (checks.sarif has them all)."""
    from daicho.catalog.review.report import MAX_FINDINGS_PER_RULE

    lang = data.lang
    if data.findings is None:
        return Section("checks", t("checks", lang), _missing(data, "checks"))
    if not data.findings:
        return Section("checks", t("checks", lang), f"<p>{esc(t('no_findings', lang))}</p>")
    parts = []
    for severity in ("error", "warning", "info"):
        found = [f for f in data.findings if f.severity == severity]
        if not found:
            continue
        parts.append(f'<details{" open" if severity == "error" else ""}><summary>'
                     f'<span class="badge {severity}">{len(found)}</span> '
                     f"{esc(t(severity, lang))}</summary>")
        shown: Counter[str] = Counter()
        for f in found:
            shown[f.rule] += 1
            if shown[f.rule] > MAX_FINDINGS_PER_RULE:
                continue
            parts.append(
                f'<div class="finding {severity}"><div><span class="id">{esc(f.rule)}</span> {esc(f.title)} — '
                f"<strong>{esc(f.kind)} {esc(f.key)}</strong></div><div>{esc(f.message)}</div>"
                f"<div><em>{esc(t('fix', lang))}:</em> {esc(f.fix)}</div>"
                f'<div class="where">{esc(t("where", lang))}: {esc(f.where() or "—")}</div>'
                f'<div class="cites">{esc(t("citations", lang))}: {esc("; ".join(f.citations))}</div></div>')
        parts += [f'<p class="note">{esc(t("more_findings", lang).format(n=n - MAX_FINDINGS_PER_RULE, rule=rule))}'
                  "</p>" for rule, n in shown.items() if n > MAX_FINDINGS_PER_RULE]
        parts.append("</details>")
    return Section("checks", t("checks", lang), "".join(parts))


def _records(rows: list, columns: tuple) -> list[list]:
    return [[getattr(row, column) for column, *_ in columns] for row in rows]


def _sheet_section(anchor: str, title: str, rows: list, columns: tuple, lang: str) -> Section:
    """A ledger side sheet as a section: its rows under the sheet's columns, or 'none'."""
    body = table(headers(columns, lang), _records(rows, columns), widths=[w for *_, w in columns]) if rows else \
        f"<p>{esc(t('none', lang))}</p>"
    return Section(anchor, t(title, lang), body)


def cross_border_section(data: ReportData) -> Section:
    """Every flow `daicho abroad` lists, with its status: from, to, registered country, where data is kept,
    items, basis, foreign-transfer basis."""
    return _sheet_section("cross-border", "cross_border", data.book.cross_border, CROSS_BORDER_COLUMNS, data.lang)


def contractors_section(data: ReportData) -> Section:
    """Contractors and sub-contractors as the ledger's contractor sheet: chains, parents, registered
    country, hosting, contract, protection clauses, sub-contracting, last review, items handled."""
    return _sheet_section("contractors", "contractors", data.book.contractors, CONTRACTOR_COLUMNS, data.lang)


def breach_section(data: ReportData) -> Section:
    """Per system: what a leak there would expose and which Enforcement Rules Art. 7 criteria it meets."""
    lang = data.lang
    if data.breach is None:
        return Section("breach", t("breach", lang), _missing(data, "breach"))
    from daicho.catalog.review.report_breach import breach_sheets

    return Section("breach", t("breach", lang), breach_sheets(data))


def files_section(data: ReportData) -> Section:
    """Links to the files beside index.html (relative: the pack works from any folder)."""
    items = "".join(f'<li><a href="{esc(path)}">{esc(path)}</a></li>' for path in data.files)
    return Section("files", t("files", data.lang), f'<ul class="files">{items}</ul>')


#: The page's sections in order; each is a function of the report data.
SECTIONS: list[Callable[[ReportData], Section]] = [
    summary_section, ledger_section, lineage_section, checks_section, cross_border_section,
    contractors_section, breach_section, files_section,
]


def render_page(data: ReportData) -> str:
    """The whole page: header, table of contents, sections, footer."""
    lang = data.lang
    sections = [build(data) for build in SECTIONS]
    org = data.book.organization
    title = f"{t('title', lang)} — {org}" if org else t("title", lang)
    head = (f'<header class="top"><h1>{esc(title)}</h1><p>{esc(t("created", lang))}: '
            f"{esc(data.created.isoformat(sep=' '))} · {esc(t('as_of', lang))}: {esc(data.as_of.isoformat())}</p>"
            "</header>")
    nav = '<nav class="toc">' + "".join(f'<a href="#{s.id}">{esc(s.title)}</a>' for s in sections) + "</nav>"
    main = "<main>" + "".join(f'<section id="{s.id}"><h2>{esc(s.title)}</h2>{s.body}</section>'
                              for s in sections) + "</main>"
    foot = f"<footer>daicho · {esc_lines(t('title', lang))}</footer>"
    return page(title, lang, head + nav + main + foot)
