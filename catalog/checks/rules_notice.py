"""Rules on the public notice: the matters of APPI 32(1) and Cabinet Order Art. 10 the inventory records.

Part of the rule catalog (`rules.RULES`); see there for how severities are chosen. What is a matter and which
are missing is decided once, in `catalog.review.matters`, which `daicho notice` prints from too: a matter this
check names is one the notice prints as not recorded.
"""

from __future__ import annotations

from collections.abc import Iterator

from daicho.catalog.checks.base import Hit, Rule, Severity, hit, registrar
from daicho.catalog.checks.citations import appi, jipdec, jis2017, jis2023, order, ppc
from daicho.catalog.checks.context import CheckContext
from daicho.catalog.review.matters import environment_locations, missing_matters
from daicho.catalog.words import Place, phrase

NOTICE_RULES: list[Rule] = []
rule = registrar(NOTICE_RULES)


def notice_locations(ctx: CheckContext) -> list[str]:
    """Where the operator's personal data is handled abroad (`catalog.review.matters.environment_locations`)."""
    holding = [key for key, system in ctx.systems.items() if system.personal_data and system.items]
    foreign = [fact for flow, fact in ctx.flows() if flow.key in ctx.resolved.foreign]
    return environment_locations(ctx.nodes, holding, foreign)


@rule("DAI030", "public-matters-missing", Severity.warning,
      title="A matter of the public notice not recorded",
      message="the public notice (APPI 32(1)) cannot state {what}: not recorded ({cites})",
      fix="Record it on the organization (`{field}:`; docs/manifest.md) and publish it, or be ready to answer "
          "without delay on request.",
      why="Missing record: APPI 32(1) and Cabinet Order 10 ask these matters to be in a state the person can "
          "know, which answering without delay on request also meets; the security control measures may be left "
          "out where stating them would impair them — a judgement the operator makes.",
      cites=(appi("32(1)"), appi("33(5)"), appi("38(2)"), order("10"), ppc("10-7 (外的環境の把握)"),
             jis2017("A.3.4.4.3"), jis2023("A.19"), jipdec("J.10.3")))
def public_matters_missing(ctx: CheckContext) -> Iterator[Hit]:
    """One finding per matter of APPI 32(1) / Cabinet Order 10 the organization does not record (on the
    organization, or on `organization` when none is recorded): its address or representative; the request
    procedure, the fee (or that there is none), that provision records may be disclosed on request
    (`discloses_provision_records`); the security measures and, for each foreign location where the operator's
    personal data is handled (its own systems, storage and contractors' systems abroad, contractors established
    abroad), a `foreign_environment` statement; the complaints desk; whether it belongs to an accredited personal
    information protection organisation (and, if so, that organisation's name and complaints desk). Purposes are
    DAI003's and DAI020's concern.
    """
    org = ctx.inventory.organization
    key = org.key if org else "organization"
    for matter in missing_matters(org, notice_locations(ctx)):
        what = phrase(matter.what)
        if matter.key.startswith("foreign_environment:"):
            what = phrase("the foreign-environment statement for {place} (that country's system, as the security "
                          "measures take it into account)", place=Place(matter.key.partition(":")[2]))
        yield hit(key, what=what, cites=phrase(matter.cites), field=matter.field)
