"""`daicho check`: run the law checks over the stored inventory and report the findings."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .options import DbOption, JsonOption
from .output import console, print_json, text

if TYPE_CHECKING:
    from daicho.catalog.checks import Finding


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"


_STYLE = {"error": "daicho.error", "warning": "daicho.warning", "info": "daicho.dim"}
_HEADING = {"error": "Errors", "warning": "Warnings", "info": "Info"}


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="'--as-of'") from None


def check(
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD", show_default=False,
        help="Date the 12-month rules count from (default today).")] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="text, json or sarif.")] = CheckFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this "
                                            "severity.")] = FailOn.error,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Check the inventory against APPI and JIS Q 15001 rules; each finding names its record and manifest line."""
    from daicho.catalog.checks import fails, run_checks
    from daicho.inventory.store import resolve_url

    day = _as_of(as_of) or dt.date.today()
    findings = run_checks(resolve_url(db), day)
    if json_out or fmt in (CheckFormat.json, CheckFormat.sarif):
        from daicho.catalog.checks.sarif import relative_path, stored_manifest_root, to_sarif

        root = stored_manifest_root(resolve_url(db))  # manifest paths relative to the cwd or this folder
    if json_out or fmt == CheckFormat.json:
        print_json([f.to_dict() | {"file": relative_path(f.file, root)[0] if f.file else None} for f in findings])
    elif fmt == CheckFormat.sarif:
        from importlib.metadata import version

        print_json(to_sarif(findings, version=version("daicho"), root=root))
    else:
        console().print(findings_view(findings, day))
    if fails(findings, fail_on.value):
        raise typer.Exit(1)


def findings_view(findings: list[Finding], as_of: dt.date):
    """Findings grouped by severity, each with its record, location, message, fix and references."""
    from daicho.catalog.checks import summary
    from daicho.catalog.checks.rules import RULES
    from rich.console import Group
    from rich.text import Text

    parts: list = []
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        parts.append(Text(f"{_HEADING[severity]} ({len(group)})", style=f"{_STYLE[severity]} underline"))
        for finding in group:
            parts.append(_finding_view(finding))
    counts = summary(findings)
    shown = ", ".join(f"{n} {name}{'s' if n != 1 and name != 'info' else ''}" for name, n in counts.items())
    line = (f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ({shown})" if findings
            else "No findings")
    parts.append(Text(f"{line} from {len(RULES)} rules, as of {as_of.isoformat()}", style="bold"))
    return Group(*parts)


def _finding_view(finding: Finding):
    """One finding: a heading line (id, rule name, record, file:line), then message, fix and references,
    indented so wrapped lines stay under their column."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    head = Text("  ")
    head.append(finding.rule, style=_STYLE[finding.severity])
    head.append(" ")
    head.append_text(text(finding.name, "daicho.dim"))
    head.append("  ")
    head.append_text(text(f"{finding.kind.replace('_', ' ')} "))
    head.append_text(text(finding.key, "daicho.key"))
    if finding.file:
        head.append("  ")
        head.append_text(text(_shown_path(finding.file) + (f":{finding.line}" if finding.line else ""),
                              "daicho.dim"))
    body = Table.grid(padding=(0, 1))
    body.add_column(style="daicho.dim", no_wrap=True)
    body.add_column()
    body.add_row("", text(finding.message))
    body.add_row("fix", text(finding.fix))
    body.add_row("refs", text(" · ".join(finding.citations), "daicho.dim"))
    return Group(head, Padding(body, (0, 0, 0, 4)))


def _shown_path(file: str) -> str:
    """A manifest path relative to the working directory when it lies under it."""
    path = Path(file)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() if path.is_absolute() else file
    except ValueError:
        return file


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(check)
