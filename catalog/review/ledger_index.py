"""The ledger's look-ups over one inventory and its resolved facts (`Index`): records by key, flows by source
and item, and the values many rows share made once (storage lines, access lists, foreign lines, names, chains
of parties, shared `Lines`). `catalog.review.ledger` builds the rows from it; the side sheets, the notice and
the report read it too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from daicho.catalog.review import ledger_recorded as recorded
from daicho.catalog.review.ledger_cells import Join, Kept, Lines, Name

if TYPE_CHECKING:
    from daicho.catalog.review.reach import ReviewFacts
    from daicho.inventory.model import Flow, Inventory


#: the most lines and entries an Index keeps for the rows to share (past it, rows make their own: memory stays
#: bounded on an inventory whose items all reach different parties)
SHARED_MAX = 50_000


class Index:
    """Look-ups over one inventory and its resolved facts: names, locations, recipient paths, flows by source."""

    def __init__(self, inventory: Inventory, facts: ReviewFacts | None = None) -> None:
        self.inventory = inventory
        self.facts = facts
        self.items = {i.key: i for i in inventory.items}
        self.systems = {s.key: s for s in inventory.systems}
        self.recipients = {r.key: r for r in inventory.recipients}
        self.points = {c.key: c for c in inventory.collection_points}
        self.purposes = {p.key: p for p in inventory.purposes}
        self.subjects = {s.key: s for s in inventory.subjects}
        self.flows = {f.key: f for f in inventory.flows}
        self.flows_from: dict[str, list[Flow]] = defaultdict(list)
        self.flows_carrying: dict[str, list[Flow]] = defaultdict(list)
        entries = facts.entries if facts is not None and facts.entries is not None else inventory.flows
        for flow in entries:  # a light read (`ReviewFacts.load(light=True)`) has only the flows items enter by
            self.flows_from[flow.source].append(flow)
            for item in flow.items:
                self.flows_carrying[item].append(flow)
        self.held_by: dict[str, list[str]] = defaultdict(list)
        for system in inventory.systems:
            for item in system.items:
                self.held_by[item].append(system.key)
        self.derived_into: dict[str, list[str]] = defaultdict(list)
        for derivation in inventory.derivations:
            self.derived_into[derivation.target].append(derivation.source)
        self.joint_declarations = [r for r in inventory.recipients if r.joint_use]  # recipients declaring joint use
        self.joint_by_item: dict[str, set[str]] = defaultdict(set)  # item → recipients whose declaration names it
        for recipient in self.joint_declarations:
            for item in recipient.joint_use.items:
                self.joint_by_item[item].add(recipient.key)
        self.point_order = {p.key: n for n, p in enumerate(inventory.collection_points)}
        self.steps_of: dict[str, list[tuple]] = defaultdict(list)  # item → (retention event, step) naming it
        for event in inventory.retention_events:
            for step in event.steps:
                for item in dict.fromkeys(step.items):
                    self.steps_of[item].append((event, step))
        # values rows share, made once: storage lines, access lists, foreign lines, names, chains of parties
        self._storage: dict[str, Kept] = {}
        self._access: dict[str, list[str]] = {}
        self._held: dict[str, tuple[Kept, list[str]]] = {}
        self._foreign: dict[str, tuple[tuple[Kept, bool], frozenset[str], str | None]] = {}
        self._codes: dict[frozenset[str], frozenset[str]] = {}
        self._names: dict[str, Name | str] = {}
        self._chains: dict[tuple[str, ...], Kept] = {}
        self._shared: dict[tuple, Any] = {}  # lines and entries of the reach columns that many rows repeat
        self._named: dict[str, object] = {}  # key → the record whose name it has (first table wins, as `name`)
        for table in (self.subjects, self.purposes, self.points, self.recipients, self.systems, self.items):
            self._named.update(table)

    def storage(self, system: str) -> Kept:
        """A system's storage line (`_storage`), made once per system."""
        line = self._storage.get(system)
        if line is None:
            line = self._storage[system] = Kept(recorded.storage(self.systems[system], self))
        return line

    def held(self, systems: list[str]) -> list[tuple[Kept, list[str]]]:
        """Each recorded system of `systems` as (`storage`, `access`), in order; a reach's stored systems."""
        made = self._held
        out = []
        for system in systems:
            found = made.get(system)
            if found is None:
                if system not in self.systems:
                    continue
                found = made[system] = (self.storage(system), self.access(system))
            out.append(found)
        return out

    def access(self, system: str) -> list[str]:
        """Who has access to a system (`_access`), read once per system."""
        found = self._access.get(system)
        if found is None:
            found = self._access[system] = recorded.access(self.systems[system])
        return found

    def foreign_facts(self, entry: dict) -> tuple[tuple[Kept, bool], frozenset[str], str | None]:
        """What the row of an item on an `abroad` entry's flow reads of it, made once per flow: its line in the
        foreign column with whether a foreign location is known (`foreign_line`), its location codes
        (`foreign_locations`), and the party it goes to when it goes abroad on consent (else None)."""
        found = self._foreign.get(entry["flow"])
        if found is None:
            from daicho.catalog.review.ledger_pmark import foreign_line

            value, known = foreign_line(self, entry)
            codes = frozenset((entry["registered"] or entry["to_country"] or "unknown", *entry["hosting"]))
            codes = self._codes.setdefault(codes, codes)  # one object per distinct set (its hash is kept)
            consent = entry["to_party"] if entry.get("foreign_basis") == "consent" else None
            found = self._foreign[entry["flow"]] = ((Kept(value), known), codes, consent)
        return found

    def country(self, key: str) -> str | None:
        """Where a node is, as the resolved model reads it: a system where its data is kept, a recipient where
        it is registered (`unknown` when not recorded: never a default country); None for anything else."""
        node = self.facts.nodes.get(key) if self.facts else None
        if node is None:
            return None
        if node["kind"] == "system":
            return (node["hosting"] or ["unknown"])[0]
        return node["registered"] if node["kind"] == "recipient" else None

    def exception(self, flow: str) -> str | None:
        """The APPI 27(1) exception a flow names, if any."""
        if self.facts is not None and self.facts.exceptions is not None:
            return self.facts.exceptions.get(flow)
        recorded = self.flows.get(flow)
        return recorded.exception if recorded else None

    def name(self, key: str, lang: str = "ja") -> str:
        """The name of any keyed record in `lang`, or its key."""
        record = self._named.get(key)
        return record.name.get(lang) if record is not None else key  # type: ignore[attr-defined]

    def named(self, key: str) -> Name | str:
        """The name of any keyed record as a cell value (`Name`, said in the writer's language), or its key."""
        found = self._names.get(key)
        if found is None:
            record = self._named.get(key)
            found = self._names[key] = Name(record.name) if record is not None else key  # type: ignore
        return found

    def recipient_path(self, key: str, lang: str = "ja") -> str:
        """A recipient's name after its contractors ("A > B"); with several parents, the first line."""
        lines = self.facts.chains.get(key) if self.facts else None
        above = list(reversed(lines[0])) if lines else []
        return " > ".join(self.name(k, lang) for k in [*above, key])

    def chain_label(self, chain: tuple[str, ...], lang: str = "ja") -> str:
        """Parties along a path, nearest last: "CloudCo > MailCo"."""
        return " > ".join(self.name(k, lang) for k in chain)

    def shared(self, key: tuple, make: Callable[[], Any]) -> Any:
        """The value made for `key` by `make()`, made once: an entry of a reach column many rows repeat."""
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = make()
        return found

    def lines(self, entries: list[Any], sort: bool = False, first: Any = None, empty: Any = None,
              once: bool = True) -> Lines:
        """`Lines` of shared entries (kept values, names, words, text), made once for the same entries and said
        once a language (rows reaching the same parties repeat them)."""
        key = ("lines", tuple(entries), sort, first, empty, once)
        found = self._shared.get(key)
        if found is None:
            kept = len(self._shared) < SHARED_MAX
            found = Lines(entries, sort=sort, first=first, empty=empty, once=once, kept=kept)
            if kept:
                self._shared[key] = found
        return found

    def chain(self, chain: tuple[str, ...]) -> Kept:
        """`chain_label` as a cell value, made once per chain."""
        found = self._chains.get(chain)
        if found is None:
            found = self._chains[chain] = Kept(Join(" > ", [self.named(k) for k in chain]))
        return found
