"""Rules on transfers: provision to third parties, outsourcing, joint use and received data.

Part of the rule catalog (`rules.RULES`); see there for how severities are chosen. Where a flow goes (its
resolved party and boundary) and whether its basis can apply are read from the resolved model
(`CheckContext.fact`), so `outsourcing` into a system a contractor operates is outsourcing to that
contractor, and storage its provider does not handle (`handles_data: false`) is no provision at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from daicho.catalog.checks.base import Hit, Rule, Severity, hit, last_done, quoted, registrar
from daicho.catalog.checks.citations import appi, jipdec, jis2017, jis2023, rules
from daicho.catalog.checks.context import CheckContext
from daicho.catalog.words import N_, joined, phrase

if TYPE_CHECKING:
    from daicho.inventory.model import Flow

TRANSFER_RULES: list[Rule] = []
rule = registrar(TRANSFER_RULES)

#: Bases under which a flow to a recipient is provision to a third party that needs records and checks.
PROVISION = frozenset({"consent", "opt_out"})
CONTRACTORS = frozenset({"contractor", "subcontractor"})
#: resolved boundaries that are a provision by the operator to another party (`catalog.resolved.build`)
PROVISIONS = frozenset({"outsourcing", "subcontracting", "provision", "joint_use"})
#: each provision boundary in words, for messages
_BOUNDARY_WORDS = {
    "outsourcing": N_("outsourcing (委託, APPI 27(5)(i))"),
    "subcontracting": N_("sub-contracting (再委託, within the outsourcing of APPI 27(5)(i))"),
    "provision": N_("provision to a third party (第三者提供, APPI 27(1))"),
    "joint_use": N_("joint use (共同利用, APPI 27(5)(iii))"),
}
#: recipient kinds in words, for messages
_KIND_WORDS = {"subcontractor": N_("sub-contractor"), "contractor": N_("contractor"), "third_party": N_("third party"),
               "joint_user": N_("joint user"), "group_company": N_("group company"), "recipient": N_("recipient"),
               "operator": N_("operator")}


def kind_word(kind: str | None) -> str:
    """A recipient kind for messages: 'sub-contractor', 'third party' …"""
    kind = kind or "recipient"
    if kind in _KIND_WORDS:
        return phrase(_KIND_WORDS[kind])
    return kind.replace("_", " ")


def receiver(ctx: CheckContext, fact: dict) -> str:
    """Who a flow goes to, as its resolved party: "contractor 'x'", or "system 's' of contractor 'x'"."""
    party = ctx.nodes[fact["target_party"]]
    who = phrase("{kind} '{key}'", kind=kind_word(party["party_kind"]), key=party["key"])
    return who if fact["target"] == party["key"] else phrase("system '{system}' of {who}", system=fact["target"],
                                                             who=who)


@rule("DAI007", "sensitive-opt-out", Severity.error,
      title="Sensitive item provided by opt-out",
      message="flow '{key}' provides sensitive item(s) {items} by opt-out, which the law excludes",
      fix="Provide sensitive items only with consent (`basis: consent`) or stop providing them.",
      why="APPI 27(2) excludes sensitive personal data from the opt-out route.",
      cites=(appi("27(2)"), jis2017("A.3.4.2.8"), jipdec("J.8.8")))
def sensitive_opt_out(ctx: CheckContext) -> Iterator[Hit]:
    """A flow with `basis: opt_out` that carries a sensitive item."""
    for flow in ctx.inventory.flows:
        if flow.basis != "opt_out":
            continue
        sensitive = [k for k in flow.items if k in ctx.items and ctx.items[k].sensitive]
        if sensitive:
            yield hit(flow.key, items=quoted(sensitive))


def _cannot_apply(ctx: CheckContext, flow: Flow, fact: dict) -> str:
    """Why a flow's basis cannot apply to its resolved boundary."""
    party = ctx.nodes[fact["target_party"]]
    kind, key = kind_word(party["party_kind"]), party["key"]
    word = phrase(_BOUNDARY_WORDS[fact["boundary"]])
    values = {"kind": kind, "key": key, "word": word, "target": fact["target"]}
    if flow.basis == "internal":
        return phrase("but '{target}' is on {kind} '{key}''s side: what goes there is {word}, not internal use",
                      **values)
    if flow.basis == "collection":
        return phrase("but collection is the operator's acquisition from the person; what goes to {kind} '{key}' is "
                      "{word}", **values)
    if flow.basis == "outsourcing" and fact["boundary"] == "provision":
        return phrase("but '{key}' is a {kind}, not a contractor: 委託 (outsourcing, APPI 27(5)(i)) is not 第三者提供 "
                      "(provision to a third party, APPI 27(1)), which needs consent, an exception or opt-out",
                      **values)
    if flow.basis == "outsourcing":
        return phrase("but '{key}' is a {kind}: what goes there is {word}, not 委託 (outsourcing, APPI 27(5)(i))",
                      **values)
    if flow.basis == "joint_use":
        return phrase("but joint use (APPI 27(5)(iii)) needs a joint user, and '{key}' is a {kind}: this is {word}",
                      **values)
    return phrase("which does not fit {word} to {kind} '{key}'", **values)


@rule("DAI008", "provision-basis-mismatch", Severity.error,
      title="Flow to a recipient without a valid basis",
      message="flow '{key}' into {to} has basis '{basis}', {reason}",
      fix="Record the basis that fits where the data goes: `outsourcing` to a contractor (or a system it operates "
          "and handles); to a third party — 委託 is not 第三者提供 — `consent`, an `exception` of APPI 27(1) or "
          "`opt_out`; `joint_use` to a joint user. When the recipient really is a contractor or joint user, "
          "correct its `kind`; when a system's operator only stores the data without handling it, set "
          "`handles_data: false` on the system.",
      why="Providing personal data to a third party without consent, an exception or opt-out breaks APPI 27(1); "
          "outsourcing (27(5)(i)) and joint use (27(5)(iii)) are not provision only to a contractor or joint user.",
      cites=(appi("27(1)"), appi("27(2)"), appi("27(5)(i)"), appi("27(5)(iii)"), jis2017("A.3.4.2.8"),
             jipdec("J.8.8")))
def provision_basis_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    """A flow whose basis cannot apply to where it goes (resolved `basis_status: cannot_apply`): `internal` or
    `collection` into a recipient or a system a recipient operates and handles, `outsourcing` to a third
    party, group company or joint user, `joint_use` to anyone but a joint user. (Consent, exceptions and
    opt-out fit any recipient; succession fits all but joint use.)
    """
    for flow, fact in ctx.flows():
        if fact["basis_status"] == "cannot_apply":
            yield hit(flow.key, to=receiver(ctx, fact), basis=flow.basis, reason=_cannot_apply(ctx, flow, fact))


@rule("DAI009", "provision-without-record", Severity.warning,
      title="Provision to a third party without a record",
      message="flow '{key}' provides personal data to '{target}' (basis {basis}{route}) but keeps no provision "
              "record{reason}",
      fix="Keep the record of the provision (recipient, date, persons, items, consent) for the period the Rules "
          "set, and set `record: {{kept: true, reference: …}}` on the flow.",
      why="The record is evidence the law requires. The 27(1) and 27(5) cases need none (APPI 29(1) proviso) — "
          "but a transfer abroad on the consent route of APPI 28(1) is exempt only in the 27(1) cases, so "
          "outsourcing or joint use abroad on consent needs a record too.",
      cites=(appi("29(1)"), appi("28(1)"), rules("19–21"), jis2017("A.3.4.2.8.2")))
def provision_without_record(ctx: CheckContext) -> Iterator[Hit]:
    """A flow of personal data to another party (a recipient or a system it operates and handles) whose
    `record.kept` is not true, and either with basis `consent` or `opt_out`, or — whatever its basis but a 27(1)
    `exception` — a transfer `daicho abroad` lists made on the consent route (`foreign_basis: consent`), which
    APPI 29(1) exempts only in the 27(1) cases. Otherwise flows on a 27(1) `exception`, outsourcing,
    succession or joint use need no record; neither does storage its provider does not handle, nor what a
    recipient passes on itself.
    """
    for flow, fact in ctx.flows():
        if fact["boundary"] not in PROVISIONS or not fact["personal"] or (flow.record and flow.record.kept):
            continue
        abroad_on_consent = (flow.key in ctx.resolved.foreign and flow.foreign_basis == "consent"
                             and flow.basis != "exception")
        if flow.basis in PROVISION:
            yield hit(flow.key, target=fact["target_party"], basis=flow.basis, route="", reason="")
        elif abroad_on_consent:
            yield hit(flow.key, target=fact["target_party"], basis=flow.basis,
                      route=phrase(", abroad on the consent route of APPI 28(1)"),
                      reason=phrase(": a transfer abroad under APPI 28(1) is exempt only in the 27(1) cases, not as "
                                    "{word} (APPI 29(1) proviso)", word=phrase(_BOUNDARY_WORDS[fact["boundary"]])))


@rule("DAI010", "receipt-unconfirmed", Severity.warning,
      title="Data received from a third party without confirmation",
      message="flow '{key}' receives personal data from '{source}' without confirming {missing}",
      fix="Confirm the provider's identity and how it acquired the data, keep the record, and set `confirmation: "
          "{{provider_identity: true, acquisition_checked: true, date: …}}` on the flow.",
      why="The confirmation and its record are evidence APPI 30 requires of the recipient.",
      cites=(appi("30"), rules("22–25"), jis2017("A.3.4.2.8.3")))
def receipt_unconfirmed(ctx: CheckContext) -> Iterator[Hit]:
    """A flow of personal data the operator receives from another party (resolved boundary `receipt`: from a
    third party, joint user or group company, or a system one operates), received as provision (basis `consent`
    or `opt_out`, or any basis other than an exception, outsourcing, joint use or succession when the provider
    is a `third_party`), without `confirmation.provider_identity` and `confirmation.acquisition_checked`.
    """
    for flow, fact in ctx.flows():
        if fact["boundary"] != "receipt" or not fact["personal"]:
            continue
        provider = ctx.nodes[fact["source_party"]]
        received = flow.basis in PROVISION or (provider["party_kind"] == "third_party" and flow.basis not in
                                               {"exception", "outsourcing", "joint_use", "succession"})
        done = flow.confirmation
        missing = [phrase(what) for what, ok in (
            (N_("the provider's identity"), done and done.provider_identity),
            (N_("how it acquired the data"), done and done.acquisition_checked)) if not ok]
        if received and missing:
            yield hit(flow.key, source=provider["key"], missing=joined(" or ", missing))


@rule("DAI011", "outsourcing-scope-creep", Severity.error,
      title="Contractor receiving items beyond its contract",
      message="{kind} '{key}' receives {items}, beyond the items its contract covers",
      fix="Extend the contract (`contract.scope_items`) to these items, or stop sending them.",
      why="Items outside the entrusted work are not covered by APPI 27(5)(i): giving them is provision to a "
          "third party without a basis. Items reaching its sub-contractors count too.",
      cites=(appi("27(5)(i)"), appi("25"), jis2017("A.3.4.3.4"), jipdec("J.9.4", verified=False)))
def outsourcing_scope_creep(ctx: CheckContext) -> Iterator[Hit]:
    """A contractor or sub-contractor whose contract lists `scope_items`, and an item reaches it that is not among
    them. An item reaches a contractor when a flow carrying it arrives on the contractor's side or the side of
    one of its sub-contractors at any depth (the recipient and the systems it operates and handles), when
    such a system stores it, or when it is derived there. At a sub-contractor another contractor also engages,
    what arrives from that other contractor's side is not counted against this one. Only items of personal data
    count; a contract without `scope_items` is not checked.
    """
    for recipient in ctx.recipients.values():
        contract = recipient.contract
        if recipient.kind not in CONTRACTORS or contract is None or not contract.scope_items:
            continue
        beyond = sorted(k for k in ctx.reach(recipient.key) - set(contract.scope_items) if ctx.is_personal(k))
        if beyond:
            yield hit(recipient.key, kind=kind_word(recipient.kind), items=quoted(beyond))


@rule("DAI012", "contract-gaps", Severity.warning,
      title="Contractor without a contract or protection clauses",
      message="{kind} '{key}' {problem}",
      fix="Record the entrustment contract (`contract: {{date, reference, protection_clauses: true, "
          "scope_items}}`) with clauses on security, sub-contracting, return or deletion, and incident reports.",
      why="APPI 25 requires supervising contractors; the contract is its evidence and is missing from the ledger.",
      cites=(appi("25"), jis2017("A.3.4.3.4"), jipdec("J.9.4", verified=False)))
def contract_gaps(ctx: CheckContext) -> Iterator[Hit]:
    """A contractor or sub-contractor entrusted with personal data (see the note on personal data; not one that
    only stores data without handling it, nor one named with no recorded data flow) without `contract`, or
    whose contract has `protection_clauses: false`.
    """
    for recipient in ctx.recipients.values():
        if recipient.kind not in CONTRACTORS or not ctx.entrusted(recipient.key):
            continue
        kind = kind_word(recipient.kind)
        if recipient.contract is None:
            yield hit(recipient.key, kind=kind, problem=phrase("has no contract on record"))
        elif not recipient.contract.protection_clauses:
            yield hit(recipient.key, kind=kind, problem=phrase("has a contract without data-protection clauses"))


@rule("DAI013", "contractor-review-overdue", Severity.warning,
      title="Contractor not reviewed within 12 months",
      message="{kind} '{key}' {state}",
      fix="Check how the contractor handles the data (questionnaire, audit or report) at least yearly and record "
          "`review: {{date, result}}`.",
      why="APPI 25 asks for ongoing supervision; a yearly review is the usual evidence of it.",
      cites=(appi("25"), jis2017("A.3.4.3.4"), jipdec("J.9.4", verified=False)))
def contractor_review_overdue(ctx: CheckContext) -> Iterator[Hit]:
    """A contractor or sub-contractor entrusted with personal data (as for DAI012) whose `review.date` is missing
    or more than 12 months before the check date.
    """
    for recipient in ctx.recipients.values():
        if recipient.kind in CONTRACTORS and ctx.entrusted(recipient.key):
            day = recipient.review.date if recipient.review else None
            if ctx.overdue(day):
                yield hit(recipient.key, kind=kind_word(recipient.kind), state=last_done(day, "reviewed", ctx.as_of))


@rule("DAI014", "subcontracting-unapproved", Severity.warning,
      title="Sub-contractor without approval",
      message="sub-contractor '{key}': {problem}",
      fix="Approve the sub-contracting and set `contract.subcontracting: approved` on the sub-contractor, after "
          "checking that the contract of each contractor engaging it allows it (`allowed` or `approved`) and "
          "listing those contractors under `parents:`; otherwise stop it.",
      why="The PPC guideline calls the operator's prior approval of sub-contracting desirable (望ましい) and "
          "JIS Q 15001 asks the contract to cover it: a missing approval or term is a gap in the evidence of "
          "supervision (APPI 25), not by itself a breach.",
      cites=(appi("25"), jis2017("A.3.4.3.4"), jipdec("J.9.4", verified=False)),
      severities="error where a contractor's contract forbids sub-contracting (`subcontracting: not_allowed`): "
                 "the contractor then sub-contracts against the operator's supervision (APPI 25).")
def subcontracting_unapproved(ctx: CheckContext) -> Iterator[Hit]:
    """A sub-contractor entrusted with personal data that no contractor is recorded to engage (`parents`), or one of
    whose contractors (`parents`: it may have several) has a contract whose `subcontracting` is other than
    `allowed` or `approved` (or no contract), or whose own contract is missing or not `subcontracting: approved`.
    """
    for recipient in ctx.recipients.values():
        if recipient.kind != "subcontractor" or not ctx.entrusted(recipient.key):
            continue
        parents = ctx.nodes[recipient.key]["parents"]
        if not parents:
            yield hit(recipient.key, problem=phrase("no contractor is recorded as engaging it (`parents`)"))
        for key in parents:
            parent = ctx.recipients.get(key)
            if parent is not None and parent.contract is not None and parent.contract.subcontracting == "not_allowed":
                yield hit(recipient.key, Severity.error,
                          problem=phrase("the contract of '{key}' forbids sub-contracting (`subcontracting: "
                                         "not_allowed`)", key=key))
            elif parent is None or parent.contract is None:
                yield hit(recipient.key, problem=phrase("'{key}' has no contract on record that allows sub-contracting",
                                                        key=key))
        if recipient.contract is None or recipient.contract.subcontracting != "approved":
            yield hit(recipient.key, problem=phrase("the sub-contracting is not recorded as approved by the operator"))


@rule("DAI018", "joint-use-unpublished", Severity.error,
      title="Joint use without the published matters",
      message="joint user '{key}': {problem}",
      fix="Notify or publish beforehand the items used jointly, the users, the purposes and the responsible "
          "party with its address and representative; record them under `joint_use:` (`responsible`, "
          "`responsible_address`, `responsible_representative`) and set `published: true`.",
      why="Without the prior notice APPI 27(5)(iii) asks for, joint use is provision to a third party.",
      cites=(appi("27(5)(iii)"), appi("27(6)"), jipdec("J.8.8 f)")),
      severities="warning where only the responsible party's name, address or representative is not recorded "
                 "(required since the 2022 amendment): the notice may name them; the ledger cannot show it.")
def joint_use_unpublished(ctx: CheckContext) -> Iterator[Hit]:
    """A recipient of kind `joint_user` (not one only named, with no recorded data flow), or one receiving flows
    with `basis: joint_use` on its side (itself or a system it operates and handles), without `joint_use`,
    with `joint_use.published: false`, or receiving jointly used items of personal data not listed in
    `joint_use.items`; as a warning, one whose `joint_use` does not record the responsible party, its address
    or its representative.
    """
    shared_with: dict[str, set[str]] = {}
    for flow, fact in ctx.flows():
        if flow.basis == "joint_use" and fact["boundary"] in PROVISIONS:
            shared_with.setdefault(fact["target_party"], set()).update(k for k in flow.items if ctx.is_personal(k))
    for recipient in ctx.recipients.values():
        shared = shared_with.get(recipient.key, set())
        if (recipient.kind != "joint_user" or ctx.named_only(recipient.key)) and not shared:
            continue
        joint = recipient.joint_use
        if joint is None:
            yield hit(recipient.key, problem=phrase("no joint-use matters are recorded"))
        elif not joint.published:
            yield hit(recipient.key, problem=phrase("the joint-use matters are not published"))
        elif shared - set(joint.items):
            yield hit(recipient.key, problem=phrase("{items} are used jointly but are not among the published "
                                                    "joint-use items", items=quoted(sorted(shared - set(joint.items)))))
        if joint is not None:
            unnamed = [phrase(what) for what, value in ((N_("the responsible party"), joint.responsible),
                                                        (N_("its address"), joint.responsible_address),
                                                        (N_("its representative"), joint.responsible_representative))
                       if not (value or "").strip()]
            if unnamed:
                yield hit(recipient.key, Severity.warning,
                          problem=phrase("{unnamed} (APPI 27(5)(iii), since 2022) not recorded among the joint-use "
                                         "matters", unnamed=joined(", ", unnamed)))


@rule("DAI019", "referable-unconfirmed", Severity.warning,
      title="Personally referable information provided without consent confirmation",
      message="flow '{key}' gives personally referable item(s) {items} to '{target}'{where} without confirming "
              "{missing}{opt_out}",
      fix="Confirm that the recipient obtained the persons' consent to acquire the data as personal data (for a "
          "recipient abroad, also that the persons were told the country, its system for protecting personal "
          "information and the recipient's measures), keep the record, and set `referable_consent_confirmed: "
          "true` (and `referable_information_confirmed: true`); otherwise stop the transfer.",
      why="The confirmation is a record duty of APPI 31, owed when the recipient is expected to acquire the data "
          "as personal data — whether it is expected is the operator's judgement; the ledger lacks it. Art. 31 "
          "has no opt-out route: the persons' consent must be confirmed whatever the flow's basis says.",
      cites=(appi("31(1)(i)"), appi("31(1)(ii)"), rules("17(2)")))
def referable_unconfirmed(ctx: CheckContext) -> Iterator[Hit]:
    """A flow to another party (a recipient or a system it operates and handles) with basis `consent` or `opt_out`
    carrying an item with `personally_referable: true`, with `referable_consent_confirmed: false` — or, when the
    recipient is abroad (APPI 31(1)(ii)), with `referable_information_confirmed: false`.
    """
    for flow, fact in ctx.flows():
        if fact["boundary"] not in PROVISIONS or flow.basis not in PROVISION:
            continue
        referable = [k for k in flow.items if k in ctx.items and ctx.items[k].personally_referable]
        if not referable:
            continue
        abroad = fact["border"] == "abroad"
        missing = [phrase(what) for what, ok in (
            (N_("the persons' consent (APPI 31(1)(i))"), flow.referable_consent_confirmed),
            (N_("that the persons were told the country, its system and the recipient's measures (APPI 31(1)(ii))"),
             flow.referable_information_confirmed or not abroad)) if not ok]
        if missing:
            yield hit(flow.key, items=quoted(referable), target=fact["target_party"],
                      where=phrase(" in {place}", place=ctx.place(fact["transfer_location"])) if abroad else "",
                      missing=joined(" or ", missing),
                      opt_out=phrase("; opt-out is no route under APPI 31") if flow.basis == "opt_out" else "")


@rule("DAI025", "pseudonymous-anonymous-misuse", Severity.error,
      title="Pseudonymised item to a third party, or anonymised item unpublished",
      message="{problem}",
      fix="Give pseudonymised data to others only by outsourcing, joint use or as laws require. For anonymised "
          "data, record whether it was processed to the standards of APPI 43(1) (`anonymisation_standard`); if "
          "so, publish its items when producing it and set `anonymised_items_published: true`.",
      why="APPI 41–42 forbid providing pseudonymised personal data to third parties; APPI 43(3) requires the "
          "items of anonymised information (匿名加工情報) to be published. De-identifying data, e.g. at deletion, "
          "is not producing anonymised information unless it is processed to the standards of APPI 43(1) and "
          "Rules 34.",
      cites=(appi("41"), appi("42"), appi("43(1)"), appi("43(3)"), rules("34", verified=False), jipdec("J.8.9"),
             jipdec("J.8.10")),
      severities="warning where an anonymised item does not record whether it meets the APPI 43(1) standard "
                 "(`anonymisation_standard` not set): whether the duty of 43(3) arises is not known.")
def pseudonymous_anonymous_misuse(ctx: CheckContext) -> Iterator[Hit]:
    """A flow to another party (a recipient or a system it operates and handles) with basis `consent` or `opt_out`
    that carries a pseudonymised item; or an item with `anonymised: true` and `anonymised_items_published: false`
    that is processed to the APPI 43(1) standard (`anonymisation_standard: true`; a warning when not recorded;
    nothing when only de-identified, `anonymisation_standard: false`).
    """
    for flow, fact in ctx.flows():
        if fact["boundary"] not in PROVISIONS or flow.basis not in PROVISION:
            continue
        pseudonymised = [k for k in flow.items if k in ctx.items and ctx.items[k].pseudonymised]
        if pseudonymised:
            yield hit(flow.key, problem=phrase("flow '{flow}' provides pseudonymised item(s) {items} to third party "
                                               "'{party}'", flow=flow.key, items=quoted(pseudonymised),
                                               party=fact["target_party"]))
    for item in ctx.items.values():
        if not item.anonymised or item.anonymised_items_published or item.anonymisation_standard is False:
            continue
        if item.anonymisation_standard:
            yield hit(item.key, problem=phrase("anonymised item '{item}' was produced without publishing its items",
                                               item=item.key))
        else:
            yield hit(item.key, Severity.warning,
                      problem=phrase("anonymised item '{item}' does not record whether it was processed to the "
                                     "standards of APPI 43(1) (匿名加工情報): if it was, its items must be published "
                                     "(APPI 43(3)); de-identification alone (e.g. at deletion) is not anonymisation "
                                     "— the operator judges which it is", item=item.key))


@rule("DAI027", "recipient-named-only", Severity.info,
      title="Recipient named, no data flow recorded",
      message="{kind} '{key}' is named, no data flow recorded: no flow reaches or leaves it or a system it "
              "operates, and nothing is stored there",
      fix="Record the flows that carry personal data to it (or the systems it operates and what they hold), so its "
          "contract, review and location can be judged; if it receives no personal data, remove it or say why it "
          "is listed in its description.",
      why="The ledger names the party but cannot say what it receives, so contract, review and transfer checks "
          "do not judge it; the gap is one of identification, not of supervision.",
      cites=(jis2023("6.1"), jis2017("A.3.3.1"), jipdec("J.3.1.1")))
def recipient_named_only(ctx: CheckContext) -> Iterator[Hit]:
    """A recipient with no recorded data flow (resolved `named_only`): no flow into or out of it or a system it
    operates, and no item stored in such a system. Such a recipient gets this one finding instead of contract,
    review or location findings.
    """
    for recipient in ctx.recipients.values():
        if ctx.named_only(recipient.key):
            yield hit(recipient.key, kind=kind_word(recipient.kind))
