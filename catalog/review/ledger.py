"""The personal-information ledger (個人情報管理台帳) as data: one row per business process and item.

The recorded columns (purposes, retention, risk …) come from the inventory; where an item goes — its
contractors, third parties, joint users, foreign transfers and the systems holding it — comes from the
resolved model through `catalog.review.reach` (the walk of `daicho where` and the flows of `daicho abroad`),
never from a walk of its own. The rows hold no language: codes, keys, the inventory's own text and the values of
`ledger_cells` (words, names, countries, lines); the writers (`ledger_writers`, `ledger_stream`) say them in the
ledger's language as they write each cell, and `LedgerRow.said(lang)` gives a row as plain text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from daicho.catalog.review import ledger_recorded as recorded
from daicho.catalog.review.ledger_cells import (
    Cat,
    Clause,
    Join,
    Kept,
    Lines,
    Name,
    W,
    cell,
    lines,
)
from daicho.catalog.review.ledger_index import Index
from daicho.catalog.review.ledger_source import in_declared_order
from daicho.catalog.review.reach import (
    CONTRACTOR_KINDS,
    PROVISION_KINDS,
    ItemReach,
    Reached,
    ReviewFacts,
    load_inventory,
)

if TYPE_CHECKING:
    from daicho.inventory.model import Item, Process

__all__ = ["CONTRACTOR_KINDS", "PROVISION_KINDS", "Index", "LedgerRow", "ReviewFacts", "in_declared_order",
           "iter_ledger_rows", "ledger_rows", "load_inventory"]


@dataclass
class LedgerRow:
    """One ledger row in no language: text fields hold the inventory's text or `ledger_cells` values, list fields
    one entry a line (a `Lines` for a column whose lines are sorted or grouped in the language);
    `cell(column, lang)` and `said(lang)` say them."""

    no: int  # 管理番号: the row's running number
    id: str
    department: str
    owner: str
    process: Any
    item: Any
    item_key: str
    info_class: Any
    subjects: list[Any]
    persons: int | None
    medium: Any
    acquisition: list[Any]
    written: Any
    purposes: list[Any]
    notice: list[Any]
    consent: Any
    storage: list[Any]
    access: list[str]
    retention: list[Any]
    disposal: str
    outsourcing: Any
    provision: Any
    joint_use: Any
    foreign: Any
    sensitive: Any
    retained: Any
    risk: list[Any]
    last_reviewed: str
    is_sensitive: bool = False
    kind: str = "personal"  # key of info_class: personal, sensitive, personally_referable, pseudonymised, anonymised
    countries: list[str] = field(default_factory=list)  # location codes of the item's foreign flows

    def cell(self, column: str, lang: str = "ja") -> str | int | None:
        """A column's value for a writer in `lang`: lists joined one entry a line."""
        return cell(getattr(self, column), lang)

    def values(self, lang: str) -> list[Any]:
        """The row's cells in `lang`, in the order of `COLUMNS` (what `cell` gives each, made in one go for the
        writers: a ledger of 100,000 rows has millions of cells)."""
        def text(value: Any) -> Any:
            return value if value.__class__ is str else value.said(lang)

        def joined(values: list[Any]) -> str:
            return "\n".join([v if v.__class__ is str else v.said(lang) for v in values])

        return [self.no, self.id, self.department, self.owner, text(self.process), text(self.item),
                text(self.info_class), _text(self.subjects, lang), self.persons, text(self.medium),
                _text(self.acquisition, lang), _text(self.written, lang), _text(self.purposes, lang),
                _text(self.notice, lang), _text(self.consent, lang), _text(self.storage, lang), "\n".join(self.access),
                joined(self.retention),
                self.disposal, _text(self.outsourcing, lang), _text(self.provision, lang), _text(self.joint_use, lang),
                _text(self.foreign, lang), text(self.sensitive), text(self.retained), joined(self.risk),
                self.last_reviewed]

    def said(self, lang: str) -> LedgerRow:
        """The row in `lang` as plain text (list columns as lists of lines)."""
        return LedgerRow(**{name: lines(getattr(self, name), lang) for name in _ROW_FIELDS})


_ROW_FIELDS = tuple(f.name for f in fields(LedgerRow))


def _text(value: Any, lang: str) -> Any:
    """A cell that is a `Lines` (or, in a row said in a language, a list of lines)."""
    return value.said(lang) if value.__class__ is Lines else cell(value, lang)


def ledger_rows(facts: ReviewFacts, lang: str | None = None, index: Index | None = None) -> list[LedgerRow]:
    """The ledger: a row per process and item (processes in order), then items no process names; in no
    language, or with `lang` said in it (`LedgerRow.said`)."""
    return list(iter_ledger_rows(facts, lang, index))


def iter_ledger_rows(facts: ReviewFacts, lang: str | None = None, index: Index | None = None, start: int = 0,
                     stop: int | None = None) -> Iterator[LedgerRow]:
    """`ledger_rows`, one row at a time (a writer streams them); with `start` and `stop`, only the rows of that
    range (0-based, numbered as in the whole ledger). The cyclic garbage collector is paused until the last row:
    the rows' many small values form no cycles (reference counting frees them as they are written), and each
    full collection would walk the whole inventory again."""
    from itertools import islice

    from daicho.inventory.bulk import gc_paused

    index = index or Index(facts.inventory, facts)
    with gc_paused():
        for n, (item, row_id, process) in enumerate(islice(_placed(index), start, stop), start=start + 1):
            row = _row(index, item, row_id, process, n)
            yield row if lang is None else row.said(lang)


def row_items(index: Index, start: int = 0, stop: int | None = None) -> set[str]:
    """The items of the rows `iter_ledger_rows` makes from `start` to `stop`."""
    from itertools import islice

    return {item.key for item, _, _ in islice(_placed(index), start, stop)}


def _placed(index: Index) -> Iterator[tuple[Item, str, Process | None]]:
    """Each row's item, id and process, in the ledger's order: processes in order, then items no process names."""
    inventory = index.inventory
    placed: set[str] = set()
    for process in inventory.processes:
        for key in process.items:
            if key in index.items:
                placed.add(key)
                yield index.items[key], f"{process.key}/{key}", process
    for item in inventory.items:
        if item.key not in placed:
            yield item, item.key, None


def count_rows(facts: ReviewFacts) -> int:
    """How many rows `ledger_rows` makes (without making them)."""
    keys = {item.key for item in facts.inventory.items}
    named = [key for process in facts.inventory.processes for key in process.items if key in keys]
    return len(named) + len(keys - set(named))


def _row(index: Index, item: Item, row_id: str, process: Process | None, no: int) -> LedgerRow:
    from daicho.catalog.review import ledger_pmark as pmark

    facts = index.facts
    reach = facts.reaches[item.key]
    kind = pmark.info_class(item)
    points = pmark.points_of(index, item)
    foreign, countries, abroad_on_consent = pmark.foreign_of(index, reach)
    held = index.held(reach.stored)
    return LedgerRow(
        no=no,
        id=row_id,
        department=(process.department or "") if process else "",
        owner=(process.owner or "") if process else "",
        process=index.shared(("process", process.key), lambda: Name(process.name)) if process else "",
        item=Name(item.name),
        item_key=item.key,
        info_class=W(f"class_{kind}"),
        subjects=index.lines([index.named(s) for s in item.subjects], once=False),
        persons=item.persons,
        medium=W(item.medium),
        acquisition=index.lines(recorded.acquisition(index, item), once=False),
        written=pmark.written_lines(index, item, points),
        purposes=index.lines([index.named(p) for p in item.purposes], once=False),
        notice=index.lines(pmark.notice_lines(index, item, points), once=False),
        consent=pmark.consent_lines(index, item, reach, points, abroad_on_consent),
        storage=index.lines([line for line, _ in held], once=False),
        access=sorted({a for _, access in held for a in access}),
        retention=recorded.retention(index, item),
        disposal=item.disposal or "",
        outsourcing=_answer(index, contractors_of(index, reach)),
        provision=_answer(index, provisions_of(index, reach)),
        joint_use=_answer(index, joint_users_of(index, reach)),
        foreign=pmark.foreign_answer(index, foreign),
        sensitive=W("applies" if item.sensitive else "not_applies"),
        retained=pmark.retained_label(item),
        risk=recorded.risk(item),
        last_reviewed=item.last_reviewed.isoformat() if item.last_reviewed else "",
        is_sensitive=item.sensitive,
        kind=kind,
        countries=countries,
    )


def _answer(index: Index, entries: tuple[list[Any], bool]) -> Lines:
    """有: the first entry (then the others, sorted when asked), or 無."""
    found, sort = entries
    return index.lines(found, sort=sort, first=W("yes"), empty=W("no"))


def unique(values: list) -> list:
    return list(dict.fromkeys(values))


def basis_label(basis: str | None, exception: str | None) -> Any:
    """A flow's basis in words, with its APPI 27(1) exception (cited in Japanese)."""
    label = W(basis)
    return Cat(label, " ", Clause(exception)) if exception else label


def _paths(index: Index, reached: list[Reached]) -> tuple[list[Any], bool]:
    """Each party once per chain of parties its paths run through ("CloudCo > MailCo"), to be sorted."""
    return unique([index.chain(tuple(chain)) for party in reached for chain in party.chains]), True


def contractors_of(index: Index, reach: ItemReach) -> tuple[list[Any], bool]:
    """Contractors and sub-contractors the item reaches — by flow, or by running a system that holds it —,
    a sub-contractor once per line of contractors the item's paths take to it (the entries, and that they are
    sorted in the language)."""
    return _paths(index, reach.of_kind(CONTRACTOR_KINDS))


def provisions_of(index: Index, reach: ItemReach) -> tuple[list[Any], bool]:
    """Third parties and group companies the item reaches, with the bases of the flows into them (to be
    sorted)."""
    lines = []
    for party in reach.of_kind(PROVISION_KINDS):
        bases = tuple(unique(list(party.bases)))
        lines.append(index.shared(("provision", party.party, bases), lambda p=party.party, b=bases: _provision(
            index, p, b)))
    return lines, True


def _provision(index: Index, party: str, bases: tuple) -> Any:
    name = index.named(party)
    if not bases:
        return name
    return Kept(Cat(name, " (", Join(", ", [basis_label(b, e) for b, e in bases], once=True), ")"))


def joint_users_of(index: Index, reach: ItemReach) -> tuple[list[Any], bool]:
    """Joint users the item reaches, and joint-use declarations naming the item or an item derived from it
    (a joint user with no recorded data flow is marked so); not sorted."""
    lines: list[Any] = [index.named(p.party) for p in reach.of_kind(("joint_user",))]
    reached = {p.party for p in reach.parties}
    declaring = {r for t in reach.trail for r in index.joint_by_item.get(t, ())}
    for recipient in index.joint_declarations if declaring else ():
        if recipient.key in reached:
            continue
        if recipient.key in declaring:
            if index.facts.nodes.get(recipient.key, {}).get("named_only"):
                lines.append(index.shared(("named_only", recipient.key), lambda k=recipient.key: Kept(
                    Cat(index.named(k), " (", W("named_only"), ")"))))
            else:
                lines.append(index.named(recipient.key))
    return lines, False
