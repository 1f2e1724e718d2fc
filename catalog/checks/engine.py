"""Run the rule catalog over an inventory and collect the findings, worst first."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from daicho.catalog.checks.base import Finding, Rule, Severity
from daicho.catalog.checks.context import CheckContext, load_context
from daicho.catalog.checks.rules import RULES


def check_context(ctx: CheckContext, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every finding of `rules` on a prepared inventory, sorted by severity, rule, file and line."""
    findings: list[Finding] = []
    for rule in rules:
        for found in rule.check(ctx):
            where = ctx.location(found.key)
            findings.append(rule.finding(found, ctx.kinds.get(found.key, "record"),
                                         where.file if where else None, where.line if where else None))
    return sorted(set(findings), key=_order)


def run_checks(store_url: str, as_of: dt.date | None = None) -> list[Finding]:
    """Check the inventory in the store at `store_url` as of a date (default today)."""
    return check_context(load_context(store_url, as_of))


def fails(findings: Iterable[Finding], fail_on: Severity | str = Severity.error) -> bool:
    """Whether any finding is at or above the `fail_on` severity."""
    threshold = Severity(fail_on).rank
    return any(f.level.rank >= threshold for f in findings)


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, worst first."""
    counts = Counter(f.severity for f in findings)
    return {s.value: counts.get(s.value, 0) for s in Severity}


def _order(finding: Finding) -> tuple:
    return (-finding.level.rank, finding.rule, finding.file or "", finding.line or 0, finding.key, finding.message)
