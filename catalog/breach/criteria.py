"""The four situations of the Enforcement Rules Art. 7, each met, not met or not known, as a pure function of an
exposure and what the user knows of the incident.

A leak, loss or damage that occurred *or may have occurred* (発生し、又は発生したおそれがある事態) of:

  (i)   personal data including special care-required information (要配慮個人情報);
  (ii)  personal data whose unauthorised use may cause financial damage (card numbers, payment credentials);
  (iii) personal data — including personal information the operator is acquiring or about to acquire to handle
        as personal data (web skimming; since 2024-04-01) — by an act against the operator that *may have been*
        done for an unlawful purpose (one person suffices);
  (iv)  personal data of more than 1,000 persons.

(iii) is not known until the user rules it out (`unlawful=False`), as (iv) is when the number of persons is not
known: "report unless" names what would settle each open question. (i), (ii) and (iv) concern personal data
already held, so they do not reach information being acquired (`in_transit`).

Item (i) excludes data protected by advanced encryption (高度な暗号化) "hereinafter in this Article and Art. 8(1)",
so the exclusion answers all four — for data kept encrypted with the key kept apart and not leaked: encrypted
data helps only once the key is known safe (`key_leaked=False`), and plaintext captured while being acquired is
not encrypted data at all. Only personal data (個人データ) counts (see `catalog.breach.triage`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from daicho.catalog.breach import words as w
from daicho.catalog.words import N_, Phrase, phrase

CITATIONS = ("APPI 26(1)", "APPI 26(2)", "Rules 7(i)", "Rules 7(ii)", "Rules 7(iii)", "Rules 7(iv)", "Rules 8(1)",
             "Rules 8(2)")
THRESHOLD = 1000
CONTRACTORS = ("contractor", "subcontractor")
RULES = {1: "Rules 7(i)", 2: "Rules 7(ii)", 3: "Rules 7(iii)", 4: "Rules 7(iv)"}
#: the hint of a leak of information being acquired (the flag that said so)
IN_TRANSIT = N_("a leak of information being acquired, as stated with --in-transit")


@dataclass
class Exposure:
    """What a leak at `node` exposes: items with how the node (a recipient: its side) has them (stored,
    received, forwarded, derived), their data class and advanced encryption, and the subjects of the paths that
    reach it."""

    node: dict[str, Any]
    items: list[dict[str, Any]]
    subjects: list[dict[str, Any]]


@dataclass
class Criterion:
    """One situation of Rules Art. 7 (`title`: its English message id, said in another language with `t`), met
    (True), not met (False) or not known (None), why (`reason`: phrases with their parameters, English as text,
    `say(reason, lang)` in another language), and what would settle it when not known (`settle`: unlawful,
    persons, key), and how to tell `daicho breach` what is known (`hint`: its flags, a phrase the terminal view
    prints and the audit pack leaves out; "" when none)."""

    number: int
    rule: str
    title: str
    met: bool | None
    reason: str
    items: list[str] = field(default_factory=list)
    settle: list[str] = field(default_factory=list)
    hint: str = ""


@dataclass
class BreachAssessment:
    """The exposure, the four criteria, and what follows: the verdict (its code and what would settle it), the
    report and notice with their deadline codes and citation ids. Language-neutral: `breach_text(self, lang)`
    (catalog.breach.words) says it in a language."""

    node: dict[str, Any]
    items: list[dict[str, Any]]
    subjects: list[dict[str, Any]]
    persons: int | None
    persons_source: str  # given | items | unknown
    encrypted: bool
    unlawful: bool | None  # None: not known (not ruled out)
    key_leaked: bool | None
    in_transit: bool
    criteria: list[Criterion]
    reportable: bool | None  # None: report unless what `verdict["settle"]` names is settled
    verdict: dict[str, Any]
    not_personal: list[dict[str, Any]]
    report: dict[str, Any]

    def to_data(self) -> dict[str, Any]:
        """The assessment as plain data, language-neutral (reasons are phrases: English text)."""
        return asdict(self)

    def to_dict(self) -> dict[str, Any]:
        """`to_data()` with the English and Japanese texts the pack's breach sheets read side by side
        (`catalog.breach.words.bilingual`); `breach_text(result, lang)` says it in one language."""
        return w.bilingual(self.to_data())


def _or(*values: bool | None) -> bool | None:
    """Three-valued or: met if one is met, not known if one is not known, else not met."""
    return True if any(v is True for v in values) else None if any(v is None for v in values) else False


def _through_key(hit: bool | None, key_leaked: bool | None) -> bool | None:
    """What data under advanced encryption adds to a criterion: nothing once the key is known not to have leaked,
    all of it once it leaked too, not known while that is not known."""
    if hit is False or key_leaked is False:
        return False
    return hit if key_leaked is True else None


def _shield(items: list[dict[str, Any]], encrypted: bool, key_leaked: bool | None) -> tuple[Phrase, list[Phrase]]:
    """Why encrypted items do or do not count, and the flags that told or would tell daicho breach so (the hints)."""
    keys = w.item_names(items)
    how = phrase("advanced encryption (as stated)") if encrypted else \
        phrase("advanced encryption recorded ({how})",
               how=w.Parts("; ", "; ", sorted({i["encryption"]["text"] for i in items}, key=str)))
    hints = [phrase("advanced encryption as stated with --encrypted")] if encrypted else []
    if key_leaked is False:
        return phrase("{keys} under {how}, key not leaked: excluded by Rules 7(i)", keys=keys, how=how), \
            [*hints, phrase("as stated with --key-safe")]
    if key_leaked is True:
        return phrase("{keys} under {how}, but the key leaked too: not excluded", keys=keys, how=how), \
            [*hints, phrase("as stated with --key-leaked")]
    return phrase("{keys} under {how}: excluded only if the decryption key did not leak", keys=keys, how=how), \
        [*hints, phrase("once it is known whether the key leaked, run daicho breach with --key-safe or --key-leaked")]


def _flagged(number: int, flag: str, plain: list[dict], shield: list[dict], encrypted: bool,
             key_leaked: bool | None) -> Criterion:
    """(i) sensitive or (ii) financial: met by an exposed item of personal data so marked."""
    hit_plain = [i for i in plain if i[flag]]
    hit_shield = [i for i in shield if i[flag]]
    met = _or(bool(hit_plain), _through_key(bool(hit_shield), key_leaked))
    parts, hints = [], []
    if hit_plain:
        keys = w.item_names(hit_plain)
        parts.append(phrase("special care-required items exposed: {items}", items=keys) if number == 1 else
                     phrase("items whose misuse may cause financial damage: {items}", items=keys))
    if hit_shield:
        reason, hints = _shield(hit_shield, encrypted, key_leaked)
        parts.append(reason)
    if not parts:
        parts.append(phrase("no special care-required (要配慮) item of personal data is exposed") if number == 1 else
                     phrase("no item marked financial (card numbers, payment credentials) is exposed"))
    return Criterion(number, RULES[number], w.TITLES[number], met, w.sentences(parts),
                     [i["item"] for i in hit_plain + hit_shield], ["key"] if met is None else [], w.hints(hints))


def _unlawful(plain: list[dict], shield: list[dict], unlawful: bool | None, encrypted: bool,
              key_leaked: bool | None, in_transit: bool) -> Criterion:
    """(iii): met when the leak may have been caused by an act for an unlawful purpose; not known until ruled out."""
    met = _or(unlawful if plain else False, _through_key(unlawful if shield else False, key_leaked))
    if unlawful is True:
        parts = [phrase("caused by an act likely done for an unlawful purpose; one person suffices")]
        hints = [phrase("as stated with --unlawful")]
    elif unlawful is False:
        parts = [phrase("ruled out: no act for an unlawful purpose may have caused it")]
        hints = [phrase("as stated with --no-unlawful-purpose")]
    else:
        parts = [phrase("met if the leak may have been caused by an act for an unlawful purpose "
                        "(unauthorised access, theft, web skimming; one person suffices)")]
        hints = [phrase("if there was an unlawful purpose, run daicho breach with --unlawful; once it is ruled out, "
                        "with --no-unlawful-purpose")]
    if in_transit:
        parts.append(phrase("information being acquired is reached by (iii) since 2024-04-01; captured in plaintext "
                            "while being acquired, encryption of stored data does not exclude it"))
        hints.append(phrase(IN_TRANSIT))
    elif shield and unlawful is not False and not plain:
        reason, more = _shield(shield, encrypted, key_leaked)
        parts.append(reason)
        hints.extend(more)
    settle = ([s for s, open_ in (("unlawful", unlawful is None), ("key", bool(shield) and not plain and
                                                                      key_leaked is None and not in_transit))
               if open_] if met is None else [])
    return Criterion(3, "Rules 7(iii)", w.TITLES[3], met, w.sentences(parts), [], settle, w.hints(hints))


#: (iv) stated: by who gave the number and whether it exceeds 1,000
_PERSONS = {("given", True): N_("{persons} persons (given) exceeds 1,000"),
            ("given", False): N_("{persons} persons (given) does not exceed 1,000"),
            ("items", True): N_("{persons} persons (largest item estimate) exceeds 1,000"),
            ("items", False): N_("{persons} persons (largest item estimate) does not exceed 1,000")}


def _persons(personal: list[dict], plain: list[dict], shield: list[dict], persons: int | None, encrypted: bool,
             key_leaked: bool | None) -> tuple[Criterion, int | None, str]:
    """(iv): more than 1,000 persons, given (`persons`) or the largest estimate of the exposed personal data."""
    hints: list[Phrase] = []
    counted = [i["persons"] for i in personal if i["persons"] is not None]
    estimate, source = (persons, "given") if persons is not None else \
        ((max(counted), "items") if counted else (None, "unknown"))
    if estimate is None:
        hit_plain, hit_shield = (None if plain else False), (None if shield else False)
        parts = [phrase("no exposed item of personal data records its number of persons: if more than 1,000 may be "
                        "affected, the leak is reportable")]
        hints = [phrase("give the number of persons with --persons N")]
    else:
        if persons is not None:
            hit_plain, hit_shield = estimate > THRESHOLD and bool(plain), estimate > THRESHOLD and not plain
        else:
            hit_plain = max((i["persons"] or 0 for i in plain), default=0) > THRESHOLD
            hit_shield = max((i["persons"] or 0 for i in shield), default=0) > THRESHOLD
        parts = [phrase(_PERSONS[source, estimate > THRESHOLD], persons=f"{estimate:,}")]
    met = _or(hit_plain, _through_key(hit_shield, key_leaked))
    if hit_shield is not False and not hit_plain:
        reason, more = _shield(shield, encrypted, key_leaked)
        parts.append(reason)
        hints.extend(more)
    settle = []
    if met is None:
        settle = [s for s, open_ in (("persons", estimate is None and key_leaked is not False),
                                     ("key", hit_shield is not False and key_leaked is None)) if open_]
    return Criterion(4, "Rules 7(iv)", w.TITLES[4], met, w.sentences(parts), [], settle, w.hints(hints)), \
        estimate, source


def _not_reached(number: int, why: Phrase, hint: Phrase | str = "") -> Criterion:
    """A criterion this leak cannot meet, and why (and the flag that said so: `hint`)."""
    return Criterion(number, RULES[number], w.TITLES[number], False, why, [], [], hint)


def assess(exp: Exposure, persons: int | None = None, unlawful: bool | None = None, encrypted: bool = False,
           key_leaked: bool | None = None, in_transit: bool = False) -> BreachAssessment:
    """Whether a leak with this exposure must be reported (APPI 26(1), Rules 7) — a pure function.

    `persons` overrides the estimate; `unlawful`: True — the leak may have been caused by an act for an unlawful
    purpose, False — ruled out, None — not known; `encrypted`: the leaked data was under advanced encryption (in
    addition to what the inventory records per item); `key_leaked`: whether the decryption key leaked too (None:
    not known); `in_transit`: the leak is of information being acquired (web skimming at a collection point).
    """
    personal = [i for i in exp.items if i.get("data_class", "personal") == "personal"]
    not_personal = [{"item": i["item"], "data_class": i["data_class"]}
                    for i in exp.items if i.get("data_class", "personal") != "personal"]
    shielded = [i for i in personal if not in_transit and (encrypted or i.get("encryption"))]
    plain = [i for i in personal if i not in shielded]
    if not personal:
        why = phrase("no personal data (個人データ) is exposed: APPI 26 concerns personal data")
        criteria = [_not_reached(n, why) for n in (1, 2, 3, 4)]
        estimate, source = persons, "given" if persons is not None else "unknown"
    elif in_transit:
        why = phrase("information being acquired: (i), (ii) and (iv) concern personal data already held, not "
                     "information not yet acquired")
        hint = phrase(IN_TRANSIT)
        criteria = [_not_reached(1, why, hint), _not_reached(2, why, hint),
                    _unlawful(personal, [], unlawful, encrypted, key_leaked, True), _not_reached(4, why, hint)]
        counted = [i["persons"] for i in personal if i["persons"] is not None]
        estimate, source = (persons, "given") if persons is not None else \
            ((max(counted), "items") if counted else (None, "unknown"))
    else:
        fourth, estimate, source = _persons(personal, plain, shielded, persons, encrypted, key_leaked)
        criteria = [_flagged(1, "sensitive", plain, shielded, encrypted, key_leaked),
                    _flagged(2, "financial", plain, shielded, encrypted, key_leaked),
                    _unlawful(plain, shielded, unlawful, encrypted, key_leaked, False), fourth]
    met = [c for c in criteria if c.met]
    open_ = [c for c in criteria if c.met is None]
    settle = list(dict.fromkeys(s for c in open_ for s in c.settle))
    if not personal:
        reportable, code = False, "no_personal_data"
    elif met:
        reportable, code = True, "report"
    elif open_:
        reportable, code = None, "report_unless"
    else:
        reportable, code = False, "no_report"
    return BreachAssessment(node=exp.node, items=exp.items, subjects=exp.subjects, persons=estimate,
                            persons_source=source, encrypted=encrypted, unlawful=unlawful, key_leaked=key_leaked,
                            in_transit=in_transit, criteria=criteria, reportable=reportable,
                            verdict={"code": code, "settle": settle}, not_personal=not_personal,
                            report=_report(exp.node, reportable, criteria, bool(not_personal) and any(
                                n["data_class"] == "pseudonymised" for n in not_personal)))


def _report(node: dict[str, Any], reportable: bool | None, criteria: list[Criterion],
            pseudonymised: bool) -> dict[str, Any]:
    """What follows from the verdict: report and notice, each deadline by its code (`words.DEADLINES`, each naming
    its source), the citations by id; the contractor's note only when the leak is (or, unless settled, would be)
    reportable."""
    third = next(c for c in criteria if c.number == 3)
    days = 60 if third.met else 30
    contractor = node.get("party_kind") in CONTRACTORS or (node.get("kind") == "recipient" and
                                                           node.get("subkind") in CONTRACTORS)
    citations = [*CITATIONS, *(["APPI 41(9)"] if pseudonymised else [])]
    out: dict[str, Any] = {
        "ppc_report": reportable, "notify_persons": reportable, "final_days": days,
        "deadlines": {"preliminary": "promptly_3_5_days", "final": w.final_code(days, third.met is None),
                      "notice": "notify_promptly"},
        "citations": citations, "contractor": False,
    }
    if reportable is False:
        out.update(final_days=None, deadlines=None)
    elif contractor:
        out["contractor"] = True
        out["citations"].append("Rules 9")
    return out
