"""What the audit pack's page is built from (`ReportData`), and the limits that keep a big pack openable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from daicho.catalog.review.ledger import Index
    from daicho.catalog.review.ledger_writers import LedgerBook
    from daicho.catalog.review.reach import ReviewFacts
    from daicho.inventory.model import Inventory

#: Per-item diagrams in one pack; more would make the page slow to open (draw others with `daicho diagram`).
MAX_ITEM_DIAGRAMS = 80
#: An SVG larger than this (bytes) is linked, not inlined: the page stays quick to open.
MAX_INLINE_SVG = 2_000_000
#: Findings shown per rule; all of them are in checks.sarif.
MAX_FINDINGS_PER_RULE = 25
#: Rows of the ledger, the cross-border and the contractor tables shown on the page (a browser opens a page
#: of a few thousand table rows in about a second; all rows are in ledger.xlsx and ledger.csv).
MAX_TABLE_ROWS = 500
#: Characters of one table cell shown on the page (the files hold the whole text).
MAX_CELL_CHARS = 2_000
#: Bytes of SVG inlined in the page in all; past them a diagram is linked (its file is beside index.html).
MAX_INLINE_TOTAL = 3_000_000
#: Systems with a breach quick sheet on the page (`daicho breach SYSTEM` makes any other; one takes ~2 s on
#: the large inventory, where every system holds the popular items).
MAX_BREACH_SYSTEMS = 10


@dataclass
class Diagram:
    """One rendered diagram: where its SVG file is, and the SVG made safe to inline."""

    key: str
    title: str
    file: str
    svg: str  # empty when the file is too large to inline


@dataclass
class ReportData:
    """Everything the page is built from; a None part was not available (see `missing`)."""

    lang: str
    as_of: dt.date
    created: dt.datetime
    inventory: Inventory
    index: Index
    book: LedgerBook
    facts: ReviewFacts
    findings: list | None = None
    rules: dict[str, Any] = field(default_factory=dict)
    diagram_map: Diagram | None = None
    item_diagrams: list[Diagram] = field(default_factory=list)
    breach: list[dict[str, Any]] | None = None
    diagrams_left_out: int = 0  # items with flows but no diagram in the pack (over MAX_ITEM_DIAGRAMS)
    diagrams_too_big: int = 0  # items whose reach is over the diagram limit (not drawn in the pack)
    totals: dict[str, int] = field(default_factory=dict)  # table → all its rows (the page shows MAX_TABLE_ROWS)
    breach_left_out: int = 0  # systems without a quick sheet (over MAX_BREACH_SYSTEMS)
    finding_counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (severity, rule) → all findings

    def counts(self) -> dict[tuple[str, str], int]:
        """(severity, rule) → how many findings (all of them: `findings` keeps MAX_FINDINGS_PER_RULE of each)."""
        if self.finding_counts:
            return self.finding_counts
        out: dict[tuple[str, str], int] = {}
        for f in self.findings or ():
            out[(f.severity, f.rule)] = out.get((f.severity, f.rule), 0) + 1
        return out
    missing: dict[str, str] = field(default_factory=dict)  # part → why it is missing
    files: list[str] = field(default_factory=list)  # relative paths of the files beside index.html
    manifest_root: Path | None = None  # the manifests' folder: where-paths are shown relative to it or the cwd
    history: dict[str, Any] | None = None  # the review log and changes since the last review (report_history)
