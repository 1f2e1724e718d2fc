"""What the rules look at: the inventory's records, the resolved model, where each record was declared, and
the date of the check.

`load_context` is the one place the checks read the store. Who a node belongs to (its party), where a flow
goes (boundary, border, transfer location) and the status of its bases are *read* from the resolved model
(`catalog.resolved`, tables `resolved_node` and `resolved_flow`), never worked out here, so `check`, `abroad`,
`where` and `receives` agree. The records themselves (contracts, reviews, item flags) come from the inventory.
Everything else in this package is a pure function of a `CheckContext`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from daicho.catalog.checks.records import TABLES
from daicho.inventory.problems import Location

if TYPE_CHECKING:
    from daicho.inventory.model import CollectionPoint, Flow, Inventory, Item, Purpose, Recipient, System

Row = dict[str, Any]

_FLOW_COLUMNS = ("key, source, target, source_party, target_party, boundary, entry, basis_status, border, "
                 "transfer_location, foreign_status, foreign_missing, disclosure, disclose_locations, personal")


def year_before(day: dt.date) -> dt.date:
    """The same calendar day one year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Resolved:
    """The resolved model as the checks read it: the home country, each node's and each flow's resolved facts
    (the shapes of `catalog.resolved.facts`), and the flows `catalog.resolved.facts.FOREIGN_FLOWS` selects."""

    home: str
    nodes: dict[str, Row]
    flows: dict[str, Row]
    foreign: frozenset[str]


def read_resolved(db: Any) -> Resolved:
    """The resolved model from an open store (`ReadDB`)."""
    from daicho.catalog.resolved.facts import FOREIGN_FLOWS, all_nodes, home_country
    from daicho.inventory.db import decode

    home = home_country(db)
    flows = {}
    for row in db.rows(f"SELECT {_FLOW_COLUMNS} FROM resolved_flow ORDER BY position"):
        flow = dict(row)
        flow["entry"], flow["personal"] = bool(flow["entry"]), bool(flow["personal"])
        flow["disclose_locations"] = decode(flow["disclose_locations"]) or []
        flow["foreign_missing"] = decode(flow["foreign_missing"]) or []
        flows[flow["key"]] = flow
    foreign = frozenset(r["key"] for r in db.rows(f"SELECT r.key FROM resolved_flow r WHERE {FOREIGN_FLOWS}"))
    return Resolved(home, all_nodes(db), flows, foreign)


@dataclass
class CheckContext:
    """An inventory prepared for the rules: records by key, the resolved facts of nodes and flows, each
    party's side, and the date of the check."""

    inventory: Inventory  # or `records.Records`: the same sections as attributes, items and flows light
    resolved: Resolved
    locations: dict[str, Location] = field(default_factory=dict)
    as_of: dt.date = field(default_factory=dt.date.today)
    reviews: dict[str, dt.date] = field(default_factory=dict)  # record → last review in the log (daicho review)

    def __post_init__(self) -> None:
        inv = self.inventory
        self.items: dict[str, Item] = {i.key: i for i in inv.items}
        self.systems: dict[str, System] = {s.key: s for s in inv.systems}
        self.recipients: dict[str, Recipient] = {r.key: r for r in inv.recipients}
        self.purposes: dict[str, Purpose] = {p.key: p for p in inv.purposes}
        self.collection_points: dict[str, CollectionPoint] = {c.key: c for c in inv.collection_points}
        self.home: str = self.resolved.home
        self.nodes: dict[str, Row] = self.resolved.nodes
        self.purposes_of: dict[str, frozenset[str]] = {i.key: frozenset(i.purposes) for i in inv.items}
        self.flows_into: dict[str, list[Flow]] = defaultdict(list)
        for flow in inv.flows:
            self.flows_into[flow.target].append(flow)
        self.side: dict[str, set[str]] = defaultdict(set)  # party → the nodes on its side
        self.children: dict[str, list[str]] = defaultdict(list)  # contractor → the sub-contractors it engages
        for key, node in self.nodes.items():
            self.side[node["party"]].add(key)
            for parent in node["parents"]:
                self.children[parent].append(key)
        self._reach: dict[str, set[str]] = {}
        self._flows: list[tuple[Flow, Row]] | None = None
        self.derived_at: dict[str | None, list[Any]] = defaultdict(list)  # system → the derivations made there
        for derivation in inv.derivations:
            self.derived_at[derivation.at].append(derivation)
        self.kinds: dict[str, str] = {}
        for section, kind in (*TABLES.items(), ("flows", "flow")):
            for record in getattr(inv, section):
                if record.key:
                    self.kinds[record.key] = kind

    @property
    def review_cutoff(self) -> dt.date:
        """A review dated before this day is more than twelve months old."""
        return year_before(self.as_of)

    @property
    def home_name(self) -> str:
        """The operator's home country by name (from `organization.country`), for messages."""
        return self.place(self.home)

    @staticmethod
    def place(code: str | None) -> str:
        """A location by name: a country, a region, "location unknown" or "chosen per customer" (a `Place`: its
        English name, said in another language where the message is written)."""
        from daicho.catalog.words import Place

        return Place(code)

    def overdue(self, day: dt.date | None) -> bool:
        """Whether a yearly review or check dated `day` (None: never) is due as of the check date."""
        return day is None or day < self.review_cutoff

    def fact(self, flow: Flow) -> Row:
        """A flow's resolved facts: parties, boundary, border, basis and foreign status, disclosure."""
        return self.resolved.flows[flow.key]

    def flows(self) -> list[tuple[Flow, Row]]:
        """Every flow with its resolved facts, in manifest order (one list, made once: do not change it)."""
        if self._flows is None:
            self._flows = [(flow, self.resolved.flows[flow.key]) for flow in self.inventory.flows]
        return self._flows

    def is_personal(self, item_key: str) -> bool:
        """Whether an item is personal data: not personally referable information, not anonymised."""
        item = self.items.get(item_key)
        return item is not None and not (item.personally_referable or item.anonymised)

    def named_only(self, recipient_key: str) -> bool:
        """Whether a recipient is only named: no recorded flow reaches or leaves its side, nothing stored there."""
        return bool(self.nodes.get(recipient_key, {}).get("named_only"))

    def entrusted(self, recipient_key: str) -> bool:
        """Whether a contractor handles personal data: it handles what it keeps, it is not only named, and some
        item reaching it is personal, or none is recorded.

        A contractor that only receives personally referable or anonymised items is not entrusted with
        personal data, and APPI 25 does not reach it; nor is one that stores data without handling it
        (`handles_data: false`, PPC Q&A 7-53), or one named with no recorded data flow.
        """
        node = self.nodes.get(recipient_key)
        if node is None or not node["handles"] or node["named_only"]:
            return False
        reached = self.reach(recipient_key)
        return not reached or any(self.is_personal(key) for key in reached)

    def chain_of(self, recipient_key: str) -> set[str]:
        """A recipient and its sub-contractors at any depth (a sub-contractor may have several contractors)."""
        chain, queue = {recipient_key}, [recipient_key]
        while queue:
            for child in self.children.get(queue.pop(), ()):
                if child not in chain:
                    chain.add(child)
                    queue.append(child)
        return chain

    def handled_by(self, recipient_key: str) -> set[str]:
        """The nodes where a recipient's outsourcing chain handles data: the sides (`party`) of the recipient
        and of its sub-contractors at any depth — themselves and the systems they operate and handle."""
        return set().union(*(self.side.get(key, {key}) for key in self.chain_of(recipient_key)))

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
        """`reach`: at a sub-contractor another contractor also engages (a shared sub-processor), a flow that
        comes from a recipient outside this chain — the other contractor's line — does not count, nor what the
        shared sub-contractor's systems store with no recorded way in: neither reached it through this one."""
        chain = self.chain_of(recipient_key)
        nodes: set[str] = set()
        reached: set[str] = set()
        for party in chain:
            shared = party != recipient_key and not set(self.nodes.get(party, {}).get("parents", ())) <= chain
            for node in self.side.get(party, {party}):
                nodes.add(node)
                if not shared:
                    reached.update(self.systems[node].items if node in self.systems else ())
                for flow in self.flows_into.get(node, ()):
                    if not (shared and self._from_outside(flow, chain)):
                        reached.update(flow.items)
        here = [d for node in nodes for d in self.derived_at.get(node, ())]
        changed = True
        while changed:  # close over derivations made where the chain handles data
            changed = False
            for derivation in here:
                if derivation.source in reached and derivation.target not in reached:
                    reached.add(derivation.target)
                    changed = True
        return reached

    def _from_outside(self, flow: Flow, chain: set[str]) -> bool:
        """Whether a flow comes from a recipient's side that is not in `chain` (not from the operator)."""
        source = self.resolved.flows[flow.key]["source_party"]
        return self.nodes.get(source, {}).get("kind") == "recipient" and source not in chain

    def location(self, key: str) -> Location | None:
        """Where a record was declared, when known."""
        return self.locations.get(key)


def load_context(store_url: str, as_of: dt.date | None = None) -> CheckContext:
    """Read everything the checks need from the store: the inventory's records (`records.read_records`: items
    and flows as light records, no whole-inventory pydantic load), the resolved model and the record locations."""
    from daicho.catalog.checks.records import read_records
    from daicho.inventory.bulk import gc_paused
    from daicho.inventory.db import ReadDB

    with gc_paused():  # millions of long-lived objects, no cycles (the context's maps too)
        with ReadDB(store_url) as db:
            resolved = read_resolved(db)
            inventory = read_records(db)
            locations = {key: Location(file, int(line)) for key, file, line in
                         db.tuples("SELECT key, file, line FROM record_source")}
            from daicho.catalog.review.review_log import last_reviews

            reviews = last_reviews(db)
        return CheckContext(inventory, resolved, locations, as_of or dt.date.today(), reviews)
