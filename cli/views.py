"""rich renderables for records: pure functions from result dicts to tables and trees."""

from __future__ import annotations

from typing import Any

from daicho.catalog.words import N_, NC_, joined, pt, t

from .fit import install_wrapping
from .output import text

install_wrapping()  # Japanese text breaks between its characters (rich breaks only at spaces)

_COLUMNS = {
    "items": ("category", "acquisition", "purposes", "systems", "persons"),
    "systems": ("country", "party"),
    "recipients": ("country", "links"),
    "purposes": ("published",),
    "collection-points": ("channel", "notice"),
    "flows": ("from", "to", "basis", "foreign_basis", "items"),
}
#: columns of free text (they fold); every other column of a system or recipient holds keys or codes, never
#: wrapped inside one
_FREE_TEXT = {"name", "department", "notice", "channel"}
#: column headings of systems and recipients and their labels in `show`, said in the context "heading" (the same
#: English words elsewhere are said otherwise: "registered in" 所在国, as a heading 所在国（登録）)
_HEADINGS = {"kind": NC_("heading", "kind"), "country": NC_("heading", "location"),
             "hosting": NC_("heading", "kept in"), "party": NC_("heading", "party"),
             "operated_by": NC_("heading", "operated by"), "department": NC_("heading", "department"),
             "parents": NC_("heading", "parents"), "links": NC_("heading", "under · runs"),
             "operates": NC_("heading", "operates"), "registered": NC_("heading", "registered in"),
             "handles_data": NC_("heading", "handles data"), "named_only": NC_("heading", "named only"),
             "subcontractors": NC_("heading", "subcontractors"), "name": NC_("heading", "name"),
             "key": NC_("heading", "key")}
#: labels of `show` that say more than a column heading can
_LABELS_EN = {"parents": "sub-contractor of"}
#: the fields and parts of records `show` prints, as labels (the catalog says them in Japanese)
FIELD_LABELS = frozenset((
    N_("record"), N_("evidence"), N_("illustrative"), N_("category"), N_("acquisition"), N_("sensitive"),
    N_("sensitive exception"), N_("consent obtained"), N_("financial"), N_("identification code"),
    N_("personally referable"), N_("pseudonymised"), N_("anonymised"), N_("anonymised items published"),
    N_("anonymisation standard"), N_("retained"), N_("persons"), N_("medium"), N_("retention"), N_("disposal"),
    N_("risk"), N_("last reviewed"), N_("subjects"), N_("purposes"), N_("systems"), N_("flows"), N_("source"),
    N_("flows in"), N_("flows out"), N_("period"), N_("trigger"), N_("assessed"), N_("note"), N_("residual"),
    N_("description"), N_("items"), N_("security"), N_("access"), N_("encryption"), N_("encryption at rest"),
    N_("logging"), N_("measures"), N_("personal data"), N_("disclosed abroad"), N_("region"), N_("subkind"),
    N_("address"), N_("representative"), N_("compliance check"), N_("compliant system"),
    N_("consent information"), N_("contract"), N_("review"), N_("joint use"), N_("date"), N_("reference"),
    N_("result"), N_("protection clauses"), N_("scope items"), N_("subcontracting"), N_("published"),
    N_("channel"), N_("consent"), N_("notice"), N_("written"), N_("basis"), N_("exception"), N_("foreign basis"),
    N_("from"), N_("to"), N_("mechanism"), N_("confirmation"), N_("declared"), N_("item"), N_("system"),
    N_("recipient"), N_("purpose"), N_("collection point"), N_("subject"), N_("flow"),
    N_("instrument"), N_("users"), N_("responsible"), N_("responsible address"), N_("responsible representative"),
    N_("country"), N_("regime"), N_("frequency"), N_("encrypted in transit"), N_("kept"), N_("provider identity"),
    N_("acquisition checked"), N_("referable consent confirmed"), N_("referable information confirmed"),
))
#: a flow's `record` (APPI 29) in Japanese: the record's own label says 記録 already
_FLOW_RECORD = N_("provision record")


#: fields whose label is not their name with spaces (the name is another word's message id)
_FIELD_IDS = {"acquisition": N_("acquisition method")}


def field_label(field: str, lang: str) -> str:
    """A record field as `show` labels it: the field's name in English, the catalog's words in Japanese."""
    words = field.replace("_", " ")
    if lang == "ja" and (field in _FIELD_IDS or words in FIELD_LABELS):
        return t(lang, _FIELD_IDS.get(field) or words)
    return field if lang != "ja" else words


def heading(field: str, lang: str) -> str:
    """A column heading or field label in `lang`."""
    if field in _HEADINGS:
        return pt(lang, "heading", _HEADINGS[field])
    if lang == "ja":
        return field_label(field, lang)
    return field.replace("_", " ")


def name_of(row: dict[str, Any], lang: str = "en") -> str:
    """A record's name in `lang`, falling back to the other language."""
    name = row.get("name") or {}
    first, second = ("ja", "en") if lang == "ja" else ("en", "ja")
    return name.get(first) or name.get(second) or ""


def _cell(value: Any, lang: str = "en", field: str = "") -> str:
    """A value as text: a list joined, yes/no, a code of an enumeration in words (cli.values) outside English."""
    from .values import code_word

    if isinstance(value, list):
        return t(lang, ", ").join(code_word(field, v, lang) for v in value)
    if isinstance(value, bool):
        return t(lang, "yes" if value else "no")
    return code_word(field, value, lang)


def _resolved_cell(kind: str, column: str, row: dict[str, Any], lang: str):
    """A system's or recipient's resolved fact as a cell, keys one per line: its location (and where data is
    kept when that differs); a system's party (the recipient operating it, or the operator and the recipient
    only storing it); a recipient's parents (`under`) and the systems it operates (`runs`)."""
    from .labels import extra_hosting, place

    if column == "country":
        cell = text(place(row["country"], lang), "daicho.warning" if row["country"] in ("unknown", "per_customer")
                    else None)
        kept = extra_hosting(row)
        if kept:  # one a line: the column stays narrow
            cell.append_text(text("\n" + t(lang, "kept:") + "".join(f"\n {place(c, lang)}" for c in kept),
                                  "daicho.dim"))
        return cell
    if column == "links":
        lines = [t(lang, "under {key}", key=p) for p in row["parents"]]
        lines += [t(lang, "runs {key}", key=s) for s in row["operates"]]
        return text("\n".join(lines))
    if column == "party":
        cell = text(row["party"])
        if row.get("operated_by") and row["handles_data"]:
            cell.append_text(text("\n" + t(lang, "(operates it)"), "daicho.dim"))
        elif row.get("operated_by"):
            cell.append_text(text(f"\n{row['operated_by']}"))
            cell.append_text(text("\n" + t(lang, "(storage only)"), "daicho.dim"))
        return cell
    return text(_cell(row.get(column), lang))


def _kind_line(kind: str, row: dict[str, Any], lang: str):
    """Under a system's or recipient's name: its kind, department, and that a recipient does not handle the
    data it stores."""
    from .labels import say
    from .lineage_views import kind_word

    parts = [kind_word(row.get("kind") or "", lang), row.get("department") or ""]
    if kind == "recipients" and not row.get("handles_data", True):
        parts.append(say("no handling", lang))
    return text("\n" + " · ".join(p for p in parts if p), "daicho.dim")


#: how soon each listed column is left out when the terminal is narrow (0: core; the highest goes first), and
#: what it holds (`key`: keys or codes one a line; `keys`: keys wrapping between them; `text`: folds)
_FIT = {
    "items": {"category": ("key", 5), "acquisition": ("key", 4), "purposes": ("keys", 0), "systems": ("keys", 2),
              "persons": ("key", 3)},
    "systems": {"country": ("key", 0), "party": ("key", 0)},
    "recipients": {"country": ("key", 0), "links": ("key", 0)},
    "purposes": {"published": ("key", 1)},
    "collection-points": {"channel": ("text", 1), "notice": ("text", 2)},
    "flows": {"from": ("key", 3), "to": ("key", 3), "basis": ("key", 0), "foreign_basis": ("key", 2),
              "items": ("keys", 0)},
}


#: flags of a record shown as marks after its name
_FLAGS = (("sensitive", " 要配慮", "daicho.sensitive"), ("financial", " ¥", "daicho.financial"),
          ("illustrative", N_(" (illustrative)"), "daicho.illustrative"))


def records_table(kind: str, rows: list[dict[str, Any]], lang: str = "en"):
    """A table of listed records that fits the terminal (cli.fit): keys never wrapped inside, names folding,
    the least useful columns left out first, a stacked record a row when even the core ones do not fit. Flags
    (sensitive, financial, illustrative, named only) are shown as marks, explained in a legend line."""
    from .fit import Column, FitTable
    from .labels import say

    columns = _COLUMNS.get(kind, ())
    fit = _FIT.get(kind, {})
    spec = [Column(heading("key", lang), "key", style="daicho.key")]
    if kind != "flows":
        spec.append(Column(heading("name", lang), "text"))
    spec.extend(Column(heading(c, lang), *fit.get(c, ("text" if c in _FREE_TEXT else "keys", 1))) for c in columns)
    marks: set[str] = set()
    table_rows = []
    for row in rows:
        cells = [text(row["key"])]
        if kind != "flows":
            name = text(name_of(row, lang))
            for flag, mark, style in _FLAGS:
                if row.get(flag):
                    name.append(t(lang, mark), style=style)
                    marks.add(flag)
            if kind in ("systems", "recipients"):
                name.append_text(_kind_line(kind, row, lang))
            if row.get("named_only"):
                name.append_text(text(f"\n{say('named only', lang)}", "daicho.warning"))
            cells.append(name)
        if kind in ("systems", "recipients"):
            cells.extend(_resolved_cell(kind, c, row, lang) for c in columns)
        else:
            cells.extend(text(_cell(row.get(c), lang)) for c in columns)
        table_rows.append(cells)
    title = t(lang, _TITLES[kind], n=len(rows)) if kind in _TITLES else f"{len(rows)} {kind}"
    return FitTable(title, spec, table_rows, legend(marks, lang), lang)


#: the marks a name may carry, explained
_MARKS = {"sensitive": N_("要配慮 special care-required (sensitive) item"),
          "financial": N_("¥ misuse may cause financial damage (Rules 7(ii))"),
          "illustrative": N_("(illustrative) an example, not stated in the source"),
          "unknown": N_("? location not recorded")}
#: a list's title (`12 items`), by kind
_TITLES = {"items": N_("{n} items"), "systems": N_("{n} systems"), "recipients": N_("{n} recipients"),
           "purposes": N_("{n} purposes"), "flows": N_("{n} flows"), "subjects": N_("{n} subjects"),
           "processes": N_("{n} processes"), "collection-points": N_("{n} collection-points"),
           "retention-events": N_("{n} retention-events")}


def legend(marks: set[str], lang: str = "en"):
    """One dim line explaining the marks shown (`¥ …; 要配慮 …`), or None when none is."""
    shown = [t(lang, _MARKS[m]) for m in _MARKS if m in marks]
    if not shown:
        return None
    return text(t(lang, "marks: {marks}", marks="; ".join(shown)), "daicho.dim")


#: fields of a system or recipient `show` prints in words (the resolved ones), and those it leaves to --json
_HIDDEN = ("location_class", "party_kind")


def _resolved_value(field: str, record: dict[str, Any], lang: str) -> str | None:
    """A resolved field of a system or recipient in words; None to print it as it is."""
    from .labels import operator_note, place_title, say

    value = record[field]
    if field in ("country", "registered"):
        return place_title(value, lang)
    if field == "hosting":
        return ", ".join(place_title(c, lang) for c in value)
    if field == "party" and record["kind"] == "system":
        note = operator_note({"operated_by": record.get("operated_by"), "handles": record.get("handles_data")}, lang)
        return f"{value} ({note})" if note else value
    if field == "named_only":
        return say("named only", lang) if value else None
    return None


def record_view(record: dict[str, Any], lang: str = "en"):
    """A two-column view of one record (flows in and out as nested lists); a system's or recipient's location,
    party and operator as `catalog.resolved` reads them."""
    from .fit import Fields

    rows: list[tuple[Any, Any]] = []
    title = text(f"{field_label(record['kind'], lang)} {record['key']}", "daicho.key")
    if record.get("name"):
        title.append_text(text("  " + name_of(record, lang)))
    rows.append((text(field_label("record", lang)), title))
    resolved = record["kind"] in ("system", "recipient")
    for field, value in record.items():
        if field in ("kind", "key", "name") or value in (None, [], {}, ""):
            continue
        if record["kind"] == "flow" and field.startswith("referable_") and not value:
            continue  # APPI 31 confirmations: said where made, not "no" on every flow
        if resolved and (field in _HIDDEN or (field == "named_only" and not value) or
                         (field == "registered" and value == record.get("country"))):
            continue
        label = text((lang != "ja" and _LABELS_EN.get(field)) or heading(field, lang) if resolved and (
            lang != "ja" or field in _HEADINGS) else field_label(field, lang))
        if record["kind"] == "flow" and field == "record" and lang == "ja":
            label = text(t(lang, _FLOW_RECORD))
        if field in ("flows_in", "flows_out"):
            lines = [f"{f['from']} → {f['to']}  [{_basis(f['basis'], lang)}]  {', '.join(f['items'])}" for f in value]
            rows.append((text(field_label(field, lang) if lang == "ja" else field.replace("_", " ")),
                         text("\n".join(lines))))
        elif resolved and _resolved_value(field, record, lang) is not None:
            rows.append((label, text(_resolved_value(field, record, lang))))
        elif isinstance(value, dict):
            rows.append((label, text(t(lang, ", ").join(f"{field_label(k, lang)}: {_cell(v, lang, k)}"
                                                        for k, v in value.items() if v not in (None, [], "")))))
        elif field == "declared" and isinstance(value, str):
            rows.append((label, text(_shown_place(value))))
        else:
            rows.append((label, text(_cell(value, lang, field))))
    return Fields(rows, label_style="daicho.dim")


def _basis(basis: str, lang: str) -> str:
    """A flow's basis in a record's list of flows: the code in English, the law's word in Japanese."""
    from .lineage_views import basis_word

    return basis if lang == "en" else basis_word(basis, lang)


def _shown_place(declared: str) -> str:
    """`path:line` with the path relative to the working directory when it lies under it."""
    from pathlib import Path

    path, sep, line = declared.rpartition(":")
    if not sep or not line.isdigit():
        path, sep, line = declared, "", ""
    try:
        shown = Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix() if Path(path).is_absolute() \
            else path
    except ValueError:
        shown = path
    return f"{shown}{sep}{line}"


#: the tour's counts by kind (`catalog.resolved.records.counts`), as labels
_COUNT_WORDS = {"items": N_("items"), "systems": N_("systems"), "recipients": N_("recipients"),
                "purposes": N_("purposes"), "subjects": N_("subjects"), "processes": N_("processes"),
                "collection-points": N_("collection points"), "retention-events": N_("retention events"),
                "flows": N_("flows"), "item-on-flow pairs": N_("item-on-flow pairs")}


def _names(names: dict[str, Any] | None, english: str, lang: str) -> str:
    """A name of the tour in `lang`, else in English (the tour of an older daicho held the English only)."""
    return ((names or {}).get(lang) if lang != "en" else None) or english


def tour_view(tour: dict[str, Any], lang: str = "en"):
    """The demo's short tour in `lang`: what was loaded, one item's purposes and recipients, what to try next."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.table import Table

    from .labels import place_named
    from .lineage_views import basis_word, kind_word

    english = lang == "en"
    organization = _names(tour.get("organization_names"), tour["organization"], lang)
    parts: list[Any] = [Rule(text(t(lang, "daicho demo — {organization}", organization=organization))),
                        text(t(lang, "Loaded the bundled example '{example}' into {db}", example=tour["example"],
                               db=tour["db"]))]
    counts = Table(show_header=False, box=None, padding=(0, 2))
    for kind, n in tour["counts"].items():
        counts.add_row(text(kind if english else t(lang, _COUNT_WORDS.get(kind, kind))), text(str(n)))
    parts.append(counts)
    item = tour["item"]
    parts.append(Rule(text(f"{item['key']} — {_names(item.get('names'), item['name'], lang)}"), align="left"))
    purposes = [_names(n, e, lang) for n, e in zip(item.get("purpose_names") or [{}] * len(item["purposes"]),
                                                   item["purposes"], strict=True)]
    parts.append(text(t(lang, "purposes: {purposes}", purposes=joined("; ", purposes))))
    unknown = False
    for hop in item["recipients"]:
        unknown = unknown or not hop["country"]
        kind = hop["kind"] if english else kind_word(hop["kind"] or "", lang)
        country = hop["country"] or "?" if english or not hop["country"] else place_named(hop["country"], lang)
        basis = hop["basis"] if english else basis_word(hop["basis"], lang)
        line = text(t(lang, "  → {to} ({kind}, {country})  basis: {basis}", to=hop["to"], kind=kind,
                      country=country, basis=basis))
        if hop.get("hops", 1) > 1:
            line.append(t(lang, "  [{n} hops]", n=hop["hops"]), style="daicho.dim")
        parts.append(line)
    marks = legend({"unknown"} if unknown else set(), lang)
    if marks is not None:
        parts.append(marks)
    for path in tour.get("files", []):
        parts.append(text(t(lang, "wrote {path}", path=path), "daicho.dim"))
    parts.append(Rule(text(t(lang, "try")), align="left"))
    parts.extend(text(f"  {command}") for command in tour["try"])
    return Group(*parts)
