"""Run the rule catalog over an inventory and collect the findings, worst first.

`iter_findings` yields them in that order as they are made, holding only the hits of the rules run so far
(a large inventory has a million findings: they are written as they come, never held all at once);
`Tally` counts them on the way for the summary and the exit status.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from daicho.catalog.checks.base import Finding, Hit, Rule, Severity
from daicho.catalog.checks.context import CheckContext, load_context
from daicho.catalog.checks.rules import RULES
from daicho.catalog.words import phrase


def check_context(ctx: CheckContext, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every finding of `rules` on a prepared inventory, sorted by severity, rule, file and line."""
    return list(iter_findings(ctx, rules))


def run_checks(store_url: str, as_of: dt.date | None = None) -> list[Finding]:
    """Check the inventory in the store at `store_url` as of a date (default today)."""
    return check_context(load_context(store_url, as_of))


def iter_findings(ctx: CheckContext, rules: Iterable[Rule] = RULES,
                  progress: Callable[[str, int, int], None] | None = None, lang: str = "en") -> Iterator[Finding]:
    """Every finding of `rules`, without duplicates, in the order of `check_context` (severity, rule, file, line,
    key, message), each made when it is yielded — in `lang`: what `catalog.words.checks.render` would make of
    the English finding, without making the English texts a finding needs only to be told from its record's
    others.

    Severity by severity, each rule is run when its severity's turn comes (a rule whose cases differ in severity,
    `Rule.severities`, at the first turn; its other cases wait for theirs), and its hits of that severity are
    ordered by their record's place; only hits wait, never findings. `progress(step, rules run, rules)` is
    called before each rule runs.
    """
    from daicho.inventory.bulk import gc_paused

    catalog = sorted(rules, key=lambda r: r.id)
    waiting: dict[str, dict[Severity, list[Hit]]] = {}
    with gc_paused():  # hits and findings are many small objects without cycles
        for turn in Severity:  # worst first
            for rule in catalog:
                if rule.id not in waiting:
                    if rule.severity != turn and not rule.severities:
                        continue
                    if progress:
                        progress(phrase("checking {rule}", rule=rule.id), len(waiting), len(catalog))
                    waiting[rule.id] = _by_severity(rule, ctx, turn)
                yield from _ordered(rule, waiting[rule.id].pop(turn, []), ctx, turn.value, lang)


def _by_severity(rule: Rule, ctx: CheckContext, turn: Severity) -> dict[Severity, list[Hit]]:
    """A rule's hits by severity; a severity whose turn has passed means the rule does not declare its cases."""
    out: dict[Severity, list[Hit]] = {}
    own, limit = rule.severity, turn.rank
    for found in rule.check(ctx):
        severity = found.severity or own
        bucket = out.get(severity)
        if bucket is None:
            severity = Severity(severity)
            if severity.rank > limit:
                raise ValueError(f"rule {rule.id} yields a {severity.value} case but declares no `severities`")
            bucket = out[severity] = []
        bucket.append(found)
    return out


def _ordered(rule: Rule, hits: list[Hit], ctx: CheckContext, severity: str, lang: str = "en"
             ) -> Iterator[Finding]:
    """The findings of one rule's hits of one severity, ordered by file, line, key and message, without repeats,
    their texts in `lang`.

    Within one record (same file, line and key) two findings differ only in their message and fix, so repeats
    are dropped by those texts in English (the first hit's parameters kept) and the rest ordered by them; a
    record's one hit needs no English text but in English."""
    locations, kinds = ctx.locations, ctx.kinds
    placed = []
    for n, found in enumerate(hits):
        key = found[0]
        where = locations.get(key)
        file, line = (where.file, where.line) if where else (None, None)
        placed.append((file or "", line or 0, key, n, file, line))
    placed.sort()
    message, fix = rule.message.format_map, rule.fix.format_map
    said = None if lang == "en" else _words(rule, lang)
    if said is None:  # English (or a rule the catalog does not know: `render` leaves its findings English)
        lang, title, cited = "en", rule.title, rule.references
    else:
        title, said_message, said_fix, cited, said_values = said
    rule_id, name = rule.id, rule.name
    new, set_dict = object.__new__, object.__setattr__

    def made(kind: str, key: str, file: str | None, line: int | None, values: dict[str, Any],
             texts: tuple[str, str] | None = None) -> Finding:
        """`Rule.made` with the texts in `lang` (`texts`: the English ones, when already made)."""
        if said is not None:
            in_lang = said_values(values)
            said_message_, said_fix_ = said_message(in_lang), said_fix(in_lang)
        elif texts is None:
            said_message_, said_fix_ = message(values), fix(values)
        else:
            said_message_, said_fix_ = texts
        finding = new(Finding)
        set_dict(finding, "__dict__", {"rule": rule_id, "name": name, "severity": severity, "title": title,
                                       "kind": kind, "key": key, "file": file, "line": line,
                                       "message": said_message_, "fix": said_fix_, "citations": cited,
                                       "params": values, "lang": lang})
        return finding

    start, count = 0, len(placed)
    while start < count:
        head = placed[start]
        end = start + 1
        while end < count and placed[end][2] == head[2] and placed[end][:2] == head[:2]:
            end += 1
        _, _, key, n, file, line = head
        kind = kinds.get(key, "record")
        if end == start + 1:
            yield made(kind, key, file, line, {"key": key, **hits[n][1]})
        else:  # one record, several hits: by message, each once
            texts: dict[tuple[str, str], dict] = {}
            for entry in placed[start:end]:
                values = {"key": key, **hits[entry[3]][1]}
                texts.setdefault((message(values), fix(values)), values)
            for english, values in sorted(texts.items(), key=lambda pair: pair[0]):
                yield made(kind, key, file, line, values, english)
        start = end


def _words(rule: Rule, lang: str) -> tuple | None:
    """What `catalog.words.checks.render` says a finding of `rule` with in `lang`: its title, a filler of its
    message and one of its fix (`str.format_map`), its citations, and a maker of the values said in `lang`;
    None when the catalog does not know the rule."""
    from daicho.catalog.words.checks import rule_words, said_values

    words = rule_words(rule.id, lang)
    if words is None:
        return None
    title, message, fix, cited = words
    return (title, message.format_map if message else _empty, fix.format_map if fix else _empty, cited,
            lambda values: said_values(values, lang))


def _empty(_: dict[str, Any]) -> str:
    return ""


class Digest:
    """The findings a terminal shows of a result too large to read: every finding up to `limit`; past it, the
    first `per_rule` of each rule (in the engine's order), with the counts of all in `tally` (JSON and SARIF
    keep every finding). Only what may be shown is held."""

    def __init__(self, findings: Iterable[Finding], limit: int | None = 1000, per_rule: int = 20) -> None:
        self.tally = Tally()
        kept: list[Finding] = []
        held: Counter[str] = Counter()
        for finding in self.tally.count(findings):
            if limit is None or held[finding.rule] < limit:
                held[finding.rule] += 1
                kept.append(finding)
        self.complete = limit is None or self.tally.total <= limit
        if not self.complete:
            shown: Counter[str] = Counter()
            trimmed = []
            for finding in kept:
                shown[finding.rule] += 1
                if shown[finding.rule] <= per_rule:
                    trimmed.append(finding)
            kept = trimmed
        self.shown = kept

    @property
    def left_out(self) -> int:
        """How many findings are not shown."""
        return self.tally.total - len(self.shown)


class Tally:
    """Counts of the findings passing through `count`: by severity and by rule."""

    def __init__(self) -> None:
        self.by_severity: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()

    def count(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        """The findings, counted as they pass."""
        for finding in findings:
            self.by_severity[finding.severity] += 1
            self.by_rule[finding.rule] += 1
            yield finding

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    def summary(self) -> dict[str, int]:
        """How many findings of each severity, worst first (as `summary`)."""
        return {s.value: self.by_severity.get(s.value, 0) for s in Severity}

    def fails(self, fail_on: Severity | str = Severity.error) -> bool:
        """Whether any finding counted is at or above the `fail_on` severity (as `fails`)."""
        threshold = Severity(fail_on).rank
        return any(n and Severity(s).rank >= threshold for s, n in self.by_severity.items())


def fails(findings: Iterable[Finding], fail_on: Severity | str = Severity.error) -> bool:
    """Whether any finding is at or above the `fail_on` severity."""
    threshold = Severity(fail_on).rank
    return any(f.level.rank >= threshold for f in findings)


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, worst first."""
    counts = Counter(f.severity for f in findings)
    return {s.value: counts.get(s.value, 0) for s in Severity}


def order_key(finding: Finding) -> tuple:
    """The order of `check_context`: worst first, then rule, file, line, key and message."""
    return (-finding.level.rank, finding.rule, finding.file or "", finding.line or 0, finding.key, finding.message)
