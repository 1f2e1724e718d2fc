"""The terminal view of `daicho request` (a pure function of the library's result; user text never markup)."""

from __future__ import annotations

from typing import Any

from .output import text

_W = {
    "title": ("{article} {kind} request — subject: {subject}", "{article} {kind}の請求 — 本人の区分：{subject}"),
    "kinds": {"disclosure": ("disclosure", "開示"), "correction": ("correction", "訂正等"),
              "stop": ("stop of use", "利用停止等"), "deletion": ("deletion", "消去")},
    "items": ("Retained personal data and where it is kept", "保有個人データと保管場所"),
    "ask": ("ask", "担当"), "none": ("(none)", "（なし）"),
    "not_covered": ("Not covered (not retained personal data)", "対象外（保有個人データに当たらない）"),
    "contractors": ("Contractors holding it (instruct them)", "保有する委託先（指示する）"),
    "third_parties": ("Provided to (third parties, joint users)", "提供先（第三者・共同利用者）"),
    "records": ("Provision records to disclose too (APPI 33(5))", "あわせて開示する第三者提供記録（法33条5項）"),
    "records_none": ("none of these items was provided or received with a record duty",
                     "記録義務のある提供・受領はありません"),
    "records_gap": ("the stated request procedure does not mention provision records",
                    "公表している請求手続に第三者提供記録の開示が記載されていません"),
    "duty": ("What to do", "対応"), "deadline": ("Deadline", "期限"),
    "procedure": ("Procedure and contact", "手続・窓口"), "fee": ("fee", "手数料"),
    "complaints": ("complaints desk", "苦情窓口"), "missing": ("not recorded", "記録なし"),
}


def _w(name: str, lang: str) -> str:
    return _W[name][1 if lang == "ja" else 0]


def request_view(result: dict[str, Any], lang: str = "en"):
    """The request as a tree: items and their systems, contractors, records, duty, deadline, procedure."""
    from rich.tree import Tree

    kind = _W["kinds"][result["request"]][1 if lang == "ja" else 0]
    tree = Tree(text(_w("title", lang).format(article=result["article"], kind=kind,
                                              subject=result["subject"]["name"]), "bold"))
    items = tree.add(text(_w("items", lang), "bold"))
    for item in result["items"] or []:
        branch = items.add(text(f"{item['key']} — {item['name']}", "daicho.key"))
        for place in item["kept_in"]:
            where = ", ".join(x for x in (place["location"], place["department"],
                                          place["operated_by"] and f"operated by {place['operated_by']}") if x)
            branch.add(text(f"{place['system']} ({where})" if where else place["system"]))
        for ask in item["ask"]:
            branch.add(text(f"{_w('ask', lang)}: {ask['process']} — "
                            f"{', '.join(x for x in (ask['department'], ask['owner']) if x)}", "daicho.dim"))
    if not result["items"]:
        items.add(text(_w("none", lang)))
    if result["not_covered"]:
        node = tree.add(text(_w("not_covered", lang), "bold"))
        for entry in result["not_covered"]:
            node.add(text(f"{entry['key']}: {entry['reason']}", "daicho.dim"))
    for group, style in (("contractors", "daicho.outsourced"), ("third_parties", "daicho.third_party")):
        node = tree.add(text(_w(group, lang), "bold"))
        for holder in result[group]:
            node.add(text(f"{holder['key']} ({holder['kind']}, {holder['location'] or '?'}): "
                          f"{', '.join(holder['items'])}", style))
        if not result[group]:
            node.add(text(_w("none", lang)))
    if "provision_records" in result:
        records = result["provision_records"]
        node = tree.add(text(_w("records", lang), "bold"))
        for flow in records["flows"]:
            node.add(text(f"{flow['flow']}: {flow['from']} → {flow['to']} — {flow['why']}"))
        if not records["flows"]:
            node.add(text(_w("records_none", lang)))
        elif not records["procedure_covers_them"]:
            node.add(text(_w("records_gap", lang), "daicho.warning"))
    tree.add(text(f"{_w('duty', lang)}: {result['duty']}"))
    tree.add(text(f"{_w('deadline', lang)}: {result['deadline']}", "daicho.warning"))
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
