"""Rules on the ledger itself: where items are, why they are held, how they are acquired, kept and secured.

Part of the rule catalog (`rules.RULES`); see there for how severities are chosen.
"""

from __future__ import annotations

from collections.abc import Iterator

from daicho.catalog.checks.base import Hit, Rule, Severity, hit, last_done, quoted, registrar
from daicho.catalog.checks.citations import appi, jipdec, jis2017, jis2023, order, rules
from daicho.catalog.checks.context import CheckContext
from daicho.catalog.words import N_, joined, phrase

LEDGER_RULES: list[Rule] = []
rule = registrar(LEDGER_RULES)


@rule("DAI001", "orphan-data", Severity.warning,
      title="Personal data the ledger cannot locate",
      message="{problem}: the ledger cannot say where this personal data is kept",
      fix="List the item under `items:` of every system that stores it; for a system, list the items it holds "
          "(or set `personal_data: false` when it holds none).",
      why="The ledger is the evidence JIS Q 15001 asks for; a gap in it is missing evidence.",
      cites=(jis2023("6.1"), jis2017("A.3.3.1"), jipdec("J.3.1.1")))
def orphan_data(ctx: CheckContext) -> Iterator[Hit]:
    """An item that no system lists under `items:`, or a system with `personal_data: true` (the default) that lists no
    items.
    """
    stored = {key for system in ctx.systems.values() for key in system.items}
    for item in ctx.items.values():
        if item.key not in stored:
            yield hit(item.key, problem=phrase("item '{item}' is stored in no system", item=item.key))
    for system in ctx.systems.values():
        if system.personal_data and not system.items:
            yield hit(system.key, problem=phrase("system '{system}' is marked as holding personal data but lists "
                                                 "no items", system=system.key))


@rule("DAI002", "stale-ledger-entry", Severity.warning,
      title="Ledger entry not reviewed within 12 months",
      message="item '{key}' {state}; the ledger is to be reviewed at least once a year",
      fix="Review the entry (purposes, storage, access, retention) and record it: `daicho review --by NAME` "
          "(or set `last_reviewed:` to the review date).",
      why="A yearly review is a JIS Q 15001 requirement on the ledger, not an APPI duty: missing evidence.",
      cites=(jis2017("A.3.3.1"), jis2023("6.1"), jipdec("J.3.1.1")))
def stale_ledger_entry(ctx: CheckContext) -> Iterator[Hit]:
    """An item whose last review (`last_reviewed`, or the review log: `daicho review`) is missing or more than
    12 months before the check date."""
    for item in ctx.items.values():
        day = max((d for d in (item.last_reviewed, ctx.reviews.get(item.key)) if d), default=None)
        if ctx.overdue(day):
            yield hit(item.key, state=last_done(day, "reviewed", ctx.as_of))


@rule("DAI003", "item-without-purpose", Severity.error,
      title="Item without a purpose of use",
      message="item '{key}' has no purpose of use",
      fix="Name the purposes it serves under `purposes:` and make sure they are published or notified.",
      why="APPI 17(1) requires the purpose of every handled item to be specified; an item without one is "
          "handled against it.",
      cites=(appi("17(1)"), jis2023("A.1"), jis2017("A.3.4.2.1"), jipdec("J.8.1")))
def item_without_purpose(ctx: CheckContext) -> Iterator[Hit]:
    """An item of personal data (not personally referable, not anonymised) with no `purposes`."""
    for item in ctx.items.values():
        if not item.purposes and ctx.is_personal(item.key):
            yield hit(item.key)


@rule("DAI004", "out-of-purpose-flow", Severity.error,
      title="Flow for a purpose the item does not have",
      message="flow '{key}' carries item '{item}' for {purposes}, not among the item's purposes",
      fix="Add the purpose to item '{item}' (a change within what the person can expect, notified or published, "
          "APPI 17(2), 21(3)), get the person's consent, or take the item off the flow.",
      why="Using personal data beyond its purposes without consent is prohibited by APPI 18(1); the purpose limit "
          "does not apply in the cases of APPI 18(3) (laws, life and property, public health, state affairs …).",
      cites=(appi("18(1)"), appi("18(3)"), appi("17(2)"), appi("21(3)"), jis2023("A.2"), jis2017("A.3.4.2.6")))
def out_of_purpose_flow(ctx: CheckContext) -> Iterator[Hit]:
    """A flow names a purpose that is not among the purposes of an item of personal data it carries (one finding
    per item). A flow that names no purposes is not checked, nor one with `basis: exception`: the cases of
    APPI 27(1) are those of APPI 18(3), where the purpose limit does not apply.
    """
    allowed_of = {key: ctx.purposes_of[key] for key in ctx.items if ctx.is_personal(key)}
    for flow in ctx.inventory.flows:
        if not flow.purposes or flow.basis == "exception":
            continue
        for key in flow.items:
            allowed = allowed_of.get(key)
            outside = [p for p in flow.purposes if p not in allowed] if allowed is not None else None
            if outside:
                yield hit(flow.key, item=key, purposes=quoted(outside))


@rule("DAI005", "collection-without-notice", Severity.warning,
      title="Collection point without a purpose notice",
      message="collection point '{key}' records no notice of the purpose of use",
      fix="Set `notice:` to where the purpose is notified or published (policy URL, form text); when persons "
          "write the data themselves (forms, apps) state the purpose before collecting.",
      why="APPI 21(1) can be met by a purpose published beforehand, so a missing `notice` is missing evidence.",
      cites=(appi("21"), jis2017("A.3.4.2.4"), jis2017("A.3.4.2.5"), jipdec("J.8.5")))
def collection_without_notice(ctx: CheckContext) -> Iterator[Hit]:
    """A collection point without `notice`."""
    for point in ctx.collection_points.values():
        if not (point.notice or "").strip():
            yield hit(point.key)


@rule("DAI006", "sensitive-without-consent", Severity.error,
      title="Sensitive item acquired without consent",
      message="sensitive item '{key}' (要配慮個人情報) is acquired without the person's consent",
      fix="Obtain consent before acquiring it and set `consent_obtained: true`; if an exception of APPI 20(2) "
          "applies (laws, life and property, public health, state affairs, academic research, published by the "
          "person or an authority …), name it in `sensitive_exception:` (e.g. '20(2)(i)'); or stop acquiring it.",
      why="`consent_obtained: false` with no `sensitive_exception` states that a sensitive item is held without "
          "consent and without an exception: APPI 20(2). Whether an exception fits the case is the operator's "
          "judgement.",
      cites=(appi("20(2)"), jis2017("A.3.4.2.3"), jipdec("J.8.3")))
def sensitive_without_consent(ctx: CheckContext) -> Iterator[Hit]:
    """An item with `sensitive: true`, `consent_obtained: false` and no `sensitive_exception` (the APPI 20(2)
    exception it is acquired under)."""
    for item in ctx.items.values():
        if item.sensitive and not item.consent_obtained and not (item.sensitive_exception or "").strip():
            yield hit(item.key)


@rule("DAI020", "public-notice-incomplete", Severity.warning,
      title="Purpose of retained data missing from the public notice",
      message="purpose '{key}' of retained personal data ({items}) is not in the published notice",
      fix="Add the purpose to the privacy notice and set `published: true` on the purpose.",
      why="APPI 32(1)(ii) requires every purpose of retained personal data to be in a state the person can know, "
          "which answering without delay on request also meets, and APPI 21(1) can be met by notifying the person "
          "individually; `published: false` says the notice lacks it, not that the person cannot know it.",
      cites=(appi("32(1)(ii)"), appi("21"), order("10"), jis2017("A.3.4.4.3"), jis2023("A.19"),
             jipdec("J.10.3")))
def public_notice_incomplete(ctx: CheckContext) -> Iterator[Hit]:
    """A purpose with `published: false` that a retained item (`retained: true`) names."""
    unpublished = {key for key, purpose in ctx.purposes.items() if not purpose.published}
    retained: dict[str, list[str]] = {}
    for item in ctx.items.values():
        for key in item.purposes if item.retained else ():
            if key in unpublished:
                retained.setdefault(key, []).append(item.key)
    for key in sorted(retained):
        yield hit(key, items=quoted(retained[key]))


@rule("DAI021", "retention-gaps", Severity.warning,
      title="Item without retention period or disposal method",
      message="item '{key}' has no {missing}",
      fix="Set `retention: {{period, trigger}}` and `disposal:`, and delete the data once it is no longer needed.",
      why="APPI 22 asks for deletion without delay once data is not needed (an effort duty); the ledger must say "
          "when and how.",
      cites=(appi("22"), appi("35(5)"), jis2017("A.3.3.1"), jis2023("6.1")))
def retention_gaps(ctx: CheckContext) -> Iterator[Hit]:
    """An item of personal data (not personally referable, not anonymised) without `retention.period` or without
    `disposal`.
    """
    for item in ctx.items.values():
        if not ctx.is_personal(item.key):
            continue
        missing = [phrase(what) for what, present in (
            (N_("retention period"), item.retention and item.retention.period),
            (N_("disposal method"), item.disposal)) if not present]
        if missing:
            yield hit(item.key, missing=joined(" and no ", missing))


@rule("DAI022", "breach-exposure", Severity.warning,
      title="Reportable-breach exposure without advanced encryption",
      message="system '{key}' holds {reasons} without advanced encryption{short}: a leak would be reportable",
      fix="Encrypt the values themselves under a recognised algorithm (CRYPTREC list, ISO/IEC 18033) with the key "
          "kept apart, and record it under `security.encryption` (`level: data`, `algorithm`, `key_separate: true`, "
          "`items`); disk or database encryption (`encryption_at_rest`, `level: storage`) does not keep a leak "
          "through the application from being reportable. Otherwise prepare the report and notice process.",
      why="Not a breach by itself: a leak of this data would be reportable under Rules 7, which excludes only data "
          "under advanced encryption whose key did not leak (Rules 7(i); PPC FAQ on APPI 26).",
      cites=(appi("23"), appi("26"), rules("7"), rules("8"), jis2023("A.13"), jis2017("A.3.4.3"), jis2017("A.3.3.7")))
def breach_exposure(ctx: CheckContext) -> Iterator[Hit]:
    """A system holding personal data that stores, without advanced encryption (`security.encryption`: the values
    encrypted under a recognised algorithm, the key kept apart — `catalog.breach.encryption`), a sensitive item, a
    financial item, or an item of more than 1,000 persons (`persons`); only items of personal data count (not
    pseudonymised ones: APPI 41(9)), and `encryption_at_rest` (storage encryption) does not count. Encryption
    entries that fall short are named.
    """
    from daicho.catalog.breach.encryption import advanced, shortfall

    for system in ctx.systems.values():
        if not system.personal_data:
            continue
        security = system.security.model_dump(mode="json") if system.security else None
        items = [ctx.items[k] for k in system.items  # pseudonymised: APPI 26 does not apply (41(9))
                 if ctx.is_personal(k) and not ctx.items[k].pseudonymised and not advanced(security, k)]
        reasons = []
        if sensitive := [i.key for i in items if i.sensitive]:
            reasons.append(phrase("sensitive items ({items})", items=quoted(sensitive)))
        if financial := [i.key for i in items if i.financial]:
            reasons.append(phrase("items whose misuse may cause financial damage ({items})", items=quoted(financial)))
        persons = max((i.persons or 0 for i in items), default=0)
        if persons > 1000:
            reasons.append(phrase("data on {persons} persons", persons=f"{persons:,}"))
        if reasons:
            short = sorted({why for entry in (security or {}).get("encryption") or [] for why in shortfall(entry)})
            yield hit(system.key, reasons=joined("; ", reasons),
                      short=phrase(" ({short})", short=joined("; ", map(phrase, short))) if short else "")


@rule("DAI023", "no-access-list", Severity.warning,
      title="System without an access list",
      message="system '{key}' holds personal data but records no one with access",
      fix="List who has access under `security.access:` (roles or groups) and keep it to what the work needs.",
      why="Who has access is a ledger column and the base of access control (APPI 23, 24); it is missing.",
      cites=(appi("23"), appi("24"), jis2017("A.3.3.1"), jis2017("A.3.4.3")))
def no_access_list(ctx: CheckContext) -> Iterator[Hit]:
    """A system holding personal data without `security.access`."""
    for system in ctx.systems.values():
        if system.personal_data and not (system.security and system.security.access):
            yield hit(system.key)


@rule("DAI024", "no-risk-assessment", Severity.info,
      title="Item without a risk note",
      message="item '{key}' has no risk note",
      fix="Assess the item's risks over its lifecycle (acquisition, use, storage, transfer, disposal) and record "
          "`risk: {{assessed, note, residual}}`.",
      why="JIS Q 15001 requires a risk process, not one per item; the note links the ledger to it.",
      cites=(jis2023("6.2"), jis2017("6.1.2"), jis2017("A.3.3.3")))
def no_risk_assessment(ctx: CheckContext) -> Iterator[Hit]:
    """An item without `risk.note`."""
    for item in ctx.items.values():
        if not (item.risk and (item.risk.note or "").strip()):
            yield hit(item.key)
