"""rich renderables for node-level lineage results: holds, abroad, breach (pure functions of result dicts)."""

from __future__ import annotations

from typing import Any

from daicho.catalog.words import N_, t
from daicho.catalog.words import say as said

from .fit import labelled, split_label
from .labels import boundary_word, operator_note, place, place_title, place_words, places, say
from .lineage_views import (
    SHOW,
    basis_word,
    hop_label,
    item_label,
    item_legend,
    kind_word,
    method_word,
    name,
    node_label,
    word,
)
from .output import text

_STATUS = {"missing": (N_("NO BASIS"), "daicho.error"), "mismatch": (N_("WRONG BASIS"), "daicho.error"),
           "incomplete": (N_("BASIS NOT SHOWN"), "daicho.warning"),
           "unknown_country": (N_("LOCATION UNKNOWN"), "daicho.warning"),
           "referable": (N_("referable only"), "daicho.warning"),
           "onward": (N_("onward by a recipient"), "daicho.warning"), "storage": (N_("storage only"), "daicho.dim"),
           "own_system": (N_("own system"), "daicho.dim"), "recipient_system": (N_("recipient's system"), "daicho.dim"),
           "exempt": (N_("exempt: a 27(1) case"), "daicho.dim"),
           "ok": (N_("ok"), "daicho.ok")}
_ORDER = tuple(_STATUS)  # the order `abroad` lists statuses in: those without a valid basis first
_HOW_JA = {"stored": "保管", "received": "受領", "forwarded": "送出", "derived": "生成"}


def holds_view(result: dict[str, Any], lang: str = "en", show: int = SHOW, purposes: dict[str, str] | None = None):
    """`daicho holds`: items stored, received and sent; flows in and out; derivations made there."""
    from rich.console import Group
    from rich.tree import Tree

    node = result["node"]
    tree = Tree(node_label(node, lang))
    if node["chain"]:
        tree.add(text(f"{word('subcontractor of', lang)} {' ← '.join(node['chain'])}", "daicho.dim"))
    if node["operates"]:
        tree.add(text(t(lang, "operates {systems}", systems=", ".join(node["operates"]))))
    sections = [(N_("stored"), result["stored"]), (N_("received"), result["received"]), (N_("sent"), result["sent"])]
    for heading, items in sections:
        if items:
            branch = tree.add(text(f"{t(lang, heading)} ({len(items)})", "daicho.dim"))
            for item in items[:show]:
                label = item_label(item, lang)
                if item.get("system") and item["system"] != node["key"]:
                    label.append_text(text(f" @ {item['system']}", "daicho.dim"))
                branch.add(label)
            if len(items) > show:
                branch.add(text(f"… {len(items) - show} {word('more', lang)} (--json)", "daicho.dim"))
    if result["outside_scope"]:
        tree.add(text(f"{word('outside scope', lang)}: {', '.join(result['outside_scope'])}", "daicho.error"))
    for heading, hops, inbound in ((N_("flows in"), result["flows_in"], True),
                                   (N_("flows out"), result["flows_out"], False)):
        if hops:
            branch = tree.add(text(f"{t(lang, heading)} ({len(hops)})", "daicho.dim"))
            for hop in hops[:show]:
                branch.add(hop_label(hop, lang, show_items=True, outbound=not inbound, purposes=purposes))
            if len(hops) > show:
                branch.add(text(f"… {len(hops) - show} {word('more', lang)} (--json)", "daicho.dim"))
    for d in result["derivations"]:
        tree.add(text(f"{d['from']} → {d['to']}: {method_word(d['method'], lang)}", "daicho.dim"))
    marks = item_legend(result["stored"] + result["received"] + result["sent"], lang)
    return Group(tree, *filter(None, [marks]))


def abroad_table(result: dict[str, Any], lang: str = "en", show: int = 100):
    """`daicho abroad`: every flow that may leave the home country, grouped by status (those without a valid
    basis first), each with its party, location (registered and kept where they differ), boundary, bases and
    note; then the recipients named with no recorded data flow."""
    from rich.console import Group
    from rich.tree import Tree

    ja = lang != "en"
    home = place_title(result["home_country"], lang)
    n = len(result["flows"])
    tree = Tree(text(t(lang, "{n} flows that may leave {home}", n=n, home=home) if ja else
                     f"{n} flow{'s' if n != 1 else ''} that may leave {home}"))
    flows = sorted(result["flows"], key=lambda f: _ORDER.index(f["status"]))
    for status in _ORDER:
        members = [f for f in flows[:show] if f["status"] == status]
        if not members:
            continue
        label, style = _STATUS[status]
        branch = tree.add(text(f"{t(lang, label)} ({len(members)})", style))
        for flow in members:
            _abroad_flow(branch, flow, lang)
    parts: list[Any] = [tree]
    if len(flows) > show:
        parts.append(text(f"… {len(flows) - show} {word('more', lang)} (--json)", "daicho.dim"))
    if result["named_only"]:
        named = Tree(text(f"{say('named only', lang)} ({len(result['named_only'])})", "daicho.warning"))
        for node in result["named_only"]:
            named.add(node_label({**node, "named_only": False}, lang))
        parts.append(named)
    s = result["summary"]
    problems = s["missing"] + s["mismatch"]
    countries = ", ".join(s["countries"])
    if ja:
        line = t(lang, "{flows} flows from {home} to {k} countries ({countries}); {problems} without a valid basis; "
                 "{unknown} to a location not recorded", flows=s["flows"], home=home, k=len(s["countries"]),
                 countries=countries, problems=problems, unknown=s["unknown_country"])
    else:
        k = len(s["countries"])
        line = (f"{s['flows']} flows from {home} to {k} countr{'ies' if k != 1 else 'y'} ({countries}); "
                f"{problems} without a valid basis; {s['unknown_country']} to a location not recorded")
    if s["named_only"]:
        line += t(lang, "; {n} named, no data flow recorded", n=s["named_only"]) if ja else \
            f"; {s['named_only']} {say('named only', lang)}"
    parts.append(text(line, "daicho.error" if problems else None))
    return Group(*parts)


def _abroad_flow(branch, flow: dict[str, Any], lang: str) -> None:
    """One flow of `abroad`: `flow: from → to (operated by party)`, then where, boundary and bases, items, note."""
    label = text("")  # the key's style must not become the whole label's
    label.append_text(text(flow["flow"], "daicho.key"))
    label.append_text(text(f": {flow['from']} → {flow['to']}"))
    if flow["to_party"] != flow["to"] and flow["to_kind"] != "organization":
        label.append_text(text(f" ({operator_note({'operated_by': flow['to_party']}, lang)})", "daicho.dim"))
    if flow["to_kind"] == "organization":  # the operator's own system: its name
        label.append_text(text(f"  {name({'name': flow['to_name']}, lang)}", "daicho.dim"))
    else:
        label.append_text(text(f"  {name({'name': flow['party_name']}, lang)} · {kind_word(flow['to_kind'], lang)}",
                               "daicho.dim"))
    sub = branch.add(label)
    where = flow["to_country"]
    line = text(place_words(where, lang), "daicho.warning" if where in (None, "unknown", "per_customer") else
                "daicho.abroad")
    if flow["registered"] and flow["registered"] != where:
        line.append_text(text(f" ({say('registered', lang)} {place(flow['registered'], lang)})"))
    kept = [c for c in flow["hosting"] if c != where]
    if kept:
        line.append_text(text(f" ({say('kept in', lang)} {places(kept, lang)})"))
    line.append_text(text(f" · {boundary_word(flow['boundary'], lang)} · {word('basis', lang)} "
                          f"{basis_word(flow['basis'], lang)}"))
    if flow["basis_status"] == "cannot_apply":
        line.append_text(text(f" — {say('cannot apply', lang)}", "daicho.error"))
    if flow["foreign_basis"] or flow["foreign_status"] != "not_applicable":
        line.append_text(text(f" · {word('foreign', lang)} {basis_word(flow['foreign_basis'], lang, True)}"))
    sub.add(line)
    sub.add(text(", ".join(flow["items"])))
    if flow["note"]:
        sub.add(text(said(flow["note"], lang), "daicho.dim"))


def breach_view(result: dict[str, Any], lang: str = "en", show: int = SHOW):
    """`daicho breach`: items exposed (those that are not personal data and those under advanced encryption
    marked), persons, the four criteria of Rules Art. 7 (met / not met / not known), the verdict and what follows,
    each deadline with its source."""
    from daicho.catalog.breach.words import cite_ja
    from rich.console import Group
    from rich.rule import Rule
    from rich.tree import Tree

    ja = lang == "ja"
    parts: list[Any] = [Rule(text(("漏えい等: " if ja else "Leak at ") + result["node"]["key"]), align="left")]
    tree = Tree(text(f"{len(result['items'])} " + ("項目が漏えいのおそれ" if ja else "items exposed")))
    for item in result["items"][:show]:
        label = item_label(item, lang)
        how = [_HOW_JA.get(h, h) for h in item["how"]] if ja else item["how"]
        label.append_text(text(f" ({', '.join(how)})", "daicho.dim"))
        if item.get("data_class", "personal") != "personal":
            label.append_text(text(" — " + _CLASS[item["data_class"]][1 if ja else 0], "daicho.dim"))
        if item.get("encryption"):
            label.append_text(text((" — 高度な暗号化: " if ja else " — advanced encryption: ")
                                   + item["encryption"]["text"], "daicho.dim"))
        tree.add(label)
    if len(result["items"]) > show:
        tree.add(text(f"… {len(result['items']) - show} {word('more', lang)} (--json)", "daicho.dim"))
    parts.append(tree)
    marks = item_legend(result["items"], lang)
    if marks is not None:
        parts.append(marks)
    subjects = ", ".join(name(s, lang) for s in result["subjects"]) or "-"
    persons = f"{result['persons']:,}" if result["persons"] is not None else ("不明" if ja else "unknown")
    parts.append(text(f"{'本人の区分' if ja else 'data subjects'}: {subjects}"))
    source = {"given": "指定", "items": "項目の推定の最大", "unknown": "不明"}[result["persons_source"]] if ja else \
        result["persons_source"]
    parts.append(text(f"{'本人の数' if ja else 'persons (estimate)'}: {persons} ({source})"))
    if result.get("in_transit"):
        parts.append(text("取得しようとしている個人情報の漏えい等（ウェブスキミング等）" if ja else
                          "a leak of information being acquired (web skimming)", "daicho.warning"))
    for c in result["criteria"]:
        mark, style = {True: ("✔ met", "daicho.error"), False: ("✘ not met", "daicho.ok"),
                       None: ("? not known", "daicho.warning")}[c["met"]]
        if ja:
            mark = {True: "✔ 該当", False: "✘ 非該当", None: "? 不明"}[c["met"]]
        line = text(f"{cite_ja(c['rule']) if ja else c['rule']} {c['title']['ja' if ja else 'en']}: ")
        line.append(mark, style=style)
        line.append_text(text(f" — {_reason_ja(c, result) if ja else c['reason']}", "daicho.dim"))
        parts.append(labelled([(text(f"({c['number']})"), line)]))  # wrapped lines stay under the criterion
    report = result["report"]
    style = {True: "daicho.error", False: "daicho.ok"}.get(result["reportable"], "daicho.warning")
    parts.append(text(result["verdict"]["ja" if ja else "en"], style))
    said = report.get("ja") if ja else report
    follows = []  # `label: value` lines whose values wrap under themselves
    if report["preliminary"] and ja:
        follows += [(text("速報:"), text(said["preliminary"])), (text("確報:"), text(said["final"])),
                    (text("本人通知:"), text(said["notice"]))]
    elif report["preliminary"]:
        follows += [(text("preliminary report:"), text(report["preliminary"])),
                    (text("final report:"), text(report["final"])), (text("notice:"), text(report["notice"]))]
    if report["contractor_note"]:
        follows.append(split_label(text(said["contractor_note"], "daicho.dim")))
    if follows:
        parts.append(labelled(follows, indent=2))
    cites = report.get("ja", {}).get("citations") if ja else None
    parts.append(labelled([(text("根拠:" if ja else "cites:", "daicho.dim"),
                            text("、".join(cites) if cites else ", ".join(report["citations"]), "daicho.dim"))]))
    return Group(*parts)


_CLASS = {"referable": ("personally referable information: not personal data", "個人関連情報: 個人データではない"),
          "anonymised": ("anonymised information: not personal data", "匿名加工情報: 個人データではない"),
          "pseudonymised": ("pseudonymised: APPI 26 does not apply (41(9))", "仮名加工情報: 法26条適用外（法41条9項）")}


def _reason_ja(criterion: dict[str, Any], result: dict[str, Any]) -> str:
    """A criterion's reason in Japanese (the assessment gives it; an older result falls back to the English)."""
    return criterion.get("reason_ja") or criterion["reason"]
