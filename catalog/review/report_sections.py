"""The sections of the audit pack's page: each a small function from `ReportData` to escaped HTML.

A section whose part is missing (checks, diagrams, breach) says so in the page instead of failing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from daicho.catalog.review.ledger_labels import COLUMNS, CONTRACTOR_COLUMNS, CROSS_BORDER_COLUMNS, country_name, headers
from daicho.catalog.review.ledger_writers import records, table_values
from daicho.catalog.review.report_html import esc, esc_lines, page, table
from daicho.catalog.review.report_words import day, intro, label
from daicho.catalog.words import joined, say, t

if TYPE_CHECKING:
    from daicho.catalog.review.report_data import ReportData



@dataclass
class Section:
    id: str
    title: str
    body: str


def _missing(data: ReportData, part: str) -> str:
    return (f'<p class="missing"><strong>{esc(label("missing", data.lang))}</strong>: '
            f"{esc(say(data.missing.get(part, ''), data.lang))}</p>")


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
             ("third_parties", kinds["third_party"] + kinds["group_company"], ""),
             ("flows", facts.flow_count or len(inv.flows), ""),
             ("cross_border_count", summary["flows"], ""), ("countries", len(summary["countries"]), "")]
    if data.findings is not None:
        found: Counter[str] = Counter()
        for (severity, _), n in data.counts().items():
            found[severity] += n
        cards += [(s, found.get(s, 0), s) for s in ("error", "warning", "info")]
    body = '<div class="cards">' + "".join(
        f'<div class="card {cls}"><div class="n">{n}</div><div class="l">{esc(label(name, lang))}</div></div>'
        for name, n, cls in cards) + "</div>"
    names = [country_name(c, lang) for c in summary["countries"]] + [label("unknown_country", lang)] * bool(unknown)
    if names:
        body += f'<p class="note">{esc(say(joined(", ", names), lang))}</p>'
    return Section("summary", label("summary", lang), body)


def _filter(data: ReportData, table_id: str, total: int) -> str:
    lang = data.lang
    return (f'<div class="filter"><label for="{table_id}-filter">{esc(label("filter", lang))}</label>'
            f'<input id="{table_id}-filter" type="search" data-filter="{table_id}" disabled '
            f'placeholder="{esc(label("filter_hint", lang))}" autocomplete="off">'
            f'<span class="note"><span id="{table_id}-count">{total}</span> / {total} {esc(label("rows_shown", lang))}'
            "</span></div>")


def _row_class(row) -> str:
    """A ledger row's classes: sensitive, and the kind of information when it is not plain personal data."""
    return " ".join(c for c in ("sensitive" if row.is_sensitive else "",
                                f"kind-{row.kind}" if row.kind not in ("personal", "sensitive") else "") if c)


def ledger_section(data: ReportData) -> Section:
    """The ledger: on screen one table with a filter box, scrolling in its own box under a sticky header;
    printed, the same rows as two tables of fewer columns (each repeating the number, key and item) so that
    every column fits an A4 landscape page. Sensitive rows and non-personal kinds of information marked."""
    from daicho.catalog.review.ledger_labels import PRINT_PARTS

    rows, lang = data.book.rows, data.lang
    classes = [_row_class(r) for r in rows]
    names = [column for column, *_ in COLUMNS]
    persons = names.index("persons")
    values = [[f"{v:,}" if i == persons and isinstance(v, int) else _short(v) for i, v in enumerate(row)]
              for row in table_values(data.book)]  # numbers of persons with separators, as the breach sheets
    body = _filter(data, "ledger-table", len(rows)) + _left_out(data, "ledger", len(rows)) + \
        '<div class="scroll tall screen-only">' + table(
        headers(COLUMNS, lang), values, table_id="ledger-table", row_classes=classes,
        numeric=(names.index("no"), names.index("persons")), widths=_widths(COLUMNS, values, names.index("id")),
        keys=(names.index("id"),)) + "</div>"
    widest = {c: max((str(v[names.index(c)] or "") for v in values), key=len, default="") for c in ("no", "persons")}
    for n, part in enumerate(PRINT_PARTS, start=1):
        picked = [names.index(c) for c in part]
        columns = [COLUMNS[i] for i in picked]
        heads = headers(tuple(columns), lang)
        body += (f'<div class="print-only ledger-part"><p class="part">{esc(label("ledger", lang))} '
                 f"({n}/{len(PRINT_PARTS)})</p>" + table(
                     heads, [[v[i] for i in picked] for v in values],
                     table_id=f"ledger-print-{n}", row_classes=classes,
                     numeric=tuple(part.index(c) for c in ("no", "persons") if c in part),
                     widths=print_widths([w for *_, w in columns], heads, [widest.get(c, "") for c in part]),
                     fit=True) + "</div>")
    return Section("ledger", label("ledger", lang), body)


def _widths(columns: tuple, values: list[list], key: int) -> list[int]:
    """The columns' widths in characters, the key column's widened to its longest key shown (a key is kept on
    one line on screen and would run into the next column of the fixed-layout table)."""
    widths = [w for *_, w in columns]
    widths[key] = max([widths[key]] + [len(str(v[key])) + 2 for v in values])
    return widths


#: The printed page's width in em of the printed tables' font (A4 landscape less margins, 277 mm, at 7.5 pt).
PRINT_WIDTH_EM = 104.0


def print_widths(widths: list[int], heads: list[str], whole: list[str] | None = None) -> list[float]:
    """Shares of a printed table's columns: each column at least as wide as the first five characters of its
    header (a Japanese header such as 管理番号 or 管理責任者 is not broken inside; longer ones wrap as words do)
    and as the text in `whole` (a number kept on one line: 185,000)."""
    def em(text: str) -> float:
        return sum(1.0 if ord(c) > 0x2E7F else 0.55 for c in text) + 1.0  # padding and border too

    least = [max(em(h[:5]), em(w)) for h, w in zip(heads, whole or [""] * len(heads), strict=True)]
    shares = [float(w) for w in widths]
    for _ in range(4):  # widening some columns narrows the others: settle
        unit = PRINT_WIDTH_EM / sum(shares)  # em per share
        shares = [max(float(w), em / unit) for w, em in zip(widths, least, strict=True)]
    return shares


def _left_out(data: ReportData, sheet: str, shown: int) -> str:
    """A note when the page shows only the first rows of a table (all are in ledger.xlsx and ledger.csv)."""
    total = data.totals.get(sheet, shown)
    if total <= shown:
        return ""
    files = "ledger.xlsx, ledger.csv" if sheet == "ledger" else "ledger.xlsx"
    text = label("rows_left_out", data.lang).format(shown=f"{shown:,}", total=f"{total:,}", files=files)
    return f'<p class="note left-out">{esc(text)}</p>'



def lineage_section(data: ReportData) -> Section:
    """The overall map and a diagram per item (folded), inline SVG with links to the SVG files."""
    lang = data.lang
    if data.diagram_map is None:
        return Section("lineage", label("lineage", lang), _missing(data, "diagrams"))
    parts = [f"<h3>{esc(label('map', lang))}</h3>", _diagram(data.diagram_map, lang),
             f"<h3>{esc(label('per_item', lang))}</h3>"]
    for diagram in data.item_diagrams:
        parts.append(f"<details><summary>{esc(data.index.name(diagram.key, lang))} "
                     f'<span class="note">({esc(diagram.key)})</span></summary>{_diagram(diagram, lang)}</details>')
    if not data.item_diagrams:
        parts.append(f"<p>{esc(label('none', lang))}</p>")
    if data.diagrams_left_out:
        parts.append(f'<p class="note">{esc(label("left_out", lang).format(n=data.diagrams_left_out))}</p>')
    if data.diagrams_too_big:
        from daicho.catalog.diagram.aggregate import AGGREGATE_OVER

        text = label("big_left_out", lang).format(n=f"{data.diagrams_too_big:,}", limit=f"{AGGREGATE_OVER:,}")
        parts.append(f'<p class="note">{esc(text)}</p>')
    return Section("lineage", label("lineage", lang), "".join(parts))


def _diagram(diagram, lang: str) -> str:
    shown = f'<div class="diagram">{diagram.svg}</div>' if diagram.svg else \
        f'<p class="missing">{esc(label("too_large", lang))}</p>'
    return (f'{shown}<p class="note"><a href="{esc(diagram.file)}">'
            f"{esc(label('svg_file', lang))}: {esc(diagram.file)}</a></p>")


def checks_section(data: ReportData) -> Section:
    """Findings grouped by severity, each with its record, where it was declared, the fix and the citations;
    at most MAX_FINDINGS_PER_RULE of a rule (checks.sarif has them all)."""
    from daicho.catalog.review.report_data import MAX_FINDINGS_PER_RULE
    from daicho.catalog.words.checks import render

    lang = data.lang
    if data.findings is None:
        return Section("checks", label("checks", lang), _missing(data, "checks"))
    if not data.findings:
        return Section("checks", label("checks", lang), f"<p>{esc(label('no_findings', lang))}</p>")
    parts = []
    counts = data.counts()
    for severity in ("error", "warning", "info"):
        found = [f for f in data.findings if f.severity == severity]
        if not found:
            continue
        total = sum(n for (s, _), n in counts.items() if s == severity)
        parts.append(f'<details{" open" if severity == "error" else ""}><summary>'
                     f'<span class="badge {severity}">{esc(label("count", lang, n=f"{total:,}"))}</span> '
                     f"{esc(label(severity, lang))}</summary>")
        seen: Counter[str] = Counter()
        for f in found:
            seen[f.rule] += 1
            if seen[f.rule] > MAX_FINDINGS_PER_RULE:
                continue
            parts.append(_finding(render(f, lang), data))
        shown = {rule: max(n, counts.get((severity, rule), 0)) for rule, n in seen.items()}
        parts += [f'<p class="note">{esc(label("more_findings", lang).format(n=n - MAX_FINDINGS_PER_RULE, rule=rule))}'
                  "</p>" for rule, n in shown.items() if n > MAX_FINDINGS_PER_RULE]
        parts.append("</details>")
    return Section("checks", label("checks", lang), "".join(parts))


def _finding(f, data: ReportData) -> str:
    """One finding, already in the page's language (`catalog.words.checks.render`): rule, title, record (its
    kind in words), message, fix, where it was declared, citations."""
    lang = data.lang
    kind = f.kind if lang == "en" else t(lang, f.kind.replace("_", " "))  # English: the code, as before
    return (f'<div class="finding {f.severity}"><div><span class="id">{esc(f.rule)}</span> {esc(f.title)} — '
            f"<strong>{esc(kind)} {esc(f.key)}</strong></div><div>{esc(f.message)}</div>"
            f"<div><em>{esc(label('fix', lang))}:</em> {esc(f.fix)}</div>"
            f'<div class="where">{esc(label("where", lang))}: {esc(_where(f, data) or "—")}</div>'
            f'<div class="cites">{esc(label("citations", lang))}: {esc(say(joined("; ", f.citations), lang))}'
            "</div></div>")


def _where(finding, data: ReportData) -> str:
    """Where a finding's record is declared, relative to the working directory or the manifests' folder."""
    from daicho.catalog.checks.sarif import shown_where

    return shown_where(finding.file, finding.line, data.manifest_root)


def _records(rows: list, columns: tuple, lang: str) -> list[list]:
    """A side sheet's rows as the page shows them: each cell said in `lang` (`ledger_writers.records`), cut."""
    return [[_short(v) for v in row] for row in records(rows, columns, lang)]


def _short(value: object) -> object:
    """A cell as the page shows it: text past MAX_CELL_CHARS cut, saying so (the files hold all of it)."""
    from daicho.catalog.review.report_data import MAX_CELL_CHARS

    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return f"{value[:MAX_CELL_CHARS]}… (+{len(value) - MAX_CELL_CHARS:,})"
    return value


def _sheet_section(anchor: str, title: str, rows: list, columns: tuple, lang: str, note: str = "") -> Section:
    """A ledger side sheet as a section: its rows under the sheet's columns, or 'none'."""
    body = '<div class="scroll">' + table(headers(columns, lang), _records(rows, columns, lang), keys=(0,),
                                           widths=[w for *_, w in columns]) + "</div>" if rows else \
        f"<p>{esc(label('none', lang))}</p>"
    return Section(anchor, label(title, lang), note + body)


#: how each `abroad` status is shown: a finding (no basis, location unknown), a point to watch, or in order
STATUS_LOOK = {"missing": "bad", "mismatch": "bad", "incomplete": "bad", "unknown_country": "bad",
               "referable": "watch", "onward": "watch", "own_system": "watch", "recipient_system": "watch",
               "storage": "watch", "ok": "fine", "exempt": "fine"}


def cross_border_section(data: ReportData) -> Section:
    """Every flow `daicho abroad` lists, with its status as `abroad` words it (no basis, location unknown,
    personally referable only …), the status cell styled by what it means: from, to, registered country,
    where data is kept, items, basis, foreign-transfer basis."""
    rows, lang = data.book.cross_border, data.lang
    if not rows:
        return Section("cross-border", label("cross_border", lang), f"<p>{esc(label('none', lang))}</p>")
    classes = [f"status-{STATUS_LOOK.get(r.status_key, 'watch')}" for r in rows]
    body = _left_out(data, "cross_border", len(rows)) + '<div class="scroll">' + table(
        headers(CROSS_BORDER_COLUMNS, lang), _records(rows, CROSS_BORDER_COLUMNS, lang), row_classes=classes,
        widths=[w for *_, w in CROSS_BORDER_COLUMNS], table_id="cross-border-flows", keys=(0,)) + "</div>"
    return Section("cross-border", label("cross_border", lang), body)


def contractors_section(data: ReportData) -> Section:
    """Contractors and sub-contractors as the ledger's contractor sheet: chains, parents, registered
    country, hosting, contract, protection clauses, sub-contracting, last review, items handled."""
    rows = data.book.contractors
    return _sheet_section("contractors", "contractors", rows, CONTRACTOR_COLUMNS, data.lang,
                          _left_out(data, "contractors", len(rows)))


def breach_section(data: ReportData) -> Section:
    """Per system: what a leak there would expose and which Enforcement Rules Art. 7 criteria it meets."""
    lang = data.lang
    if data.breach is None:
        return Section("breach", label("breach", lang), _missing(data, "breach"))
    from daicho.catalog.review.report_breach import breach_sheets

    text = label("systems_left_out", lang).format(n=f"{data.breach_left_out:,}")
    note = f'<p class="note">{esc(text)}</p>' if data.breach_left_out else ""
    return Section("breach", label("breach", lang), breach_sheets(data) + note)


def files_section(data: ReportData) -> Section:
    """Links to the files beside index.html (relative: the pack works from any folder)."""
    items = "".join(f'<li><a href="{esc(path)}">{esc(path)}</a>{_file_note(path, data)}</li>' for path in data.files)
    return Section("files", label("files", data.lang), f'<ul class="files">{items}</ul>')


def _file_note(path: str, data: ReportData) -> str:
    """What a file of the pack holds, after its link ("" when not known)."""
    lang = data.lang
    known = {"ledger.xlsx": "file_xlsx", "ledger.csv": "file_csv", "checks.sarif": "file_sarif"}
    items = {d.file: d.key for d in data.item_diagrams}
    if path in known:
        said = label(known[path], lang)
    elif data.diagram_map is not None and path == data.diagram_map.file:
        said = label("map", lang)
    elif path in items:
        said = label("file_item", lang, item=data.index.name(items[path], lang))
    else:
        return ""
    return f' <span class="what">— {esc(said)}</span>'


def history_section(data: ReportData) -> Section:
    """The review log and the changes since the last review (catalog/review/report_history.py)."""
    from daicho.catalog.review import report_history

    return Section("history", report_history.w("title", data.lang), report_history.body(data))


#: The page's sections in order; each is a function of the report data.
SECTIONS: list[Callable[[ReportData], Section]] = [
    summary_section, ledger_section, lineage_section, checks_section, cross_border_section,
    contractors_section, breach_section, history_section, files_section,
]


def render_page(data: ReportData) -> str:
    """The whole page: header, table of contents, sections, footer."""
    lang = data.lang
    sections = [build(data) for build in SECTIONS]
    org = data.book.organization
    title = f"{label('title', lang)} — {org}" if org else label("title", lang)
    made = f"{day(data.created.date(), lang)} {data.created.time().isoformat()}"
    head = (f'<header class="top"><h1>{esc(title)}</h1><p>{esc(label("created", lang))}: '
            f"{esc(made)} · {esc(label('as_of', lang))}: {esc(day(data.as_of, lang))}</p>"
            "</header>")
    nav = '<nav class="toc">' + "".join(f'<a href="#{s.id}">{esc(s.title)}</a>' for s in sections) + "</nav>"
    main = "<main>" + "".join(f'<section id="{s.id}"><h2>{esc(s.title)}</h2>{_intro(s.id, lang)}{s.body}</section>'
                              for s in sections) + "</main>"
    foot = f"<footer>daicho · {esc_lines(label('title', lang))}</footer>"
    return page(title, lang, print_header(title, data) + head + nav + main + foot)


def _intro(section: str, lang: str) -> str:
    said = intro(section, lang)
    return f'<p class="intro">{esc(said)}</p>' if said else ""


def css_string(text: str) -> str:
    """Text as a CSS string: every character but letters, digits and spaces written as a CSS escape, so no
    user text can end the string or the style element. Each escape ends with a space, which CSS reads as its end
    (a space that follows in the text is kept: "個人情報 監査資料" stays two words)."""
    return '"' + "".join(c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):06x} " for c in text) + '"'


def print_header(title: str, data: ReportData) -> str:
    """The printed pages' header and footer (CSS page margin boxes): the pack's title, the date it was made,
    page n of N."""
    made = f"{label('created', data.lang)}: {day(data.created.date(), data.lang)}"
    pieces = re.split(r"\{(page|pages)\}", label("page_of", data.lang))
    counter = " ".join(f"counter({piece})" if n % 2 else css_string(piece) for n, piece in enumerate(pieces) if piece)
    return ("<style>@page { @top-left { content: " + css_string(title) + "; } "
            "@top-right { content: " + css_string(made) + "; } "
            "@bottom-center { content: " + counter + "; } }</style>")
