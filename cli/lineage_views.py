"""rich renderables for lineage results: pure functions from result dicts to trees and tables.

User text goes through `output.text` (never markup). Large results are cut in the terminal, saying how much
was left out; `--json` always gives everything.
"""

from __future__ import annotations

from typing import Any

from daicho.catalog.resolved.facts import FLAGGED_FOREIGN_STATUSES
from daicho.catalog.words import N_, t

from .fit import install_wrapping
from .labels import boundary_word, extra_hosting, operator_note, place_named, place_words, places_named, say
from .output import text
from .values import BASES, FOREIGN_BASES, KINDS, VALUES

install_wrapping()  # Japanese text breaks between its characters (rich breaks only at spaces)

#: nodes shown per group (where), items shown (receives), rows shown (abroad) before cutting
SHOW = 40
HOPS_SHOWN = 5  # incoming hops shown under one node; --json has them all

_WORDS = {
    "start": N_("start: collected or stored here"),
    "internal": N_("internal"), "outsourced": N_("outsourced"), "joint_use": N_("joint use"),
    "third_party": N_("third party"), "abroad": N_("abroad"),
    "ends": N_("where the personal-data trail ends"),
    "hop": N_("hop"), "hops": N_("hops"), "purposes": N_("purposes"),
    "via": N_("via"), "basis": N_("basis"), "foreign": N_("foreign basis"),
    "unknown country": N_("location unknown"), "more": N_("more"),
    "outside scope": N_("outside the contracted scope"), "stores": N_("stores it"),
    "subcontractor of": N_("sub-contractor of"), "as": N_("as"),
    "paths": N_("shortest paths"),
}
#: node kinds and recipient kinds
_KINDS = {"collection_point": N_("collection point"), "system": N_("system"), "recipient": N_("recipient"),
          "contractor": N_("contractor"), "subcontractor": N_("sub-contractor"), "third_party": N_("third party"),
          "joint_user": N_("joint user"), "group_company": N_("group company")}
#: why the trail ends at a derivation (catalog.lineage.where says it in English)
_ENDS = {"anonymisation": N_("anonymised: no longer personal data (APPI 2(6), 43–46)"),
         "aggregation": N_("aggregated into statistics: no longer about a person")}
#: a hop's foreign-transfer status that `abroad` flags, said on the hop
_FOREIGN_PROBLEMS = {"missing": N_("no foreign-transfer basis (APPI 28(1))"),
                     "mismatch": N_("foreign basis eu_uk, but not in the EU/EEA or UK (APPI 28(1))")}
#: boundaries where a hop says which party it goes to (when that is not the node it reaches)
_TO_PARTY = ("outsourcing", "subcontracting", "provision", "joint_use", "onward")
_GROUP_STYLE = {"internal": "daicho.internal", "outsourced": "daicho.outsourced", "joint_use": "daicho.outsourced",
                "third_party": "daicho.third_party", "abroad": "daicho.abroad", "start": "daicho.dim"}


def word(key: str, lang: str) -> str:
    """A label in `lang` (en or ja)."""
    return t(lang, _WORDS.get(key) or key.replace("_", " "))


def kind_word(kind: str, lang: str) -> str:
    """A node kind or recipient kind as a label."""
    if kind in _KINDS:
        return t(lang, _KINDS[kind])
    words = kind.replace("_", " ")
    return words if lang == "en" else t(lang, KINDS.get(kind) or words)


def method_word(method: str, lang: str) -> str:
    """How an item was derived (copy, pseudonymisation …) as a label."""
    return t(lang, VALUES["method"].get(method) or method)


def basis_word(basis: str | None, lang: str, foreign: bool = False) -> str:
    """A flow's legal basis (or foreign-transfer basis) as a label."""
    if basis is None:
        return "-"
    if lang == "en":  # the code as a word ("joint use"), but the regions' names as they are written
        return "EU/UK" if basis == "eu_uk" else basis.replace("_", " ")
    return t(lang, (FOREIGN_BASES if foreign else BASES).get(basis) or basis.replace("_", " "))


def name(entry: dict[str, Any], lang: str) -> str:
    """A record's name in `lang`, falling back to the other language, then to its key."""
    names = entry.get("name") or {}
    first, second = ("ja", "en") if lang == "ja" else ("en", "ja")
    return names.get(first) or names.get(second) or entry.get("key") or entry.get("item") or ""


def node_label(node: dict[str, Any], lang: str, hops: int | None = None):
    """`key (operated by X)  Name · kind · location [· kept in …] [· named only] [· N hops]` as Text: the
    node's party and location as `catalog.resolved` reads them."""
    label = text("")  # the key's style must not become the whole label's
    label.append_text(text(node["key"], "daicho.key"))
    note = operator_note(node, lang)
    if note:
        label.append_text(text(f" ({note})", "daicho.dim"))
    label.append("  ")
    label.append_text(text(name(node, lang)))
    kind = node["subkind"] if node["kind"] == "recipient" else node["kind"]
    label.append_text(text(f" · {kind_word(kind or node['kind'], lang)}", "daicho.dim"))
    if node["kind"] != "collection_point":
        label.append_text(text(" · "))
        label.append_text(location_text(node, lang))
    if node.get("named_only"):
        label.append_text(text(f" · {say('named only', lang)}", "daicho.warning"))
    if hops:
        label.append(f" · {hops} {word('hop' if hops == 1 else 'hops', lang)}", style="daicho.dim")
    return label


def location_text(node: dict[str, Any], lang: str):
    """A node's location (the one borders are judged by), and where it keeps data when that differs."""
    location, where = node.get("country"), node.get("location_class")
    if location in (None, "unknown", "per_customer"):
        label = text(place_words(location, lang), "daicho.warning")
    else:
        label = text(place_named(location, lang), "daicho.abroad" if where == "abroad" else None)
    kept = extra_hosting(node)
    if kept:
        label.append_text(text(f" ({say('kept in', lang)} {places_named(kept, lang)})", "daicho.dim"))
    return label


def hop_label(hop: dict[str, Any], lang: str, show_items: bool = False, outbound: bool = False,
              purposes: dict[str, str] | None = None):
    """One hop: `← from via flow: boundary [to party]; basis B [cannot apply]; foreign basis; purposes …;
    mechanism; border` (`→ to …` outbound); purposes by name where `purposes` names them."""
    label = text("→ " if outbound else "← ")
    label.append_text(text(hop["to"] if outbound else hop["from"], "daicho.key"))
    label.append_text(text(f" {word('via', lang)} {hop['flow']}: ", "daicho.dim"))
    label.append_text(text(boundary_word(hop.get("boundary"), lang)))
    party = hop.get("to_party")
    if party and party != hop["to"] and hop.get("boundary") in _TO_PARTY:
        label.append_text(text(t(lang, " to {party}", party=party)))
    label.append_text(text(f"; {word('basis', lang)} {basis_word(hop['basis'], lang)}"))
    if hop.get("exception"):
        label.append_text(text(f" {hop['exception']}"))
    if hop.get("basis_status") == "cannot_apply":
        label.append_text(text(f" — {say('cannot apply', lang)}", "daicho.error"))
    if hop.get("foreign_basis"):
        label.append_text(text(f"; {word('foreign', lang)} {basis_word(hop['foreign_basis'], lang, True)}"))
    if hop.get("foreign_status") in FLAGGED_FOREIGN_STATUSES:  # as `abroad` and the diagram flag it
        label.append_text(text(f" — {t(lang, _FOREIGN_PROBLEMS[hop['foreign_status']])}", "daicho.error"))
    if show_items:
        label.append_text(text(f"; {', '.join(hop['items'])}"))
    if hop.get("purposes"):
        named = [(purposes or {}).get(p, p) for p in hop["purposes"]]
        joined = ("、" if lang == "ja" else " / ").join(named) if purposes else ", ".join(named)
        label.append_text(text(f"; {word('purposes', lang)}: {joined}"))
    if hop.get("mechanism"):
        label.append_text(text(f"; {hop['mechanism']}"))
    mark = border_mark(hop.get("border"), hop.get("transfer_location") or hop.get("to_country"), lang)
    if mark is not None:
        label.append("  ")
        label.append_text(mark)
    return label


def border_mark(border: str | None, location: str | None, lang: str):
    """`abroad: US`, `location unknown` or `location chosen per customer` for a hop's resolved border; None
    at home (or for a collection point)."""
    if border == "abroad":
        return text(f"{say('abroad', lang)}: {place_named(location, lang)}", "daicho.abroad")
    if border == "unknown":
        return text(say("location unknown", lang), "daicho.warning")
    if border == "per_customer":
        return text(say("per customer", lang), "daicho.warning")
    return None


def item_label(item: dict[str, Any], lang: str):
    """`key — Name` with the sensitive / financial marks."""
    label = text("")
    label.append_text(text(item["item"], "daicho.key"))
    label.append_text(text(f" — {name(item, lang)}"))
    if item.get("sensitive"):
        label.append(" 要配慮", style="daicho.sensitive")
    if item.get("financial"):
        label.append(" ¥", style="daicho.financial")
    return label


def item_legend(items: list[dict[str, Any]], lang: str):
    """A legend line for the marks the items carry (¥, 要配慮), or None."""
    from .views import legend

    return legend({flag for item in items for flag in ("sensitive", "financial") if item.get(flag)}, lang)


def chain_words(node: dict[str, Any], lang: str) -> str:
    """`sub-contractor of A, B [← C]`: the contractors that engage a sub-contractor (several parents), then
    those above them."""
    parents = node.get("parents") or []
    above = [k for k in node.get("chain") or [] if k not in parents]
    return f"{word('subcontractor of', lang)} {', '.join(parents or above[:1])}" + (
        f" ← {' ← '.join(above if parents else above[1:])}" if (above if parents else above[1:]) else "")


def path_text(path: list[str], hops_by_flow: dict[str, dict[str, Any]]):
    """`a → b → c` for a path given as flow keys."""
    if not path:
        return text("")
    nodes = [hops_by_flow[path[0]]["from"]] + [hops_by_flow[f]["to"] for f in path]
    return text(" → ".join(nodes), "daicho.dim")


def where_tree(result: dict[str, Any], lang: str = "en", show: int = SHOW, purposes: dict[str, str] | None = None):
    """`daicho where`: the item's trail grouped start / internal / outsourced / joint use / third party /
    abroad, each node with the hop(s) that reach it (purposes by name, from `purposes`); where the trail ends; a
    one-line summary."""
    from . import plain

    title = item_label(result["item"], lang)
    if result["item"].get("persons") is not None:
        title.append(t(lang, "  ({persons} persons)", persons=f"{result['item']['persons']:,}"), style="daicho.dim")
    tree = plain.tree(title)
    for step in result["trail"]:
        at = f" @ {step['at']}" if step["at"] else ""
        how = t(lang, "{method} of {source}", method=method_word(step["method"], lang), source=step["from"])
        tree.add(text(f"+ {step['item']} ({how}{at})", "daicho.dim"))
    hops_by_flow = {h["flow"]: h for h in result["hops"]}
    node_hops = {n["key"]: n["hops"] for n in result["nodes"]}
    hops_into: dict[str, list[dict[str, Any]]] = {}
    for hop in result["hops"]:
        hops_into.setdefault(hop["to"], []).append(hop)
    groups: dict[str, list[dict[str, Any]]] = {}
    for node in result["nodes"]:
        groups.setdefault("start" if node["start"] else node["group"], []).append(node)
    for group in ("start", "internal", "outsourced", "joint_use", "third_party", "abroad"):
        members = groups.get(group, [])
        if not members:
            continue
        branch = tree.add(text(f"{word(group, lang)} ({len(members)})", _GROUP_STYLE[group]))
        for node in members[:show]:
            _where_node(branch, node, result, hops_by_flow, node_hops, hops_into.get(node["key"], []), lang,
                        purposes)
        if len(members) > show:
            branch.add(text(f"… {len(members) - show} {word('more', lang)} (--json)", "daicho.dim"))
    if result["ends"]:
        ends = tree.add(text(word("ends", lang), "daicho.dim"))
        for end in result["ends"]:
            at = f" @ {end['at']}" if end["at"] else ""
            method = method_word(end["method"], lang)
            reason = end["reason"] if lang == "en" else t(lang, _ENDS.get(end["method"]) or end["reason"])
            ends.add(text(f"{end['from']} → {end['item']}: {method}{at} — {reason}"))
    if not result["nodes"]:
        tree.add(text(t(lang, "no flow carries this item and no system stores it"), "daicho.dim"))
    parts = [tree, summary_line(result["summary"], lang, result.get("depth"))]
    return plain.group(*parts, *filter(None, [item_legend([result["item"]], lang)]))


def _where_node(branch, node, result, hops_by_flow, node_hops, into, lang, purposes=None) -> None:
    label = node_label(node, lang, node["hops"])
    if node["items"] != [result["item"]["item"]]:
        label.append_text(text(f" · {word('as', lang)} {', '.join(node['items'])}", "daicho.dim"))
    if node["chain"]:
        label.append_text(text(f" · {chain_words(node, lang)}", "daicho.dim"))
    if node["outside_scope"]:
        label.append_text(text(f" · {word('outside scope', lang)}: {', '.join(node['outside_scope'])}",
                               "daicho.error"))
    sub = branch.add(label)
    # the hops into it that `abroad` or `check` flags, then the last hops of its shortest paths (into a start,
    # every hop: it stores the item); the others, and what is past HOPS_SHOWN, are counted (its flagged ones too)
    def shortest(hop: dict[str, Any]) -> bool:
        return node["start"] or node_hops.get(hop["from"]) == node["hops"] - 1

    ordered = sorted(into, key=lambda hop: (not _flagged(hop), not shortest(hop)))
    shown = [hop for hop in ordered[:HOPS_SHOWN] if _flagged(hop) or shortest(hop)]
    for hop in shown:
        sub.add(hop_label(hop, lang, purposes=purposes))
    left = ordered[len(shown):]
    if left:
        flagged = sum(map(_flagged, left))
        more = (t(lang, "… {n} more, {flagged} of them flagged (--json)", n=len(left), flagged=flagged) if flagged
                else f"… {len(left)} {word('more', lang)} (--json)")
        sub.add(text(more, "daicho.error" if flagged else "daicho.dim"))
    if node["hops"] > 1 and node["paths"]:
        line = path_text(node["paths"][0], hops_by_flow)
        if node["paths_total"] > 1:
            line.append(f"  (+{node['paths_total'] - 1} {word('more', lang)})", style="daicho.dim")
        sub.add(line)


def _flagged(hop: dict[str, Any]) -> bool:
    """Whether a hop is one `abroad` or `check` flags: no or a wrong foreign-transfer basis, a basis that cannot
    apply."""
    return hop.get("foreign_status") in FLAGGED_FOREIGN_STATUSES or hop.get("basis_status") == "cannot_apply"


def summary_line(summary: dict[str, Any], lang: str, depth: int | None = None):
    """`N systems, M recipients, K countries (JP, US)` and the nodes whose country is unknown."""
    countries = summary["countries"]
    if lang != "en":
        line = t(lang, "{systems} systems, {recipients} recipients, {countries} countries",
                 systems=summary["systems"], recipients=summary["recipients"], countries=len(countries))
    else:
        line = (f"{summary['systems']} system{'s' if summary['systems'] != 1 else ''}, {summary['recipients']} "
                f"recipient{'s' if summary['recipients'] != 1 else ''}, {len(countries)} "
                f"countr{'ies' if len(countries) != 1 else 'y'}")
    line += (f" ({', '.join(countries)})" if lang == "en" else t(lang, " ({countries})",
                                                                   countries=places_named(countries, lang))) \
        if countries else ""
    out = text(line)
    unknown = summary["unknown_country"]
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        out.append_text(text(f"; {word('unknown country', lang)}: {len(unknown)} ({shown})", "daicho.warning"))
    if depth is not None:
        out.append(t(lang, "; depth {depth}", depth=depth), style="daicho.dim")
    return out


def receives_tree(result: dict[str, Any], lang: str = "en", show: int = SHOW):
    """`daicho receives`: each item reaching the node, as what, from which origins, by which paths."""
    from . import plain

    node = result["node"]
    tree = plain.tree(node_label(node, lang))
    if result.get("side"):
        tree.add(text(f"{say('also at', lang)}: " + ", ".join(
            f"{n['key']} ({operator_note(n, lang) or kind_word(n['kind'], lang)})" for n in result["side"])))
    for stored in result.get("stores", []):
        tree.add(text(f"{stored['key']}: {say('keeps', lang)}" + t(lang, " (PPC Q&A 7-53; daicho holds {key})",
                                                                   key=stored["key"]), "daicho.dim"))
    hops_by_flow = {h["flow"]: h for h in result["hops"]}
    for entry in result["items"][:show]:
        label = item_label(entry, lang)
        label.append(f"  {entry['hops']} {word('hop' if entry['hops'] == 1 else 'hops', lang)}", style="daicho.dim")
        if entry["derived"]:
            label.append_text(text(f" · {word('as', lang)} {', '.join(entry['as'])}", "daicho.dim"))
        at = entry.get("at") or node["key"]
        if entry.get("stored"):
            label.append_text(text(f" · {say('stored at', lang)} {at}"))
        elif at != node["key"]:
            label.append_text(text(f" · {say('reaches', lang)} {at}"))
        branch = tree.add(label)
        if entry["origins"] != [] and not entry.get("stored"):
            branch.add(text(t(lang, "from: {origins}", origins=", ".join(
                f"{o['key']} ({kind_word(o['kind'], lang)})" for o in entry["origins"]))))
        for path in entry["paths"]:
            line = path_text(path, hops_by_flow)
            line.append_text(text("  [" + t(lang, ", ").join(boundary_word(hops_by_flow[f].get("boundary"), lang)
                                                  for f in path) + "]", "daicho.dim"))
            branch.add(line)
        if entry["paths_total"] > len(entry["paths"]):
            branch.add(text(f"… {entry['paths_total'] - len(entry['paths'])} {word('more', lang)}", "daicho.dim"))
    if len(result["items"]) > show:
        tree.add(text(f"… {len(result['items']) - show} {word('more', lang)} (--json)", "daicho.dim"))
    s = result["summary"]
    if lang != "en":
        line = t(lang, "{items} items reach {node} ({sensitive} sensitive, {financial} financial) from {origins} "
                 "origins", items=s["items"], node=result["node"]["key"], sensitive=s["sensitive"],
                 financial=s["financial"], origins=len(s["origins"]))
    else:
        line = (f"{s['items']} item{'s reach' if s['items'] != 1 else ' reaches'} {result['node']['key']} "
                f"({s['sensitive']} sensitive, {s['financial']} financial) from {len(s['origins'])} "
                f"origin{'s' if len(s['origins']) != 1 else ''}")
    return plain.group(tree, text(line), *filter(None, [item_legend(result["items"], lang)]))


def paths_view(result: dict[str, Any], lang: str = "en"):
    """`daicho path`: each simple path, its hops with the flows and items that make them."""
    from . import plain

    parts: list[Any] = []
    for number, path in enumerate(result["paths"], 1):
        tree = plain.tree(text(f"{number}. " + " → ".join(path["nodes"]), "daicho.key"))
        for hop in path["hops"]:
            mark = border_mark(hop["border"], (result["nodes"].get(hop["to"]) or {}).get("country"), lang)
            for flow in hop["flows"]:
                line = text(f"{hop['from']} → {hop['to']} {word('via', lang)} {flow['flow']}: "
                            f"{boundary_word(flow.get('boundary'), lang)}; {word('basis', lang)} "
                            f"{basis_word(flow['basis'], lang)}")
                if flow["foreign_basis"]:
                    line.append_text(text(f"; {word('foreign', lang)} "
                                          f"{basis_word(flow['foreign_basis'], lang, True)}"))
                line.append_text(text(f"; {', '.join(flow['items'])}", "daicho.dim"))
                if mark is not None:
                    line.append("  ")
                    line.append_text(mark)
                tree.add(line)
        parts.append(tree)
    n = len(result["paths"])
    ends = f"{result['from']['key']} → {result['to']['key']}"
    only = t(lang, " (item {item})", item=result["item"]) if result["item"] else ""
    if lang != "en":
        line = t(lang, "{n} paths {ends}{only}", n=n, ends=ends, only=only) + (
            t(lang, "; showing the first {n}, there are more (--limit N)", n=n) if result["more"] else "")
    else:
        line = f"{n} path{'s' if n != 1 else ''} {ends}{only}" + (
            f"; showing the first {n}, there are more (--limit N)" if result["more"] else "")
    parts.append(text(line, "daicho.warning" if result["more"] else None))
    return plain.group(*parts)
