"""The public notice: what APPI Art. 21 and Art. 32 require an operator to publish, from the inventory.

Operator (name, address, representative), purposes of use per item (items that share the same
purposes grouped, as privacy policies list them), provision to third parties, joint use,
recipients abroad and their countries, the request procedure and contact, and the security
measures (with the countries where systems are). `build_notice` returns plain data; the
renderers (`RENDERERS`: md, text, json) turn it into a document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from daicho.catalog.review.ledger import CONTRACTOR_KINDS, PROVISION_BASES, PROVISION_KINDS, Index
from daicho.catalog.review.ledger_labels import check_lang, country_name, word
from daicho.inventory.model import Inventory
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


@dataclass
class ForeignEntry:
    country: str
    code: str | None
    recipients: list[str]
    items: list[str]
    foreign_basis: list[str]


@dataclass
class Notice:
    lang: str
    operator: dict[str, str]
    purposes: list[PurposeGroup] = field(default_factory=list)
    provision: list[Provision] = field(default_factory=list)
    joint_use: list[JointUseEntry] = field(default_factory=list)
    foreign: list[ForeignEntry] = field(default_factory=list)
    requests: str = ""
    contact: list[str] = field(default_factory=list)
    security: str = ""
    systems_abroad: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def build_notice(inventory: Inventory, lang: str = "en") -> Notice:
    """The matters to publish, in `lang` (names fall back to the other language)."""
    check_lang(lang)
    index = Index(inventory)
    org = inventory.organization
    operator = {"name": org.name.get(lang) if org else "", "address": (org.address or "") if org else "",
                "representative": (org.representative or "") if org else ""}
    contact = org.contact if org else None
    lines = []
    if contact:
        lines += [contact.name.get(lang)] if contact.name else []
        lines += [v for v in (contact.email, contact.phone, contact.address, contact.url) if v]
    return Notice(
        lang=lang, operator=operator, purposes=purpose_groups(inventory, index, lang),
        provision=_provision(index, lang), joint_use=_joint_use(index, lang), foreign=_foreign(index, lang),
        requests=org.request_procedure.get(lang) if org and org.request_procedure else "",
        contact=lines, security=org.security_measures.get(lang) if org and org.security_measures else "",
        systems_abroad=[f"{s.name.get(lang)}: {country_name(index.country(s.key), lang)}"
                        for s in inventory.systems if s.items and index.country(s.key) != index.home],
    )


def purpose_groups(inventory: Inventory, index: Index, lang: str) -> list[PurposeGroup]:
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


def _provision(index: Index, lang: str) -> list[Provision]:
    found: dict[str, Provision] = {}
    for flow in index.inventory.flows:
        recipient = index.recipients.get(flow.target)
        if flow.basis not in PROVISION_BASES or not recipient or recipient.kind not in PROVISION_KINDS:
            continue
        country = country_name(recipient.country, lang) if recipient.country else ""
        entry = found.setdefault(recipient.key, Provision(recipient.name.get(lang), country, [], []))
        _extend(entry.items, [index.name(i, lang) for i in flow.items])
        basis = word(flow.basis, lang) + (f" ({flow.exception})" if flow.exception else "")
        _extend(entry.basis, [basis])
    return list(found.values())


def _joint_use(index: Index, lang: str) -> list[JointUseEntry]:
    entries: dict[str, JointUseEntry] = {}
    for recipient in index.recipients.values():
        declared = recipient.joint_use
        if declared:
            entries[recipient.key] = JointUseEntry(
                users=declared.users or recipient.name.get(lang),
                items=[index.name(i, lang) for i in declared.items],
                purposes=[index.name(p, lang) for p in declared.purposes], responsible=declared.responsible or "")
    for flow in index.inventory.flows:
        recipient = index.recipients.get(flow.target)
        if recipient and (flow.basis == "joint_use" or recipient.kind == "joint_user"):
            entry = entries.setdefault(recipient.key, JointUseEntry(recipient.name.get(lang), [], [], ""))
            _extend(entry.items, [index.name(i, lang) for i in flow.items])
            _extend(entry.purposes, [index.name(p, lang) for p in flow.purposes])
    return list(entries.values())


def _foreign(index: Index, lang: str) -> list[ForeignEntry]:
    """Recipients abroad that receive personal data (by flow, or by running a system that holds it), by
    country. Personally referable and anonymised items are not personal data: APPI 28 does not cover them
    (as in `daicho abroad` and `daicho check`)."""
    not_personal = {i.key for i in index.inventory.items if i.personally_referable or i.anonymised}
    received: dict[str, list[str]] = {}
    bases: dict[str, list[str]] = {}
    for flow in index.inventory.flows:
        if flow.target in index.recipients:
            _extend(received.setdefault(flow.target, []), list(flow.items))
            if flow.foreign_basis:
                _extend(bases.setdefault(flow.target, []), [flow.foreign_basis])
    for system in index.inventory.systems:
        if system.operated_by in index.recipients and system.items:
            _extend(received.setdefault(system.operated_by, []), list(system.items))
    by_country: dict[str, ForeignEntry] = {}
    for key, all_items in received.items():
        recipient = index.recipients[key]
        items = [i for i in all_items if i not in not_personal]
        if recipient.country in (index.home, None) or not items:  # unknown country: the checks flag it
            continue
        entry = by_country.setdefault(recipient.country, ForeignEntry(
            country_name(recipient.country, lang), recipient.country, [], [], []))
        label = index.recipient_path(key, lang)
        if recipient.kind in CONTRACTOR_KINDS:
            label += f" ({word(recipient.kind, lang)})"
        _extend(entry.recipients, [label])
        _extend(entry.items, [index.name(i, lang) for i in items])
        _extend(entry.foreign_basis, [word(b, lang) for b in bases.get(key, [])])
    return sorted(by_country.values(), key=lambda e: e.code or "")


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
    "security": ("安全管理措置（第23条・第32条）", "Security measures (APPI Art. 23, Art. 32)"),
    "name": ("名称", "Name"), "address": ("住所", "Address"), "representative": ("代表者", "Representative"),
    "users": ("共同利用者", "Joint users"), "items": ("項目", "Items"), "purposes_of": ("利用目的", "Purposes"),
    "responsible": ("責任者", "Responsible party"), "recipients": ("提供先", "Recipients"),
    "basis": ("根拠", "Basis"), "foreign_basis": ("移転の根拠", "Transfer basis"),
    "systems_abroad": ("外国にあるシステム（外的環境の把握）", "Systems in foreign countries"),
    "none": ("該当なし", "None"),
    "not_recorded": ("（台帳に記載なし）", "(not recorded in the inventory)"),
    "referable": ("Cookie等（個人関連情報、第31条）",
                  "Cookies and similar (personally referable information, Art. 31)"),
}


def _h(key: str, lang: str) -> str:
    ja, en = _HEADINGS[key]
    return ja if lang == "ja" else en


def _sections(notice: Notice) -> list[tuple[str, list[tuple[str, str]]]]:
    """The notice as (heading, [(label, value)]) sections; an empty label marks a list entry."""
    lang = notice.lang
    sep = "、" if lang == "ja" else ", "
    none = [("", _h("none", lang))]
    op, missing = notice.operator, _h("not_recorded", lang)
    out = [(_h("operator", lang), [(_h(k, lang), op[k] or missing) for k in ("name", "address", "representative")])]
    purposes = [(sep.join(g.items), sep.join(g.purposes)) for g in notice.purposes if not g.personally_referable]
    referable = [(sep.join(g.items), sep.join(g.purposes)) for g in notice.purposes if g.personally_referable]
    if referable:
        purposes += [("", _h("referable", lang)), *referable]
    out.append((_h("purposes", lang), purposes or none))
    out.append((_h("provision", lang), [(p.recipient, (f"{p.country} — " if p.country else "")
                                         + f"{sep.join(p.items)} [{sep.join(p.basis)}]")
                                        for p in notice.provision] or none))
    joint = []
    for j in notice.joint_use:
        joint += [(_h("users", lang), j.users), (_h("items", lang), sep.join(j.items)),
                  (_h("purposes_of", lang), sep.join(j.purposes)), (_h("responsible", lang), j.responsible)]
    out.append((_h("joint_use", lang), joint or none))
    foreign = [(f.country, f"{sep.join(f.recipients)} — {sep.join(f.items)}"
                + (f" [{sep.join(f.foreign_basis)}]" if f.foreign_basis else "")) for f in notice.foreign]
    out.append((_h("foreign", lang), foreign or none))
    out.append((_h("requests", lang), [("", v) for v in [notice.requests or missing, *notice.contact] if v]))
    security = [("", notice.security or missing)]
    security += [(_h("systems_abroad", lang), sep.join(notice.systems_abroad))] if notice.systems_abroad else []
    out.append((_h("security", lang), security))
    return out


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
