"""The public notice: what APPI Art. 21 and Art. 32 require an operator to publish, from the inventory.

Operator (name, address, representative), purposes of use per item (items that share the same
purposes grouped, as privacy policies list them), provision to third parties, joint use,
recipients outside the home country — each with the items it receives and each transfer's own basis —,
the request procedure and contact, and the security measures with the places outside the home country
where personal data is kept (外的環境の把握). Who receives what, where, on which basis comes from the
resolved model (`catalog.review.reach`: the flows of `daicho abroad`, the boundaries and parties of
`catalog.resolved`); recipients named with no recorded data flow are not listed as receiving data.
`build_notice` returns plain data; the renderers (`RENDERERS`: md, text, json) turn it into a document.

Every matter of APPI 32(1) and Cabinet Order 10 has its place — the fee (32(1)(iii), 38(2)), disclosure of the
provision records (33(5)), the foreign-environment statement of each place abroad (PPC guideline 10-7), the
complaints desk and the accredited personal information protection organisation (Order 10(ii), (iii)); a matter
the inventory does not record prints as NOT RECORDED with its provision (`catalog.review.matters`, which check
DAI030 reads too), and `missing` lists them (what and provision in the notice's language, the key as it is).
Retained items with no purpose are named as such.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from daicho.catalog.resolved.countries import kept_besides, location_title
from daicho.catalog.review.ledger import Index
from daicho.catalog.review.ledger_labels import check_lang, country_name, word
from daicho.catalog.review.matters import cited, environment_locations, missing_matters
from daicho.catalog.review.reach import CONTRACTOR_KINDS, PROVISIONS, ReviewFacts
from daicho.catalog.words import say


@dataclass
class PurposeGroup:
    """Items that share one set of purposes."""

    items: list[str]
    item_keys: list[str]
    purposes: list[str]
    purpose_keys: list[str]
    personally_referable: bool = False


@dataclass
class Provision:
    recipient: str
    country: str
    items: list[str]
    basis: list[str]


@dataclass
class JointUseEntry:
    users: str
    items: list[str]
    purposes: list[str]
    responsible: str
    address: str = ""  # the responsible party's address and representative (APPI 27(5)(iii), since 2022)
    representative: str = ""


@dataclass
class ForeignFlow:
    """One transfer to a foreign recipient: its items, its own basis and foreign-transfer basis (APPI 28)."""

    flow: str
    items: list[str]
    basis: str
    foreign_basis: str
    status: str  # the status `daicho abroad` gives it


@dataclass
class ForeignRecipient:
    """A recipient outside the home country (or of unknown location) and what it receives."""

    key: str
    recipient: str
    kind: str
    country: str  # where it is established (APPI 28), in words
    code: str | None
    hosting: list[str]  # where it keeps data, where that differs from `country`
    items: list[str]
    flows: list[ForeignFlow]


@dataclass
class StorageAbroad:
    """A system whose data is kept outside the home country without being provided to anyone: the
    operator's own, or storage its provider does not handle (PPC Q&A 7-53; guideline 10-7)."""

    key: str
    system: str
    locations: list[str]
    provider: str  # the storage provider that does not handle the data; empty for the operator's own


@dataclass
class Environment:
    """The foreign-environment statement for one place where personal data is handled abroad (guideline 10-7);
    an empty statement is one the inventory does not record."""

    code: str
    location: str
    statement: str


@dataclass
class Notice:
    lang: str
    operator: dict[str, str]
    home: str = "JP"
    home_name: str = ""
    purposes: list[PurposeGroup] = field(default_factory=list)
    provision: list[Provision] = field(default_factory=list)
    joint_use: list[JointUseEntry] = field(default_factory=list)
    foreign: list[ForeignRecipient] = field(default_factory=list)
    requests: str = ""
    contact: list[str] = field(default_factory=list)
    security: str = ""
    storage_abroad: list[StorageAbroad] = field(default_factory=list)
    fee: str = ""
    provision_records: bool = False
    environment: list[Environment] = field(default_factory=list)
    complaints: str = ""
    accredited: dict[str, Any] | None = None  # {member, name, complaints}; None: not recorded
    unpurposed: list[str] = field(default_factory=list)  # retained personal items with no purpose recorded
    missing: list[dict[str, str]] = field(default_factory=list)  # matters not recorded: key, what, cites

    def as_dict(self) -> dict:
        return asdict(self)


def build_notice(facts: ReviewFacts | str, lang: str = "en") -> Notice:
    """The matters to publish, in `lang` (names fall back to the other language), for the store at a URL
    or the facts read from it (`ReviewFacts.load`)."""
    check_lang(lang)
    facts = ReviewFacts.load(facts) if isinstance(facts, str) else facts
    inventory = facts.inventory
    index = Index(inventory, facts)
    org = inventory.organization
    operator = {"name": org.name.get(lang) if org else "", "address": (org.address or "") if org else "",
                "representative": (org.representative or "") if org else ""}
    contact = org.contact if org else None
    lines = []
    if contact:
        lines += [contact.name.get(lang)] if contact.name else []
        lines += [v for v in (contact.email, contact.phone, contact.address, contact.url) if v]
    locations = notice_locations(facts)
    stated = {e.location: e.statement.get(lang) for e in org.foreign_environment} if org else {}
    accredited = org.accredited_organization if org else None
    return Notice(
        lang=lang, operator=operator, home=facts.home, home_name=location_title(facts.home, lang) or facts.home,
        purposes=purpose_groups(inventory, index, lang), provision=_provision(index, lang),
        joint_use=_joint_use(index, lang), foreign=foreign_recipients(index, lang),
        requests=org.request_procedure.get(lang) if org and org.request_procedure else "",
        contact=lines, security=org.security_measures.get(lang) if org and org.security_measures else "",
        storage_abroad=storage_abroad(index, lang),
        fee=org.request_fee.get(lang) if org and org.request_fee else "",
        provision_records=bool(org and org.discloses_provision_records),
        environment=[Environment(c, country_name(c, lang), stated.get(c, "")) for c in locations],
        complaints=org.complaints_desk.get(lang) if org and org.complaints_desk else "",
        accredited=accredited.model_dump() if accredited else None,
        unpurposed=[i.name.get(lang) for i in inventory.items
                    if i.retained and not i.purposes and not (i.anonymised or i.personally_referable)],
        missing=[{"key": m.key, "what": say(m.what, lang), "cites": cited(m.cites, lang)}
                 for m in missing_matters(org, locations)],
    )


def notice_locations(facts: ReviewFacts) -> list[str]:
    """Where the operator's personal data is handled abroad, as check DAI030 reads it
    (`catalog.review.matters.environment_locations`, over `daicho abroad`'s flows)."""
    holding = [s.key for s in facts.inventory.systems if s.personal_data and s.items]
    flows = [{**e, "transfer_location": e["to_country"]} for e in facts.abroad["flows"]]
    return environment_locations(facts.nodes, holding, flows)


def purpose_groups(inventory: Any, index: Index, lang: str) -> list[PurposeGroup]:
    """Items with purposes (anonymised ones left out), grouped by identical purpose lists, in item order;
    personally referable items (cookies and the like, APPI 31) come last, in groups of their own."""
    groups: dict[tuple[str, ...], PurposeGroup] = {}
    for item in inventory.items:
        if item.anonymised or not item.purposes:
            continue
        key = (item.personally_referable, *item.purposes)
        if key not in groups:
            groups[key] = PurposeGroup([], [], [index.name(p, lang) for p in item.purposes], list(item.purposes),
                                       item.personally_referable)
        groups[key].items.append(item.name.get(lang))
        groups[key].item_keys.append(item.key)
    return sorted(groups.values(), key=lambda g: g.personally_referable)


def _flows(index: Index, boundaries: tuple[str, ...]) -> list[tuple[Any, str]]:
    """Recorded flows (manifest order) whose resolved boundary is one of `boundaries`, with the boundary."""
    resolved = index.facts.boundaries
    return [(f, resolved[f.key]) for f in index.inventory.flows if resolved.get(f.key) in boundaries]


def published(boundary: str, party: dict[str, Any]) -> bool:
    """Whether a flow with this resolved boundary into this party is a provision the notice publishes: the
    operator's provisions only (a contractor passing data to a third party acts for the operator, so the
    resolved model reads that as the operator's provision too; `onward` is a third party's own act)."""
    return boundary in PROVISIONS


def _provision(index: Index, lang: str) -> list[Provision]:
    """Recipients of a provision (APPI 27(1): the resolved boundary `provision`), with where they are
    established, the items and the bases (see `published`)."""
    found: dict[str, Provision] = {}
    for flow, boundary in _flows(index, ("provision",)):
        party = index.facts.party_of(flow.target)
        if not published(boundary, index.facts.nodes[party]):
            continue
        registered = index.facts.nodes[party]["registered"]
        entry = found.setdefault(party, Provision(index.name(party, lang), country_name(registered, lang), [], []))
        _extend(entry.items, [index.name(i, lang) for i in flow.items])
        _extend(entry.basis, [word(flow.basis, lang) + (f" ({flow.exception})" if flow.exception else "")])
    return list(found.values())


def _joint_use(index: Index, lang: str) -> list[JointUseEntry]:
    """Joint users (APPI 27(5)(iii)): the declarations of joint users with a recorded data flow, and the
    joint-use flows."""
    entries: dict[str, JointUseEntry] = {}
    for recipient in index.recipients.values():
        declared = recipient.joint_use
        if declared and not index.facts.nodes[recipient.key]["named_only"]:
            entries[recipient.key] = JointUseEntry(
                users=declared.users or recipient.name.get(lang),
                items=[index.name(i, lang) for i in declared.items],
                purposes=[index.name(p, lang) for p in declared.purposes], responsible=declared.responsible or "",
                address=declared.responsible_address or "", representative=declared.responsible_representative or "")
    for flow, _ in _flows(index, ("joint_use",)):
        party = index.facts.party_of(flow.target)
        entry = entries.setdefault(party, JointUseEntry(index.name(party, lang), [], [], ""))
        _extend(entry.items, [index.name(i, lang) for i in flow.items])
        _extend(entry.purposes, [index.name(p, lang) for p in flow.purposes])
    return list(entries.values())


def foreign_recipients(index: Index, lang: str) -> list[ForeignRecipient]:
    """Each recipient that personal data is provided to outside the home country — or where it is not
    known (`daicho abroad`: provisions, incl. to systems a recipient operates; see `published`; not a recipient
    established at home that keeps the data abroad: APPI 28 does not reach it) — with the items it receives
    and each flow's own basis and foreign-transfer basis ("none recorded" where none). Flows of personally
    referable or anonymised items only are left out (APPI 31, not 28), as in `daicho abroad`."""
    facts = index.facts
    not_personal = {i.key for i in facts.inventory.items if i.personally_referable or i.anonymised}
    found: dict[str, ForeignRecipient] = {}
    for entry in facts.abroad["flows"]:
        party = facts.nodes.get(entry["to_party"])
        if party is None or not published(entry["boundary"], party) or entry["status"] == "referable":
            continue
        if entry["foreign_status"] == "not_applicable":  # established at home: APPI 28 does not apply (where it
            continue  # keeps data abroad is for the security measures, PPC guideline 10-7)
        items = [i for i in entry["items"] if i not in not_personal]
        if not items:
            continue
        registered = party["registered"] or "unknown"
        recipient = found.get(party["key"])
        if recipient is None:
            label = index.recipient_path(party["key"], lang) if len(facts.chains.get(party["key"], [])) == 1 \
                else index.name(party["key"], lang)
            if party["subkind"] in CONTRACTOR_KINDS:
                label += f" ({word(party['subkind'], lang)})"
            recipient = found[party["key"]] = ForeignRecipient(
                party["key"], label, party["subkind"] or "", country_name(registered, lang), registered,
                [country_name(h, lang) for h in kept_besides(party["hosting"], registered)], [], [])
        names = [index.name(i, lang) for i in items]
        _extend(recipient.items, names)
        foreign = word(entry["foreign_basis"], lang) if entry["foreign_basis"] else word("none_recorded", lang)
        if entry["status"] == "exempt":
            foreign = word("status_exempt", lang)
        recipient.flows.append(ForeignFlow(entry["flow"], names, _basis(index, entry, lang), foreign,
                                           entry["status"]))
    return list(found.values())


def _basis(index: Index, entry: dict[str, Any], lang: str) -> str:
    exception = index.exception(entry["flow"])
    basis = word(entry["basis"], lang) if entry["basis"] else word("none_recorded", lang)
    return basis + (f" ({exception})" if exception else "")


def storage_abroad(index: Index, lang: str) -> list[StorageAbroad]:
    """Systems holding personal data outside the home country (or where it is not known) that are no
    provision: the operator's own and storage whose provider does not handle the data (the resolved
    `foreign_hosting`). Published with the security measures (APPI 32, Cabinet Order 10; PPC guideline 10-7)."""
    facts = index.facts
    holding = {s.key for s in facts.inventory.systems if s.items}
    holding |= {e["to"] for e in facts.abroad["flows"]
                if e["status"] in ("own_system", "recipient_system", "storage")}
    out = []
    for system in facts.inventory.systems:
        node = facts.nodes[system.key]
        if system.key not in holding or node["party_kind"] != "operator" or not node["foreign_hosting"]:
            continue
        provider = index.name(node["operated_by"], lang) if node["operated_by"] else ""
        out.append(StorageAbroad(system.key, index.name(system.key, lang),
                                 [country_name(h, lang) for h in node["foreign_hosting"]], provider))
    return out


def _extend(values: list[str], more: list[str]) -> None:
    values.extend(v for v in more if v not in values)


# ---- rendering -------------------------------------------------------------------------------------------
