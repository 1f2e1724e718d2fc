"""The check findings in a language: rule texts through the catalog, parameters said in it, citations as its
readers write them. Findings are made in English with their parameters (`Finding.params`); this is where another
language's text is made, just before it is written.

    for finding in iter_findings(ctx):
        write(render(finding, "ja"))
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from daicho.catalog.words import NC_, gettext, pt, say, t

if TYPE_CHECKING:
    from daicho.catalog.checks.base import Finding, Rule

#: the rule fields that are texts (each a catalog message id)
TEXT_FIELDS = ("title", "message", "fix", "why", "severities")
#: severities as words (message ids in the context "severity")
SEVERITY_WORDS = {"error": NC_("severity", "error"), "warning": NC_("severity", "warning"),
                  "info": NC_("severity", "info")}


@lru_cache(maxsize=1)
def _rules() -> dict[str, Rule]:
    from daicho.catalog.checks.rules import RULES

    return {r.id: r for r in RULES}


def rule_text(rule: Rule, part: str, lang: str, params: dict[str, Any] | None = None) -> str:
    """A rule's `part` (title, message, fix, why, severities) in `lang`, filled from `params` when given."""
    template = getattr(rule, part)
    if not template:
        return ""
    if lang != "en" and (rule.id, part) == ("DAI050", "why"):  # two parts, one naming the taxonomy's version
        from daicho.catalog.checks.rules_categories import WHY_PARTS
        from daicho.catalog.interchange.fides_categories import FIDESLANG_VERSION

        return t(lang, WHY_PARTS[0]) + t(lang, WHY_PARTS[1], version=FIDESLANG_VERSION)
    if params is None:
        return t(lang, template)
    return t(lang, template, **params)


def citations(rule: Rule, lang: str) -> tuple[str, ...]:
    """A rule's citations as a reader of `lang` writes them."""
    from daicho.catalog.words.citations import cite_all

    return cite_all(rule.citations, lang)


def severity_word(severity: str, lang: str) -> str:
    """`error` / エラー …"""
    words = SEVERITY_WORDS.get(severity)
    return severity if words is None else pt(lang, "severity", words)


def render(finding: Finding, lang: str) -> Finding:
    """The finding with its title, message, fix and citations in `lang` (English: the finding itself). Codes —
    rule id, name, severity, kind, key, file, line — stay as they are."""
    if lang == "en" or not finding.params:
        return finding
    said = rule_words(finding.rule, lang)
    if said is None:
        return finding
    title, message, fix, cited = said
    values = said_values(finding.params, lang)
    rendered = object.__new__(type(finding))  # `dataclasses.replace` without the frozen per-field setattr
    rendered.__dict__.update(finding.__dict__)
    rendered.__dict__.update(title=title, message=message.format_map(values) if message else "",
                             fix=fix.format_map(values) if fix else "", citations=cited, lang=lang)
    return rendered


def said_values(params: dict[str, Any], lang: str) -> dict[str, str]:
    """A finding's parameters said in `lang` (phrases, places), as `t` says each: its templates' values."""
    return {k: v if type(v) is str else say(v, lang) for k, v in params.items()}


@lru_cache(maxsize=256)
def rule_words(rule_id: str, lang: str) -> tuple[str, str, str, tuple[str, ...]] | None:
    """What every finding of a rule says alike in `lang`, worked out once: its title, its message and fix
    templates in `lang` (`rule_text`, filled per finding from `said_values`) and its citations; None for a rule
    not in the catalog."""
    rule = _rules().get(rule_id)
    if rule is None:
        return None
    said = gettext(lang).gettext
    return (rule_text(rule, "title", lang), said(rule.message) if rule.message else "",
            said(rule.fix) if rule.fix else "", citations(rule, lang))


def render_all(findings: Any, lang: str) -> Any:
    """Each finding of an iterable in `lang`, lazily (a million findings are never held)."""
    if lang == "en":
        return findings
    return (render(f, lang) for f in findings)
