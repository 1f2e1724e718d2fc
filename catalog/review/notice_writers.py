"""The public notice written out: Markdown, plain text and JSON (`daicho notice -f md|text|json`).

`notice.build_notice` decides what the notice says; this module only words and lays it out, escaping every
name for its format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from daicho.catalog.review.matters import cited
from daicho.catalog.review.notice import ForeignRecipient, Notice
from daicho.catalog.words import N_, t
from daicho.inventory.safe_text import json_text, visible

#: the notice's headings and labels (English message ids; the catalog says them in Japanese)
_HEADINGS = {
    "title": N_("Public notice on the handling of personal information"),
    "operator": N_("Business operator"),
    "purposes": N_("Purposes of use (APPI Art. 21, Art. 32)"),
    "provision": N_("Provision to third parties (APPI Art. 27)"),
    "joint_use": N_("Joint use (APPI Art. 27(5)(iii))"),
    "foreign": N_("Recipients in foreign countries (APPI Art. 28)"),
    "requests": N_("Requests for disclosure etc. and contact (APPI Art. 32-40)"),
    "security": N_("Security control measures (APPI Art. 23, Art. 32; Cabinet Order Art. 10(i))"),
    "complaints": N_("Complaints desk (Cabinet Order Art. 10(ii))"),
    "accredited": N_("Accredited personal information protection organisation (Cabinet Order Art. 10(iii))"),
    "fee": N_("Fee"),
    "records": N_("Disclosure of provision records"),
    "records_yes": N_("Disclosure of the third-party provision records may also be requested"),
    "procedure": N_("Procedure"),
    "environment_lead": N_("Foreign environment (PPC general guideline 10-7):"),
    "not_member": N_("The operator is not a member of one"),
    "org_complaints": N_("Its complaints desk"),
    "unpurposed": N_("Items with no purpose recorded"),
    "address_of": N_("Responsible party's address"),
    "representative_of": N_("Responsible party's representative"),
    "name": N_("Name"), "address": N_("Address"), "representative": N_("Representative"),
    "users": N_("Joint users"), "items": N_("Items"), "purposes_of": N_("Purposes"),
    "responsible": N_("Responsible party"), "recipients": N_("Recipients"),
    "basis": N_("Basis"), "foreign_basis": N_("Transfer basis"),
    "foreign_lead": N_("Each recipient outside {home} (contractors included): the country where it is established, "
                       "where it keeps the data, the items it receives and each transfer's basis."),
    "storage_lead": N_("Personal data kept outside {home} (knowing the foreign environment):"),
    "stored_by": N_("stored by {provider}, which does not handle the data: no provision"),
    "kept_in": N_("kept in"),
    "none": N_("None"),
    "referable": N_("Cookies and similar (personally referable information, Art. 31)"),
}
#: a matter the inventory does not record, with the provision that asks for it
_NOT_RECORDED = N_("⚠ NOT RECORDED in the inventory ({cites})")


def _h(key: str, lang: str, **params: Any) -> str:
    return t(lang, _HEADINGS[key], **params)


def _missing(lang: str, cites: str) -> str:
    """A matter not recorded, loudly, with the provision that asks for it (`cites`: its ids, 'APPI 32(1)(i)',
    written as `lang` writes citations)."""
    return t(lang, _NOT_RECORDED, cites=cited(cites, lang))


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
        foreign.insert(0, ("", _h("foreign_lead", lang, home=notice.home_name)))
    out.append((_h("foreign", lang), foreign or none))
    requests = [(_h("procedure", lang), notice.requests or _missing(lang, "APPI 32(1)(iii)")),
                (_h("fee", lang), notice.fee or _missing(lang, "APPI 32(1)(iii), 38(2)")),
                (_h("records", lang), _h("records_yes", lang) if notice.provision_records
                 else _missing(lang, "APPI 33(5)"))]
    out.append((_h("requests", lang), requests + [("", v) for v in notice.contact if v]))
    security = [("", notice.security or _missing(lang, "Cabinet Order 10(i)"))]
    if notice.storage_abroad:
        security.append(("", _h("storage_lead", lang, home=notice.home_name)))
        security += [(s.system, sep.join(s.locations) + (f" — {_h('stored_by', lang, provider=s.provider)}"
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
    """Text on one line: whitespace runs collapsed, and no space left where a folded YAML scalar broke a line
    of Japanese prose. YAML turns such a line break into a space; it is told from a space the author typed
    between words (`理事長 佐藤 花子`) by the run before it: a line of prose is long, a word is short."""
    text = " ".join(str(value).split())
    return _WIDE_GAP.sub(lambda m: m[1] if len(m[1]) >= _FOLDED_RUN else m[0], text)


_WIDE_CLASS = "[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
#: a space between two Japanese characters, with the run of text before it (since the last space)
_WIDE_GAP = re.compile(f"(?:(?<= )|^)(\\S*{_WIDE_CLASS}) (?={_WIDE_CLASS})")
#: characters of a line before the space where prose was folded, at least (80 columns hold 40 wide ones)
_FOLDED_RUN = 20


def md_text(value: str) -> str:
    """Inline Markdown for user text, on one line: markup characters escaped with a backslash; `<` (which could
    open HTML) as `&lt;`, `&` as `&amp;` only where it would start an entity; a leading `>` or list marker
    escaped (it would open a quote or a list). Other text, `>` and `&` included, stays as it reads."""
    text = visible(one_line(value))
    for ch in "\\`*_[]#|!":
        text = text.replace(ch, "\\" + ch)
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    numbered = _NUMBERED.match(text)
    if numbered:  # `1. x` would open a numbered list: `1\. x`
        return text[:numbered.end(1)] + "\\" + text[numbered.end(1):]
    return "\\" + text if text[:1] in _BLOCK_MARKS else text


#: an `&` that would start a character reference (`&gt;`, `&#62;`, `&#x3e;`)
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
#: characters that would open a block at the start of a list entry: a quote, a list item or thematic break,
#: a setext underline, a code fence
_BLOCK_MARKS = frozenset(">-+=~")
_NUMBERED = re.compile(r"(\d{1,9})[.)](?:\s|$)")


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
