"""What the review outputs (ledger, notice, audit pack) read from the store: the resolved model, never a
reading of their own.

`ReviewFacts.load(url)` gathers, in one read, the recorded inventory (for the ledger's recorded columns:
purposes, retention, risk …), the resolved facts of every node (`catalog.resolved.facts.all_nodes`), every
item's reach from the walk of `daicho where` (`catalog.lineage.where.where`) and every foreign flow from
`daicho abroad` (`catalog.lineage.nodes.abroad`, i.e. `FOREIGN_FLOWS`). Everything here is language-neutral
(keys, location codes, statuses); the ledger, notice and pack put it into words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from daicho.inventory.db import ReadDB
    from daicho.inventory.model import Inventory

#: recipient kinds on the operator's outsourcing side (APPI 25 supervision)
CONTRACTOR_KINDS = ("contractor", "subcontractor")
#: recipient kinds a provision (APPI 27(1)) goes to
PROVISION_KINDS = ("third_party", "group_company")
#: boundaries of a provision by the operator (APPI 27 / 28 questions arise), as `catalog.resolved.build`
PROVISIONS = ("outsourcing", "subcontracting", "provision", "joint_use")


@dataclass
class Reached:
    """A party an item reaches: its key and kind, each chain of parties its shortest paths run through
    (nearest last: ("cloudco", "mailco")), and the (basis, exception) of the flows that bring it there."""

    party: str
    kind: str
    chains: list[tuple[str, ...]] = field(default_factory=list)
    bases: list[tuple[str, str | None]] = field(default_factory=list)
    boundaries: list[str] = field(default_factory=list)


@dataclass
class ItemReach:
    """Where one item goes, as `daicho where` walks it: nodes with hops, parties reached, the systems holding
    the item itself, the flows carrying its trail and those of them that are foreign (`abroad` entries)."""

    item: str
    trail: list[str] = field(default_factory=list)  # the item and the items derived from it that go on
    hops: dict[str, int] = field(default_factory=dict)
    parties: list[Reached] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    foreign: list[dict[str, Any]] = field(default_factory=list)

    def of_kind(self, kinds: tuple[str, ...]) -> list[Reached]:
        """The parties reached whose recipient kind is one of `kinds`."""
        return [p for p in self.parties if p.kind in kinds]


@dataclass
class ReviewFacts:
    """The recorded inventory and the resolved facts the review outputs are built from."""

    inventory: Inventory
    home: str
    nodes: dict[str, dict[str, Any]]
    reaches: dict[str, ItemReach]
    abroad: dict[str, Any]
    chains: dict[str, list[list[str]]]  # recipient → each line of contractors above it, nearest first
    boundaries: dict[str, str] = field(default_factory=dict)  # flow → its resolved boundary

    @classmethod
    def load(cls, url: str) -> ReviewFacts:
        """Read everything from the store at `url` (one connection)."""
        from daicho.catalog.lineage.batch import walks
        from daicho.catalog.lineage.nodes import abroad
        from daicho.catalog.lineage.where import chains
        from daicho.catalog.resolved.facts import all_nodes, home_country
        from daicho.inventory.db import ReadDB

        inventory = load_inventory(url)
        with ReadDB(url) as db:
            home = home_country(db)
            nodes = all_nodes(db)
            foreign = abroad(db)
            by_flow = {f["flow"]: f for f in foreign["flows"]}
            walked = dict(walks(db))  # every item's `where` in one pass
            reaches = {item.key: item_reach(db, item.key, nodes, by_flow, walked.get(item.key))
                       for item in inventory.items}
            lines = {k: chains(db, n) for k, n in nodes.items() if n["kind"] == "recipient"}
            boundaries = {r["key"]: r["boundary"] for r in db.rows("SELECT key, boundary FROM resolved_flow")}
        return cls(inventory, home, nodes, reaches, foreign, lines, boundaries)

    def party_of(self, node: str) -> str:
        """The party whose side a node is on (the operator's key, or a recipient's)."""
        return self.nodes[node]["party"]

    def name(self, key: str, lang: str) -> str:
        """A node's name in `lang` (the other language, then the key, when it has none)."""
        node = self.nodes.get(key)
        if node is None:
            return key
        first, second = ("name_ja", "name_en") if lang == "ja" else ("name_en", "name_ja")
        return node.get(first) or node.get(second) or key

    def receivers(self) -> dict[str, list[str]]:
        """Recipient → the items whose walk reaches its side (`where(X)["recipients"]`, i.e. `receives`)."""
        out: dict[str, list[str]] = {}
        for item, reach in self.reaches.items():
            for party in reach.parties:
                out.setdefault(party.party, []).append(item)
        return out


def load_inventory(url: str) -> Inventory:
    """The stored inventory with its records in the order the manifests declare them (the store sorts by key)."""
    from daicho.inventory.db import ReadDB
    from daicho.inventory.store import Store

    inventory = Store(url).inventory()
    with ReadDB(url) as db:
        rows = db.rows("SELECT key, file, line FROM record_source")
    return in_declared_order(inventory, {r["key"]: (r["file"], r["line"]) for r in rows})


def in_declared_order(inventory: Inventory, where: dict[str, tuple[str, int]]) -> Inventory:
    """A copy of `inventory` with keyed records sorted by where they were declared (file, line)."""
    from daicho.inventory.model import KEYED_SECTIONS

    last = ("\uffff", 0)
    changes = {section: sorted(getattr(inventory, section), key=lambda r: (where.get(r.key, last), r.key))
               for section in KEYED_SECTIONS}
    return inventory.model_copy(update=changes)


def item_reach(db: ReadDB, item: str, nodes: dict[str, dict[str, Any]],
               foreign: dict[str, dict[str, Any]], walked: dict[str, Any] | None = None) -> ItemReach:
    """One item's reach from `where(db, item)`: the parties it reaches (`recipients` of the walk) with the
    chain of parties each shortest path runs through and the bases of the flows into them; the systems
    holding the item itself; its flows that `abroad` lists (`foreign`: flow key → abroad entry)."""
    from daicho.catalog.lineage.where import where

    result = walked if walked is not None else where(db, item)  # `walks` gives the same, for all items at once
    hops = {h["flow"]: h for h in result["hops"]}
    reach = ItemReach(item, trail=[item] + [t["item"] for t in result["trail"]],
                      hops={n["key"]: n["hops"] for n in result["nodes"]}, flows=list(hops))
    operator = {r["key"] for r in db.rows("SELECT key FROM node WHERE kind = 'organization'")} or {"operator"}
    by_party: dict[str, list[dict[str, Any]]] = {}
    for node in result["nodes"]:
        by_party.setdefault(node["party"], []).append(node)
    into: dict[str, set[str]] = {}  # party → the parties flows of this item come from
    for hop in result["hops"]:
        if hop["to_party"] != hop["from_party"]:
            into.setdefault(hop["to_party"], set()).add(hop["from_party"])
    for party in result["recipients"]:
        reached = Reached(party, nodes[party]["subkind"] or "")
        for line in _chains(party, into, operator, ()):
            _add(reached.chains, line)
        if not reached.chains:  # stored on its side with no way in: the walk starts there
            reached.chains.append((party,))
        for hop in result["hops"]:
            if hop["to_party"] == party and hop["from_party"] != party:
                _add(reached.bases, (hop["basis"], hop["exception"]))
                _add(reached.boundaries, hop["boundary"])
        reach.parties.append(reached)
    reach.stored = [n["key"] for n in result["nodes"] if n["kind"] == "system" and item in n["items"]]
    reach.foreign = [foreign[f] for f in reach.flows if f in foreign]
    return reach


#: chains listed per party an item reaches (a web of sub-processors could have very many)
MAX_CHAINS = 12


def _chains(party: str, into: dict[str, set[str]], operator: set[str], seen: tuple[str, ...]
            ) -> list[tuple[str, ...]]:
    """Every run of parties other than the operator that the item travels to reach `party`, along any path
    (not only the shortest): ("cloudco", "mailco") for form → CRM run by CloudCo → MailCo. A sub-processor
    reached through two contractors has a run through each."""
    lines: list[tuple[str, ...]] = []
    for source in sorted(into.get(party, ())):
        if len(lines) >= MAX_CHAINS:
            break
        if source in operator:
            lines.append((party,))
        elif source not in seen and source != party:
            lines.extend((*line, party) for line in _chains(source, into, operator, (*seen, party)))
    return list(dict.fromkeys(lines))[:MAX_CHAINS]


def _add(values: list, value: Any) -> None:
    if value not in values:
        values.append(value)
