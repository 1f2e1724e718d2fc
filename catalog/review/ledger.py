"""The personal-information ledger (個人情報管理台帳) as data: one row per business process and item.

Contractors, recipients and countries come from the whole lineage, not only direct flows:
`item_reach` walks the loaded `Inventory` breadth-first from every node holding an item,
following flows that carry it and items derived from it by copy or pseudonymisation
(anonymisation and aggregation end the walk). Writers (`ledger_writers`) turn the rows
into XLSX, CSV and Markdown; nothing here formats a file.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

from daicho.catalog.review.ledger_labels import word
from daicho.inventory.model import KEYED_SECTIONS, Flow, Inventory, Item, System

#: Derivations whose result is still personal data about the same persons: the walk goes on through them.
CONTINUING = ("copy", "pseudonymisation")
CONTRACTOR_KINDS = ("contractor", "subcontractor")
PROVISION_BASES = ("consent", "opt_out", "exception")
PROVISION_KINDS = ("third_party", "group_company")


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
    last = ("\uffff", 0)
    changes = {section: sorted(getattr(inventory, section), key=lambda r: (where.get(r.key, last), r.key))
               for section in KEYED_SECTIONS}
    return inventory.model_copy(update=changes)


class Index:
    """Look-ups over one inventory: records by key, flows by source, derivations by item, countries."""

    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        org = inventory.organization
        self.home = org.country if org else "JP"
        self.items = {i.key: i for i in inventory.items}
        self.systems = {s.key: s for s in inventory.systems}
        self.recipients = {r.key: r for r in inventory.recipients}
        self.points = {c.key: c for c in inventory.collection_points}
        self.purposes = {p.key: p for p in inventory.purposes}
        self.subjects = {s.key: s for s in inventory.subjects}
        self.flows_from: dict[str, list[Flow]] = defaultdict(list)
        self.flows_carrying: dict[str, list[Flow]] = defaultdict(list)
        self.position = {id(flow): n for n, flow in enumerate(inventory.flows)}
        self.reaches: dict[str, Reach] = {}  # item → its reach, computed once
        for flow in inventory.flows:
            self.flows_from[flow.source].append(flow)
            for item in flow.items:
                self.flows_carrying[item].append(flow)
        self.held_by: dict[str, list[str]] = defaultdict(list)
        for system in inventory.systems:
            for item in system.items:
                self.held_by[item].append(system.key)
        self.derived: dict[str, list] = defaultdict(list)
        self.derived_into: dict[str, list[str]] = defaultdict(list)
        for derivation in inventory.derivations:
            self.derived[derivation.source].append(derivation)
            self.derived_into[derivation.target].append(derivation.source)

    def country(self, key: str) -> str | None:
        """Where a node is: its own country, else the operator's (a recipient without one: None)."""
        if key in self.systems:
            return self.systems[key].country or self.home
        if key in self.recipients:
            return self.recipients[key].country
        return self.home

    def name(self, key: str, lang: str = "ja") -> str:
        """The name of any keyed record in `lang`, or its key."""
        for table in (self.items, self.systems, self.recipients, self.points, self.purposes, self.subjects):
            if key in table:
                return table[key].name.get(lang)
        return key

    def recipient_path(self, key: str, lang: str = "ja") -> str:
        """A recipient's name, sub-contractors shown after their contractors: "A > B"."""
        names, seen, current = [], set(), key
        while current and current in self.recipients and current not in seen:
            seen.add(current)
            names.append(self.recipients[current].name.get(lang))
            current = self.recipients[current].parent
        return " > ".join(reversed(names))


@dataclass
class Reach:
    """Where one item goes: the flows it travels (with the item or derived item carried) and the nodes."""

    item: str
    edges: list[tuple[Flow, str]] = field(default_factory=list)
    hops: dict[str, int] = field(default_factory=dict)  # node → fewest flows from a holder (holders: 0)
    items: set[str] = field(default_factory=set)  # the item and what was derived from it on the way

    @property
    def nodes(self) -> list[str]:
        return list(self.hops)


def trail_of(index: Index, item: str) -> set[str]:
    """The item and every item derived from it by copy or pseudonymisation, transitively."""
    trail, stack = {item}, [item]
    while stack:
        for derivation in index.derived.get(stack.pop(), ()):
            if derivation.method in CONTINUING and derivation.target not in trail:
                trail.add(derivation.target)
                stack.append(derivation.target)
    return trail


def item_reach(index: Index, item: str) -> Reach:
    """Everything downstream of `item` (the semantics of `daicho where`): a breadth-first walk over the flows
    carrying its trail, from the systems storing a trail item and the sources no trail-carrying flow reaches.
    Computed once per item and index."""
    if item in index.reaches:
        return index.reaches[item]
    trail = trail_of(index, item)
    reach = Reach(item, items=trail)
    carrying = sorted({id(f): f for t in trail for f in index.flows_carrying.get(t, ())}.values(),
                      key=lambda f: index.position[id(f)])
    out: dict[str, list[Flow]] = defaultdict(list)
    for flow in carrying:
        out[flow.source].append(flow)
    targets = {f.target for f in carrying}
    roots = {*(s for t in trail for s in index.held_by.get(t, ())), *(f.source for f in carrying
                                                                       if f.source not in targets)}
    _walk(reach, out, sorted(roots))
    # Flows whose source only a cycle reaches: walk on from there, so no flow carrying the trail is missed.
    _walk(reach, out, sorted({f.source for f in carrying if f.source not in reach.hops}))
    index.reaches[item] = reach
    return reach


def _walk(reach: Reach, out: dict[str, list[Flow]], starts: list[str]) -> None:
    queue: deque[tuple[str, int]] = deque((node, 0) for node in starts)
    while queue:
        node, hops = queue.popleft()
        if node in reach.hops:
            continue
        reach.hops[node] = hops
        for flow in out.get(node, ()):
            reach.edges.extend((flow, i) for i in flow.items if i in reach.items)
            queue.append((flow.target, hops + 1))


@dataclass
class LedgerRow:
    """One ledger row, values already in the ledger's language; list fields hold one entry a line."""

    id: str
    process: str
    item: str
    item_key: str
    subjects: list[str]
    persons: int | None
    medium: str
    acquisition: list[str]
    purposes: list[str]
    storage: list[str]
    access: list[str]
    retention: list[str]
    disposal: str
    outsourcing: list[str]
    provision: list[str]
    joint_use: list[str]
    foreign: list[str]
    sensitive: str
    retained: str
    risk: list[str]
    last_reviewed: str
    is_sensitive: bool = False
    countries: list[str] = field(default_factory=list)

    def cell(self, column: str) -> str | int | None:
        """A column's value for a writer: lists joined one entry a line."""
        value = getattr(self, column)
        return "\n".join(value) if isinstance(value, list) else value


def ledger_rows(inventory: Inventory, lang: str = "ja", index: Index | None = None) -> list[LedgerRow]:
    """The ledger: a row per process and item (processes in order), then items no process names."""
    index = index or Index(inventory)
    rows: list[LedgerRow] = []
    placed: set[str] = set()
    for process in inventory.processes:
        for key in process.items:
            if key in index.items:
                placed.add(key)
                reach = item_reach(index, key)
                rows.append(_row(index, index.items[key], reach, f"{process.key}/{key}", process.name.get(lang),
                                 lang))
    for item in inventory.items:
        if item.key not in placed:
            reach = item_reach(index, item.key)
            rows.append(_row(index, item, reach, item.key, "", lang))
    return rows


def _row(index: Index, item: Item, reach: Reach, row_id: str, process: str, lang: str) -> LedgerRow:
    yes, no = word("yes", lang), word("no", lang)
    outsourcing = contractors_of(index, reach, lang)
    provision = sorted({f"{index.recipient_path(f.target, lang)} ({basis_label(f, lang)})"
                        for f in _provisions(index, reach)})
    joint = joint_users_of(index, reach, lang)
    countries = foreign_countries(index, reach)
    unknown = word("unknown", lang)
    return LedgerRow(
        id=row_id,
        process=process,
        item=item.name.get(lang),
        item_key=item.key,
        subjects=[index.name(s, lang) for s in item.subjects],
        persons=item.persons,
        medium=word(item.medium, lang),
        acquisition=_acquisition(index, item, lang),
        purposes=[index.name(p, lang) for p in item.purposes],
        storage=[_storage(index.systems[s], index, lang) for s in _stored_in(index, reach)],
        access=sorted({a for s in _stored_in(index, reach) for a in _access(index.systems[s])}),
        retention=_retention(index, item, lang),
        disposal=item.disposal or "",
        outsourcing=_answer(outsourcing, yes, no),
        provision=_answer(unique(provision), yes, no),
        joint_use=_answer(joint, yes, no),
        foreign=_answer([", ".join(c if c else unknown for c in countries)] if countries else [], yes, no),
        sensitive=word("applies" if item.sensitive else "not_applies", lang),
        retained=word("applies" if item.retained else "not_applies", lang),
        risk=_risk(item, lang),
        last_reviewed=item.last_reviewed.isoformat() if item.last_reviewed else "",
        is_sensitive=item.sensitive,
        countries=[c or "?" for c in countries],
    )


def _answer(entries: list[str], yes: str, no: str) -> list[str]:
    return [f"{yes}: {entries[0]}", *entries[1:]] if entries else [no]


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def basis_label(flow: Flow, lang: str) -> str:
    basis = word(flow.basis, lang)
    return f"{basis} {flow.exception}" if flow.exception else basis


def contractors_of(index: Index, reach: Reach, lang: str = "ja") -> list[str]:
    """Contractors and sub-contractors the item reaches, by flow or by running a system that holds it."""
    keys = [f.target for f, _ in reach.edges if recipient_kind(index, f.target) in CONTRACTOR_KINDS]
    keys += [index.systems[n].operated_by for n in reach.nodes
             if n in index.systems and index.systems[n].operated_by]
    keys += [n for n in reach.nodes if recipient_kind(index, n) in CONTRACTOR_KINDS]
    return sorted({index.recipient_path(k, lang) for k in keys if k in index.recipients})


def _provisions(index: Index, reach: Reach) -> list[Flow]:
    return [f for f, _ in reach.edges
            if f.basis in PROVISION_BASES and recipient_kind(index, f.target) in PROVISION_KINDS]


def provision_recipients(index: Index, reach: Reach) -> list[str]:
    """Keys of third parties the item is provided to (consent, opt-out or a legal exception)."""
    return unique([f.target for f in _provisions(index, reach)])


def joint_users_of(index: Index, reach: Reach, lang: str = "ja") -> list[str]:
    """Joint users: recipients of kind joint_user or of a joint-use flow, and joint-use declarations."""
    keys = [f.target for f, _ in reach.edges
            if f.basis == "joint_use" or recipient_kind(index, f.target) == "joint_user"]
    keys += [r.key for r in index.recipients.values()
             if r.joint_use and reach.items.intersection(r.joint_use.items)]
    return unique([index.recipient_path(k, lang) for k in keys if k in index.recipients])


def foreign_countries(index: Index, reach: Reach) -> list[str | None]:
    """Countries other than the operator's where the item is (None for a recipient of unknown country)."""
    nodes = [*reach.nodes, *(index.systems[n].operated_by for n in reach.nodes
                             if n in index.systems and index.systems[n].operated_by)]
    found = {index.country(n) for n in nodes if n}
    known = sorted(c for c in found if c and c != index.home)
    return [*known, None] if None in found else known


def recipient_kind(index: Index, key: str) -> str | None:
    recipient = index.recipients.get(key)
    return recipient.kind if recipient else None


def _stored_in(index: Index, reach: Reach) -> list[str]:
    """Systems holding the item itself: declared, or reached by a flow carrying it."""
    reached = [f.target for f, carried in reach.edges if carried == reach.item and f.target in index.systems]
    return unique([*index.held_by.get(reach.item, ()), *reached])


def _storage(system: System, index: Index, lang: str) -> str:
    where = index.country(system.key) or ""
    if system.region:
        where += f"/{system.region}"
    details = [word(system.kind, lang), where]
    if system.security and system.security.encryption_at_rest:
        details.append(word("encrypted", lang))
    return f"{system.name.get(lang)} ({'; '.join(d for d in details if d)})"


def _access(system: System) -> list[str]:
    return list(system.security.access) if system.security else []


def _acquisition(index: Index, item: Item, lang: str) -> list[str]:
    sep = "、" if lang == "ja" else ", "
    lines = [sep.join(word(a, lang) for a in item.acquisition)] if item.acquisition else []
    sources = []
    for flow in index.flows_carrying.get(item.key, ()):
        if flow.source in index.points:
            point = index.points[flow.source]
            channel = f" ({point.channel})" if point.channel else ""
            sources.append(f"{point.name.get(lang)}{channel}")
        elif flow.source in index.recipients:
            sources.append(index.recipient_path(flow.source, lang))
    sources += [f"{word('derived_from', lang)}: {index.name(s, lang)}" for s in index.derived_into.get(item.key, ())]
    return lines + [f"{word('source', lang)}: {s}" for s in unique(sources)]


def _retention(index: Index, item: Item, lang: str) -> list[str]:
    lines = []
    if item.retention:
        period = item.retention.period or ""
        trigger = f" ({word('on', lang)}: {item.retention.trigger})" if item.retention.trigger else ""
        lines.append(f"{period}{trigger}".strip())
    for event in index.inventory.retention_events:
        for step in event.steps:
            if item.key in step.items:
                period = f" {step.period}" if step.period else ""
                lines.append(f"{event.name.get(lang)}: {word(step.action, lang)}{period}")
    return [line for line in lines if line]


def _risk(item: Item, lang: str) -> list[str]:
    if not item.risk:
        return []
    lines = []
    if item.risk.residual:
        lines.append(f"{word('residual', lang)}: {word(item.risk.residual, lang)}")
    if item.risk.note:
        lines.append(item.risk.note)
    if item.risk.assessed:
        lines.append(f"{word('assessed', lang)}: {item.risk.assessed.isoformat()}")
    return lines
