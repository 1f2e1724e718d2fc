"""The rule catalog: every law check daicho runs, as `Rule` objects in `RULES`, ordered by id.

Each rule is a plain function of a `CheckContext` yielding hits, registered with a `rule(...)` decorator
together with its id, name, severity, message and fix templates and citations — the way a later extension
would add one. The definitions live in `rules_ledger` (the ledger, purposes, acquisition, retention,
security), `rules_transfer` (provision, outsourcing, joint use, received data), `rules_abroad` (data
abroad, where data is kept) and `rules_notice` (the matters of the public notice). Transfer and location
rules read the resolved model (`catalog.resolved`): a flow's party, boundary, border, basis and foreign status
are never worked out again here.

Severity follows one principle: `error` when the inventory states a fact that breaks the Act (a `false`
consent flag, a wrong basis, an item outside its purposes); `warning` when evidence or a record the law or
JIS Q 15001 asks for is missing from the ledger, or a duty can be met another way (APPI 32(1) also by answering
on request, 21(1) by individual notice); `info` for hygiene. A rule whose cases differ says so in `severities`
and gives those hits their own severity. docs/checks.md is generated from
this catalog: `python -m daicho.catalog.checks.docs > docs/checks.md`.
"""

from __future__ import annotations

from daicho.catalog.checks.base import Rule
from daicho.catalog.checks.rules_abroad import ABROAD_RULES
from daicho.catalog.checks.rules_categories import CATEGORY_RULES
from daicho.catalog.checks.rules_gdpr import GDPR_RULES
from daicho.catalog.checks.rules_ledger import LEDGER_RULES
from daicho.catalog.checks.rules_notice import NOTICE_RULES
from daicho.catalog.checks.rules_transfer import TRANSFER_RULES

RULES: list[Rule] = sorted([*LEDGER_RULES, *TRANSFER_RULES, *ABROAD_RULES, *NOTICE_RULES, *GDPR_RULES,
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
