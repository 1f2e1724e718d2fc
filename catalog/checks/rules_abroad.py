"""Rules on data abroad: transfers to recipients abroad (APPI 28), their periodic checks, where data is kept
(APPI 32, PPC guideline 10-7) and locations not recorded.

Part of the rule catalog (`rules.RULES`); see there for how severities are chosen. The flows judged are those
`daicho abroad` lists (`catalog.lineage.nodes.FOREIGN_FLOWS`), each with the foreign status and disclosure
the resolved model gives it, so `check` and `abroad` name the same flows with the same status. Messages name
the operator's home country (`organization.country`).
"""

from __future__ import annotations

from collections.abc import Iterator

from daicho.catalog.checks.base import Hit, Rule, Severity, hit, last_done, registrar
from daicho.catalog.checks.citations import appi, jis2017, order, ppc, rules
from daicho.catalog.checks.context import CheckContext, Row
from daicho.catalog.checks.rules_transfer import kind_word, receiver
from daicho.catalog.resolved.build import EVIDENCE_WORDS
from daicho.catalog.resolved.facts import FLAGGED_FOREIGN_STATUSES
from daicho.catalog.words import N_, joined, phrase

ABROAD_RULES: list[Rule] = []
rule = registrar(ABROAD_RULES)

#: sides where the operator keeps data it must locate: its own systems (and storage nobody else handles), and
#: systems its contractors operate for it
_KEEPERS = frozenset({"operator", "contractor", "subcontractor"})


def places(ctx: CheckContext, codes: list[str]) -> str:
    """Locations by name for a message: "United States, Germany", "a location chosen per customer"."""
    return joined(", ", (phrase("a location chosen per customer") if c == "per_customer" else ctx.place(c)
                         for c in codes))


@rule("DAI015", "foreign-transfer-without-basis", Severity.error,
      title="Transfer abroad without a basis",
      message="flow '{key}' provides personal data to {to} in {where}, outside {home}, {problem}",
      fix="Record why the transfer is allowed in `foreign_basis:` — `consent` (after telling the person the "
          "country, its regime and the recipient's measures), `compliant_system` (with periodic checks) or "
          "`eu_uk` — or stop the transfer.",
      why="APPI 28 requires one of these bases for any provision to a recipient abroad, outsourcing and joint use "
          "included (a system a recipient abroad operates and handles is provision to it); a provision under a "
          "27(1) exception is exempt.",
      cites=(appi("28"), rules("15"), rules("16"), rules("17(2)"), jis2017("A.3.4.2.8.1")))
def foreign_transfer_without_basis(ctx: CheckContext) -> Iterator[Hit]:
    """A flow `daicho abroad` lists whose foreign status is `missing` (personal data provided to a party
    established outside the home country — a recipient, or a system it operates and handles — without
    `foreign_basis`) or `mismatch` (`foreign_basis: eu_uk` while that party is not in the EU/EEA or the UK).
    Flows on a 27(1) `exception`, flows of personally referable or anonymised items only, storage its provider
    does not handle and the operator's own systems abroad are not transfers checked here.
    """
    for flow, fact in ctx.flows():
        status = fact["foreign_status"]
        if flow.key not in ctx.resolved.foreign or status not in FLAGGED_FOREIGN_STATUSES:
            continue
        where = ctx.place(fact["transfer_location"])
        problem = (phrase("without a `foreign_basis`") if status == "missing" else
                   phrase("on basis 'eu_uk', but {where} is not in the EU/EEA or the UK", where=where))
        yield hit(flow.key, to=receiver(ctx, fact), where=where, home=ctx.home_name, problem=problem)


@rule("DAI016", "compliant-system-unchecked", Severity.warning,
      title="Compliant-system recipient not checked within 12 months",
      message="recipient '{key}' receives data on the compliant-system route but {state}",
      fix="Check periodically how the recipient implements the equivalent measures and any foreign law that "
          "affects them; record the date in `compliance_check:`.",
      why="The periodic check is the evidence the compliant-system route rests on (Rules 18(1)(i)); the Rules say "
          "'periodically' and leave how often to the operator's judgement: this check applies 12 months.",
      cites=(appi("28(3)"), rules("18"), jis2017("A.3.4.2.8.1")))
def compliant_system_unchecked(ctx: CheckContext) -> Iterator[Hit]:
    """A recipient that receives a flow `daicho abroad` lists with `foreign_basis: compliant_system` recorded as its
    basis (into the recipient or a system it operates and handles), whose `compliance_check` is missing or more
    than 12 months before the check date.
    """
    routed = {fact["target_party"] for flow, fact in ctx.flows() if flow.key in ctx.resolved.foreign
              and flow.foreign_basis == "compliant_system" and fact["foreign_status"] in ("recorded", "incomplete")}
    for recipient in ctx.recipients.values():
        if recipient.key in routed and ctx.overdue(recipient.compliance_check):
            yield hit(recipient.key, state=phrase("it {done}", done=last_done(recipient.compliance_check, "checked",
                                                                                ctx.as_of)))


def kept_locations(ctx: CheckContext) -> dict[str, list[str]]:
    """For each system holding personal data whose location the security measures must name, where it keeps
    the data outside the home country: from the `disclosure` of the flows into it (the operator's systems,
    storage its provider does not handle, systems contractors operate), or — for a system no flow reaches —
    from its own resolved hosting when it is kept for the operator."""
    found: dict[str, list[str]] = {}
    reached: set[str] = set()
    for _, fact in ctx.flows():
        reached.add(fact["target"])
        if fact["disclosure"] != "not_applicable":
            kept = found.setdefault(fact["target"], [])
            kept.extend(c for c in fact["disclose_locations"] if c not in kept)
    for key in ctx.systems:
        node = ctx.nodes[key]
        if key not in reached and node["foreign_hosting"] and node["party_kind"] in _KEEPERS:
            found[key] = list(node["foreign_hosting"])
    return {k: v for k, v in found.items() if ctx.systems[k].personal_data}


def _keeper(ctx: CheckContext, node: Row) -> str:
    operator = node["operated_by"]
    if not operator:
        return ""
    kind = kind_word(ctx.nodes[operator]["party_kind"]) if operator in ctx.nodes else kind_word("recipient")
    if node["handles"]:
        return phrase(" (operated by {kind} '{operator}')", kind=kind, operator=operator)
    return phrase(" (operated by {kind} '{operator}', which does not handle the data)", kind=kind, operator=operator)


@rule("DAI017", "foreign-storage-undisclosed", Severity.warning,
      title="Personal data stored abroad, not disclosed",
      message="system '{key}'{keeper} keeps personal data in {where}, outside {home}, which the published "
              "security measures do not name",
      fix="Name the country (and its personal-data regime) in the security measures made known to persons, then "
          "set `disclosed_abroad: true`.",
      why="Security measures for retained data include understanding the foreign environment (外的環境の把握), "
          "also for a cloud provider that does not handle the data, and are put in a state persons can know "
          "(APPI 32(1), Cabinet Order 10(i)) — which answering without delay on request also meets: "
          "`disclosed_abroad: false` says the published measures lack the location, not that the law is broken.",
      cites=(appi("23"), appi("32"), order("10"), ppc("10-7 (外的環境の把握)"), ppc("Q&A 7-53")))
def foreign_storage_undisclosed(ctx: CheckContext) -> Iterator[Hit]:
    """A system holding personal data kept outside the home country — the operator's own, storage a provider
    keeps without handling the data (`handles_data: false`), or a system a contractor operates — with
    `disclosed_abroad: false` (resolved `disclosure: not_disclosed`). A location chosen per customer counts;
    a location not recorded is DAI028's concern.
    """
    for key, kept in kept_locations(ctx).items():
        known = [c for c in kept if c != "unknown"]
        if known and not ctx.systems[key].disclosed_abroad:
            yield hit(key, keeper=_keeper(ctx, ctx.nodes[key]), where=places(ctx, known), home=ctx.home_name)


@rule("DAI026", "recipient-country-unknown", Severity.warning,
      title="Recipient without a country",
      message="recipient '{key}' receives personal data but records no country: whether the provision leaves "
              "{home} (APPI 28) is unknown",
      fix="Set `country:` (ISO 3166 code, or EU/EEA) to where the recipient is established; list where it keeps the "
          "data under `hosting:`.",
      why="Missing record: the transfer may be abroad.",
      cites=(appi("28"), jis2017("A.3.4.2.8.1")))
def recipient_country_unknown(ctx: CheckContext) -> Iterator[Hit]:
    """A recipient without `country` that is provided personal data (into the recipient or a system it operates
    and handles) on a flow `daicho abroad` lists with status `unknown_country` (resolved foreign status
    `unknown_location`). A 27(1) exception and flows of personally referable items only do not count.
    """
    unknown = {fact["target_party"] for flow, fact in ctx.flows()
               if flow.key in ctx.resolved.foreign and fact["foreign_status"] == "unknown_location"}
    for recipient in ctx.recipients.values():
        if recipient.key in unknown:
            yield hit(recipient.key, home=ctx.home_name)


@rule("DAI028", "storage-location-unknown", Severity.warning,
      title="System holding personal data without a location",
      message="system '{key}'{keeper} holds personal data but records no location: whether it is kept outside "
              "{home} is unknown",
      fix="Set `country:` on the system to where its data is kept (ISO 3166 code, EU/EEA, or `per_customer`); "
          "if that is abroad, name it in the security measures and set `disclosed_abroad: true`.",
      why="Missing record: locations are never assumed, and the security measures must name a foreign location "
          "(APPI 32; PPC guideline 10-7).",
      cites=(appi("23"), appi("32"), ppc("10-7 (外的環境の把握)")))
def storage_location_unknown(ctx: CheckContext) -> Iterator[Hit]:
    """A system holding personal data whose location must be known for the security measures (as for DAI017: the
    operator's own, storage a provider does not handle, a system a contractor operates) without `country`.
    """
    for key, kept in kept_locations(ctx).items():
        if "unknown" in kept:
            yield hit(key, keeper=_keeper(ctx, ctx.nodes[key]), home=ctx.home_name)


#: what each foreign basis is, for messages
_ROUTE_WORDS = {"consent": N_("the consent route of APPI 28(1)"), "compliant_system": N_("the compliant-system route")}
_ROUTE_CONSEQUENCE = {
    "consent": N_("the person must have been told these before consenting (Rules 17(2)); without them the consent "
                  "does not carry the transfer"),
    "compliant_system": N_("the route rests on an instrument binding the recipient to measures equivalent to the "
                           "APPI's (Rules 16)"),
}


@rule("DAI029", "foreign-basis-unsupported", Severity.warning,
      title="Foreign-transfer basis without what it rests on",
      message="flow '{key}' to {to} in {where} names {route} but does not record {missing}: {consequence}",
      fix="Consent route: record what the person was told before consenting — `consent_information: {{country: "
          "true, regime: true, measures: true, reference: …}}` on the flow or the recipient. Compliant-system "
          "route: record the instrument on the recipient — `compliant_system: {{instrument: contract | "
          "group_rules | eu_scc | apec_cbpr | other, reference: …}}` (EU standard contractual clauses are no "
          "APPI basis by themselves; they can be the Rules 16 contract when they ensure the measures).",
      why="Missing record: the basis is named, but not what the law makes it rest on; until it is recorded, "
          "`daicho abroad` does not show the transfer as ok. Whether an instrument ensures measures equivalent to "
          "the APPI's is the operator's judgement.",
      cites=(appi("28(1)"), rules("16"), rules("17(2)"), jis2017("A.3.4.2.8.1")))
def foreign_basis_unsupported(ctx: CheckContext) -> Iterator[Hit]:
    """A flow `daicho abroad` lists with status `incomplete` (resolved foreign status `incomplete`) that lacks more
    than the periodic check (DAI016 reports that on the recipient): `foreign_basis: consent` without
    `consent_information` recording the country, its system and the recipient's measures (on the flow or the
    recipient; Rules 17(2)), or `foreign_basis: compliant_system` whose recipient records no `compliant_system`
    instrument (Rules 16).
    """
    for flow, fact in ctx.flows():
        if flow.key not in ctx.resolved.foreign or fact["foreign_status"] != "incomplete":
            continue
        missing = [phrase(EVIDENCE_WORDS[m]) for m in fact["foreign_missing"] if m != "periodic_check"]
        if missing:
            yield hit(flow.key, to=receiver(ctx, fact), where=ctx.place(fact["transfer_location"]),
                      route=phrase(_ROUTE_WORDS.get(flow.foreign_basis or "", N_("its foreign basis"))),
                      missing=joined(", ", missing),
                      consequence=phrase(_ROUTE_CONSEQUENCE.get(flow.foreign_basis or "", "")))
