"""Renderers for history, diff, review and requests: rich renderables for the terminal, Markdown for a
pull-request comment. Pure functions of the library's results; user text is never markup."""

from __future__ import annotations

from typing import Any

from daicho.catalog.words import N_, t

from .output import text

#: the views' words (message ids of the catalog, said with `word`)
_W = {
    "history": N_("History of the inventory"), "version": N_("version"), "loaded": N_("loaded"), "label": N_("label"),
    "source": N_("source"), "records": N_("records"), "changed": N_("changed"), "note": N_("note"),
    "equal": N_("No differences."), "diff": N_("Changes"), "added": N_("Records added"),
    "removed": N_("Records removed"), "changes": N_("Records changed"), "lineage": N_("Lineage changes per item"),
    "reached_gained": N_("now reaches"), "reached_lost": N_("no longer reaches"),
    "countries_gained": N_("new countries"), "countries_lost": N_("countries dropped"),
    "recipients_gained": N_("new recipients"), "recipients_lost": N_("recipients dropped"),
    "basis": N_("basis changed"), "recipients_added": N_("Recipients added"),
    "recipients_dropped": N_("Recipients dropped"), "subprocessors_added": N_("Sub-processors added"),
    "subprocessors_dropped": N_("Sub-processors dropped"), "transfers_abroad_gained": N_("Transfers abroad gained"),
    "transfers_abroad_lost": N_("Transfers abroad lost"),
    "transfer_status_changes": N_("Status of transfers abroad changed"),
    "reordered": N_("The order of flows changed."), "none": N_("(none)"),
    "evidence_only": N_("… and {n} records whose evidence alone changed (--evidence lists them)"), "git": N_("git"),
    "dirty": N_("uncommitted changes"),
}


def word(name: str, lang: str, **params: Any) -> str:
    """A word of the views in `lang` (its placeholders filled from `params`)."""
    return t(lang, _W[name], **params)


def _short(value: Any, limit: int = 60) -> str:
    import json

    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _change(old: Any, new: Any, lang: str = "en", field: str = "") -> str:
    """A field's change: members added (+) and removed (−) for lists of plain values, else old → new; outside
    English a code of an enumeration or a location in words with the code kept (`委託先（contractor）`)."""
    plain = (str, int, float, bool)
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(v, plain) for v in old + new):
        added = [_value(field, v, lang) for v in new if v not in old]
        removed = [_value(field, v, lang) for v in old if v not in new]
        parts = [f"+{v}" for v in added] + [f"−{v}" for v in removed]
        return t(lang, ", ").join(parts) if parts else t(lang, "order changed")
    return f"{_value(field, old, lang, 100)} → {_value(field, new, lang, 100)}"


#: fields that hold a location code
_PLACES = ("country", "registered", "hosting", "to_country")


def _value(field: str, value: Any, lang: str, limit: int = 60) -> str:
    """A changed value: in English as it is (shortened); in another language a code in words (`cli.values`:
    the field's last part names its enumeration; a record's `kind`: a system's or recipient's kind), a location
    by name with its code."""
    if lang == "en" or not isinstance(value, str):
        return _short(value, limit)
    from .labels import place_title
    from .values import KINDS, code_word

    last = field.rsplit(".", 1)[-1]
    if last in _PLACES:
        return place_title(value, lang)
    if last == "kind" and value in KINDS:
        return t(lang, "{words} ({code})", words=t(lang, KINDS[value]), code=value)
    return _short(code_word(last, value, lang), limit)


def _field(field: str, lang: str) -> str:
    """A changed field's name (`contract.date`): as it is in English, each part as `show` labels it otherwise."""
    if lang == "en":
        return field
    from .views import heading

    def label(part: str) -> str:  # a part the catalog has no word for keeps its name (`complaints_desk`)
        said = heading(part, lang)
        return part if said == part.replace("_", " ") else said

    return ".".join(label(part) for part in field.split("."))


def _status(status: str, lang: str) -> str:
    """A transfer's status abroad (`catalog.lineage.nodes.STATUSES`): the code in English, `abroad`'s words
    with the code otherwise."""
    if lang == "en":
        return status
    from .lineage_views_nodes import status_word

    return t(lang, "{words} ({code})", words=status_word(status, lang), code=status)


def _places(codes: list[str], lang: str) -> str:
    """Locations: codes in English, names with their codes otherwise."""
    if lang == "en":
        return ", ".join(codes)
    from .labels import place_title

    return t(lang, ", ").join(place_title(c, lang) for c in codes)


def history_table(versions: list[dict[str, Any]], lang: str = "en"):
    """The versions as a table, oldest first."""
    from rich.table import Table

    table = Table(title=word("history", lang), title_justify="left")
    for name in ("version", "loaded", "label", "source", "records", "changed"):
        table.add_column(word(name, lang), overflow="fold")
    for v in versions:
        source = ", ".join(v["sources"])
        if v["git_commit"]:
            source += f" @ {v['git_commit'][:10]}" + (f" ({word('dirty', lang)})" if v["git_dirty"] else "")
        label = " — ".join(x for x in (v["label"], v["note"]) if x)
        table.add_row(str(v["number"]), text(v["loaded_at"]), text(label), text(source), str(v["records"]),
                      str(v["changed"]))
    return table


def _is_evidence(field: str) -> bool:
    """Fields that cite where a record comes from (not what it says)."""
    return field.split(".")[0] in ("evidence", "illustrative")


def diff_lines(result: dict[str, Any], lang: str = "en", evidence: bool = False) -> list[tuple[str, str | None]]:
    """The diff as (line, style) pairs: the same content for the terminal and for Markdown. Changes of a
    record's evidence only are counted, not listed, unless `evidence`."""
    out: list[tuple[str, str | None]] = [(f"{_state(result['old'], lang)} → {_state(result['new'], lang)}", "bold")]
    if result["equal"]:
        return [*out, (word("equal", lang), "daicho.ok")]
    records = result["records"]
    for name, keys, style in (("added", records["added"], "daicho.ok"),
                              ("removed", records["removed"], "daicho.error")):
        if keys:
            out.append((f"## {word(name, lang)} ({len(keys)})", "bold"))
            out.extend((f"- {k}", style) for k in keys)
    if records["changed"]:
        out.append((f"## {word('changes', lang)} ({len(records['changed'])})", "bold"))
        quiet = 0
        for change in records["changed"]:
            fields = [f for f in change["fields"] if evidence or not _is_evidence(f["field"])]
            if not fields:
                quiet += 1
                continue
            out.append((f"- {change['key']}", "daicho.key"))
            out.extend((f"    {_field(f['field'], lang)}: {_change(f['old'], f['new'], lang, f['field'])}", None)
                       for f in fields)
        if quiet:
            out.append((word("evidence_only", lang, n=quiet), "daicho.dim"))
    if records["flows_reordered"]:
        out.append((word("reordered", lang), None))
    lineage = result["lineage"]
    for name in ("recipients_added", "recipients_dropped"):
        if lineage[name]:
            out.append((f"## {word(name, lang)}", "bold"))
            out.extend((f"- {r['key']} ({_kind(r['kind'], lang)})", None) for r in lineage[name])
    for name in ("subprocessors_added", "subprocessors_dropped"):
        if lineage[name]:
            out.append((f"## {word(name, lang)}", "bold"))
            out.extend((f"- {k}", None) for k in lineage[name])
    for name in ("transfers_abroad_gained", "transfers_abroad_lost"):
        if lineage[name]:
            out.append((f"## {word(name, lang)}", "bold"))
            out.extend((_transfer(x, lang), "daicho.abroad") for x in lineage[name])
    if lineage["transfer_status_changes"]:
        out.append((f"## {word('transfer_status_changes', lang)}", "bold"))
        out.extend((f"- {c['flow']} ({_value('to_country', c['to_country'], lang)}): {_status(c['old'], lang)} → "
                    f"{_status(c['new'], lang)}", None) for c in lineage["transfer_status_changes"])
    if lineage["items"]:
        out.append((f"## {word('lineage', lang)}", "bold"))
        for entry in lineage["items"]:
            out.append((f"- {entry['item']}", "daicho.key"))
            for name in ("reached_gained", "reached_lost", "countries_gained", "countries_lost",
                         "recipients_gained", "recipients_lost"):
                if entry[name]:
                    shown = _places(entry[name], lang) if name.startswith("countries") else \
                        t(lang, ", ").join(entry[name])
                    out.append((f"    {word(name, lang)}: {shown}", None))
            for change in entry["basis_changes"]:
                out.append((f"    {word('basis', lang)}: {change['flow']}: {_basis(change['old'], lang)} → "
                            f"{_basis(change['new'], lang)}", None))
    return out


def _state(state: dict[str, Any], lang: str) -> str:
    """A compared state's label: `version 3` said in `lang`; a path or git revision as it is."""
    number = state.get("version")
    if lang != "en" and number is not None and state["label"] == f"version {number}":
        return t(lang, "version {n}", n=number)
    return state["label"]


def _transfer(transfer: dict[str, Any], lang: str) -> str:
    """A transfer abroad gained or lost: `flow: from → to (country; status)`."""
    country, status = _value("to_country", transfer["to_country"], lang), _status(transfer["status"], lang)
    said = f"({country}; {status})" if lang == "en" else t(lang, "({country}; {status})", country=country,
                                                              status=status)
    return f"- {transfer['flow']}: {transfer['from']} → {transfer['to']} {said}"


def _kind(kind: str, lang: str) -> str:
    """A recipient's kind: the code in English, `第三者（third_party）` otherwise."""
    return _value("kind", kind, lang)


def _basis(basis: Any, lang: str) -> str:
    """A flow's basis: the code in English, `委託（outsourcing）` otherwise."""
    return _value("basis", basis, lang) if basis is not None and lang != "en" else str(basis)


def diff_text(result: dict[str, Any], lang: str = "en", evidence: bool = False):
    """The diff for the terminal."""
    from rich.console import Group

    return Group(*(text(line.removeprefix("## "), style) for line, style in diff_lines(result, lang, evidence)))


def diff_markdown(result: dict[str, Any], lang: str = "en", evidence: bool = False) -> str:
    """The diff as Markdown for a pull-request comment (user text escaped)."""
    lines = []
    for index, (line, _) in enumerate(diff_lines(result, lang, evidence)):
        if index == 0:
            lines.append(f"### daicho diff: {_md(line)}")
        elif line.startswith("## "):
            lines.append(f"\n**{_md(line[3:])}**\n")
        elif line.startswith("    "):
            lines.append(f"  - {_md(line.strip())}")
        elif line.startswith("- "):
            lines.append(f"- `{line[2:]}`" if "`" not in line else f"- {_md(line[2:])}")
        else:
            lines.append(_md(line))
    return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    """Markdown-inert text: characters that would format, link or embed HTML are escaped."""
    from daicho.inventory.safe_text import visible

    out = visible(value)
    for char in "\\`*_[]<>|#!":
        out = out.replace(char, "\\" + char)
    return out
