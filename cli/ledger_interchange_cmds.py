"""Ledger interchange commands: `daicho import ledger` (Excel/CSV ledger → manifests; registered on the
`import` group of `interchange_cmds`), `daicho subprocessors` (the public sub-processor list) and the edges
CSV of `daicho export --format edges` (docs/interchange.md)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from daicho.catalog.words import N_

from .options import AtOption, DbOption, JsonOption, LangOption, open_db
from .output import print_json, safe_line


class SubprocessorFormat(StrEnum):
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"


def import_ledger(
    file: Annotated[Path, typer.Argument(help="The ledger: an .xlsx workbook or a .csv file (UTF-8 or Shift_JIS).",
                                         show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write the manifests into.",
                                         show_default=False)],
    sheet: Annotated[str | None, typer.Option("--sheet", help="Read only this sheet (default: every sheet with "
                                              "a recognisable header).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the manifests an earlier import wrote in "
                                        "the folder.")] = False,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Import a personal-information ledger (個人情報管理台帳) kept in Excel or CSV as manifests, and print
    which column became which field, what was kept in descriptions and which rows could not be read."""
    from daicho.inventory.importer import import_ledger as run

    report = run(file, output, sheet, force)
    if json_out:
        print_json(report)
        return
    sys.stdout.write("".join(safe_line(line) + "\n" for line in report_lines(report, lang)))


#: what kind of table a sheet was read as
_TABLES = {"ledger": N_("ledger"), "contractors": N_("contractors")}


def report_lines(report: dict[str, Any], lang: str = "en") -> list[str]:
    """The mapping report as text lines in `lang` (the importer's notes and reasons are phrases)."""
    from daicho.catalog.words import say, t

    counts = report["counts"]
    lines = [t(lang, "Imported {file} into {output}: {items} items, {purposes} purposes, {systems} systems, "
                     "{recipients} recipients, {flows} flows ({files} files)", file=report["file"],
               output=report["output"], files=len(report["written"]), **counts)]
    if report.get("encoding") == "cp932":
        lines.append(t(lang, "The CSV was read as Shift_JIS (cp932)."))
    for sheet in report["sheets"]:
        name = sheet["sheet"] if sheet["sheet"] is not None else "CSV"
        if sheet["table"] is None:
            lines.append(t(lang, "Sheet {name}: skipped ({reason})", name=name, reason=sheet["reason"]))
            continue
        lines.append(t(lang, "Sheet {name}: {table}, header on row {row}, {rows} rows read", name=name,
                       table=t(lang, _TABLES.get(sheet["table"], sheet["table"])), row=sheet["header_row"],
                       rows=sheet["rows"]))
        for column in sheet["columns"]:
            target = t(lang, "kept in the {kept}", kept=column["kept"]) if column["kept"] else column["field"]
            lines.append(f"  {column['column']:>3} {' '.join(column['header'].split())} → {target}")
    if report["skipped_rows"]:
        lines.append(t(lang, "Rows not read:"))
        lines += [f"  {_where(report, r, lang)}: {say(r['reason'], lang)}" for r in report["skipped_rows"]]
    if report["notes"]:
        lines.append(t(lang, "Notes:"))
        lines += [f"  {say(n['where'], lang)}: {say(n['message'], lang)}" for n in report["notes"]]
    return lines


def _where(report: dict[str, Any], row: dict[str, Any], lang: str) -> str:
    from daicho.catalog.words import t

    sheet = f" [{row['sheet']}]" if row.get("sheet") is not None else ""
    return t(lang, "{file}{sheet} row {row}", file=Path(report["file"]).name, sheet=sheet, row=row["row"])


def subprocessors(
    fmt: Annotated[SubprocessorFormat | None, typer.Option("--format", "-f", help="md, html, csv or json "
                                                           "(default: from the -o suffix, else md).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    lang: LangOption = None,
    db: DbOption = None,
    at: AtOption = None,
    since: Annotated[str | None, typer.Option("--since", help="A stored version (see daicho history): add a "
                                              "change notice — sub-processors added, removed or changed since "
                                              "it.")] = None,
    json_out: JsonOption = False,
) -> None:
    """The sub-processor list a company can publish: every contractor and sub-contractor that receives
    personal data, with purposes, registered country, where it keeps data, the items and who engaged it;
    with --since VERSION, the changes since that version for a change notice."""
    from daicho.catalog.interchange.subprocessor_writers import WRITERS
    from daicho.catalog.interchange.subprocessors import subprocessors as build

    from .options import chosen_format

    name = chosen_format(json_out, fmt, output, {w: w for w in WRITERS}, "md")
    with open_db(db, at) as conn:
        data = build(conn, lang)
    if since is not None:
        from daicho.catalog.interchange.subprocessors import changes_since

        with open_db(db, since) as conn:
            data["changes"] = changes_since(build(conn, lang), data, since)
    _write(WRITERS[name](data), output, lang)


def export_edges(output: Path | None, db: str | None, lang: str = "en") -> None:
    """`daicho export --format edges`: the flows as CSV edges, streamed to `output` or stdout."""
    from daicho.catalog.interchange.edges import write_edges

    with open_db(db) as conn:
        if output is None or str(output) == "-":
            write_edges(conn, sys.stdout)
            return
        with output.open("w", encoding="utf-8", newline="") as stream:
            rows = write_edges(conn, stream)
    from daicho.catalog.words import t

    sys.stderr.write(safe_line(t(lang, "wrote {path} ({rows} rows)", path=str(output), rows=rows)) + "\n")


def _write(content: str, output: Path | None, lang: str) -> None:
    from daicho.catalog.words import t

    if output is None or str(output) == "-":
        sys.stdout.write(content)
    else:
        output.write_text(content, encoding="utf-8", newline="")
        sys.stderr.write(t(lang, "wrote {path}", path=str(output)) + "\n")


def register(app: typer.Typer) -> None:
    """Add `subprocessors` to the app (`import ledger` is on the `import` group of `interchange_cmds`)."""
    app.command()(subprocessors)
