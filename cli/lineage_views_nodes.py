"""rich renderables for node-level lineage results: holds, abroad, breach (pure functions of result dicts)."""

from __future__ import annotations

from typing import Any

from daicho.catalog.resolved.countries import kept_besides
from daicho.catalog.words import N_, t
from daicho.catalog.words import say as said

from .fit import labelled, split_label
from .labels import boundary_word, operator_note, place_named, place_title, place_words, places_named, say
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


def status_word(status: str, lang: str) -> str:
    """A transfer's status abroad as `abroad` heads it (所在不明 …); a status it does not know as its code."""
    return t(lang, _STATUS[status][0]) if status in _STATUS else status


def holds_view(result: dict[str, Any], lang: str = "en", show: int = SHOW, purposes: dict[str, str] | None = None):
    """`daicho holds`: items stored, received and sent; flows in and out; derivations made there."""
    from .plain import group
    from .plain import tree as new_tree

    node = result["node"]
    tree = new_tree(node_label(node, lang))
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
    return group(tree, *filter(None, [marks]))


def abroad_table(result: dict[str, Any], lang: str = "en", show: int = 100):
    """`daicho abroad`: every flow that may leave the home country, grouped by status (those without a valid
    basis first), each with its party, location (registered and kept where they differ), boundary, bases and
    note; then the recipients named with no recorded data flow."""
    from .plain import group
    from .plain import tree as new_tree

    ja = lang != "en"
    home = place_title(result["home_country"], lang)
    n = len(result["flows"])
    tree = new_tree(text(t(lang, "{n} flows that may leave {home}", n=n, home=home) if ja else
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
        named = new_tree(text(f"{say('named only', lang)} ({len(result['named_only'])})", "daicho.warning"))
        for node in result["named_only"]:
            named.add(node_label({**node, "named_only": False}, lang))
        parts.append(named)
    s = result["summary"]
    problems = s["missing"] + s["mismatch"]
    countries = ", ".join(s["countries"]) if lang == "en" else places_named(s["countries"], lang)
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
    return group(*parts)


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
        line.append_text(text(f" ({say('registered', lang)} {place_named(flow['registered'], lang)})"))
    kept = kept_besides(flow["hosting"], where)
    if kept:
        line.append_text(text(f" ({say('kept in', lang)} {places_named(kept, lang)})"))
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
    each deadline with its source — the assessment (`BreachAssessment.to_data()` or `to_dict()`) said in `lang`
    (`catalog.breach.words.breach_text`)."""
    from daicho.catalog.breach.words import breach_text

    from .plain import group, rule
    from .plain import tree as new_tree

    said = breach_text(result, lang)
    parts: list[Any] = [rule(text(t(lang, "Leak at {key}", key=said["node"]["key"])))]
    n = len(said["items"])
    tree = new_tree(text(t(lang, _EXPOSED[n != 1], n=n)))
    for item in said["items"][:show]:
        label = item_label(item, lang)
        how = t(lang, ", ").join(t(lang, _HOW.get(h, h)) for h in item["how"])
        label.append_text(text(f" ({how})" if lang == "en" else t(lang, " ({how})", how=how), "daicho.dim"))
        if item.get("data_class", "personal") != "personal":
            label.append_text(text(" — " + t(lang, _CLASS[item["data_class"]]), "daicho.dim"))
        if item.get("encryption"):
            label.append_text(text(" — " + t(lang, "advanced encryption: {how}", how=item["encryption"]["text"]),
                                   "daicho.dim"))
        tree.add(label)
    if n > show:
        tree.add(text(f"… {n - show} {word('more', lang)} (--json)", "daicho.dim"))
    parts.append(tree)
    marks = item_legend(said["items"], lang)
    if marks is not None:
        parts.append(marks)
    subjects = t(lang, ", ").join(name(s, lang) for s in said["subjects"]) or "-"
    parts.append(text(t(lang, "data subjects: {subjects}", subjects=subjects)))
    persons = said["persons"]
    parts.append(text(t(lang, _PERSONS[said["persons_source"]] if persons is not None else _NO_PERSONS[
        said["persons_source"]], persons=f"{persons:,}" if persons is not None else "")))
    if said.get("in_transit"):
        parts.append(text(t(lang, "a leak of information being acquired (web skimming)"), "daicho.warning"))
    for c in said["criteria"]:
        mark, style = _MET[c["met"]]
        line = text(f"{c['cites']} {c['title']}: ")
        line.append(t(lang, mark), style=style)
        line.append_text(text(f" — {c['reason']}", "daicho.dim"))
        if c.get("hint"):  # how to tell daicho breach what is known: its flags (the pack leaves this out)
            line.append_text(text(f" — {c['hint']}", "daicho.dim"))
        parts.append(labelled([(text(f"({c['number']})"), line)]))  # wrapped lines stay under the criterion
    report = said["report"]
    style = {True: "daicho.error", False: "daicho.ok"}.get(said["reportable"], "daicho.warning")
    verdict = text(said["verdict"]["text"], style)
    if said["verdict"].get("hint"):  # the flags that would settle it (the pack leaves this out)
        verdict.append_text(text(f" — {said['verdict']['hint']}", "daicho.dim"))
    parts.append(verdict)
    follows = [(text(t(lang, head)), text(report[key])) for key, head in _FOLLOWS if report[key]]
    if report["contractor_note"]:  # `label: value` lines whose values wrap under themselves
        follows.append(split_label(text(report["contractor_note"], "daicho.dim")))
    if follows:
        parts.append(labelled(follows, indent=2))
    parts.append(labelled([(text(t(lang, "cites:"), "daicho.dim"),
                            text(t(lang, ", ").join(report["cited"]), "daicho.dim"))]))
    return group(*parts)


#: the items exposed, one and several
_EXPOSED = (N_("{n} item exposed"), N_("{n} items exposed"))
#: how the leaked side has an item
_HOW = {"stored": N_("stored"), "received": N_("received"), "forwarded": N_("forwarded"), "derived": N_("derived")}
#: an item that is not personal data, as the view marks it
_CLASS = {"referable": N_("personally referable information: not personal data"),
          "anonymised": N_("anonymised information: not personal data"),
          "pseudonymised": N_("pseudonymised: APPI 26 does not apply (41(9))")}
#: the persons line by who gave the number (`persons_source`), with a number and without
_PERSONS = {"given": N_("persons (estimate): {persons} (given)"), "items": N_("persons (estimate): {persons} (items)"),
            "unknown": N_("persons (estimate): {persons} (unknown)")}
_NO_PERSONS = {"given": N_("persons (estimate): unknown (given)"), "items": N_("persons (estimate): unknown (items)"),
               "unknown": N_("persons (estimate): unknown (unknown)")}
#: a criterion met, not met, not known
_MET = {True: (N_("✔ met"), "daicho.error"), False: (N_("✘ not met"), "daicho.ok"),
        None: (N_("? not known"), "daicho.warning")}
#: what follows a reportable leak: the deadlines and the notice
_FOLLOWS = (("preliminary", N_("preliminary report:")), ("final", N_("final report:")), ("notice", N_("notice:")))
