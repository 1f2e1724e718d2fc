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

CITATIONS = ("APPI 26(1)", "APPI 26(2)", "Rules 7(i)", "Rules 7(ii)", "Rules 7(iii)", "Rules 7(iv)", "Rules 8(1)",
             "Rules 8(2)")
THRESHOLD = 1000
CONTRACTORS = ("contractor", "subcontractor")
RULES = {1: "Rules 7(i)", 2: "Rules 7(ii)", 3: "Rules 7(iii)", 4: "Rules 7(iv)"}


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
    """One situation of Rules Art. 7, met (True), not met (False) or not known (None), why (`reason` in English,
    `reason_ja` in Japanese), and what would settle it when not known (`settle`: unlawful, persons, key)."""

    number: int
    rule: str
    title: dict[str, str]
    met: bool | None
    reason: str
    items: list[str] = field(default_factory=list)
    reason_ja: str = ""
    settle: list[str] = field(default_factory=list)


@dataclass
class BreachAssessment:
    """The exposure, the four criteria, and what follows: the verdict, report, notice and deadlines."""

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

    def to_dict(self) -> dict[str, Any]:
        """The assessment as plain data (the `--json` output)."""
        return asdict(self)


def _or(*values: bool | None) -> bool | None:
    """Three-valued or: met if one is met, not known if one is not known, else not met."""
    return True if any(v is True for v in values) else None if any(v is None for v in values) else False


def _through_key(hit: bool | None, key_leaked: bool | None) -> bool | None:
    """What data under advanced encryption adds to a criterion: nothing once the key is known not to have leaked,
    all of it once it leaked too, not known while that is not known."""
    if hit is False or key_leaked is False:
        return False
    return hit if key_leaked is True else None


def _shield(items: list[dict[str, Any]], encrypted: bool, key_leaked: bool | None) -> tuple[str, str]:
    """Why encrypted items do or do not count (en, ja)."""
    keys = ", ".join(i["item"] for i in items)
    how = "advanced encryption (--encrypted)" if encrypted else \
        "advanced encryption recorded (" + "; ".join(sorted({i["encryption"]["text"] for i in items})) + ")"
    how_ja = "高度な暗号化（--encrypted）" if encrypted else "高度な暗号化の記録あり（" + \
        "; ".join(sorted({i["encryption"]["text"] for i in items})) + "）"
    if key_leaked is False:
        return (f"{keys} under {how}, key not leaked: excluded by Rules 7(i)",
                f"{keys}は{how_ja}で鍵の漏えいなし: 規則7条1号括弧書により対象外")
    if key_leaked is True:
        return (f"{keys} under {how}, but the key leaked too: not excluded",
                f"{keys}は{how_ja}だが鍵も漏えい: 除外されない")
    return (f"{keys} under {how}: excluded only if the decryption key did not leak (--key-safe / --key-leaked)",
            f"{keys}は{how_ja}: 復号鍵が漏えいしていない場合に限り対象外（--key-safe / --key-leaked）")


def _join(parts: list[tuple[str, str]]) -> tuple[str, str]:
    return "; ".join(p[0] for p in parts), "。".join(p[1] for p in parts)


def _flagged(number: int, flag: str, plain: list[dict], shield: list[dict], encrypted: bool,
             key_leaked: bool | None) -> Criterion:
    """(i) sensitive or (ii) financial: met by an exposed item of personal data so marked."""
    hit_plain = [i for i in plain if i[flag]]
    hit_shield = [i for i in shield if i[flag]]
    met = _or(bool(hit_plain), _through_key(bool(hit_shield), key_leaked))
    what = ("special care-required items exposed", "要配慮個人情報") if number == 1 else \
        ("items whose misuse may cause financial damage", "財産的被害のおそれがある項目")
    parts = []
    if hit_plain:
        keys = ", ".join(i["item"] for i in hit_plain)
        parts.append((f"{what[0]}: {keys}", f"{what[1]}: {keys}"))
    if hit_shield:
        parts.append(_shield(hit_shield, encrypted, key_leaked))
    if not parts:
        parts.append(("no special care-required (要配慮) item of personal data is exposed", "要配慮個人情報を含まない")
                     if number == 1 else
                     ("no item marked financial (card numbers, payment credentials) is exposed",
                      "該当する項目（カード番号等）なし"))
    en, ja = _join(parts)
    return Criterion(number, RULES[number], w.TITLES[number], met, en,
                     [i["item"] for i in hit_plain + hit_shield], ja, ["key"] if met is None else [])


def _unlawful(plain: list[dict], shield: list[dict], unlawful: bool | None, encrypted: bool,
              key_leaked: bool | None, in_transit: bool) -> Criterion:
    """(iii): met when the leak may have been caused by an act for an unlawful purpose; not known until ruled out."""
    met = _or(unlawful if plain else False, _through_key(unlawful if shield else False, key_leaked))
    if unlawful is True:
        parts = [("caused by an act likely done for an unlawful purpose (--unlawful); one person suffices",
                  "不正の目的をもって行われたおそれがある行為による（--unlawful）。本人1人でも該当")]
    elif unlawful is False:
        parts = [("ruled out: no act for an unlawful purpose may have caused it (--no-unlawful-purpose)",
                  "不正の目的による行為のおそれはないと確認済み（--no-unlawful-purpose）")]
    else:
        parts = [("met if the leak may have been caused by an act for an unlawful purpose "
                  "(unauthorised access, theft, web skimming; one person suffices) — say --unlawful, or "
                  "--no-unlawful-purpose once it is ruled out",
                  "不正の目的をもって行われたおそれがある行為（不正アクセス、盗難、ウェブスキミング等。"
                  "本人1人でも該当）によるなら該当 — --unlawful、否定できれば --no-unlawful-purpose")]
    if in_transit:
        parts.append(("information being acquired (--in-transit) is reached by (iii) since 2024-04-01; captured in "
                      "plaintext while being acquired, encryption of stored data does not exclude it",
                      "取得しようとしている個人情報（--in-transit）は2024年4月1日から(iii)の対象。取得途中に平文で"
                      "窃取されたものは保管データの暗号化では除外されない"))
    elif shield and unlawful is not False and not plain:
        parts.append(_shield(shield, encrypted, key_leaked))
    en, ja = _join(parts)
    settle = ([s for s, open_ in (("unlawful", unlawful is None), ("key", bool(shield) and not plain and
                                                                      key_leaked is None and not in_transit))
               if open_] if met is None else [])
    return Criterion(3, "Rules 7(iii)", w.TITLES[3], met, en, [], ja, settle)


def _persons(personal: list[dict], plain: list[dict], shield: list[dict], persons: int | None, encrypted: bool,
             key_leaked: bool | None) -> tuple[Criterion, int | None, str]:
    """(iv): more than 1,000 persons, given (`persons`) or the largest estimate of the exposed personal data."""
    counted = [i["persons"] for i in personal if i["persons"] is not None]
    estimate, source = (persons, "given") if persons is not None else \
        ((max(counted), "items") if counted else (None, "unknown"))
    if estimate is None:
        hit_plain, hit_shield = (None if plain else False), (None if shield else False)
        parts = [("no exposed item of personal data records its number of persons: if more than 1,000 may be "
                  "affected, the leak is reportable (give --persons N)",
                  "本人の数が記録されていない: 千人を超えるおそれがあれば報告対象（--persons N）")]
    else:
        if persons is not None:
            hit_plain, hit_shield = estimate > THRESHOLD and bool(plain), estimate > THRESHOLD and not plain
        else:
            hit_plain = max((i["persons"] or 0 for i in plain), default=0) > THRESHOLD
            hit_shield = max((i["persons"] or 0 for i in shield), default=0) > THRESHOLD
        over = estimate > THRESHOLD
        said = "given" if source == "given" else "largest item estimate"
        parts = [(f"{estimate:,} persons ({said}) {'exceeds' if over else 'does not exceed'} 1,000",
                  f"本人の数 {estimate:,}人（{'指定' if source == 'given' else '推定'}）"
                  f"{'が千人を超える' if over else 'は千人以下'}")]
    met = _or(hit_plain, _through_key(hit_shield, key_leaked))
    if hit_shield is not False and not hit_plain:
        parts.append(_shield(shield, encrypted, key_leaked))
    en, ja = _join(parts)
    settle = []
    if met is None:
        settle = [s for s, open_ in (("persons", estimate is None and key_leaked is not False),
                                     ("key", hit_shield is not False and key_leaked is None)) if open_]
    return Criterion(4, "Rules 7(iv)", w.TITLES[4], met, en, [], ja, settle), estimate, source


def _not_reached(number: int, why: tuple[str, str]) -> Criterion:
    """A criterion this leak cannot meet, and why."""
    return Criterion(number, RULES[number], w.TITLES[number], False, why[0], [], why[1])


def assess(exp: Exposure, persons: int | None = None, unlawful: bool | None = None, encrypted: bool = False,
           key_leaked: bool | None = None, in_transit: bool = False) -> BreachAssessment:
    """Whether a leak with this exposure must be reported (APPI 26(1), Rules 7) — a pure function.

    `persons` overrides the estimate; `unlawful`: True — the leak may have been caused by an act for an unlawful
    purpose, False — ruled out, None — not known; `encrypted`: the leaked data was under advanced encryption (in
    addition to what the inventory records per item); `key_leaked`: whether the decryption key leaked too (None:
    not known); `in_transit`: the leak is of information being acquired (web skimming at a collection point).
    """
    personal = [i for i in exp.items if i.get("data_class", "personal") == "personal"]
    not_personal = [{"item": i["item"], "data_class": i["data_class"], "reason": w.CLASSES[i["data_class"]]}
                    for i in exp.items if i.get("data_class", "personal") != "personal"]
    shielded = [i for i in personal if not in_transit and (encrypted or i.get("encryption"))]
    plain = [i for i in personal if i not in shielded]
    if not personal:
        why = ("no personal data (個人データ) is exposed: APPI 26 concerns personal data",
               "個人データの漏えい等ではない: 法26条は個人データが対象")
        criteria = [_not_reached(n, why) for n in (1, 2, 3, 4)]
        estimate, source = persons, "given" if persons is not None else "unknown"
    elif in_transit:
        why = ("information being acquired (--in-transit): (i), (ii) and (iv) concern personal data already held, "
               "not information not yet acquired",
               "取得しようとしている個人情報（--in-transit）: 1号・2号・4号は既に保有する個人データが対象で、"
               "取得前の情報には及ばない")
        criteria = [_not_reached(1, why), _not_reached(2, why),
                    _unlawful(personal, [], unlawful, encrypted, key_leaked, True), _not_reached(4, why)]
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
        reportable, verdict = False, {"code": "no_personal_data", **w.VERDICT["no_personal_data"]}
    elif met:
        reportable, verdict = True, {"code": "report", **w.VERDICT["report"]}
    elif open_:
        reportable, verdict = None, {"code": "report_unless", **w.report_unless(settle)}
    else:
        reportable, verdict = False, {"code": "no_report", **w.VERDICT["no_report"]}
    verdict["settle"] = settle
    return BreachAssessment(node=exp.node, items=exp.items, subjects=exp.subjects, persons=estimate,
                            persons_source=source, encrypted=encrypted, unlawful=unlawful, key_leaked=key_leaked,
                            in_transit=in_transit, criteria=criteria, reportable=reportable, verdict=verdict,
                            not_personal=not_personal,
                            report=_report(exp.node, reportable, criteria, bool(not_personal) and any(
                                n["data_class"] == "pseudonymised" for n in not_personal)))


def _report(node: dict[str, Any], reportable: bool | None, criteria: list[Criterion],
            pseudonymised: bool) -> dict[str, Any]:
    """What follows from the verdict: report and notice, each deadline with its source; the contractor's note
    only when the leak is (or, unless settled, would be) reportable."""
    third = next(c for c in criteria if c.number == 3)
    days = 60 if third.met else 30
    final = w.final(days, third.met is None)
    contractor = node.get("party_kind") in CONTRACTORS or (node.get("kind") == "recipient" and
                                                           node.get("subkind") in CONTRACTORS)
    citations = [*CITATIONS, *(["APPI 41(9)"] if pseudonymised else [])]
    out: dict[str, Any] = {
        "ppc_report": reportable, "notify_persons": reportable,
        "preliminary": w.PRELIMINARY["en"], "final": final["en"], "final_days": days, "notice": w.NOTICE["en"],
        "citations": citations, "contractor_note": None,
        "ja": {"preliminary": w.PRELIMINARY["ja"], "final": final["ja"], "notice": w.NOTICE["ja"],
               "contractor_note": None},
    }
    if reportable is False:
        out.update(preliminary=None, final=None, final_days=None, notice=None,
                   ja={"preliminary": None, "final": None, "notice": None, "contractor_note": None})
    elif contractor:
        out["contractor_note"], out["ja"]["contractor_note"] = w.CONTRACTOR["en"], w.CONTRACTOR["ja"]
        out["citations"].append("Rules 9")
    out["ja"]["citations"] = [w.cite_ja(c) for c in out["citations"]]
    return out
