"""Rules on transfers: provision to third parties, outsourcing, joint use, data abroad and received data.

Part of the rule catalog (`rules.RULES`); see there for how severities are chosen.
"""

from __future__ import annotations

from collections.abc import Iterator

from daicho.catalog.checks.base import Hit, Rule, Severity, hit, last_done, quoted, registrar
from daicho.catalog.checks.citations import appi, jipdec, jis2017, order, ppc, rules
from daicho.catalog.checks.context import CheckContext
from daicho.catalog.resolved.countries import EU_UK

TRANSFER_RULES: list[Rule] = []
rule = registrar(TRANSFER_RULES)

#: Bases under which a flow to a recipient is provision to a third party that needs records and checks.
PROVISION = frozenset({"consent", "opt_out"})
CONTRACTORS = frozenset({"contractor", "subcontractor"})


@rule("DAI007", "sensitive-opt-out", Severity.error,
      title="Sensitive item provided by opt-out",
      message="flow '{key}' provides sensitive item(s) {items} by opt-out, which the law excludes",
      fix="Provide sensitive items only with consent (`basis: consent`) or stop providing them.",
      why="APPI 27(2) excludes sensitive personal data from the opt-out route.",
      cites=(appi("27(2)"), jis2017("A.3.4.2.8"), jipdec("J.8.8")))
def sensitive_opt_out(ctx: CheckContext) -> Iterator[Hit]:
    """A flow with `basis: opt_out` that carries a sensitive item."""
    for flow in ctx.inventory.flows:
        sensitive = [k for k in flow.items if k in ctx.items and ctx.items[k].sensitive]
        if flow.basis == "opt_out" and sensitive:
            yield hit(flow.key, items=quoted(sensitive))


#: basis → recipient kinds it cannot apply to, and why
_WRONG_BASIS = {
    "internal": (CONTRACTORS | {"third_party", "joint_user", "group_company"},
                 "but a recipient is outside the operator: internal use stays between the operator's own systems"),
    "collection": (CONTRACTORS | {"third_party", "joint_user", "group_company"},
                   "but collection is acquisition from the person, not a transfer to a recipient"),
    "outsourcing": (frozenset({"third_party", "joint_user"}),
                    "but outsourcing (APPI 27(5)(i)) needs a contractor"),
    "joint_use": (CONTRACTORS | {"third_party"},
                  "but joint use (APPI 27(5)(iii)) needs a joint user"),
}


@rule("DAI008", "provision-basis-mismatch", Severity.error,
      title="Flow to a recipient without a valid basis",
      message="flow '{key}' to {kind} '{target}' has basis '{basis}', {reason}",
      fix="Record the real basis: `consent`, an `exception` of APPI 27(1), or `opt_out`; or, when the recipient "
          "really is a contractor or joint user, correct its `kind`.",
      why="Providing personal data to a third party without consent, an exception or opt-out breaks APPI 27.",
      cites=(appi("27(1)"), appi("27(2)"), appi("27(5)"), jis2017("A.3.4.2.8"), jipdec("J.8.8")))
def provision_basis_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    """A flow to a recipient whose basis cannot apply to the recipient's kind: `internal` or `collection` to any
    recipient, `outsourcing` to a third party or joint user, `joint_use` to a contractor, sub-contractor or
    third party. (Consent, exceptions, opt-out and succession fit any recipient; a group company may be a
    contractor or a joint user.)
    """
    for flow in ctx.inventory.flows:
        recipient = ctx.recipients.get(flow.target)
        wrong = _WRONG_BASIS.get(flow.basis)
        if recipient and wrong and recipient.kind in wrong[0]:
            yield hit(flow.key, kind=recipient.kind.replace("_", " "), target=recipient.key, basis=flow.basis,
                      reason=wrong[1])


@rule("DAI009", "provision-without-record", Severity.warning,
      title="Provision to a third party without a record",
      message="flow '{key}' provides personal data to '{target}' (basis {basis}) but keeps no provision record",
      fix="Keep the record of the provision (recipient, date, persons, items, consent) for the period the Rules "
          "set, and set `record: {{kept: true, reference: …}}` on the flow.",
      why="The record is evidence the law requires; a provision under a 27(1) exception needs none "
          "(APPI 29(1) proviso, unverified).",
      cites=(appi("29"), rules("19–21"), jis2017("A.3.4.2.8.2")))
def provision_without_record(ctx: CheckContext) -> Iterator[Hit]:
    """A flow of personal data to a recipient with basis `consent` or `opt_out` whose `record.kept` is not true.
    Flows on a 27(1) `exception`, outsourcing, succession or joint use need no record.
    """
    for flow in ctx.inventory.flows:
        if (flow.target in ctx.recipients and flow.basis in PROVISION and ctx.carries_personal_data(flow)
                and not (flow.record and flow.record.kept)):
            yield hit(flow.key, target=flow.target, basis=flow.basis)


@rule("DAI010", "receipt-unconfirmed", Severity.warning,
      title="Data received from a third party without confirmation",
      message="flow '{key}' receives personal data from '{source}' without confirming {missing}",
      fix="Confirm the provider's identity and how it acquired the data, keep the record, and set `confirmation: "
          "{{provider_identity: true, acquisition_checked: true, date: …}}` on the flow.",
      why="The confirmation and its record are evidence APPI 30 requires of the recipient.",
      cites=(appi("30"), rules("22–25"), jis2017("A.3.4.2.8.3")))
def receipt_unconfirmed(ctx: CheckContext) -> Iterator[Hit]:
    """A flow of personal data from a recipient into a system, received as provision (basis `consent` or
    `opt_out`, or any basis other than an exception, outsourcing, joint use or succession when the source is of
    kind `third_party`), without `confirmation.provider_identity` and `confirmation.acquisition_checked`.
    """
    for flow in ctx.inventory.flows:
        provider = ctx.recipients.get(flow.source)
        if provider is None or flow.target not in ctx.systems:
            continue
        received = flow.basis in PROVISION or (provider.kind == "third_party" and flow.basis not in
                                               {"exception", "outsourcing", "joint_use", "succession"})
        done = flow.confirmation
        missing = [what for what, ok in (("the provider's identity", done and done.provider_identity),
                                         ("how it acquired the data", done and done.acquisition_checked)) if not ok]
        if received and missing and ctx.carries_personal_data(flow):
            yield hit(flow.key, source=provider.key, missing=" or ".join(missing))


@rule("DAI011", "outsourcing-scope-creep", Severity.error,
      title="Contractor receiving items beyond its contract",
      message="{kind} '{key}' receives {items}, beyond the items its contract covers",
      fix="Extend the contract (`contract.scope_items`) to these items, or stop sending them.",
      why="Items outside the entrusted work are not covered by APPI 27(5)(i): giving them is provision to a "
          "third party without a basis. Items reaching its sub-contractors count too.",
      cites=(appi("27(5)(i)"), appi("25"), jis2017("A.3.4.3"), jipdec("J.9")))
def outsourcing_scope_creep(ctx: CheckContext) -> Iterator[Hit]:
    """A contractor or sub-contractor whose contract lists `scope_items`, and an item reaches it that is not among
    them. An item reaches a contractor when a flow carrying it arrives at the contractor, its sub-contractors at
    any depth, or a system any of them operates (`operated_by`), when such a system stores it, or when it is
    derived there. Only items of personal data count; a contract without `scope_items` is not checked.
    """
    for recipient in ctx.recipients.values():
        contract = recipient.contract
        if recipient.kind not in CONTRACTORS or contract is None or not contract.scope_items:
            continue
        beyond = sorted(k for k in ctx.reach(recipient.key) - set(contract.scope_items) if ctx.is_personal(k))
        if beyond:
            yield hit(recipient.key, kind=recipient.kind.replace("sub", "sub-"), items=quoted(beyond))


@rule("DAI012", "contract-gaps", Severity.warning,
      title="Contractor without a contract or protection clauses",
      message="{kind} '{key}' {problem}",
      fix="Record the entrustment contract (`contract: {{date, reference, protection_clauses: true, "
          "scope_items}}`) with clauses on security, sub-contracting, return or deletion, and incident reports.",
      why="APPI 25 requires supervising contractors; the contract is its evidence and is missing from the ledger.",
      cites=(appi("25"), jis2017("A.3.4.3"), jipdec("J.9")))
def contract_gaps(ctx: CheckContext) -> Iterator[Hit]:
    """A contractor or sub-contractor entrusted with personal data (see the note on personal data) without
    `contract`, or whose contract has `protection_clauses: false`.
    """
    for recipient in ctx.recipients.values():
        if recipient.kind not in CONTRACTORS or not ctx.entrusted(recipient.key):
            continue
        kind = recipient.kind.replace("sub", "sub-")
        if recipient.contract is None:
            yield hit(recipient.key, kind=kind, problem="has no contract on record")
        elif not recipient.contract.protection_clauses:
            yield hit(recipient.key, kind=kind, problem="has a contract without data-protection clauses")


@rule("DAI013", "contractor-review-overdue", Severity.warning,
      title="Contractor not reviewed within 12 months",
      message="{kind} '{key}' {state}",
      fix="Check how the contractor handles the data (questionnaire, audit or report) at least yearly and record "
          "`review: {{date, result}}`.",
      why="APPI 25 asks for ongoing supervision; a yearly review is the usual evidence of it.",
      cites=(appi("25"), jis2017("A.3.4.3"), jipdec("J.9")))
def contractor_review_overdue(ctx: CheckContext) -> Iterator[Hit]:
    """A contractor or sub-contractor entrusted with personal data whose `review.date` is missing or more than
    12 months before the check date.
    """
    for recipient in ctx.recipients.values():
        if recipient.kind in CONTRACTORS and ctx.entrusted(recipient.key):
            day = recipient.review.date if recipient.review else None
            if ctx.overdue(day):
                yield hit(recipient.key, kind=recipient.kind.replace("sub", "sub-"),
                          state=last_done(day, "reviewed", ctx.as_of))


@rule("DAI014", "subcontracting-unapproved", Severity.error,
      title="Sub-contractor without approval",
      message="sub-contractor '{key}': {problem}",
      fix="Approve the sub-contracting and set `contract.subcontracting: approved` on the sub-contractor, after "
          "checking that the contractor's contract allows it (`allowed` or `approved`); otherwise stop it.",
      why="Sub-contracting the operator neither allowed nor approved is a failure of supervision under APPI 25.",
      cites=(appi("25"), jis2017("A.3.4.3"), jipdec("J.9")))
def subcontracting_unapproved(ctx: CheckContext) -> Iterator[Hit]:
    """A sub-contractor entrusted with personal data whose parent's contract has `subcontracting` other than
    `allowed` or `approved` (or no contract), or whose own contract is missing or not `subcontracting: approved`.
    """
    for recipient in ctx.recipients.values():
        if recipient.kind != "subcontractor" or not ctx.entrusted(recipient.key):
            continue
        parent = ctx.recipients.get(recipient.parent or "")
        if parent is None or parent.contract is None or parent.contract.subcontracting not in ("allowed", "approved"):
            yield hit(recipient.key, problem=f"the contract of '{recipient.parent}' does not allow sub-contracting")
        if recipient.contract is None or recipient.contract.subcontracting != "approved":
            yield hit(recipient.key, problem="the sub-contracting is not recorded as approved by the operator")


def _foreign_destination(ctx: CheckContext, target: str) -> tuple[str, str] | None:
    """(recipient key, country) when a flow's target is a recipient abroad or a system one operates."""
    recipient = ctx.recipients.get(target)
    if recipient is None and target in ctx.systems:
        recipient = ctx.recipients.get(ctx.systems[target].operated_by or "")
    if recipient is not None and ctx.abroad(recipient.country):
        return recipient.key, recipient.country  # type: ignore[return-value]
    return None


@rule("DAI015", "foreign-transfer-without-basis", Severity.error,
      title="Transfer abroad without a basis",
      message="flow '{key}' sends personal data to '{recipient}' in {country} {problem}",
      fix="Record why the transfer is allowed in `foreign_basis:` — `consent` (after telling the person the "
          "country, its regime and the recipient's measures), `compliant_system` (with periodic checks) or "
          "`eu_uk` — or stop the transfer.",
      why="APPI 28 requires one of these bases for any transfer to a recipient abroad, outsourcing and joint use "
          "included; a provision under a 27(1) exception is exempt (APPI 28(1) opening words, unverified).",
      cites=(appi("28"), rules("16"), rules("17(2)"), jis2017("A.3.4.2.8.1"), jipdec("J.8.8")))
def foreign_transfer_without_basis(ctx: CheckContext) -> Iterator[Hit]:
    """A flow of personal data into a recipient whose country differs from the operator's, or into a system
    operated by such a recipient, without `foreign_basis`, or with `foreign_basis: eu_uk` while the country is not
    in the EU/EEA or the UK. Flows on a 27(1) `exception` are not checked.
    """
    for flow in ctx.inventory.flows:
        destination = _foreign_destination(ctx, flow.target)
        if destination is None or flow.basis == "exception" or not ctx.carries_personal_data(flow):
            continue
        recipient, country = destination
        if flow.foreign_basis is None:
            yield hit(flow.key, recipient=recipient, country=country, problem="without a `foreign_basis`")
        elif flow.foreign_basis == "eu_uk" and country not in EU_UK:
            yield hit(flow.key, recipient=recipient, country=country,
                      problem=f"on basis 'eu_uk', but {country} is not in the EU/EEA or the UK")


@rule("DAI016", "compliant-system-unchecked", Severity.warning,
      title="Compliant-system recipient not checked within 12 months",
      message="recipient '{key}' receives data on the compliant-system route but {state}",
      fix="Check periodically how the recipient implements the equivalent measures and any foreign law that "
          "affects them; record the date in `compliance_check:`.",
      why="The periodic check is the evidence the compliant-system route rests on.",
      cites=(appi("28(3)"), rules("18"), jis2017("A.3.4.2.8.1")))
def compliant_system_unchecked(ctx: CheckContext) -> Iterator[Hit]:
    """A recipient receiving a flow with `foreign_basis: compliant_system` (directly or into a system it operates)
    whose `compliance_check` is missing or more than 12 months before the check date.
    """
    for recipient in ctx.recipients.values():
        routes = {f.foreign_basis for node in ctx.nodes_of(recipient.key) for f in ctx.flows_into.get(node, ())}
        if "compliant_system" in routes and ctx.overdue(recipient.compliance_check):
            state = last_done(recipient.compliance_check, "checked", ctx.as_of)
            yield hit(recipient.key, state=f"it {state}")


@rule("DAI017", "foreign-storage-undisclosed", Severity.error,
      title="Personal data stored abroad, not disclosed",
      message="system '{key}' keeps personal data in {country}, which the published security measures do not name",
      fix="Name the country (and its personal-data regime) in the security measures made known to persons, then "
          "set `disclosed_abroad: true`.",
      why="Security measures for retained data include understanding the foreign environment, and must be made "
          "known to persons (APPI 32); `disclosed_abroad: false` states they are not.",
      cites=(appi("23"), appi("32"), order("10"), ppc("外的環境の把握 (section number)", verified=False)))
def foreign_storage_undisclosed(ctx: CheckContext) -> Iterator[Hit]:
    """A system holding personal data whose country (its own, else the operator's) differs from the operator's, with
    `disclosed_abroad: false`.
    """
    for system in ctx.systems.values():
        country = ctx.system_country(system)
        if system.personal_data and ctx.abroad(country) and not system.disclosed_abroad:
            yield hit(system.key, country=country)


@rule("DAI018", "joint-use-unpublished", Severity.error,
      title="Joint use without the published matters",
      message="joint user '{key}': {problem}",
      fix="Notify or publish beforehand the items used jointly, the users, the purposes and the responsible "
          "party; record them under `joint_use:` and set `published: true`.",
      why="Without the prior notice APPI 27(5)(iii) asks for, joint use is provision to a third party.",
      cites=(appi("27(5)(iii)"), appi("27(6)"), jipdec("J.8.7")))
def joint_use_unpublished(ctx: CheckContext) -> Iterator[Hit]:
    """A recipient of kind `joint_user`, or one receiving flows with `basis: joint_use`, without `joint_use`, with
    `joint_use.published: false`, or receiving jointly used items of personal data not listed in
    `joint_use.items`.
    """
    for recipient in ctx.recipients.values():
        shared = {k for f in ctx.flows_into.get(recipient.key, ()) if f.basis == "joint_use" for k in f.items
                  if ctx.is_personal(k)}
        if recipient.kind != "joint_user" and not shared:
            continue
        joint = recipient.joint_use
        if joint is None:
            yield hit(recipient.key, problem="no joint-use matters are recorded")
        elif not joint.published:
            yield hit(recipient.key, problem="the joint-use matters are not published")
        elif shared - set(joint.items):
            yield hit(recipient.key, problem=f"{quoted(sorted(shared - set(joint.items)))} are used jointly but "
                                             "are not among the published joint-use items")


@rule("DAI019", "referable-unconfirmed", Severity.warning,
      title="Personally referable information provided without consent confirmation",
      message="flow '{key}' gives personally referable item(s) {items} to '{target}' without confirming the "
              "persons' consent",
      fix="Confirm that the recipient obtained the persons' consent to acquire the data as personal data, keep "
          "the record, and set `referable_consent_confirmed: true`; otherwise stop the transfer.",
      why="The confirmation is a record duty of APPI 31, owed when the recipient is expected to link the data to "
          "persons; the ledger lacks it.",
      cites=(appi("31"),))
def referable_unconfirmed(ctx: CheckContext) -> Iterator[Hit]:
    """A flow to a recipient with basis `consent` or `opt_out` carrying an item with `personally_referable: true`, with
    `referable_consent_confirmed: false`.
    """
    for flow in ctx.inventory.flows:
        referable = [k for k in flow.items if k in ctx.items and ctx.items[k].personally_referable]
        if (flow.target in ctx.recipients and flow.basis in PROVISION and referable
                and not flow.referable_consent_confirmed):
            yield hit(flow.key, items=quoted(referable), target=flow.target)


@rule("DAI025", "pseudonymous-anonymous-misuse", Severity.error,
      title="Pseudonymised item to a third party, or anonymised item unpublished",
      message="{problem}",
      fix="Give pseudonymised data to others only by outsourcing, joint use or as laws require; publish the items "
          "of anonymised data when producing it and set `anonymised_items_published: true`.",
      why="APPI 41–42 forbid providing pseudonymised personal data to third parties; APPI 43(3) requires the "
          "items of anonymised data to be published.",
      cites=(appi("41"), appi("42"), appi("43(3)", verified=False), jipdec("J.8.9"), jipdec("J.8.10")))
def pseudonymous_anonymous_misuse(ctx: CheckContext) -> Iterator[Hit]:
    """A flow to a recipient with basis `consent` or `opt_out` that carries a pseudonymised item; or an item with
    `anonymised: true` and `anonymised_items_published: false`.
    """
    for flow in ctx.inventory.flows:
        pseudonymised = [k for k in flow.items if k in ctx.items and ctx.items[k].pseudonymised]
        if flow.target in ctx.recipients and flow.basis in PROVISION and pseudonymised:
            yield hit(flow.key, problem=f"flow '{flow.key}' provides pseudonymised item(s) {quoted(pseudonymised)} "
                                        f"to third party '{flow.target}'")
    for item in ctx.items.values():
        if item.anonymised and not item.anonymised_items_published:
            yield hit(item.key, problem=f"anonymised item '{item.key}' was produced without publishing its items")


@rule("DAI026", "recipient-country-unknown", Severity.warning,
      title="Recipient without a country",
      message="recipient '{key}' receives personal data but records no country: whether APPI 28 applies is unknown",
      fix="Set `country:` (ISO 3166 code) to where the recipient handles the data.",
      why="Missing record: the transfer may be abroad.",
      cites=(appi("28"), jis2017("A.3.4.2.8.1")))
def recipient_country_unknown(ctx: CheckContext) -> Iterator[Hit]:
    """A recipient without `country` that receives a flow of personal data (directly or into a system it
    operates).
    """
    for recipient in ctx.recipients.values():
        if recipient.country is None and ctx.receives_personal_data(recipient.key):
            yield hit(recipient.key)
