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
DAI030 reads too), and `missing` lists them. Retained items with no purpose are named as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from daicho.catalog.resolved.countries import location_title
from daicho.catalog.review.ledger import Index
from daicho.catalog.review.ledger_labels import check_lang, country_name, word
from daicho.catalog.review.matters import environment_locations, missing_matters
from daicho.catalog.review.reach import CONTRACTOR_KINDS, PROVISIONS, ReviewFacts
from daicho.inventory.safe_text import json_text, visible


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
        missing=[{"key": m.key, "what": m.what, "cites": m.cites} for m in missing_matters(org, locations)],
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
    known (`daicho abroad`: provisions, incl. to systems a recipient operates; see `published`) — with the
    items it receives
    and each flow's own basis and foreign-transfer basis ("none recorded" where none). Flows of personally
    referable or anonymised items only are left out (APPI 31, not 28), as in `daicho abroad`."""
    facts = index.facts
    not_personal = {i.key for i in facts.inventory.items if i.personally_referable or i.anonymised}
    found: dict[str, ForeignRecipient] = {}
    for entry in facts.abroad["flows"]:
        party = facts.nodes.get(entry["to_party"])
        if party is None or not published(entry["boundary"], party) or entry["status"] == "referable":
            continue
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
                [country_name(h, lang) for h in party["hosting"] if h != registered], [], [])
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

_HEADINGS = {
    "title": ("個人情報の取扱いに関する公表事項", "Public notice on the handling of personal information"),
    "operator": ("個人情報取扱事業者", "Business operator"),
    "purposes": ("利用目的（個人情報保護法第21条・第32条）", "Purposes of use (APPI Art. 21, Art. 32)"),
    "provision": ("第三者提供（第27条）", "Provision to third parties (APPI Art. 27)"),
    "joint_use": ("共同利用（第27条第5項第3号）", "Joint use (APPI Art. 27(5)(iii))"),
    "foreign": ("外国にある第三者への提供・外国での取扱い（第28条）",
                "Recipients in foreign countries (APPI Art. 28)"),
    "requests": ("開示等の請求手続・お問い合わせ窓口（第32条〜第40条）",
                 "Requests for disclosure etc. and contact (APPI Art. 32-40)"),
    "security": ("安全管理措置（第23条・第32条、施行令第10条第1号）",
                 "Security control measures (APPI Art. 23, Art. 32; Cabinet Order Art. 10(i))"),
    "complaints": ("苦情の申出先（施行令第10条第2号）", "Complaints desk (Cabinet Order Art. 10(ii))"),
    "accredited": ("認定個人情報保護団体（施行令第10条第3号）",
                   "Accredited personal information protection organisation (Cabinet Order Art. 10(iii))"),
    "fee": ("手数料", "Fee"),
    "records": ("第三者提供記録の開示", "Disclosure of provision records"),
    "records_yes": ("第三者提供記録の開示も請求できます", "Disclosure of the third-party provision records may also be "
                                                         "requested"),
    "procedure": ("請求手続", "Procedure"),
    "environment_lead": ("外的環境の把握（個人情報保護委員会ガイドライン通則編10-7）：",
                         "Foreign environment (PPC general guideline 10-7):"),
    "not_member": ("加入していません", "The operator is not a member of one"),
    "org_complaints": ("苦情の申出先", "Its complaints desk"),
    "unpurposed": ("利用目的が記録されていない項目", "Items with no purpose recorded"),
    "address_of": ("責任者の住所", "Responsible party's address"),
    "representative_of": ("責任者の代表者", "Responsible party's representative"),
    "name": ("名称", "Name"), "address": ("住所", "Address"), "representative": ("代表者", "Representative"),
    "users": ("共同利用者", "Joint users"), "items": ("項目", "Items"), "purposes_of": ("利用目的", "Purposes"),
    "responsible": ("責任者", "Responsible party"), "recipients": ("提供先", "Recipients"),
    "basis": ("根拠", "Basis"), "foreign_basis": ("移転の根拠", "Transfer basis"),
    "foreign_lead": ("{home}の国外にある提供先（委託先を含む）ごとに、所在国、データの保管場所、"
                     "提供する項目と提供ごとの根拠を示します。",
                     "Each recipient outside {home} (contractors included): the country where it is established, "
                     "where it keeps the data, the items it receives and each transfer's basis."),
    "storage_lead": ("{home}の国外で保管している個人データ（外的環境の把握）：",
                     "Personal data kept outside {home} (knowing the foreign environment):"),
    "stored_by": ("{provider}による保管。{provider}は個人データを取り扱わないため、提供には当たりません",
                  "stored by {provider}, which does not handle the data: no provision"),
    "kept_in": ("保管場所", "kept in"),
    "none": ("該当なし", "None"),
    "not_recorded": ("⚠ 台帳に記載なし", "⚠ NOT RECORDED in the inventory"),
    "referable": ("Cookie等（個人関連情報、第31条）",
                  "Cookies and similar (personally referable information, Art. 31)"),
}


def _h(key: str, lang: str) -> str:
    ja, en = _HEADINGS[key]
    return ja if lang == "ja" else en


def _missing(lang: str, cites: str) -> str:
    """A matter not recorded, loudly, with the provision that asks for it."""
    return f"{_h('not_recorded', lang)} ({cites})"


def _sections(notice: Notice) -> list[tuple[str, list[tuple[str, str]]]]:
    """The notice as (heading, [(label, value)]) sections; an empty label marks a list entry."""
    lang = notice.lang
    sep = "、" if lang == "ja" else ", "
    none = [("", _h("none", lang))]
    op, missing = notice.operator, _missing(lang, "APPI 32(1)(i)")
    out = [(_h("operator", lang), [(_h(k, lang), op[k] or missing) for k in ("name", "address", "representative")])]
    purposes = [(sep.join(g.items), sep.join(g.purposes)) for g in notice.purposes if not g.personally_referable]
    referable = [(sep.join(g.items), sep.join(g.purposes)) for g in notice.purposes if g.personally_referable]
    if referable:
        purposes += [("", _h("referable", lang)), *referable]
    if notice.unpurposed:
        purposes.append((_h("unpurposed", lang), f"{sep.join(notice.unpurposed)} — {_missing(lang, 'APPI 32(1)(ii)')}"))
    out.append((_h("purposes", lang), purposes or none))
    out.append((_h("provision", lang), [(p.recipient, (f"{p.country} — " if p.country else "")
                                         + f"{sep.join(p.items)} [{sep.join(p.basis)}]")
                                        for p in notice.provision] or none))
    joint = []
    for j in notice.joint_use:
        unrecorded = _missing(lang, "APPI 27(5)(iii)")
        joint += [(_h("users", lang), j.users), (_h("items", lang), sep.join(j.items)),
                  (_h("purposes_of", lang), sep.join(j.purposes)),
                  (_h("responsible", lang), j.responsible or unrecorded),
                  (_h("address_of", lang), j.address or unrecorded),
                  (_h("representative_of", lang), j.representative or unrecorded)]
    out.append((_h("joint_use", lang), joint or none))
    foreign = [(f.recipient, _foreign_text(f, lang)) for f in notice.foreign]
    if foreign:
        foreign.insert(0, ("", _h("foreign_lead", lang).format(home=notice.home_name)))
    out.append((_h("foreign", lang), foreign or none))
    requests = [(_h("procedure", lang), notice.requests or _missing(lang, "APPI 32(1)(iii)")),
                (_h("fee", lang), notice.fee or _missing(lang, "APPI 32(1)(iii), 38(2)")),
                (_h("records", lang), _h("records_yes", lang) if notice.provision_records
                 else _missing(lang, "APPI 33(5)"))]
    out.append((_h("requests", lang), requests + [("", v) for v in notice.contact if v]))
    security = [("", notice.security or _missing(lang, "Cabinet Order 10(i)"))]
    if notice.storage_abroad:
        security.append(("", _h("storage_lead", lang).format(home=notice.home_name)))
        security += [(s.system, sep.join(s.locations) + (f" — {_h('stored_by', lang).format(provider=s.provider)}"
                                                          if s.provider else "")) for s in notice.storage_abroad]
    if notice.environment:
        security.append(("", _h("environment_lead", lang)))
        security += [(e.location, e.statement or _missing(lang, "PPC General Guideline 10-7"))
                     for e in notice.environment]
    out.append((_h("security", lang), security))
    out.append((_h("complaints", lang), [("", notice.complaints or _missing(lang, "Cabinet Order 10(ii)"))]))
    out.append((_h("accredited", lang), _accredited(notice.accredited, lang)))
    return out


def _accredited(accredited: dict[str, Any] | None, lang: str) -> list[tuple[str, str]]:
    """The accredited personal information protection organisation: its name and complaints desk, that the
    operator is not a member, or NOT RECORDED."""
    unrecorded = _missing(lang, "Cabinet Order 10(iii)")
    if accredited is None:
        return [("", unrecorded)]
    if not accredited.get("member"):
        return [("", _h("not_member", lang))]
    return [(_h("name", lang), accredited.get("name") or unrecorded),
            (_h("org_complaints", lang), accredited.get("complaints") or unrecorded)]


def _foreign_text(recipient: ForeignRecipient, lang: str) -> str:
    """A foreign recipient's line: its country, where it keeps data, each flow's items and bases."""
    sep = "、" if lang == "ja" else ", "
    text = recipient.country
    if recipient.hosting:
        text += f" ({_h('kept_in', lang)}: {sep.join(recipient.hosting)})"
    flows = [f"{sep.join(f.items)} [{_h('basis', lang)}: {f.basis}; {_h('foreign_basis', lang)}: {f.foreign_basis}]"
             for f in recipient.flows]
    return f"{text} — {'; '.join(flows)}"


def one_line(value: str) -> str:
    """Text on one line: whitespace runs collapsed, and no space left between two Japanese characters
    (a folded YAML scalar turns line breaks inside Japanese text into spaces)."""
    text = " ".join(str(value).split())
    return _WIDE_GAP.sub("", text)


_WIDE_CLASS = "[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
_WIDE_GAP = re.compile(f"(?<={_WIDE_CLASS}) (?={_WIDE_CLASS})")


def md_text(value: str) -> str:
    """Inline Markdown for user text: markup characters escaped, HTML characters as entities, one line."""
    text = visible(one_line(value))
    for ch in "\\`*_[]#|!":
        text = text.replace(ch, "\\" + ch)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(notice: Notice) -> str:
    """The notice as Markdown."""
    lines = [f"# {_h('title', notice.lang)}", ""]
    for number, (heading, entries) in enumerate(_sections(notice), start=1):
        lines += [f"## {number}. {heading}", ""]
        for label, value in entries:
            lines.append(f"- **{md_text(label)}**: {md_text(value)}" if label else f"- {md_text(value)}")
        lines.append("")
    return "\n".join(lines)


def _plain(value: str) -> str:
    return visible(one_line(value))


def render_text(notice: Notice) -> str:
    """The notice as plain text: underlined headings, one entry a line, control characters made visible."""
    title = _h("title", notice.lang)
    lines = [title, "=" * (len(title) * (2 if notice.lang == "ja" else 1)), ""]
    for number, (heading, entries) in enumerate(_sections(notice), start=1):
        head = f"{number}. {heading}"
        lines += [head, "-" * min(len(head.encode("utf-8")), 78)]
        lines += [f"  {_plain(label)}: {_plain(value)}" if label else f"  {_plain(value)}" for label, value in entries]
        lines.append("")
    return "\n".join(lines)


def render_json(notice: Notice) -> str:
    """The notice as JSON (the shape of `Notice.as_dict`)."""
    return json_text(notice.as_dict()) + "\n"


RENDERERS: dict[str, Callable[[Notice], str]] = {"md": render_markdown, "text": render_text, "json": render_json}
