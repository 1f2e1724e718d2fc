"""The sub-processor list as a file a company can publish as it is: Markdown, self-contained HTML, CSV, JSON.

Every writer takes the data of `subprocessors.subprocessors` and returns text. User text is escaped for its
format: HTML through `html.escape` (no script, no external resource), Markdown through the ledger's
`md_cell`, CSV cells through `safe_cells.safe_row` (no formula injection).
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable
from typing import Any

from daicho.catalog.words import N_, t

#: the page's words by key, English message ids of the catalog (`catalog.words`), said with `words_of`
WORDS = {
    "title": N_("Sub-processors"),
    "lead": N_("Contractors and sub-contractors that receive personal data from us, what "
               "they receive, why, and where they are."),
    "name": N_("Sub-processor"),
    "kind": N_("Kind"),
    "parents": N_("Engaged by"),
    "purposes": N_("Purposes"),
    "registered": N_("Registered in"),
    "hosting": N_("Data kept in"),
    "items": N_("Personal data"),
    "categories": N_("Categories"),
    "named": N_("Named, no data flow recorded"),
    "contractor": N_("contractor"),
    "subcontractor": N_("sub-contractor"),
    "us": N_("us"),
    "stores": N_("stores data it does not handle (PPC Q&A 7-53)"),
    "none": N_("None."),
    "changes": N_("Changes since version {since}"),
    "added": N_("Added"),
    "removed": N_("Removed"),
    "changed": N_("Changed"),
    "change": N_("Change since version {since}"),
    "no_change": N_("No change."),
    "f_kind": N_("kind"),
    "f_parents": N_("engaged by"),
    "f_registered": N_("registered in"),
    "f_hosting": N_("data kept in"),
    "f_purposes": N_("purposes"),
    "f_items": N_("personal data"),
    "f_handles": N_("handling of the data"),
}
COLUMNS = ("name", "kind", "parents", "purposes", "registered", "hosting", "items", "categories")


class _Words:
    """The page's words in one language: `words[key]` (a mapping, as the writers read it)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        return t(self.lang, WORDS[key])

    def get(self, key: str, default: str) -> str:
        return t(self.lang, WORDS[key]) if key in WORDS else default


def words_of(lang: str) -> _Words:
    """The page's words in `lang`."""
    return _Words(lang)


def cells(entry: dict[str, Any], lang: str) -> dict[str, list[str]]:
    """An entry's cells as lists of text in `lang`."""
    words = words_of(lang)
    kind = words.get(entry["kind"], entry["kind"])
    if not entry["handles"]:
        kind = f"{kind} ({words['stores']})"
    return {"name": [entry["title"]], "kind": [kind],
            "parents": [p["title"] for p in entry["parents"]] or [words["us"]],
            "purposes": [p["title"] for p in entry["purposes"]], "registered": [entry["registered"]["title"]],
            "hosting": [h["title"] for h in entry["hosting"]], "items": [i["title"] for i in entry["items"]],
            "categories": entry["categories"]}


def change_lines(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(what, line) of the change notice in `data` (empty without one): added, removed, changed."""
    changes = data.get("changes")
    if not changes:
        return []
    words = words_of(data["lang"])
    out = [(words["added"], e["title"]) for e in changes["added"]]
    out += [(words["removed"], e["title"]) for e in changes["removed"]]
    out += [(words["changed"], f"{e['title']}: {', '.join(words['f_' + f] for f in e['fields'])}")
            for e in changes["changed"]]
    return out


def _change_of(data: dict[str, Any]) -> dict[str, str]:
    """Sub-processor key → added / changed, for the CSV's change column."""
    changes = data.get("changes") or {"added": [], "changed": []}
    words = words_of(data["lang"])
    return {**{e["key"]: words["added"] for e in changes["added"]},
            **{e["key"]: words["changed"] for e in changes["changed"]}}


def to_markdown(data: dict[str, Any]) -> str:
    """A Markdown page: the table, then the contractors named with no data flow."""
    from daicho.catalog.review.ledger_writers import md_cell

    lang = data["lang"]
    words = words_of(lang)
    columns = COLUMNS[:-1]
    out = [f"# {words['title']}", "", words["lead"], "",
           "| " + " | ".join(words[c] for c in columns) + " |", "|" + "---|" * len(columns)]
    for entry in data["subprocessors"]:
        row = cells(entry, lang)
        out.append("| " + " | ".join(md_cell("\n".join(row[c])) for c in columns) + " |")
    out += ["", f"## {words['named']}", ""]
    out += [f"- {md_cell(e['title'])} ({md_cell(e['registered']['title'])})" for e in data["named"]] or [words["none"]]
    if data.get("changes"):
        out += ["", f"## {words['changes'].format(since=data['changes']['since'])}", ""]
        out += [f"- {what}: {md_cell(line)}" for what, line in change_lines(data)] or [words["no_change"]]
    return "\n".join(out) + "\n"


_CSS = ("body{font-family:system-ui,'Noto Sans CJK JP',sans-serif;margin:2rem;color:#1f2933}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #9aa5b1;padding:.4rem;vertical-align:top;"
        "text-align:left}th{background:#1f3a5f;color:#fff}ul{margin:0;padding-left:1.1rem}")


def to_html(data: dict[str, Any]) -> str:
    """One self-contained HTML page (inline style, no script, nothing fetched); all text escaped."""
    lang = data["lang"]
    words = words_of(lang)
    columns = COLUMNS[:-1]

    def cell(values: list[str]) -> str:
        if len(values) == 1:
            return html.escape(values[0])
        return "<ul>" + "".join(f"<li>{html.escape(v)}</li>" for v in values) + "</ul>"

    rows = "".join("<tr>" + "".join(f"<td>{cell(cells(e, lang)[c])}</td>" for c in columns) + "</tr>\n"
                   for e in data["subprocessors"])
    named = "".join(f"<li>{html.escape(e['title'])} ({html.escape(e['registered']['title'])})</li>"
                    for e in data["named"])
    head = "".join(f"<th>{html.escape(words[c])}</th>" for c in columns)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(words['title'])}</title><style>{_CSS}</style></head>\n<body>\n"
            f"<h1>{html.escape(words['title'])}</h1>\n<p>{html.escape(words['lead'])}</p>\n"
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
            f"<h2>{html.escape(words['named'])}</h2>\n"
            f"{f'<ul>{named}</ul>' if named else '<p>' + html.escape(words['none']) + '</p>'}\n"
            f"{_html_changes(data)}</body>\n</html>\n")


def _html_changes(data: dict[str, Any]) -> str:
    if not data.get("changes"):
        return ""
    words = words_of(data["lang"])
    items = "".join(f"<li>{html.escape(what)}: {html.escape(line)}</li>" for what, line in change_lines(data))
    body = f"<ul>{items}</ul>" if items else f"<p>{html.escape(words['no_change'])}</p>"
    return f"<h2>{html.escape(words['changes'].format(since=data['changes']['since']))}</h2>\n{body}\n"


def to_csv(data: dict[str, Any]) -> str:
    """CSV for spreadsheets (UTF-8 with a BOM, CRLF): a row per sub-processor, lists joined by '; ', cells
    guarded against formula injection; contractors named with no data flow last, with that as their kind."""
    from daicho.catalog.review.safe_cells import safe_row

    lang = data["lang"]
    words = words_of(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    change = _change_of(data)
    extra = [words["change"].format(since=data["changes"]["since"])] if data.get("changes") else []
    writer.writerow(safe_row(["key", *(words[c] for c in COLUMNS), *extra]))
    for entry in data["subprocessors"]:
        row = cells(entry, lang)
        writer.writerow(safe_row([entry["key"], *("; ".join(row[c]) for c in COLUMNS),
                                  *([change.get(entry["key"], "")] if extra else [])]))
    for entry in data["named"]:
        row = cells(entry, lang)
        row["kind"] = [words["named"]]
        writer.writerow(safe_row([entry["key"], *("; ".join(row[c]) for c in COLUMNS), *([""] if extra else [])]))
    for entry in (data.get("changes") or {}).get("removed", []):
        row = cells(entry, lang)
        writer.writerow(safe_row([entry["key"], *("; ".join(row[c]) for c in COLUMNS), words["removed"]]))
    return "\ufeff" + buffer.getvalue()


def to_json(data: dict[str, Any]) -> str:
    """The data as JSON (terminal controls escaped)."""
    from daicho.inventory.safe_text import json_text

    return json_text(data) + "\n"


#: Output formats: name → writer returning the file's text.
WRITERS: dict[str, Callable[[dict[str, Any]], str]] = {"md": to_markdown, "html": to_html, "csv": to_csv,
                                                        "json": to_json}
