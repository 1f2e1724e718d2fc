"""Rules on the GDPR Art. 30 record (`daicho ropa`): what the record lacks.

They run only when the inventory declares that the GDPR applies: a `gdpr:` block (docs/manifest.md). An
inventory without one is never judged on the GDPR. Part of the rule catalog (`rules.RULES`). The transfers
judged are the record's (`catalog.interchange.ropa.transfers`): flows `daicho abroad` lists that hand personal
data to another party outside the EU/EEA, read from the resolved model.
"""

from __future__ import annotations

from collections.abc import Iterator

from daicho.catalog.checks.base import Hit, Rule, Severity, hit, registrar
from daicho.catalog.checks.citations import Citation
from daicho.catalog.checks.context import CheckContext, Row
from daicho.catalog.interchange.ropa import is_special, third_country
from daicho.catalog.interchange.ropa_words import ADEQUATE
from daicho.catalog.resolved.countries import REGION_MEMBERS
from daicho.catalog.words import joined, phrase

GDPR_RULES: list[Rule] = []
rule = registrar(GDPR_RULES)


def gdpr(clause: str) -> Citation:
    """An article of the GDPR (Regulation (EU) 2016/679)."""
    return Citation("GDPR Art.", clause)


def gdpr_transfers(ctx: CheckContext) -> list[tuple[str, Row, str, str]]:
    """(flow key, resolved facts, receiving party, destination) of each transfer to a third country, as the
    record lists them: `abroad`'s flows except the operator's own systems abroad and a third party's onward
    transfers; a storage provider that does not handle the data is the receiving party of its storage."""
    out = []
    for flow in ctx.inventory.flows:
        fact = ctx.resolved.flows[flow.key]
        if flow.key not in ctx.resolved.foreign or fact["boundary"] == "onward":
            continue
        target = ctx.nodes.get(flow.target, {})
        party = fact["target_party"]
        if fact["boundary"] == "storage":
            party = target.get("operated_by") or party
        elif ctx.nodes.get(party, {}).get("kind") != "recipient":
            continue  # the operator's own system abroad: no other party
        where = fact["transfer_location"] or target.get("location") or "unknown"
        if third_country(where):
            out.append((flow.key, fact, party, where))
    return out


def _mechanisms(ctx: CheckContext) -> tuple[dict, dict]:
    block = ctx.inventory.gdpr
    transfers = block.transfers if block else []
    return ({t.flow: t for t in transfers if t.flow}, {t.recipient: t for t in transfers if t.recipient})


@rule("DAI040", "gdpr-purpose-without-basis", Severity.warning,
      title="GDPR: purpose without an Art. 6 basis",
      message="purpose '{key}' serves personal data but the gdpr: block records no Art. 6 basis for it",
      fix="Add it to `gdpr.purposes:` with its `basis:` — consent, contract, legal_obligation, vital_interests, "
          "public_task or legitimate_interests (then name the interest in `legitimate_interest:`).",
      why="Every processing needs one of the Art. 6(1) bases; the record of processing names the purposes it "
          "serves.",
      cites=(gdpr("6(1)"), gdpr("30(1)(b)")))
def purpose_without_basis(ctx: CheckContext) -> Iterator[Hit]:
    """With a `gdpr:` block: a purpose that a personal item (not anonymised) serves, with no entry in
    `gdpr.purposes`."""
    block = ctx.inventory.gdpr
    if block is None:
        return
    based = {p.purpose for p in block.purposes}
    used = {p for item in ctx.items.values() if not item.anonymised for p in item.purposes}
    for purpose in ctx.purposes:
        if purpose in used and purpose not in based:
            yield hit(purpose)


@rule("DAI041", "gdpr-special-category-without-condition", Severity.warning,
      title="GDPR: special category without an Art. 9 condition",
      message="item '{key}' is {why} but the gdpr: block records no Art. 9(2) condition for it",
      fix="Add it to `gdpr.special_categories:` with its `condition:` (explicit_consent, employment, "
          "vital_interests, not_for_profit, made_public, legal_claims, substantial_public_interest, health_care, "
          "public_health or archiving_research).",
      why="Processing a special category of personal data is prohibited unless one of the Art. 9(2) conditions "
          "applies; APPI's sensitive personal information (要配慮個人情報) largely overlaps it.",
      cites=(gdpr("9(1)"), gdpr("9(2)"), gdpr("30(1)(c)")))
def special_without_condition(ctx: CheckContext) -> Iterator[Hit]:
    """With a `gdpr:` block: an item marked `sensitive` or whose fideslang category is a special category
    (biometric, health, race or ethnicity, religion, political opinion, sexual orientation) with no entry in
    `gdpr.special_categories`."""
    block = ctx.inventory.gdpr
    if block is None:
        return
    listed = {s.item for s in block.special_categories}
    for item in ctx.items.values():
        if item.key in listed or item.anonymised:
            continue
        if is_special({"key": item.key, "sensitive": item.sensitive, "category": item.category}, set()):
            why = (phrase("sensitive personal information (要配慮個人情報)") if item.sensitive
                   else phrase("of special category '{category}'", category=item.category))
            yield hit(item.key, why=why)


@rule("DAI042", "gdpr-transfer-without-safeguard", Severity.warning,
      title="GDPR: transfer to a third country without a recorded mechanism",
      message="flow '{key}' transfers personal data to {party} in {where} but the gdpr: block records no "
              "Chapter V mechanism for it",
      fix="Add it to `gdpr.transfers:` (by `flow:` or for every transfer to the `recipient:`) with its "
          "`mechanism:` — adequacy, scc, bcr, code_of_conduct, certification, ad_hoc_clauses or derogation "
          "(with `derogation:`) — and the document in `reference:`; or stop the transfer.",
      why="A transfer to a third country needs an adequacy decision, appropriate safeguards or a derogation; "
          "the record names the transfers and, for Art. 49(1) second-subparagraph transfers, the safeguards.",
      cites=(gdpr("44"), gdpr("45"), gdpr("46"), gdpr("49"), gdpr("30(1)(e)")))
def transfer_without_safeguard(ctx: CheckContext) -> Iterator[Hit]:
    """With a `gdpr:` block: a transfer the record lists (see `gdpr_transfers`) with no `gdpr.transfers` entry
    for its flow or its receiving party. A destination not recorded counts: it may be a third country."""
    if ctx.inventory.gdpr is None:
        return
    by_flow, by_party = _mechanisms(ctx)
    for key, _fact, party, where in gdpr_transfers(ctx):
        if key not in by_flow and party not in by_party:
            yield hit(key, party=party, where=ctx.place(where))


@rule("DAI043", "gdpr-adequacy-without-decision", Severity.error,
      title="GDPR: adequacy claimed where there is no adequacy decision",
      message="flow '{key}' to {party} in {where} rests on 'adequacy', but {where} has no adequacy decision",
      fix="Record the mechanism that applies (`scc`, `bcr` … or a `derogation`), or put the safeguard in place; "
          "for the United States, adequacy covers only organisations certified under the EU-US Data Privacy "
          "Framework.",
      why="Art. 45 covers only the countries the Commission has found adequate.",
      cites=(gdpr("45(1)"), gdpr("44")))
def adequacy_without_decision(ctx: CheckContext) -> Iterator[Hit]:
    """With a `gdpr:` block: a transfer whose recorded mechanism is `adequacy` while its destination is not a
    country with an adequacy decision (`ropa_words.ADEQUATE`), or is not recorded."""
    if ctx.inventory.gdpr is None:
        return
    by_flow, by_party = _mechanisms(ctx)
    for key, _fact, party, where in gdpr_transfers(ctx):
        chosen = by_flow.get(key) or by_party.get(party)
        if chosen is not None and chosen.mechanism == "adequacy" and where not in ADEQUATE:
            yield hit(key, party=party, where=ctx.place(where))


@rule("DAI044", "gdpr-record-incomplete", Severity.warning,
      title="GDPR: the record of processing lacks a required entry",
      message="the GDPR Art. 30 record lacks {missing}",
      fix="Complete the gdpr: block (docs/manifest.md): `representative:` (or `representative_exempt:` with "
          "the Art. 27(2) reason), `contact:` (or organization.contact), `security:` (or "
          "organization.security_measures), and for a processor `controllers:` each with a `contact:`.",
      why="The record names the controller (or processor) and its contact, the EU representative of one "
          "established outside the Union, a general description of the security measures and, for a "
          "processor, each controller it acts for.",
      cites=(gdpr("27(1)"), gdpr("30(1)(a)"), gdpr("30(1)(g)"), gdpr("30(2)")))
def record_incomplete(ctx: CheckContext) -> Iterator[Hit]:
    """With a `gdpr:` block: no contact (neither `gdpr.contact` nor `organization.contact`); no EU
    representative while the home country is outside the EU/EEA and no `representative_exempt`; no security
    description (`gdpr.security`, `organization.security_measures`); role processor or both without
    `controllers`, or a controller without a contact. One finding on the organization, naming every gap."""
    block = ctx.inventory.gdpr
    if block is None:
        return
    org = ctx.inventory.organization
    missing = []
    if block.contact is None and (org is None or org.contact is None):
        missing.append(phrase("the controller's contact details"))
    if block.representative is None and not block.representative_exempt \
            and ctx.home not in REGION_MEMBERS["EEA"]:
        missing.append(phrase("an EU representative (the operator is established in {home})", home=ctx.home_name))
    if block.security is None and (org is None or org.security_measures is None):
        missing.append(phrase("a general description of the security measures"))
    if block.role in ("processor", "both") and not block.controllers:
        missing.append(phrase("the controllers it processes for (role {role})", role=str(block.role)))
    missing += [phrase("the contact details of controller '{key}'", key=c.key) for c in block.controllers
                if c.contact is None]
    if missing:
        yield hit(org.key if org else "gdpr", missing=joined("; ", missing))
