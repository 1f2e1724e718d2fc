"""The personal-information ledger (個人情報管理台帳) as data: one row per business process and item.

The recorded columns (purposes, retention, risk …) come from the inventory; where an item goes — its
contractors, third parties, joint users, foreign transfers and the systems holding it — comes from the
resolved model through `catalog.review.reach` (the walk of `daicho where` and the flows of `daicho abroad`),
never from a walk of its own. `ledger_rows` puts one language's words on those facts; the writers
(`ledger_writers`) turn the rows into XLSX, CSV and Markdown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from daicho.catalog.review.ledger_labels import country_name, word
from daicho.catalog.review.reach import (
    CONTRACTOR_KINDS,
    PROVISION_KINDS,
    ItemReach,
    Reached,
    ReviewFacts,
    in_declared_order,
    load_inventory,
)

if TYPE_CHECKING:
    from daicho.inventory.model import Flow, Inventory, Item, Process, System

__all__ = ["CONTRACTOR_KINDS", "PROVISION_KINDS", "Index", "LedgerRow", "ReviewFacts", "in_declared_order",
           "ledger_rows", "load_inventory"]


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
        for flow in inventory.flows:
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
        recorded = self.flows.get(flow)
        return recorded.exception if recorded else None

    def name(self, key: str, lang: str = "ja") -> str:
        """The name of any keyed record in `lang`, or its key."""
        for table in (self.items, self.systems, self.recipients, self.points, self.purposes, self.subjects):
            if key in table:
                return table[key].name.get(lang)
        return key

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
    inventory = facts.inventory
    index = index or Index(inventory, facts)
    rows: list[LedgerRow] = []
    placed: set[str] = set()
    for process in inventory.processes:
        for key in process.items:
            if key in index.items:
                placed.add(key)
                rows.append(_row(index, index.items[key], f"{process.key}/{key}", process, lang, len(rows) + 1))
    for item in inventory.items:
        if item.key not in placed:
            rows.append(_row(index, item, item.key, None, lang, len(rows) + 1))
    return rows


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
        storage=[_storage(index.systems[s], index, lang) for s in reach.stored if s in index.systems],
        access=sorted({a for s in reach.stored if s in index.systems for a in _access(index.systems[s])}),
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
    for recipient in index.recipients.values():
        if recipient.key in reached or not recipient.joint_use:
            continue
        if set(reach.trail) & set(recipient.joint_use.items):
            named = index.facts.nodes.get(recipient.key, {}).get("named_only")
            lines.append(index.name(recipient.key, lang) + (f" ({word('named_only', lang)})" if named else ""))
    return unique(lines)


def foreign_lines(index: Index, reach: ItemReach, lang: str = "ja") -> list[tuple[str, bool]]:
    """The item's flows that `daicho abroad` lists, one line per receiving party or system: where the party
    is registered, and where it keeps data when that differs (所在不明 / location unknown when not recorded);
    each with whether a foreign location is known (False: only unknown or home locations are recorded)."""
    lines = []
    for entry in reach.foreign:
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
        lines.append((line, known))
    return unique(lines)


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
