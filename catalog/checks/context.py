"""What the rules look at: the whole inventory, where each record was declared, and the date of the check.

`load_context` is the one place the checks read the store. Everything else in this package is a pure
function of a `CheckContext`, so a rule can be tested on an `Inventory` built in memory as well.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from daicho.inventory.model import (
    SECTION_KIND,
    CollectionPoint,
    Flow,
    Inventory,
    Item,
    Purpose,
    Recipient,
    System,
)
from daicho.inventory.validate import Location


def year_before(day: dt.date) -> dt.date:
    """The same calendar day one year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass
class CheckContext:
    """An inventory prepared for the rules: records by key, flows by end, and the date of the check."""

    inventory: Inventory
    locations: dict[str, Location] = field(default_factory=dict)
    as_of: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        inv = self.inventory
        self.items: dict[str, Item] = {i.key: i for i in inv.items}
        self.systems: dict[str, System] = {s.key: s for s in inv.systems}
        self.recipients: dict[str, Recipient] = {r.key: r for r in inv.recipients}
        self.purposes: dict[str, Purpose] = {p.key: p for p in inv.purposes}
        self.collection_points: dict[str, CollectionPoint] = {c.key: c for c in inv.collection_points}
        self.home: str = inv.organization.country if inv.organization else "JP"
        self.purposes_of: dict[str, frozenset[str]] = {i.key: frozenset(i.purposes) for i in inv.items}
        self.flows_into: dict[str, list[Flow]] = defaultdict(list)
        for flow in inv.flows:
            self.flows_into[flow.target].append(flow)
        self.operated: dict[str, list[str]] = defaultdict(list)
        for system in inv.systems:
            if system.operated_by:
                self.operated[system.operated_by].append(system.key)
        self.children: dict[str, list[str]] = defaultdict(list)
        for recipient in inv.recipients:
            if recipient.parent:
                self.children[recipient.parent].append(recipient.key)
        self._reach: dict[str, set[str]] = {}
        self.kinds: dict[str, str] = {}
        for section, kind in SECTION_KIND.items():
            if section == "organization":
                continue
            for record in getattr(inv, section):
                if record.key:
                    self.kinds[record.key] = kind

    @property
    def review_cutoff(self) -> dt.date:
        """A review dated before this day is more than twelve months old."""
        return year_before(self.as_of)

    def overdue(self, day: dt.date | None) -> bool:
        """Whether a yearly review or check dated `day` (None: never) is due as of the check date."""
        return day is None or day < self.review_cutoff

    def system_country(self, system: System) -> str:
        """A system's country: its own, else the operator's."""
        return system.country or self.home

    def abroad(self, country: str | None) -> bool:
        """Whether a known country differs from the operator's."""
        return country is not None and country != self.home

    def is_personal(self, item_key: str) -> bool:
        """Whether an item is personal data: not personally referable information, not anonymised."""
        item = self.items.get(item_key)
        return item is not None and not (item.personally_referable or item.anonymised)

    def carries_personal_data(self, flow: Flow) -> bool:
        """Whether a flow carries at least one item of personal data."""
        return any(self.is_personal(key) for key in flow.items)

    def receives_personal_data(self, recipient_key: str) -> bool:
        """Whether a flow carrying personal data arrives at a recipient or a system it operates."""
        return any(self.carries_personal_data(flow) for node in self.nodes_of(recipient_key)
                   for flow in self.flows_into.get(node, ()))

    def entrusted(self, recipient_key: str) -> bool:
        """Whether a contractor handles personal data: some item reaching it is personal, or none is recorded.

        A contractor that only receives personally referable or anonymised items is not entrusted with
        personal data, and APPI 25 does not reach it.
        """
        reached = self.reach(recipient_key)
        return not reached or any(self.is_personal(key) for key in reached)

    def nodes_of(self, recipient_key: str) -> set[str]:
        """A recipient and the systems it operates."""
        return {recipient_key, *self.operated.get(recipient_key, ())}

    def handled_by(self, recipient_key: str) -> set[str]:
        """The nodes where a recipient's outsourcing chain handles data.

        The recipient, its sub-contractors (at any depth), and the systems any of them operates.
        """
        chain, queue = {recipient_key}, [recipient_key]
        while queue:  # breadth-first down the sub-contracting chain
            for child in self.children.get(queue.pop(0), ()):
                if child not in chain:
                    chain.add(child)
                    queue.append(child)
        return set().union(*(self.nodes_of(key) for key in chain))

    def reach(self, recipient_key: str) -> set[str]:
        """Every item that reaches a recipient over any number of hops.

        An item reaches it when a flow carrying the item arrives at a node its outsourcing chain handles
        (see `handled_by`), when such a system stores the item, or when the item is derived there from an
        item that reached it. A flow names every item it carries, so the last hop into the chain says
        which items arrive however long the path before it.
        """
        if recipient_key not in self._reach:
            self._reach[recipient_key] = self._walk(recipient_key)
        return set(self._reach[recipient_key])

    def _walk(self, recipient_key: str) -> set[str]:
        nodes = self.handled_by(recipient_key)
        reached: set[str] = set()
        for node in nodes:
            reached.update(self.systems[node].items if node in self.systems else ())
            for flow in self.flows_into.get(node, ()):
                reached.update(flow.items)
        here = [d for d in self.inventory.derivations if d.at in nodes]
        changed = True
        while changed:  # close over derivations made where the chain handles data
            changed = False
            for derivation in here:
                if derivation.source in reached and derivation.target not in reached:
                    reached.add(derivation.target)
                    changed = True
        return reached

    def location(self, key: str) -> Location | None:
        """Where a record was declared, when known."""
        return self.locations.get(key)


def load_context(store_url: str, as_of: dt.date | None = None) -> CheckContext:
    """Read everything the checks need from the store: the whole inventory and the record locations."""
    from daicho.inventory.db import ReadDB
    from daicho.inventory.store import Store

    inventory = Store(store_url).inventory()
    with ReadDB(store_url) as db:
        rows = db.rows("SELECT key, file, line FROM record_source")
    locations = {row["key"]: Location(row["file"], int(row["line"])) for row in rows}
    return CheckContext(inventory, locations, as_of or dt.date.today())
