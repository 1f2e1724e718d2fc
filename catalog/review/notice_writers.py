"""The public notice written out: Markdown, plain text and JSON (`daicho notice -f md|text|json`).

`notice.build_notice` decides what the notice says; this module only words and lays it out, escaping every
name for its format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from daicho.catalog.review.notice import ForeignRecipient, Notice
from daicho.inventory.safe_text import json_text, visible

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
