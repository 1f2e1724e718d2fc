"""rich renderables for records: pure functions from result dicts to tables and trees."""

from __future__ import annotations

from typing import Any

from .output import text

_COLUMNS = {
    "items": ("category", "acquisition", "purposes", "systems", "persons"),
    "systems": ("kind", "country", "department", "operated_by"),
    "recipients": ("kind", "country", "parent"),
    "purposes": ("published",),
    "collection-points": ("channel", "notice"),
    "flows": ("from", "to", "basis", "foreign_basis", "items"),
}


def name_of(row: dict[str, Any], lang: str = "en") -> str:
    """A record's name in `lang`, falling back to the other language."""
    name = row.get("name") or {}
    first, second = ("ja", "en") if lang == "ja" else ("en", "ja")
    return name.get(first) or name.get(second) or ""


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def records_table(kind: str, rows: list[dict[str, Any]], lang: str = "en"):
    """A table of listed records; flags (sensitive, financial, illustrative) shown as marks."""
    from rich.table import Table

    columns = _COLUMNS.get(kind, ())
    table = Table(title=f"{len(rows)} {kind}", title_justify="left", show_lines=False)
    table.add_column("key", style="daicho.key", overflow="fold")
    if kind != "flows":
        table.add_column("name", overflow="fold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        cells = [text(row["key"])]
        if kind != "flows":
            name = text(name_of(row, lang))
            if row.get("sensitive"):
                name.append(" 要配慮", style="daicho.sensitive")
            if row.get("financial"):
                name.append(" ¥", style="daicho.financial")
            if row.get("illustrative"):
                name.append(" (illustrative)", style="daicho.illustrative")
            cells.append(name)
        cells.extend(text(_cell(row.get(c))) for c in columns)
        table.add_row(*cells)
    return table


def record_view(record: dict[str, Any], lang: str = "en"):
    """A two-column view of one record (flows in and out as nested lists)."""
    from rich.table import Table

    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(style="daicho.dim", no_wrap=True)
    table.add_column(overflow="fold")
    title = text(f"{record['kind'].replace('_', ' ')} {record['key']}", "daicho.key")
    if record.get("name"):
        title.append("  " + name_of(record, lang))
    table.add_row(text("record"), title)
    for field, value in record.items():
        if field in ("kind", "key", "name") or value in (None, [], {}, ""):
            continue
        if field in ("flows_in", "flows_out"):
            lines = [f"{f['from']} → {f['to']}  [{f['basis']}]  {', '.join(f['items'])}" for f in value]
            table.add_row(text(field.replace("_", " ")), text("\n".join(lines)))
        elif isinstance(value, dict):
            table.add_row(text(field), text(", ".join(f"{k}: {_cell(v)}" for k, v in value.items() if v not in
                                                      (None, [], ""))))
        else:
            table.add_row(text(field), text(_cell(value)))
    return table


def tour_view(tour: dict[str, Any]):
    """The demo's short tour: what was loaded, one item's purposes and recipients, what to try next."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.table import Table

    parts: list[Any] = [Rule(text(f"daicho demo — {tour['organization']}")),
                        text(f"Loaded the bundled example '{tour['example']}' into {tour['db']}")]
    counts = Table(show_header=False, box=None, padding=(0, 2))
    for kind, n in tour["counts"].items():
        counts.add_row(text(kind), text(str(n)))
    parts.append(counts)
    item = tour["item"]
    parts.append(Rule(text(f"{item['key']} — {item['name']}"), align="left"))
    parts.append(text("purposes: " + "; ".join(item["purposes"])))
    for hop in item["recipients"]:
        line = text(f"  → {hop['to']} ({hop['kind']}, {hop['country'] or '?'})  basis: {hop['basis']}")
        if hop.get("hops", 1) > 1:
            line.append(f"  [{hop['hops']} hops]", style="daicho.dim")
        parts.append(line)
    for path in tour.get("files", []):
        parts.append(text(f"wrote {path}", "daicho.dim"))
    parts.append(Rule(text("try"), align="left"))
    parts.extend(text(f"  {command}") for command in tour["try"])
    return Group(*parts)
