"""The audit pack (`daicho report -o DIR`): one self-contained index.html and the files beside it.

`write_report` gathers what the page shows — the ledger, the check findings, the diagrams, the
breach quick sheets — writes ledger.xlsx, ledger.csv, checks.sarif and diagrams/*.svg, then
builds the page from small section functions (`report_sections`). Who receives what and where comes
from the resolved model (`catalog.review.reach`), as in `daicho where` and `daicho abroad`. The checks, diagrams and
breach parts come from other packages; when one is not available the pack is still written and
its section says what is missing (`Pack.notes` lists it too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from daicho.catalog.review import report_data
from daicho.catalog.review.ledger import Index
from daicho.catalog.review.ledger_halves import cpu_mark
from daicho.catalog.review.ledger_labels import check_lang
from daicho.catalog.review.ledger_writers import LedgerBook, xlsx_bytes
from daicho.catalog.review.reach import ReviewFacts
from daicho.catalog.review.report_checks import run_checks
from daicho.catalog.review.report_data import Diagram, ReportData
from daicho.catalog.words import N_, phrase
from daicho.inventory.errors import DaichoError, make_folder

#: The file that marks a folder as an audit pack daicho wrote: `daicho report -o` may write into it again,
#: and refuses (without --force) a non-empty folder that lacks it.
REPORT_MARKER = ".daicho-report"
#: The parts of the pack that can be missing, as a note names them.
_PARTS = {"checks": N_("checks"), "diagrams": N_("diagrams"), "breach": N_("breach")}
#: The steps `write_report` reports to its `progress` callback, in order: code → English message id (said by the CLI).
STEPS = {"checks": N_("running the checks"), "ledger": N_("writing the ledger"),
         "cross_border": N_("contractors and cross-border"), "diagrams": N_("drawing the diagrams"),
         "breach": N_("breach quick sheets"), "page": N_("writing the page")}
#: `progress(step code, done, total)`; total 0 when not counted
Progress = Callable[[str, int, int], None]
_MARKER_TEXT = "This folder holds an audit pack written by daicho report; daicho report -o may write into it again.\n"


@dataclass
class Pack:
    """What `write_report` wrote: the files (index.html first) and notes on missing parts."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # phrases: English, said in any language (`say`)


def write_report(url: str, out: Path, lang: str = "ja", as_of: dt.date | None = None,
                 progress: Progress | None = None) -> Pack:
    """Write the audit pack for the inventory at `url` into the folder `out` (created if needed). `progress` is
    called with a step code of `STEPS` (in that order), how far and of how many (0: not counted)."""
    from daicho.inventory.bulk import gc_paused

    check_lang(lang)
    with gc_paused():  # millions of long-lived objects (findings' context, facts, rows) and no cycles among them
        return _write_report(url, out, lang, as_of, progress or _silent)


def _write_report(url: str, out: Path, lang: str, as_of: dt.date | None, progress: Progress) -> Pack:
    from daicho.catalog.review.report_sections import render_page

    make_folder(out)
    (out / REPORT_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")  # `report -o` may write here again
    today = as_of or dt.date.today()
    pack = Pack(out)
    progress("checks", 0, 0)
    checked = run_checks(url, today, out, progress)  # in a process of its own: its memory is gone before the ledger's
    # facts are read, and the ledger can fork its second half (`ledger_halves.split_at`)
    progress("ledger", 0, 0)  # reading what the ledger says first
    since = cpu_mark()  # was a core free while the ledger's facts were read? (`ledger_halves.split_at`)
    # the ledger's read: no whole-inventory load, and each item's reach read with the ledger's rows that need it (by
    # the process that makes them: a small process forks its second half), the others' after them
    facts = ReviewFacts.load(url, light=True, reaches=False)
    index = Index(facts.inventory, facts)
    book, totals = _write_ledger(facts, index, lang, today, pack, progress, since)
    data = ReportData(lang=lang, as_of=today, created=dt.datetime.now().replace(microsecond=0),
                      inventory=facts.inventory, index=index, book=book, facts=facts, totals=totals)
    if "missing" in checked:
        data.missing["checks"] = checked["missing"]
    else:
        pack.files.append(checked.pop("file"))
        for name, value in checked.items():
            setattr(data, name, value)
    progress("diagrams", 0, 0)
    _gather_diagrams(url, data, pack, progress)
    progress("breach", 0, 0)
    _gather_breach(url, data, progress)
    from daicho.catalog.review.report_history import gather

    progress("page", 0, 0)
    data.history = gather(url)
    data.files = [p.relative_to(out).as_posix() for p in pack.files]
    index_html = out / "index.html"
    index_html.write_text(render_page(data), encoding="utf-8")
    pack.files.insert(0, index_html)
    pack.notes += [phrase("{part}: {why}", part=phrase(_PARTS.get(part, part)), why=why)
                   for part, why in data.missing.items()]
    return pack


def _silent(step: str, done: int, total: int) -> None:
    """No progress shown."""


def _write_ledger(facts: ReviewFacts, index: Index, lang: str, created: dt.date, pack: Pack, progress: Progress,
                  since: tuple[int, int] | None = None) -> tuple[LedgerBook, dict[str, int]]:
    """Write ledger.xlsx and ledger.csv in one pass over the rows as they are made (`ledger_stream`); return
    the book the page shows — at most MAX_TABLE_ROWS rows of each table — and each table's full count."""
    from daicho.catalog.review.ledger import count_rows, iter_ledger_rows, row_items
    from daicho.catalog.review.ledger_halves import fill
    from daicho.catalog.review.ledger_sheets import contractor_rows, cross_border_rows
    from daicho.catalog.review.ledger_stream import STREAM_ROWS, CsvSink, write_xlsx_streamed

    org = facts.inventory.organization
    book = LedgerBook(lang=lang, organization=org.name.get(lang) if org else "", rows=[], created=created)
    total = count_rows(facts)
    progress("ledger", 0, total)
    sheets: dict[str, tuple[list, list]] = {}  # the side sheets in no language ("rows"), and said ("said")

    def side_sheets() -> tuple[list, list]:
        if "rows" not in sheets:
            progress("cross_border", 0, 0)
            unread = {item.key for item in facts.inventory.items} - facts.reaches.keys()
            if unread:  # the reaches of the second process's rows, and of items in no row: the page needs all
                facts.read_reaches(unread)
            sheets["rows"] = (contractor_rows(facts, None, index), cross_border_rows(facts, None, index))
        return sheets["rows"]

    def said_sheets() -> None:  # while the second process makes its rows: the side sheets, said for the xlsx
        contractors, cross_border = side_sheets()
        sheets["said"] = ([r.said(lang) for r in contractors], [r.said(lang) for r in cross_border])

    limit = report_data.MAX_TABLE_ROWS
    kept: list = []
    xlsx, csv = pack.folder / "ledger.xlsx", pack.folder / "ledger.csv"
    keep = total if total <= STREAM_ROWS else limit  # rows the book keeps (the first: never the second process's)

    def said(start: int, stop: int):
        facts.read_reaches(row_items(index, start, stop))  # each process the reaches of its own rows
        for n, row in enumerate(iter_ledger_rows(facts, None, index, start, stop), start=start):
            if n < keep:
                kept.append(row)
            yield _Said(row.is_sensitive, row.values(lang))  # its cells made once, for both files

    def told(done: int) -> None:
        progress("ledger", done, total)

    with csv.open("wb") as csv_out, CsvSink(book, csv_out) as sink:
        if total > STREAM_ROWS:  # the rows from `ledger_halves.split_at` on by a second process, for both files
            with xlsx.open("wb") as xlsx_out:
                write_xlsx_streamed(book, lambda body: fill([sink, body], said, total, told, since=since,
                                                            meanwhile=said_sheets, first=keep),
                                    lambda: sheets["said"], xlsx_out)
        else:
            fill([sink], said, total, told, cut=0)
            book.rows = kept
            book.contractors, book.cross_border = side_sheets()
            xlsx.write_bytes(xlsx_bytes(book))
    pack.files += [xlsx, csv]
    book.contractors, book.cross_border = side_sheets()
    totals = {"ledger": total, "contractors": len(book.contractors), "cross_border": len(book.cross_border)}
    book.rows = kept[:limit]
    book.contractors, book.cross_border = book.contractors[:limit], book.cross_border[:limit]
    return book, totals


class _Said:
    """A ledger row's cells said in the pack's language, as the csv and the streamed xlsx writers read a row
    (`values(lang)`, `is_sensitive`): made once for both."""

    __slots__ = ("is_sensitive", "_values")

    def __init__(self, is_sensitive: bool, values: list[Any]) -> None:
        self.is_sensitive, self._values = is_sensitive, values

    def values(self, lang: str) -> list[Any]:
        """The cells (said in the pack's language when made)."""
        return self._values


def _write(pack: Pack, path: Path, data: bytes) -> None:
    make_folder(path.parent)
    path.write_bytes(data)
    pack.files.append(path)


def diagram_items(data: ReportData) -> list[str]:
    """Items worth a lineage diagram: those whose trail travels on at least one flow (at most
    MAX_ITEM_DIAGRAMS, in manifest order; `diagrams_left_out` counts the others)."""
    from daicho.catalog.diagram.aggregate import AGGREGATE_OVER

    reaches = data.facts.reaches
    keys = [item.key for item in data.inventory.items if reaches[item.key].flows]
    drawable = [key for key in keys if len(reaches[key].hops) <= AGGREGATE_OVER]  # the others need minutes
    data.diagrams_too_big = len(keys) - len(drawable)
    data.diagrams_left_out = max(0, len(drawable) - report_data.MAX_ITEM_DIAGRAMS)
    return drawable[:report_data.MAX_ITEM_DIAGRAMS]


def _gather_diagrams(url: str, data: ReportData, pack: Pack, progress: Progress) -> None:
    try:
        from daicho.catalog.diagram.render import render_image
        from daicho.catalog.diagram.source import diagram_scene
    except ImportError as exc:
        data.missing["diagrams"] = phrase("the diagram renderer is not available ({error})", error=str(exc))
        return
    from daicho.catalog.review.report_html import inline_svg
    from daicho.catalog.review.report_words import label
    from daicho.inventory.db import ReadDB

    folder = pack.folder / "diagrams"
    jobs: list[tuple[str, str, Any]] = []
    with ReadDB(url) as db:
        keys = diagram_items(data)
        progress("diagrams", 0, 1 + len(keys))
        jobs.append(("", "map", diagram_scene(db, lang=data.lang)))
        jobs += [(key, f"item-{key}", diagram_scene(db, item=key, lang=data.lang)) for key in keys]

    def render(job: tuple[str, str, Any]) -> tuple[str, Path, Any]:
        key, stem, scene = job
        return key, render_image(scene, "svg", folder / f"{stem}.svg"), scene

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            rendered = []
            for done in pool.map(render, jobs):  # in order: counted as each is drawn
                rendered.append(done)
                progress("diagrams", len(rendered), len(jobs))
    except DaichoError as exc:  # Graphviz missing or failing
        data.missing["diagrams"] = exc.args[0] if exc.args else str(exc)  # a phrase: said in the page's language
        return
    inlined = 0
    for key, path, scene in rendered:
        path.chmod(0o644)  # rendered through a private temporary file: make it readable like the others
        pack.files.append(path)
        title = getattr(scene, "title", None) or (data.index.name(key, data.lang) if key else label("map", data.lang))
        size = path.stat().st_size
        big = size > report_data.MAX_INLINE_SVG or inlined + size > report_data.MAX_INLINE_TOTAL
        inlined += 0 if big else size
        diagram = Diagram(key, title, path.relative_to(pack.folder).as_posix(),
                          "" if big else inline_svg(path.read_text(encoding="utf-8"), title))
        if key:
            data.item_diagrams.append(diagram)
        else:
            data.diagram_map = diagram


def _gather_breach(url: str, data: ReportData, progress: Progress) -> None:
    try:
        from daicho.catalog.breach.arrivals import Arriving
        from daicho.catalog.breach.triage import breach
    except ImportError as exc:
        data.missing["breach"] = phrase("the breach assessment is not available ({error})", error=str(exc))
        return
    from daicho.inventory.db import ReadDB

    with ReadDB(url) as db:
        systems = data.inventory.systems
        shown = systems[:report_data.MAX_BREACH_SYSTEMS]
        data.breach = []
        arriving = Arriving(db)  # each item's walk made once for all the sheets (they show no data subjects)
        for system in shown:
            data.breach.append(breach(db, system.key, arriving=arriving).to_data())
            progress("breach", len(data.breach), len(shown))
        data.breach_left_out = max(0, len(systems) - report_data.MAX_BREACH_SYSTEMS)
