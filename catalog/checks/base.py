"""The shapes of the checks: a severity, a rule, what a rule function yields, and a finding."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from daicho.catalog.checks.citations import Citation

if TYPE_CHECKING:
    from daicho.catalog.checks.context import CheckContext


class Severity(StrEnum):
    """How bad a finding is: `error` breaks the law, `warning` lacks evidence or records, `info` is hygiene."""

    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        """Higher is worse."""
        return RANKS[self.value]

    @property
    def sarif_level(self) -> str:
        return {"error": "error", "warning": "warning", "info": "note"}[self.value]


#: each severity's rank by its value (`Severity.rank`): higher is worse
RANKS = {"error": 3, "warning": 2, "info": 1}


class Hit(NamedTuple):
    """What a rule function yields: the offending record, the values for the rule's templates and, where one
    case of a rule is worse or milder than the rule's own severity, the severity of this case. (A tuple: a
    large inventory yields a million; the default `params` is shared and never changed.)"""

    key: str
    params: dict[str, Any] = {}  # noqa: RUF012
    severity: Severity | None = None


def hit(key: str, severity: Severity | None = None, **params: Any) -> Hit:
    """A hit on record `key`; `params` fill the rule's message and fix templates; `severity` overrides the
    rule's for this case (the rule's `severities` note says when)."""
    return Hit(key, params, severity)


CheckFunction = Callable[["CheckContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One law check: what it is, how bad, what to do, what it rests on, and the function that finds it."""

    id: str
    name: str
    severity: Severity
    title: str
    message: str
    fix: str
    why: str
    citations: tuple[Citation, ...]
    check: CheckFunction
    severities: str = ""  # when a case is of another severity than the rule's, in words (docs/checks.md)

    def finding(self, found: Hit, kind: str, file: str | None, line: int | None) -> Finding:
        """The finding for one hit of this rule."""
        values = {"key": found.key, **found.params}
        severity = found.severity or self.severity
        return self.made(Severity(severity).value, kind, found.key, file, line, self.message.format_map(values),
                         self.fix.format_map(values), values)

    def made(self, severity: str, kind: str, key: str, file: str | None, line: int | None, message: str, fix: str,
             params: dict[str, Any]) -> Finding:
        """The finding of this rule with these texts, made without the frozen dataclass's per-field
        `object.__setattr__` (the engine makes a million on a large inventory): equal to `Finding(...)`.
        `severity` is a severity's value ("error" …)."""
        finding = object.__new__(Finding)
        finding.__dict__.update(rule=self.id, name=self.name, severity=severity, title=self.title,
                                kind=kind, key=key, file=file, line=line, message=message, fix=fix,
                                citations=self.references, params=params, lang="en")
        return finding

    @cached_property
    def references(self) -> tuple[str, ...]:
        """The citations as text, "(unverified)" marked."""
        return tuple(str(c) for c in self.citations)


@dataclass(frozen=True)
class Finding:
    """One problem found in the inventory: which rule, which record and where, what to do, on what grounds."""

    rule: str
    name: str
    severity: str
    title: str
    kind: str
    key: str
    file: str | None
    line: int | None
    message: str
    fix: str
    citations: tuple[str, ...]
    #: the values the rule's templates were filled with (`key` included): the text is made again from them in
    #: another language where it is written (`catalog.words.checks.render`); not part of the JSON shape
    params: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: the language of the texts (`catalog.words.checks.render` makes them in another); not part of the JSON shape
    lang: str = field(default="en", compare=False, repr=False)

    @property
    def level(self) -> Severity:
        return Severity(self.severity)

    def one_line(self) -> str:
        """The message and the fix in one text (SARIF's result message), glued in the finding's language."""
        if self.lang == "en":
            return f"{self.message}. Fix: {self.fix}"
        return _one_line(self.lang).format_map({"message": self.message, "fix": self.fix})

    def where(self) -> str:
        """`file:line` of the record, or '' when unknown."""
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of a finding."""
        data = asdict(self)
        data.pop("params")
        data.pop("lang")
        data["citations"] = list(self.citations)
        return data


@lru_cache(maxsize=8)
def _one_line(lang: str) -> str:
    """The template of `Finding.one_line` in `lang` (`t` without its parameters: a million findings share it)."""
    from daicho.catalog.words import t

    return t(lang, "{message}. Fix: {fix}")


def registrar(catalog: list[Rule]) -> Callable[..., Callable[[CheckFunction], CheckFunction]]:
    """A `rule(...)` decorator that registers the decorated function as a rule of `catalog`."""
    def rule(id: str, name: str, severity: Severity, *, title: str, message: str, fix: str, why: str,
             cites: tuple[Citation, ...], severities: str = "") -> Callable[[CheckFunction], CheckFunction]:
        def register(function: CheckFunction) -> CheckFunction:
            catalog.append(Rule(id, name, severity, title, message, fix, why, cites, function, severities))
            return function
        return register
    return rule


def quoted(keys: Iterable[str], limit: int = 8) -> str:
    """'a', 'b' — keys for a message; past `limit`, "… and N more" (a phrase: said in the output's language)."""
    keys = list(keys)
    try:  # one join: a large inventory quotes a million lists
        shown = "'" + "', '".join(keys[:limit]) + "'" if keys else ""
    except TypeError:  # keys that are not strings
        shown = ", ".join(f"'{k}'" for k in keys[:limit])
    if len(keys) <= limit:
        return shown
    from daicho.catalog.words import phrase

    return phrase("{shown} … and {more} more", shown=shown, more=len(keys) - limit)


def last_done(day: object, done: str, as_of: object) -> str:
    """'was never reviewed' or 'was last reviewed on …, more than 12 months before …' (`done`: reviewed or
    checked; a phrase, said in the output's language)."""
    from daicho.catalog.words import N_, phrase

    never, last = {"reviewed": (N_("was never reviewed"),
                                N_("was last reviewed on {day}, more than 12 months before {as_of}")),
                   "checked": (N_("was never checked"),
                               N_("was last checked on {day}, more than 12 months before {as_of}"))}[done]
    return phrase(never) if day is None else phrase(last, day=day, as_of=as_of)
