"""Commands over the inventory itself: validate, load, export, schema, list, show, demo."""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .options import AtOption, DbOption, JsonOption, LangOption, open_db, store_url
from .output import console, print_json, text


class ExportFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    openlineage = "openlineage"  # JSON Lines: one OpenLineage RunEvent per flow (docs/interchange.md)
    openlineage_array = "openlineage-array"  # the same events as one JSON array
    fides = "fides"  # a Fides (fideslang) manifest
    edges = "edges"  # CSV: a row per flow and item, for spreadsheets (docs/interchange.md)


class ListKind(StrEnum):
    items = "items"
    systems = "systems"
    recipients = "recipients"
    purposes = "purposes"
    flows = "flows"
    subjects = "subjects"
    processes = "processes"
    collection_points = "collection-points"
    retention_events = "retention-events"


Paths = Annotated[list[Path], typer.Argument(help="Manifest files or directories of them.", show_default=False)]


def validate(paths: Paths, json_out: JsonOption = False, lang: LangOption = None) -> None:
    """Check manifests without writing anything: every problem at once, as file:line: message (exit 2)."""
    from daicho.catalog.words import t
    from daicho.inventory.validate import validate_paths

    from .output import pick_lang

    lang = pick_lang(lang)
    result = validate_paths(paths)
    if json_out:  # codes and parameters, and the English message
        print_json({"ok": result.ok, "problems": [p.to_dict() for p in result.problems]})
    elif result.ok:
        inv = result.inventory
        console().print(t(lang, "ok: {items} items, {systems} systems, {recipients} recipients, {flows} flows, "
                                "no problems", items=len(inv.items), systems=len(inv.systems),
                          recipients=len(inv.recipients), flows=len(inv.flows)))
        from daicho.inventory.store_guard import is_empty

        if is_empty(inv):
            sys.stderr.write(t(lang, "note: the manifests hold no records; loading them would empty the store "
                                     "(daicho load refuses unless --allow-empty)") + "\n")
    else:
        from .output import print_problems, problem_count

        print_problems(result.problems, lang)
        sys.stderr.write(problem_count(len(result.problems), lang) + "\n")
    if not result.ok:
        raise typer.Exit(2)


def load(
    paths: Paths,
    db: DbOption = None,
    json_out: JsonOption = False,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help="Let manifests without records empty "
                                              "a store that holds an inventory.")] = False,
    label: Annotated[str | None, typer.Option("--label", help="A name for this version in the history.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note on this version (why it changed).")] = None,
    lang: LangOption = None,
) -> None:
    """Validate manifests, then replace the stored inventory in one transaction (nothing changes on error);
    the state is kept in the history as a new version unless it equals the latest (daicho history)."""
    from contextlib import nullcontext

    from daicho.catalog import resolved
    from daicho.inventory.store import Store, resolve_url

    from .output import pick_lang

    lang = pick_lang(lang)  # the problems, errors and summary in it
    started = time.perf_counter()
    store = Store(resolve_url(db), allow_empty=allow_empty)
    if sys.stderr.isatty() and not json_out:
        from .progress import load_progress

        display = load_progress(lang)
    else:
        display = nullcontext(None)
    with display as progress:  # one line on a terminal: reading, validating, writing each table
        from daicho.inventory.history import git_source

        counts = resolved.load_paths(store, paths, progress, source=git_source(paths, label, note))
    seconds = round(time.perf_counter() - started, 2)
    number, added = store.version or (None, False)
    summary = {k: counts.get(k, 0) for k in ("item", "system", "recipient", "purpose", "flow", "flow_item")}
    if json_out:
        print_json({"store": store.shown_url, "counts": counts, "seconds": seconds,
                    "version": number, "new_version": added})
        return
    from daicho.catalog.words import t

    console().print(text(t(
        lang, "Loaded {item} items, {system} systems, {recipient} recipients, {purpose} purposes, {flow} flows "
        "({flow_item} item-on-flow pairs) into {store} in {seconds} s", **summary, store=store.shown_url,
        seconds=seconds)))
    console().print(text(t(lang, "Version {number}", number=number) if added
                         else t(lang, "Version {number} (unchanged: no new version)", number=number)))


def export(
    fmt: Annotated[ExportFormat | None, typer.Option("--format", "-f", help="yaml or json (a daicho manifest); "
                                                     "openlineage (JSON Lines), openlineage-array, fides; edges (CSV) "
                                                     "(default: from the -o suffix, else yaml).", show_default=False)
                   ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    db: DbOption = None,
    at: AtOption = None,
    lang: LangOption = None,
) -> None:
    """Write the stored inventory back out as one manifest (load → export → load is lossless)."""
    if fmt is None:  # inventory.json is JSON; a name of no export format is refused rather than written as YAML
        from .options import format_from_name

        fmt = ExportFormat(format_from_name(output, {"yaml": "yaml", "yml": "yaml", "json": "json"}, "yaml"))
    if fmt == ExportFormat.edges:
        from .ledger_interchange_cmds import export_edges

        export_edges(output, db, lang)
        return
    if fmt in (ExportFormat.openlineage, ExportFormat.openlineage_array, ExportFormat.fides):
        _write(_interchange(fmt, store_url(db, at), lang), output, lang)
        return
    from daicho.inventory.db import ReadDB
    from daicho.inventory.export import write_document
    from daicho.inventory.rows import stored_document

    from .progress import step_progress

    to_stdout = output is None or str(output) == "-"
    with ReadDB(store_url(db, at)) as conn, step_progress(to_stdout and sys.stdout.isatty(), lang) as progress:
        if to_stdout:  # record by record, straight from the store (issue 9)
            write_document(stored_document(conn), sys.stdout, fmt.value, progress)
            return
        with output.open("w", encoding="utf-8") as out:  # an OSError becomes `cannot write PATH: …` in app.main
            write_document(stored_document(conn), out, fmt.value, progress)
    _wrote(output, lang)


def _interchange(fmt: ExportFormat, url: str, lang: str = "en") -> str:
    """Another tool's format (docs/interchange.md); the Fides export's notes go to stderr, in `lang`."""
    if fmt == ExportFormat.fides:
        from daicho.catalog.interchange.fides_export import export_fides, to_fides_yaml
        from daicho.catalog.words import t

        from .output import safe_line

        manifest, report = export_fides(url)
        for line in report.lines(lang):
            sys.stderr.write(safe_line(t(lang, "note: {note}", note=line)) + "\n")
        return to_fides_yaml(manifest)
    from daicho.catalog.interchange.openlineage import export_openlineage

    return export_openlineage(url, array=fmt == ExportFormat.openlineage_array)


def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    lang: LangOption = None,
) -> None:
    """Print the JSON Schema of manifest files (for editors and CI)."""
    from daicho.inventory.export import manifest_schema, to_json

    _write(to_json(manifest_schema()) + "\n", output, lang)


def list_kind(text: str) -> ListKind:
    """The kind of record `list` is asked for: its name (`items`, `collection-points`), singular (`item`) or
    with underscores; anything else one clear error with the closest kind."""
    from daicho.inventory.hints import did_you_mean

    word = text.strip().lower().replace("_", "-")
    for kind in ListKind:
        if word in (kind.value, kind.value.removesuffix("es" if kind.value.endswith("sses") else "s")):
            return kind
    raise typer.BadParameter(f"{text!r} is not one of {', '.join(ListKind)}{did_you_mean(word, list(ListKind))}",
                             param_hint="'KIND'")


def list_records(
    kind: Annotated[str, typer.Argument(metavar="KIND", help=f"What to list: {', '.join(ListKind)} (or one of "
                                        "them: item, system …).", autocompletion=lambda: list(ListKind),
                                        show_default=False)] = ListKind.items.value,
    select: Annotated[str | None, typer.Option("--select", "-s", help="Graph selector: +NODE, NODE+, NODE+2, "
                                               "A,B (union), A&B (intersection).")] = None,
    db: DbOption = None,
    at: AtOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """List records of one kind (items, systems, recipients, purposes, flows …)."""
    from daicho.catalog.resolved.records import list_records as query

    chosen = list_kind(kind)
    with open_db(db, at) as conn:
        keys = None
        if select:
            from daicho.catalog.lineage.selectors import select_keys

            keys = select_keys(conn, select)
        rows = query(conn, chosen.value, keys)
    if json_out:
        print_json(rows)
        return
    from . import plain
    from .views import records_table

    plain.write(lambda: records_table(chosen.value, rows, lang))  # piped: without rich, same lines


def show(
    key: Annotated[str, typer.Argument(help="Key, name or unambiguous key prefix of any record or flow.")],
    db: DbOption = None,
    at: AtOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Show one record whole: its fields, what it links to, and where it was declared."""
    from daicho.catalog.resolved.records import show_record

    with open_db(db, at) as conn:
        record = show_record(conn, key)
    if json_out:
        print_json(record)
        return
    from . import plain
    from .views import record_view

    plain.write(lambda: record_view(record, lang))  # piped: without rich, same lines


def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo store and outputs.")] = Path("daicho-demo"),
    example: Annotated[str, typer.Option(help="Bundled example: engoo or engoo-2014.")] = "engoo",
    files: Annotated[bool, typer.Option("--files/--no-files", help="Also write diagrams and the audit pack.")] = True,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Load a bundled example (the Engoo privacy policy) into OUT/daicho.db, tour it, write diagrams and
    the audit pack."""
    from daicho.catalog.review.tour import run_demo

    tour = run_demo(out, example, files, lang)
    if json_out:
        print_json(tour)
        return
    from .views import tour_view

    console().print(tour_view(tour, lang))


def _write(content: str, output: Path | None, lang: str = "en") -> None:
    if output is None or str(output) == "-":
        sys.stdout.write(content)
    else:
        output.write_text(content, encoding="utf-8")  # an OSError becomes `cannot write PATH: …` in app.main
        _wrote(output, lang)


def _wrote(output: Path, lang: str) -> None:
    """`wrote PATH` on stderr, in `lang`."""
    from daicho.catalog.words import t

    from .output import safe_line

    sys.stderr.write(safe_line(t(lang, "wrote {path}", path=str(output))) + "\n")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(validate)
    app.command()(load)
    app.command()(export)
    app.command()(schema)
    app.command("list")(list_records)
    app.command()(show)
    app.command()(demo)
