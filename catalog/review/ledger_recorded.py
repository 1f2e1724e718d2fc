"""The ledger's recorded columns, read from the inventory as it is recorded: storage (a system's kind, where
its data is kept, encryption), who has access, acquisition and its sources, retention and risk. Values are in
no language (`ledger_cells`); `ledger_index.Index` keeps what rows share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from daicho.catalog.review.ledger_cells import LIST_SEP, Cat, Country, Join, Kept, Line, Name, W
from daicho.catalog.review.ledger_labels import ASSESSED, DERIVED_FROM, ON, RESIDUAL, SOURCE

if TYPE_CHECKING:
    from daicho.catalog.review.ledger_index import Index
    from daicho.inventory.model import Item, System


def storage(system: System, index: Index) -> Cat:
    """A system's storage line: its name, kind, where its data is kept (/region), encrypted at rest."""
    node = index.facts.nodes.get(system.key) or {}
    where: Any = Join(", ", [Country(h) for h in node.get("hosting") or ["unknown"]])
    if system.region:
        where = Cat(where, f"/{system.region}")
    details = [d for d in (W(system.kind), where) if d != ""]
    if system.security and system.security.encryption_at_rest:
        details.append(W("encrypted"))
    return Cat(Name(system.name), " (", Join("; ", details), ")")


def access(system: System) -> list[str]:
    """Who has access to a system, as recorded."""
    return list(system.security.access) if system.security else []


def acquisition(index: Index, item: Item) -> list[Any]:
    """How the item is acquired, then where it comes from (collection points, providing parties, the item it
    is derived from), each once."""
    lines: list[Any] = [index.shared(("acquisition", *item.acquisition), lambda: Kept(Join(
        LIST_SEP, [W(a) for a in item.acquisition])))] if item.acquisition else []
    sources: dict[Any, Any] = {}
    entries = ("acquisition", "receipt")  # where items enter the operator (the resolved boundary)
    for flow in index.flows_carrying.get(item.key, ()):
        if flow.source in index.points:
            sources.setdefault(("point", flow.source), None)
        elif flow.source in index.recipients and index.facts.boundaries.get(flow.key) in entries:
            sources.setdefault(("recipient", flow.source), None)
    for source in index.derived_into.get(item.key, ()):
        sources.setdefault(("derived", source), None)
    return lines + [index.shared(("source", *key), lambda key=key: Kept(Line(SOURCE, source=_source(index, *key))))
                    for key in sources]


def _source(index: Index, kind: str, key: str) -> Any:
    """Where an item comes from: a collection point (with its channel), a providing party, the item it is
    derived from."""
    if kind == "point":
        point = index.points[key]
        name = Name(point.name)
        return Cat(name, f" ({point.channel})") if point.channel else name
    if kind == "recipient":
        return index.named(key)
    return Line(DERIVED_FROM, name=index.named(key))


def retention(index: Index, item: Item) -> list[Any]:
    """The item's retention (period, trigger), then the retention events that name it."""
    lines: list[Any] = []
    if item.retention:
        period = (item.retention.period or "").strip()
        if item.retention.trigger:
            on = Line(ON, trigger=item.retention.trigger)
            lines.append(Cat(period, " ", on) if period else on)
        elif period:
            lines.append(period)
    for event, step in index.steps_of.get(item.key, ()):
        period = f" {step.period}" if step.period else ""
        lines.append(Cat(Name(event.name), ": ", W(step.action), period))
    return lines


def risk(item: Item) -> list[Any]:
    """The item's risk assessment: residual risk, note, date assessed."""
    if not item.risk:
        return []
    lines: list[Any] = []
    if item.risk.residual:
        lines.append(Line(RESIDUAL, level=W(item.risk.residual)))
    if item.risk.note:
        lines.append(item.risk.note)
    if item.risk.assessed:
        lines.append(Line(ASSESSED, date=item.risk.assessed.isoformat()))
    return lines
