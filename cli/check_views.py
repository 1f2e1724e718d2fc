"""`daicho check` in the terminal: a summary first, then each rule once (its fix and references) with its
findings one line each; `--summary` stops after the summary, `--verbose` adds each rule's reason and every
finding's own fix."""

from __future__ import annotations

import datetime as dt
import string
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from daicho.catalog.words import N_, t

from .fit import install_wrapping
from .output import text

install_wrapping()  # Japanese text breaks between its characters (rich breaks only at spaces)

if TYPE_CHECKING:
    from daicho.catalog.checks import Finding

_STYLE = {"error": "daicho.error", "warning": "daicho.warning", "info": "daicho.dim"}
_ORDER = ("error", "warning", "info")


class Detail(StrEnum):
    """How much `check` prints."""

    summary = "summary"
    normal = "normal"
    verbose = "verbose"


#: the kinds of record a finding names, in words (English: the kind with spaces)
KIND_WORDS = (N_("item"), N_("system"), N_("recipient"), N_("flow"), N_("purpose"), N_("collection point"),
              N_("organization"), N_("subject"), N_("derivation"), N_("record"))


def counted(n: int, noun: str, lang: str = "en") -> str:
    """`1 error`, `3 errors`, `2 info` (Japanese: `エラー 3 件`)."""
    if lang != "en":
        return t(lang, "{n} " + noun, n=n)
    return f"{n} {noun}{'' if n == 1 or noun == 'info' else 's'}"


#: the nouns `counted` says, for extraction
_COUNTED = (N_("{n} finding"), N_("{n} error"), N_("{n} warning"), N_("{n} info"))


def headline(findings: list[Finding], as_of: dt.date, rules: int, lang: str = "en", tally: Any = None) -> str:
    """`59 findings (9 errors, 40 warnings, 10 info) from 28 rules, as of 2026-11-21` or `No findings …`; with a
    `tally` (`engine.Tally`: the findings shown are only some) its counts."""
    from daicho.catalog.checks import summary

    counts, total = (tally.summary(), tally.total) if tally is not None else (summary(findings), len(findings))
    shown = ("、" if lang == "ja" else ", ").join(counted(n, name, lang) for name, n in counts.items())
    if lang != "en":
        line = t(lang, "{found} ({shown})", found=counted(total, "finding", lang), shown=shown) \
            if findings else t(lang, "No findings")
        return t(lang, "{line} from {rules} rules, as of {day}", line=line, rules=rules, day=as_of.isoformat())
    line = f"{counted(total, 'finding')} ({shown})" if findings else "No findings"
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


def rule_fix(rule: Any, group: list[Finding], lang: str = "en") -> str:
    """The fix to print once for a rule: the findings' own when they share it, else the rule's template (in
    `lang`) with its placeholders shown as `<item>`."""
    fixes = {f.fix for f in group}
    if len(fixes) == 1:
        return fixes.pop()
    template = t(lang, rule.fix) if lang != "en" else rule.fix
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format_map(_Blank({n: f"<{n}>" for n in names}))


def summary_table(findings: list[Finding], lang: str = "en", tally: Any = None):
    """A line per rule: severity (in `lang`), id, name, how many findings (with a `tally`, its counts)."""
    from daicho.catalog.words.checks import severity_word

    from . import plain

    rows = []
    for rule_id, group in by_rule(findings):
        severity = group[0].severity
        rows.append([text(severity_word(severity, lang), _STYLE[severity]), text(rule_id), text(group[0].name),
                     text(str(tally.by_rule[rule_id] if tally is not None else len(group)))])
    if plain.active:  # the same grid without rich (cli.plain_blocks)
        from .plain_blocks import Col, Grid

        return Grid([Col(no_wrap=True), Col(no_wrap=True), Col(overflow="fold"), Col(no_wrap=True, justify="right")],
                    rows, 2)
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    table.add_column(justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def findings_view(findings: list[Finding], as_of: dt.date, detail: Detail = Detail.normal, lang: str = "en",
                  tally: Any = None):
    """The summary (a headline and a line per rule), then unless `summary` each rule: its title, fix and
    references once, then its findings one line each (`file:line  message`, wrapped lines indented). The
    findings come in `lang` already (`catalog.words.checks.render`); the view's own words are said in it.
    With a `tally` (`engine.Digest`: a large result, the first findings of each rule) the counts are its and
    each rule says how many more there are."""
    from daicho.catalog.checks.rules import RULES
    from daicho.catalog.words.checks import rule_text, severity_word

    from . import plain
    from .fit import labelled

    rules = {r.id: r for r in RULES}
    parts: list[Any] = [text(headline(findings, as_of, len(RULES), lang, tally), "bold")]
    if findings:
        parts.append(plain.padded(summary_table(findings, lang, tally), 2))
    if detail == Detail.summary or not findings:
        return plain.group(*parts)
    for rule_id, group in by_rule(findings):
        rule, severity = rules.get(rule_id), group[0].severity
        count = tally.by_rule[rule_id] if tally is not None else len(group)
        title = text(f"{rule_id} {group[0].name} · {severity_word(severity, lang)} · {count}", _STYLE[severity])
        parts.append(plain.rule(title, style="daicho.dim"))
        about = [(text(""), text(group[0].title, "bold"))]
        if detail == Detail.verbose and rule is not None:
            about.append((text(t(lang, "why"), "daicho.dim"), text(rule_text(rule, "why", lang))))
        fix = rule_fix(rule, group, lang) if rule is not None else group[0].fix
        about.append((text(t(lang, "fix"), "daicho.dim"), text(fix)))
        about.append((text(t(lang, "refs"), "daicho.dim"), text(" · ".join(group[0].citations), "daicho.dim")))
        parts.append(labelled(about, indent=2))
        lines = []
        for finding in group:
            lines.append((text("•", _STYLE[severity]), finding_line(finding, lang)))
            if detail == Detail.verbose and finding.fix != fix:
                lines.append((text(""), text(t(lang, "fix: {fix}", fix=finding.fix), "daicho.dim")))
        if count > len(group):
            lines.append((text("…", "daicho.dim"), text(t(lang, "{n} more: daicho check --all, or --format json",
                                                          n=count - len(group)), "daicho.dim")))
        parts.append(labelled(lines, indent=2))
    parts.append(text(headline(findings, as_of, len(RULES), lang, tally), "bold"))
    return plain.group(*parts)


def finding_line(finding: Finding, lang: str = "en"):
    """`file:line  message` (the record's kind, in `lang`, and key when no file is known)."""
    from .check_cmds import _shown_path

    line = text("")
    if finding.file:
        line.append_text(text(_shown_path(finding.file) + (f":{finding.line}" if finding.line else ""),
                              "daicho.dim"))
    else:
        kind = finding.kind.replace("_", " ")
        line.append_text(text(f"{t(lang, kind) if kind in KIND_WORDS else kind} {finding.key}", "daicho.dim"))
    line.append("  ")
    line.append_text(text(finding.message))
    return line
