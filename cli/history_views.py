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


def _change(old: Any, new: Any, lang: str = "en") -> str:
    """A field's change: members added (+) and removed (−) for lists of plain values, else old → new."""
    plain = (str, int, float, bool)
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(v, plain) for v in old + new):
        added = [str(v) for v in new if v not in old]
        removed = [str(v) for v in old if v not in new]
        parts = [f"+{v}" for v in added] + [f"−{v}" for v in removed]
        return ", ".join(parts) if parts else t(lang, "order changed")
    return f"{_short(old, 100)} → {_short(new, 100)}"


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
    out: list[tuple[str, str | None]] = [(f"{result['old']['label']} → {result['new']['label']}", "bold")]
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
            out.extend((f"    {f['field']}: {_change(f['old'], f['new'], lang)}", None) for f in fields)
        if quiet:
            out.append((word("evidence_only", lang, n=quiet), "daicho.dim"))
    if records["flows_reordered"]:
        out.append((word("reordered", lang), None))
    lineage = result["lineage"]
    for name in ("recipients_added", "recipients_dropped"):
        if lineage[name]:
            out.append((f"## {word(name, lang)}", "bold"))
            out.extend((f"- {r['key']} ({r['kind']})", None) for r in lineage[name])
    for name in ("subprocessors_added", "subprocessors_dropped"):
        if lineage[name]:
            out.append((f"## {word(name, lang)}", "bold"))
            out.extend((f"- {k}", None) for k in lineage[name])
    for name in ("transfers_abroad_gained", "transfers_abroad_lost"):
        if lineage[name]:
            out.append((f"## {word(name, lang)}", "bold"))
            out.extend((f"- {t['flow']}: {t['from']} → {t['to']} ({t['to_country']}; {t['status']})",
                        "daicho.abroad") for t in lineage[name])
    if lineage["transfer_status_changes"]:
        out.append((f"## {word('transfer_status_changes', lang)}", "bold"))
        out.extend((f"- {c['flow']} ({c['to_country']}): {c['old']} → {c['new']}", None)
                   for c in lineage["transfer_status_changes"])
    if lineage["items"]:
        out.append((f"## {word('lineage', lang)}", "bold"))
        for entry in lineage["items"]:
            out.append((f"- {entry['item']}", "daicho.key"))
            for name in ("reached_gained", "reached_lost", "countries_gained", "countries_lost",
                         "recipients_gained", "recipients_lost"):
                if entry[name]:
                    out.append((f"    {word(name, lang)}: {', '.join(entry[name])}", None))
            for change in entry["basis_changes"]:
                out.append((f"    {word('basis', lang)}: {change['flow']}: {change['old']} → {change['new']}", None))
    return out


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
