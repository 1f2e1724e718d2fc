"""The terminal view of `daicho request` (a pure function of the library's result; user text never markup)."""

from __future__ import annotations

from typing import Any

from daicho.catalog.words import N_, joined, say, t

from .output import text

#: the view's words (message ids of the catalog, said with `t`)
_W = {
    "title": N_("{article} {kind} request — subject: {subject}"),
    "items": N_("Retained personal data and where it is kept"),
    "ask": N_("ask"), "none": N_("(none)"),
    "not_covered": N_("Not covered (not retained personal data)"),
    "contractors": N_("Contractors holding it (instruct them)"),
    "third_parties": N_("Provided to (third parties, joint users)"),
    "records": N_("Provision records to disclose too (APPI 33(5))"),
    "records_none": N_("none of these items was provided or received with a record duty"),
    "records_gap": N_("the stated request procedure does not mention provision records"),
    "duty": N_("What to do"), "deadline": N_("Deadline"),
    "procedure": N_("Procedure and contact"), "fee": N_("fee"),
    "complaints": N_("complaints desk"), "missing": N_("not recorded"),
}
#: the request kinds by name
_KINDS = {"disclosure": N_("disclosure"), "correction": N_("correction"), "stop": N_("stop of use"),
          "deletion": N_("deletion")}
#: the kinds of party that hold the data (English shows the code, as JSON does)
_PARTIES = {"contractor": N_("contractor"), "subcontractor": N_("sub-contractor"), "third_party": N_("third party"),
            "joint_user": N_("joint user"), "group_company": N_("group company")}


def _w(name: str, lang: str) -> str:
    return t(lang, _W[name])


def _article(code: str, lang: str) -> str:
    """"APPI 33" as the request's data holds it; in Japanese the citation as its readers write it (法33条)."""
    from daicho.catalog.words.citations import appi, cite

    return code if lang == "en" else cite(appi(code.removeprefix("APPI ")), lang)


def _party(kind: str, lang: str) -> str:
    return kind if lang == "en" or kind not in _PARTIES else t(lang, _PARTIES[kind])


def _holder(holder: dict[str, Any], lang: str) -> str:
    """A contractor or third party holding the data: `key (kind, location): items`; outside English the kind and a
    location not recorded (`unknown`, 不明) in words."""
    if lang == "en":
        return f"{holder['key']} ({holder['kind']}, {holder['location'] or '?'}): {', '.join(holder['items'])}"
    from .labels import place_named

    return t(lang, "{key} ({kind}, {location}): {items}", key=holder["key"], kind=_party(holder["kind"], lang),
             location=place_named(holder["location"], lang) if holder["location"] else "?",
             items=joined(", ", holder["items"]))


def request_view(result: dict[str, Any], lang: str = "en"):
    """The request as a tree: items and their systems, contractors, records, duty, deadline, procedure."""
    from rich.tree import Tree

    tree = Tree(text(t(lang, _W["title"], article=_article(result["article"], lang),
                       kind=t(lang, _KINDS[result["request"]]), subject=result["subject"]["name"]), "bold"))
    items = tree.add(text(_w("items", lang), "bold"))
    for item in result["items"] or []:
        branch = items.add(text(f"{item['key']} — {item['name']}", "daicho.key"))
        for place in item["kept_in"]:
            where = ", ".join(x for x in (place["location"], place["department"],
                                          place["operated_by"] and t(lang, "operated by {party}",
                                                                     party=place["operated_by"])) if x)
            branch.add(text(f"{place['system']} ({where})" if where else place["system"]))
        for ask in item["ask"]:
            branch.add(text(f"{_w('ask', lang)}: {ask['process']} — "
                            f"{', '.join(x for x in (ask['department'], ask['owner']) if x)}", "daicho.dim"))
    if not result["items"]:
        items.add(text(_w("none", lang)))
    if result["not_covered"]:
        node = tree.add(text(_w("not_covered", lang), "bold"))
        for entry in result["not_covered"]:
            node.add(text(f"{entry['key']}: {say(entry['reason'], lang)}", "daicho.dim"))
    for group, style in (("contractors", "daicho.outsourced"), ("third_parties", "daicho.third_party")):
        node = tree.add(text(_w(group, lang), "bold"))
        for holder in result[group]:
            node.add(text(_holder(holder, lang), style))
        if not result[group]:
            node.add(text(_w("none", lang)))
    if "provision_records" in result:
        records = result["provision_records"]
        node = tree.add(text(_w("records", lang), "bold"))
        for flow in records["flows"]:
            node.add(text(f"{flow['flow']}: {flow['from']} → {flow['to']} — {say(flow['why'], lang)}"))
        if not records["flows"]:
            node.add(text(_w("records_none", lang)))
        elif not records["procedure_covers_them"]:
            node.add(text(_w("records_gap", lang), "daicho.warning"))
    tree.add(text(f"{_w('duty', lang)}: {say(result['duty'], lang)}"))
    tree.add(text(f"{_w('deadline', lang)}: {say(result['deadline'], lang)}", "daicho.warning"))
    procedure = result["procedure"]
    node = tree.add(text(_w("procedure", lang), "bold"))
    node.add(text(procedure["request_procedure"] or _w("missing", lang)))
    contact = procedure["contact"] or {}
    shown = ", ".join(str(v) for k, v in contact.items() if k != "name" and v)
    if shown:
        node.add(text(shown))
    if procedure["fee"]:
        node.add(text(f"{_w('fee', lang)}: {procedure['fee']}"))
    if procedure["complaints_desk"]:
        node.add(text(f"{_w('complaints', lang)}: {procedure['complaints_desk']}"))
    return tree
