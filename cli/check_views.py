"""`daicho check` in the terminal: a summary first, then each rule once (its fix and references) with its
findings one line each; `--summary` stops after the summary, `--verbose` adds each rule's reason and every
finding's own fix."""

from __future__ import annotations

import datetime as dt
import string
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .output import text

if TYPE_CHECKING:
    from daicho.catalog.checks import Finding

_STYLE = {"error": "daicho.error", "warning": "daicho.warning", "info": "daicho.dim"}
_ORDER = ("error", "warning", "info")


class Detail(StrEnum):
    """How much `check` prints."""

    summary = "summary"
    normal = "normal"
    verbose = "verbose"


def counted(n: int, noun: str) -> str:
    """`1 error`, `3 errors`, `2 info`."""
    return f"{n} {noun}{'' if n == 1 or noun == 'info' else 's'}"


def headline(findings: list[Finding], as_of: dt.date, rules: int) -> str:
    """`59 findings (9 errors, 40 warnings, 10 info) from 28 rules, as of 2026-11-21` or `No findings …`."""
    from daicho.catalog.checks import summary

    shown = ", ".join(counted(n, name) for name, n in summary(findings).items())
    line = f"{counted(len(findings), 'finding')} ({shown})" if findings else "No findings"
    return f"{line} from {rules} rules, as of {as_of.isoformat()}"


def by_rule(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by rule, worst severity first, then by rule id; each group in the engine's order."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.rule, []).append(finding)
    return sorted(groups.items(), key=lambda g: (_ORDER.index(g[1][0].severity), g[0]))


class _Blank(dict):
    """Template values for a rule's fix shown once for several findings: each placeholder as `<name>`."""

    def __missing__(self, key: str) -> str:
        return f"<{key}>"


def rule_fix(rule: Any, group: list[Finding]) -> str:
    """The fix to print once for a rule: the findings' own when they share it, else the rule's template with
    its placeholders shown as `<item>`."""
    fixes = {f.fix for f in group}
    if len(fixes) == 1:
        return fixes.pop()
    names = {name for _, name, _, _ in string.Formatter().parse(rule.fix) if name}
    return rule.fix.format_map(_Blank({n: f"<{n}>" for n in names}))


def summary_table(findings: list[Finding]):
    """A line per rule: severity, id, name, how many findings."""
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    table.add_column(justify="right", no_wrap=True)
    for rule_id, group in by_rule(findings):
        severity = group[0].severity
        table.add_row(text(severity, _STYLE[severity]), text(rule_id), text(group[0].name), text(str(len(group))))
    return table


def findings_view(findings: list[Finding], as_of: dt.date, detail: Detail = Detail.normal):
    """The summary (a headline and a line per rule), then unless `summary` each rule: its title, fix and
    references once, then its findings one line each (`file:line  message`, wrapped lines indented)."""
    from daicho.catalog.checks.rules import RULES
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule as Heading

    from .fit import labelled

    rules = {r.id: r for r in RULES}
    parts: list[Any] = [text(headline(findings, as_of, len(RULES)), "bold")]
    if findings:
        parts.append(Padding(summary_table(findings), (0, 0, 0, 2)))
    if detail == Detail.summary or not findings:
        return Group(*parts)
    for rule_id, group in by_rule(findings):
        rule, severity = rules.get(rule_id), group[0].severity
        title = text(f"{rule_id} {group[0].name} · {severity} · {len(group)}", _STYLE[severity])
        parts.append(Heading(title, align="left", style="daicho.dim"))
        about = [(text(""), text(group[0].title, "bold"))]
        if detail == Detail.verbose and rule is not None:
            about.append((text("why", "daicho.dim"), text(rule.why)))
        fix = rule_fix(rule, group) if rule is not None else group[0].fix
        about.append((text("fix", "daicho.dim"), text(fix)))
        about.append((text("refs", "daicho.dim"), text(" · ".join(group[0].citations), "daicho.dim")))
        parts.append(labelled(about, indent=2))
        lines = []
        for finding in group:
            lines.append((text("•", _STYLE[severity]), finding_line(finding)))
            if detail == Detail.verbose and finding.fix != fix:
                lines.append((text(""), text(f"fix: {finding.fix}", "daicho.dim")))
        parts.append(labelled(lines, indent=2))
    parts.append(text(headline(findings, as_of, len(RULES)), "bold"))
    return Group(*parts)


def finding_line(finding: Finding):
    """`file:line  message` (the record's kind and key when no file is known)."""
    from .check_cmds import _shown_path

    line = text("")
    if finding.file:
        line.append_text(text(_shown_path(finding.file) + (f":{finding.line}" if finding.line else ""),
                              "daicho.dim"))
    else:
        line.append_text(text(f"{finding.kind.replace('_', ' ')} {finding.key}", "daicho.dim"))
    line.append("  ")
    line.append_text(text(finding.message))
    return line
