"""The personal-information ledger (個人情報管理台帳) as data: one row per business process and item.

The recorded columns (purposes, retention, risk …) come from the inventory; where an item goes — its
contractors, third parties, joint users, foreign transfers and the systems holding it — comes from the
resolved model through `catalog.review.reach` (the walk of `daicho where` and the flows of `daicho abroad`),
never from a walk of its own. `ledger_rows` puts one language's words on those facts; the writers
(`ledger_writers`) turn the rows into XLSX, CSV and Markdown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from daicho.catalog.review.ledger_labels import country_name, word
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
    from daicho.inventory.model import Flow, Inventory, Item, Process, System

__all__ = ["CONTRACTOR_KINDS", "PROVISION_KINDS", "Index", "LedgerRow", "ReviewFacts", "in_declared_order",
           "iter_ledger_rows", "ledger_rows", "load_inventory"]


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
        self._lines: dict[tuple, object] = {}  # (system or flow, lang) → its storage or foreign line
        self._named: dict[str, object] = {}  # key → the record whose name it has (first table wins, as `name`)
        for table in (self.subjects, self.purposes, self.points, self.recipients, self.systems, self.items):
            self._named.update(table)

    def storage(self, system: str, lang: str) -> str:
        """A system's storage line (`_storage`), made once per system and language."""
        line = self._lines.get((system, lang))
        if line is None:
            line = self._lines[(system, lang)] = _storage(self.systems[system], self, lang)
        return line

    def access(self, system: str) -> list[str]:
        """Who has access to a system (`_access`), read once per system."""
        found = self._lines.get((system, None))
        if found is None:
            found = self._lines[(system, None)] = _access(self.systems[system])
        return found

    def foreign_line(self, entry: dict, lang: str) -> tuple[str, bool]:
        """An `abroad` entry's line in the foreign column (`foreign_line`), made once per flow and language."""
        line = self._lines.get((entry["flow"], lang))
        if line is None:
            line = self._lines[(entry["flow"], lang)] = foreign_line(self, entry, lang)
        return line

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

    def recipient_path(self, key: str, lang: str = "ja") -> str:
        """A recipient's name after its contractors ("A > B"); with several parents, the first line."""
        lines = self.facts.chains.get(key) if self.facts else None
        above = list(reversed(lines[0])) if lines else []
        return " > ".join(self.name(k, lang) for k in [*above, key])

    def chain_label(self, chain: tuple[str, ...], lang: str = "ja") -> str:
        """Parties along a path, nearest last: "CloudCo > MailCo"."""
        return " > ".join(self.name(k, lang) for k in chain)


@dataclass
class LedgerRow:
    """One ledger row, values already in the ledger's language; list fields hold one entry a line."""

    no: int  # 管理番号: the row's running number
    id: str
    department: str
    owner: str
    process: str
    item: str
    item_key: str
    info_class: str
    subjects: list[str]
    persons: int | None
    medium: str
    acquisition: list[str]
    written: list[str]
    purposes: list[str]
    notice: list[str]
    consent: list[str]
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
    kind: str = "personal"  # key of info_class: personal, sensitive, personally_referable, pseudonymised, anonymised
    countries: list[str] = field(default_factory=list)  # location codes of the item's foreign flows

    def cell(self, column: str) -> str | int | None:
        """A column's value for a writer: lists joined one entry a line."""
        value = getattr(self, column)
        return "\n".join(value) if isinstance(value, list) else value


def ledger_rows(facts: ReviewFacts, lang: str = "ja", index: Index | None = None) -> list[LedgerRow]:
    """The ledger: a row per process and item (processes in order), then items no process names."""
    return list(iter_ledger_rows(facts, lang, index))


def iter_ledger_rows(facts: ReviewFacts, lang: str = "ja", index: Index | None = None) -> Iterator[LedgerRow]:
    """`ledger_rows`, one row at a time (a writer streams them)."""
    inventory = facts.inventory
    index = index or Index(inventory, facts)
    placed: set[str] = set()
    n = 0
    for process in inventory.processes:
        for key in process.items:
            if key in index.items:
                placed.add(key)
                n += 1
                yield _row(index, index.items[key], f"{process.key}/{key}", process, lang, n)
    for item in inventory.items:
        if item.key not in placed:
            n += 1
            yield _row(index, item, item.key, None, lang, n)


def count_rows(facts: ReviewFacts) -> int:
    """How many rows `ledger_rows` makes (without making them)."""
    keys = {item.key for item in facts.inventory.items}
    named = [key for process in facts.inventory.processes for key in process.items if key in keys]
    return len(named) + len(keys - set(named))


def _row(index: Index, item: Item, row_id: str, process: Process | None, lang: str, no: int) -> LedgerRow:
    from daicho.catalog.review import ledger_pmark as pmark

    facts = index.facts
    reach = facts.reaches[item.key]
    yes, no_word = word("yes", lang), word("no", lang)
    kind = pmark.info_class(item)
    return LedgerRow(
        no=no,
        id=row_id,
        department=(process.department or "") if process else "",
        owner=(process.owner or "") if process else "",
        process=process.name.get(lang) if process else "",
        item=item.name.get(lang),
        item_key=item.key,
        info_class=word(f"class_{kind}", lang),
        subjects=[index.name(s, lang) for s in item.subjects],
        persons=item.persons,
        medium=word(item.medium, lang),
        acquisition=_acquisition(index, item, lang),
        written=pmark.written_lines(index, item, lang),
        purposes=[index.name(p, lang) for p in item.purposes],
        notice=pmark.notice_lines(index, item, lang),
        consent=pmark.consent_lines(index, item, reach, lang),
        storage=[index.storage(s, lang) for s in reach.stored if s in index.systems],
        access=sorted({a for s in reach.stored if s in index.systems for a in index.access(s)}),
        retention=_retention(index, item, lang),
        disposal=item.disposal or "",
        outsourcing=_answer(contractors_of(index, reach, lang), yes, no_word),
        provision=_answer(provisions_of(index, reach, lang), yes, no_word),
        joint_use=_answer(joint_users_of(index, reach, lang), yes, no_word),
        foreign=pmark.foreign_answer(foreign_lines(index, reach, lang), lang),
        sensitive=word("applies" if item.sensitive else "not_applies", lang),
        retained=pmark.retained_label(item, lang),
        risk=_risk(item, lang),
        last_reviewed=item.last_reviewed.isoformat() if item.last_reviewed else "",
        is_sensitive=item.sensitive,
        kind=kind,
        countries=foreign_locations(reach),
    )


def _answer(entries: list[str], yes: str, no: str) -> list[str]:
    return [f"{yes}: {entries[0]}", *entries[1:]] if entries else [no]


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def basis_label(basis: str | None, exception: str | None, lang: str) -> str:
    """A flow's basis in words, with its APPI 27(1) exception."""
    label = word(basis, lang)
    return f"{label} {exception}" if exception else label


def _paths(index: Index, reached: list[Reached], lang: str) -> list[str]:
    """Each party once per chain of parties its paths run through ("CloudCo > MailCo")."""
    return sorted(unique([index.chain_label(chain, lang) for party in reached for chain in party.chains]))


def contractors_of(index: Index, reach: ItemReach, lang: str = "ja") -> list[str]:
    """Contractors and sub-contractors the item reaches — by flow, or by running a system that holds it —,
    a sub-contractor once per line of contractors the item's paths take to it."""
    return _paths(index, reach.of_kind(CONTRACTOR_KINDS), lang)


def provisions_of(index: Index, reach: ItemReach, lang: str = "ja") -> list[str]:
    """Third parties and group companies the item reaches, with the bases of the flows into them."""
    lines = []
    for party in reach.of_kind(PROVISION_KINDS):
        bases = unique([basis_label(b, e, lang) for b, e in party.bases])
        lines.append(index.name(party.party, lang) + (f" ({', '.join(bases)})" if bases else ""))
    return sorted(unique(lines))


def joint_users_of(index: Index, reach: ItemReach, lang: str = "ja") -> list[str]:
    """Joint users the item reaches, and joint-use declarations naming the item or an item derived from it
    (a joint user with no recorded data flow is marked so)."""
    lines = [index.name(p.party, lang) for p in reach.of_kind(("joint_user",))]
    reached = {p.party for p in reach.parties}
    declaring = {r for t in reach.trail for r in index.joint_by_item.get(t, ())}
    for recipient in index.joint_declarations if declaring else ():
        if recipient.key in reached:
            continue
        if recipient.key in declaring:
            named = index.facts.nodes.get(recipient.key, {}).get("named_only")
            lines.append(index.name(recipient.key, lang) + (f" ({word('named_only', lang)})" if named else ""))
    return unique(lines)


def foreign_lines(index: Index, reach: ItemReach, lang: str = "ja") -> list[tuple[str, bool]]:
    """The item's flows that `daicho abroad` lists, one line per receiving party or system: where the party
    is registered, and where it keeps data when that differs (所在不明 / location unknown when not recorded);
    each with whether a foreign location is known (False: only unknown or home locations are recorded)."""
    return unique([index.foreign_line(entry, lang) for entry in reach.foreign])


def foreign_line(index: Index, entry: dict, lang: str) -> tuple[str, bool]:
    """One `abroad` entry's line in the foreign column, and whether a foreign location is known."""
    party = index.facts.nodes.get(entry["to_party"])
    if party is not None and party["kind"] == "recipient":
        label = index.name(party["key"], lang)
        if entry["to"] != party["key"]:
            label += f" ({index.name(entry['to'], lang)})"
        where = entry["registered"] or "unknown"
        kept = [h for h in entry["hosting"] if h != where]
    else:  # the operator's own system, or storage its provider does not handle
        label = index.name(entry["to"], lang)
        if entry["status"] == "storage":
            label += f" ({word('storage_only', lang)})"
        where, kept = entry["to_country"] or "unknown", []
    line = f"{label}: {country_name(where, lang)}"
    if kept:
        line += f" ({word('kept_in', lang)}: {', '.join(country_name(h, lang) for h in kept)})"
    known = any(code not in ("unknown", index.facts.home) for code in (where, *kept))
    return line, known


def foreign_locations(reach: ItemReach) -> list[str]:
    """Location codes of the item's foreign flows: registered and hosting (`unknown` included)."""
    codes = [c for e in reach.foreign for c in [e["registered"] or e["to_country"] or "unknown", *e["hosting"]]]
    return sorted(set(codes))


def _storage(system: System, index: Index, lang: str) -> str:
    node = index.facts.nodes.get(system.key) or {}
    where = ", ".join(country_name(h, lang) for h in node.get("hosting") or ["unknown"])
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
    entries = ("acquisition", "receipt")  # where items enter the operator (the resolved boundary)
    for flow in index.flows_carrying.get(item.key, ()):
        if flow.source in index.points:
            point = index.points[flow.source]
            channel = f" ({point.channel})" if point.channel else ""
            sources.append(f"{point.name.get(lang)}{channel}")
        elif flow.source in index.recipients and index.facts.boundaries.get(flow.key) in entries:
            sources.append(index.name(flow.source, lang))
    sources += [f"{word('derived_from', lang)}: {index.name(s, lang)}" for s in index.derived_into.get(item.key, ())]
    return lines + [f"{word('source', lang)}: {s}" for s in unique(sources)]


def _retention(index: Index, item: Item, lang: str) -> list[str]:
    lines = []
    if item.retention:
        period = item.retention.period or ""
        trigger = f" ({word('on', lang)}: {item.retention.trigger})" if item.retention.trigger else ""
        lines.append(f"{period}{trigger}".strip())
    for event, step in index.steps_of.get(item.key, ()):
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
