"""The rule catalog: every law check daicho runs, as `Rule` objects in `RULES`, ordered by id.

Each rule is a plain function of a `CheckContext` yielding hits, registered with a `rule(...)` decorator
together with its id, name, severity, message and fix templates and citations — the way a later extension
would add one. The definitions live in `rules_ledger` (the ledger, purposes, acquisition, retention,
security), `rules_transfer` (provision, outsourcing, joint use, received data) and `rules_abroad` (data
abroad, where data is kept). Transfer and location rules read the resolved model (`catalog.resolved`): a
flow's party, boundary, border, basis and foreign status are never worked out again here.

Severity follows one principle: `error` when the inventory states a fact that breaks the law (a `false`
flag, a wrong basis, an item outside its purposes); `warning` when evidence or a record the law or
JIS Q 15001 asks for is missing from the ledger; `info` for hygiene. docs/checks.md is generated from
this catalog: `python -m daicho.catalog.checks.docs > docs/checks.md`.
"""

from __future__ import annotations

from daicho.catalog.checks.base import Rule
from daicho.catalog.checks.rules_abroad import ABROAD_RULES
from daicho.catalog.checks.rules_categories import CATEGORY_RULES
from daicho.catalog.checks.rules_gdpr import GDPR_RULES
from daicho.catalog.checks.rules_ledger import LEDGER_RULES
from daicho.catalog.checks.rules_transfer import TRANSFER_RULES

RULES: list[Rule] = sorted([*LEDGER_RULES, *TRANSFER_RULES, *ABROAD_RULES, *GDPR_RULES,
                             *CATEGORY_RULES], key=lambda r: r.id)


def rule_by_id(rule_id: str) -> Rule:
    """The rule with this id (DAI003) or name (item-without-purpose)."""
    for candidate in RULES:
        if rule_id.upper() == candidate.id or rule_id == candidate.name:
            return candidate
    raise KeyError(rule_id)


def _check_catalog() -> None:
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    if len(set(ids)) != len(ids) or len(set(names)) != len(names):
        raise ValueError("a rule id or name is registered twice")


_check_catalog()
