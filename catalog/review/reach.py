"""What the review outputs (ledger, notice, audit pack) read from the store: the resolved model, never a
reading of their own.

`ReviewFacts.load(url)` gathers, in one read, the recorded inventory (for the ledger's recorded columns:
purposes, retention, risk …), the resolved facts of every node (`catalog.resolved.facts.all_nodes`), every
item's reach from the walk of `daicho where` (`catalog.lineage.where.where`) and every foreign flow from
`daicho abroad` (`catalog.lineage.nodes.abroad`, i.e. `FOREIGN_FLOWS`). Everything here is language-neutral
(keys, location codes, statuses); the ledger, notice and pack put it into words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from daicho.catalog.review.reach_chains import Chains

if TYPE_CHECKING:
    from daicho.inventory.db import ReadDB
    from daicho.inventory.model import Inventory

#: recipient kinds on the operator's outsourcing side (APPI 25 supervision)
CONTRACTOR_KINDS = ("contractor", "subcontractor")
#: recipient kinds a provision (APPI 27(1)) goes to
PROVISION_KINDS = ("third_party", "group_company")
#: boundaries of a provision by the operator (APPI 27 / 28 questions arise), as `catalog.resolved.build`
PROVISIONS = ("outsourcing", "subcontracting", "provision", "joint_use")
#: boundaries of the operator's own acts: a contractor passing data to a party other than its sub-contractors
#: does so for the operator (docs/lineage.md), so a chain of parties starts again there ("A > B" only where B is
#: A's sub-contractor, or a third party passes data on)
OPERATORS_ACTS = ("outsourcing", "provision", "joint_use")


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

    entries: list[Any] | None = None  # light read: the flows items enter by (`ledger_source.entry_flows`)
    exceptions: dict[str, str] | None = None  # light read: flow → its APPI 27(1) exception
    flow_count: int = 0  # how many flows the inventory records (a light read holds none of them)
    unread: tuple | None = field(default=None, repr=False, compare=False)  # what `read_reaches` reads them with
    #: item → the parties its reach reaches, when no process holds every reach (`ledger_stream`): `receivers`
    parties: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, url: str, light: bool = False, flow_items: bool = True, reaches: bool = True) -> ReviewFacts:
        """Read everything from the store at `url` (one connection). `light` (the ledger): the inventory
        without flows and items as plain views (`ledger_source.review_inventory`), and of the flows only those
        items enter by — the ledger's rows are the same, read in a fraction of the time and memory. Without
        `flow_items` (the csv ledger, with `light`), `abroad` holds only its flows, their items left empty.
        Without `reaches` (with `light`), no item's reach is read until `read_reaches` is asked for some."""
        from daicho.inventory.bulk import gc_paused

        with gc_paused():  # millions of long-lived objects and no cycles: a full collection would walk them all
            return cls._load(url, light, flow_items, reaches or not light)

    def read_reaches(self, items: set[str]) -> None:
        """Read the reaches of `items` (a read without `reaches`): the same as a whole read gives them."""
        from daicho.inventory.bulk import gc_paused
        from daicho.inventory.db import ReadDB

        url, by_flow, operator = self.unread
        with gc_paused(), ReadDB(url) as db:
            self.reaches.update(all_reaches(db, self.nodes, by_flow, operator, items))

    def read_abroad(self) -> None:
        """Read `abroad` whole, with each flow's items (a read without `flow_items` and `reaches`: the ledger's
        cross-border sheet, read after its rows)."""
        from daicho.catalog.lineage.nodes import abroad
        from daicho.inventory.bulk import gc_paused
        from daicho.inventory.db import ReadDB

        self.abroad = {}  # the entries without items go first (unless a reach still holds them)
        with gc_paused(), ReadDB(self.unread[0]) as db:
            self.abroad = abroad(db)

    def drop_reaches(self) -> None:
        """Forget the reaches read so far, and the `abroad` entries they were read with (the rows that needed
        them are written; `parties` says what `receivers` needs): their memory is free for what comes next."""
        self.reaches = {}
        if self.unread is not None:
            self.unread = (self.unread[0], {}, self.unread[2])

    @classmethod
    def _load(cls, url: str, light: bool, flow_items: bool = True, read: bool = True) -> ReviewFacts:
        from daicho.catalog.lineage.batch import walks
        from daicho.catalog.lineage.nodes import abroad, abroad_flows
        from daicho.catalog.lineage.where import chains
        from daicho.catalog.resolved.facts import all_nodes, home_country
        from daicho.inventory.db import ReadDB

        inventory = None if light else load_inventory(url)
        entries = exceptions = None
        with ReadDB(url) as db:
            if light:
                from daicho.catalog.review.ledger_source import entry_flows, flow_exceptions, review_inventory

                inventory = review_inventory(db)
                entries, exceptions = entry_flows(db), flow_exceptions(db)
                boundaries = {f.key: f.boundary for f in entries}
                flow_count = db.value("SELECT count(*) FROM flow")
            else:
                boundaries = dict(db.tuples("SELECT key, boundary FROM resolved_flow"))
                flow_count = len(inventory.flows)
            home = home_country(db)
            nodes = all_nodes(db)
            foreign = abroad(db) if flow_items or not light else abroad_flows(db, nodes)
            by_flow = {f["flow"]: f for f in foreign["flows"]}
            operator = operators(db)
            if not read:
                reaches = {}
            elif light:  # every item's reach straight from its edges, in one pass (`reaches`)
                reaches = dict(all_reaches(db, nodes, by_flow, operator))
            else:  # every item's `where` in one pass, each turned into its reach as it comes
                reaches = {key: item_reach(db, key, nodes, by_flow, walked, operator) for key, walked in walks(db)}
            lines = {k: chains(db, n) for k, n in nodes.items() if n["kind"] == "recipient"}
        return cls(inventory, home, nodes, reaches, foreign, lines, boundaries, entries, exceptions, flow_count,
                   None if read else (url, by_flow, operator))

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
        known = self.parties
        for record in self.inventory.items:  # in declared order
            reached = known[record.key] if known is not None else [p.party for p in self.reaches[record.key].parties]
            for party in reached:
                out.setdefault(party, []).append(record.key)
        return out


def load_inventory(url: str) -> Inventory:
    """The stored inventory with its records in the order the manifests declare them (the store sorts by key)."""
    from daicho.inventory.db import ReadDB
    from daicho.inventory.store import Store

    inventory = Store(url).inventory()
    with ReadDB(url) as db:
        rows = db.rows("SELECT key, file, line FROM record_source")
    from daicho.catalog.review.ledger_source import in_declared_order

    return in_declared_order(inventory, {r["key"]: (r["file"], r["line"]) for r in rows})


def operators(db: ReadDB) -> set[str]:
    """The operator's key(s): where a chain of parties starts."""
    return {r["key"] for r in db.rows("SELECT key FROM node WHERE kind = 'organization'")} or {"operator"}


def item_reach(db: ReadDB, item: str, nodes: dict[str, dict[str, Any]],
               foreign: dict[str, dict[str, Any]], walked: dict[str, Any] | None = None,
               operator: set[str] | None = None) -> ItemReach:
    """One item's reach from `where(db, item)`: the parties it reaches (`recipients` of the walk) with the
    chain of parties each shortest path runs through and the bases of the flows into them; the systems
    holding the item itself; its flows that `abroad` lists (`foreign`: flow key → abroad entry)."""
    from daicho.catalog.lineage.where import where

    result = walked if walked is not None else where(db, item)  # `walks` gives the same, for all items at once
    hops = result["hops"]
    flows = list(dict.fromkeys(h["flow"] for h in hops))
    reach = ItemReach(item, trail=[item] + [t["item"] for t in result["trail"]],
                      hops={n["key"]: n["hops"] for n in result["nodes"]}, flows=flows)
    operator = operator if operator is not None else operators(db)
    into: dict[str, set[str]] = {}  # party → the parties flows of this item come from
    bases: dict[str, list[tuple[str, str | None]]] = {}  # party → bases of the flows into it, in hop order
    boundaries: dict[str, list[str]] = {}
    start = min(operator)
    for hop in hops:
        to, source = hop["to_party"], hop["from_party"]
        if hop["boundary"] in OPERATORS_ACTS:
            source = start
        if to != source:
            into.setdefault(to, set()).add(source)
            _add(bases.setdefault(to, []), (hop["basis"], hop["exception"]))
            _add(boundaries.setdefault(to, []), hop["boundary"])
    runs = Chains(into, operator)
    for party in result["recipients"]:
        reached = Reached(party, nodes[party]["subkind"] or "", bases=bases.get(party, []),
                          boundaries=boundaries.get(party, []))
        for line in runs.of(party):
            _add(reached.chains, line)
        if not reached.chains:  # stored on its side with no way in: the walk starts there
            reached.chains.append((party,))
        reach.parties.append(reached)
    reach.stored = [n["key"] for n in result["nodes"] if n["kind"] == "system" and item in n["items"]]
    reach.foreign = [foreign[f] for f in flows if f in foreign]
    return reach


def all_reaches(db: ReadDB, nodes: dict[str, dict[str, Any]], foreign: dict[str, dict[str, Any]],
                operator: set[str], items: set[str] | None = None) -> Iterator[tuple[str, ItemReach]]:
    """Every item's `item_reach` (or only those of `items`), in key order, made straight from the item's lineage
    edges for an item with no derived item on its trail (most items; no where-like result is built in between), through
    `batch.walks`' own walk for the others. tests/test_ledger_stream.py holds the ledger made from these
    equal to the one made from `item_reach` of `walks`."""
    from daicho.catalog.lineage.batch import trails

    shared: _Shared | None = None
    for item, trail, edges, context in trails(db, items):
        if shared is None:
            shared = _Shared(context, nodes, operator)
        keys = [item] + [d["target"] for d in trail[1:]]
        yield item, _reach_one(item, edges, shared, foreign, keys)


class _Shared:
    """What `_reach_one` reads for every item, as tuples made once: flow → (position, key, source party,
    target party, (basis, exception), boundary); node → (is a system, off the operator's side, party)."""

    def __init__(self, context: Any, facts: dict[str, dict[str, Any]], operator: set[str]) -> None:
        stored, nodes, flows = context
        self.stored, self.operator = stored, operator
        self.flows = {k: (f["position"], k, f["source_party"], f["target_party"], (f["basis"], f["exception"]),
                          f["boundary"]) for k, f in flows.items()}
        self.nodes = {k: (n["kind"] == "system", n["party_kind"] != "operator", n["party"]) for k, n in nodes.items()}
        self.kinds = {k: n["subkind"] or "" for k, n in facts.items()}


def _reach_one(item: str, edges: list[tuple[str, str, str, str]], shared: _Shared,
               foreign: dict[str, dict[str, Any]], keys: list[str] | None = None) -> ItemReach:
    """`item_reach` of `batch._walk`'s result, without making that result. `keys`: the item's trail (the item
    and the items derived from it that go on; default the item alone). With the item alone, every node the
    walk reaches is a start or the end of a followed edge, so the nodes holding the item are those of `hops`;
    with a trail, those an edge carrying the item itself reaches, and the systems storing it at hop 0."""
    from daicho.catalog.lineage.batch import edge_hops

    keys = keys or [item]
    stored = shared.stored
    storing = set(stored.get(item, ())) if len(keys) == 1 else {s for k in keys for s in stored.get(k, ())}
    hops = edge_hops(edges, storing)
    flows = shared.flows
    holding: set[str] | dict[str, int] = hops
    if len(keys) == 1:
        carried = sorted([flows[flow] for _, src, _, flow in edges if src in hops])  # by position
    else:  # a flow carrying several trail items is one hop
        holding = {s for s in stored.get(item, ()) if hops.get(s) == 0}
        on = {}
        for it, src, dst, flow in edges:
            if src in hops:
                on[flow] = flows[flow]
                if it == item:
                    holding.add(src)
                    holding.add(dst)
        carried = sorted(on.values())
    into: dict[str, set[str]] = {}
    bases: dict[str, list[tuple[str, str | None]]] = {}
    boundaries: dict[str, list[str]] = {}
    start = min(shared.operator)
    for _, _, source, to, basis, boundary in carried:
        if boundary in OPERATORS_ACTS:
            source = start
        if to != source:
            sources = into.get(to)
            if sources is None:
                into[to], bases[to], boundaries[to] = {source}, [basis], [boundary]
                continue
            sources.add(source)
            if basis not in bases[to]:
                bases[to].append(basis)
            if boundary not in boundaries[to]:
                boundaries[to].append(boundary)
    parties: set[str] = set()
    kept: list[tuple[int, str]] = []
    reach_hops: dict[str, int] = {}
    nodes = shared.nodes
    for n, h in hops.items():
        node = nodes.get(n)
        if node is None:
            continue
        reach_hops[n] = h
        system, outside, party = node
        if system and n in holding:
            kept.append((h, n))
        if outside and (h > 0 or (system and n in storing)):
            parties.add(party)
    flow_keys = [f[1] for f in carried]
    kept.sort()
    reach = ItemReach(item, trail=keys, hops=reach_hops, flows=flow_keys, stored=[n for _, n in kept],
                      foreign=[entry for entry in map(foreign.get, flow_keys) if entry is not None])
    runs = None
    operator, kinds = shared.operator, shared.kinds
    for party in sorted(parties):
        sources = into.get(party)
        if sources is None or sources <= operator:  # straight from the operator, or stored there with no way in
            chains = [(party,)]
        else:
            runs = runs or Chains(into, operator)
            chains = runs.of(party) or [(party,)]
        reach.parties.append(Reached(party, kinds[party], chains, bases.get(party, []), boundaries.get(party, [])))
    return reach


def _add(values: list, value: Any) -> None:
    if value not in values:
        values.append(value)
