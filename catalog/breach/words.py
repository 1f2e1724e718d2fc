"""The words of the breach triage: English message ids (`N_`, `phrase`) that the gettext catalog says in
Japanese, each statement with its source, and `breach_text(result, lang)` which says an assessment in one
language where it is written (the terminal view, `--json`, the pack's breach sheets).

The triage itself keeps codes: criterion numbers and rules, data classes, verdict codes, deadline codes
(`DEADLINES`), citations as ids ("APPI 26(1)", "Rules 7(iii)": `citation`, written by
`catalog.words.citations.cite`), and each criterion's reason as phrases with their parameters. Sources: the
Act (法), the Enforcement Rules (規則) and the PPC general guideline (通則編 3-5 — "about 3–5 days" is the
guideline's rule of thumb for "promptly"; the Rules say only 速やかに).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from daicho.catalog.words import N_, Joined, phrase, say, t

if TYPE_CHECKING:  # imported where used: catalog.checks (the package) loads every rule
    from daicho.catalog.words.citations import Citation

TITLES: dict[int, str] = {
    1: N_("Special care-required information"),
    2: N_("Misuse may cause financial damage"),
    3: N_("Act likely done for an unlawful purpose"),
    4: N_("More than 1,000 persons"),
}

#: What the data class of an exposed item means for APPI 26 (only personal data, 個人データ, counts).
CLASSES: dict[str, str] = {
    "referable": N_("personally referable information (個人関連情報, APPI 2(7)): not personal data"),
    "anonymised": N_("anonymised information (匿名加工情報, APPI 2(6)): not personal data"),
    "pseudonymised": N_("pseudonymised information (仮名加工情報): APPI 26 does not apply (APPI 41(9))"),
}

#: What settles an open criterion (in words: the verdict's sentence).
SETTLE: dict[str, str] = {
    "unlawful": N_("(iii) is ruled out: no act for an unlawful purpose may have caused it"),
    "persons": N_("it is certain that 1,000 persons or fewer are affected"),
    "key": N_("the decryption key is confirmed not leaked"),
}
#: The flag that tells daicho breach an open criterion is settled (the verdict's `hint`, for the terminal).
SETTLE_FLAGS: dict[str, str] = {"unlawful": "--no-unlawful-purpose", "persons": "--persons N", "key": "--key-safe"}
SETTLE_HINT = N_("once settled, run daicho breach with {flags}")

VERDICT: dict[str, str] = {
    "report": N_("report to the PPC and notify the persons (APPI 26(1), 26(2))"),
    "no_report": N_("no report required under APPI 26(1) (none of Rules 7(i)-(iv) is met)"),
    "no_personal_data": N_("no report required under APPI 26(1): no personal data (個人データ) is exposed"),
    "report_unless": N_("report to the PPC and notify the persons unless {settles} (APPI 26(1), Rules 7)"),
}

#: Each deadline by its code (`report["deadlines"]`): the preliminary report, the final report, the notice.
DEADLINES: dict[str, str] = {
    "promptly_3_5_days": N_("promptly (速やかに, Rules 8(1)); the PPC guideline's rule of thumb: about 3–5 days from "
                            "knowing of it (通則編 3-5-3-3)"),
    "30_days": N_("within 30 days from knowing of it (Rules 8(2))"),
    "30_days_60_if_iii": N_("within 30 days from knowing of it (Rules 8(2)); 60 days if it is a (iii) situation"),
    "60_days": N_("within 60 days from knowing of it, because of (iii) (Rules 8(2))"),
    "notify_promptly": N_("notify the persons promptly, as the situation allows (APPI 26(2)); where that is "
                          "difficult, a public announcement and an inquiry desk instead"),
}
CONTRACTOR = N_("a leak at a contractor: the contractor need not report or notify itself if it notifies the operator "
                "(APPI 26(1) proviso, 26(2)); that notice must be made promptly and carry the matters of Rules 8(1) "
                "known at the time (Rules 9); the operator then reports to the PPC and notifies the persons")


def final_code(days: int | None, unlawful_open: bool) -> str:
    """The final-report deadline's code: 30 days, 60 for a (iii) situation (Rules 8(2)); 30 or 60 while (iii)
    is not known."""
    if days == 60:
        return "60_days"
    return "30_days_60_if_iii" if unlawful_open else "30_days"


class Parts(Joined):
    """Parts joined by a separator of each language's own (`; ` and `。` between the sentences of a reason)."""

    ja_sep: str

    def __new__(cls, sep: str, ja_sep: str, parts: Any) -> Parts:
        self = super().__new__(cls, sep, parts)
        self.ja_sep = ja_sep
        return self

    def __reduce__(self) -> tuple:
        return (Parts, (self.sep, self.ja_sep, self.parts))

    def said(self, lang: str) -> str:
        return (self.sep if lang == "en" else self.ja_sep).join(say(p, lang) for p in self.parts)


def sentences(parts: Any) -> Parts:
    """Sentences of one reason: `; ` between them in English, `。` in Japanese."""
    return Parts("; ", "。", parts)


def hints(parts: list[Any]) -> Parts | str:
    """A criterion's hints (the flags that tell daicho breach what is known) as sentences; "" when none."""
    return sentences(list(dict.fromkeys(parts))) if parts else ""


class ItemName(str):
    """An item named in a sentence: its English name (else its key) as text; said in a language by its name there
    (else the English name, else the key). The key stays in `Criterion.items` and `--json`."""

    key: str
    names: dict[str, str | None]

    def __new__(cls, key: str, names: dict[str, str | None] | None) -> ItemName:
        names = dict(names or {})
        self = super().__new__(cls, names.get("en") or key)
        self.key, self.names = key, names
        return self

    def __reduce__(self) -> tuple:
        return (ItemName, (self.key, self.names))

    def said(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.key


def item_names(items: list[dict[str, Any]]) -> Parts:
    """Exposed items (`{"item": key, "name": {"en": .., "ja": ..}}`) by name in each language, `, ` / `、` between."""
    return Parts(", ", "、", [ItemName(i["item"], i.get("name")) for i in items])


def settles(codes: list[str]) -> Parts:
    """What would settle the open criteria: ` and ` between them in English, `、かつ` in Japanese."""
    return Parts(" and ", "、かつ", [phrase(SETTLE[c]) for c in codes])


def citation(code: str) -> Citation | None:
    """A breach citation id ('APPI 26(1)', 'Rules 7(iii)') as data; None for an id of another source."""
    from daicho.catalog.words.citations import appi, rules

    source, _, clause = code.partition(" ")
    make = {"APPI": appi, "Rules": rules}.get(source)
    return make(clause) if make and clause else None


def cited(code: str, lang: str) -> str:
    """A breach citation id as a reader of `lang` writes it: English keeps the short id ('APPI 26(1)'), Japanese
    writes 法26条1項, 規則7条3号 (`catalog.words.citations.cite`)."""
    found = citation(code) if lang != "en" else None
    if found is None:
        return code
    from daicho.catalog.words.citations import cite

    return cite(found, lang)


def cite_ja(code: str) -> str:
    """A citation as a Japanese reader writes it: 'APPI 26(1)' → 法26条1項, 'Rules 7(iii)' → 規則7条3号."""
    return cited(code, "ja")


# ---- an assessment said in one language -----------------------------------------------------------------------

#: keys of `BreachAssessment.to_dict()` that hold both languages for the pack's older reader; `breach_text` drops them
_BOTH = ("reason_ja", "ja")


def breach_text(result: Any, lang: str) -> dict[str, Any]:
    """An assessment (a `BreachAssessment`, its `to_data()` or `to_dict()`) with every text in `lang`, codes kept: each
    criterion's `title` and `reason` (and `cites`, its rule as `lang` writes it), the verdict's `text`, each
    item that is not personal data its `reason`, each criterion's and the verdict's `hint` (how to tell daicho
    breach what is known: its flags, for the terminal; the pack leaves it out), the report's deadlines, notice and
    contractor note (and `cited`, its citations as `lang` writes them); `lang` names the language.
    The `--json` shape."""
    data = result.to_data() if hasattr(result, "to_data") else result
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "criteria":
            value = [{"number": c["number"], "rule": c["rule"], "cites": cited(c["rule"], lang),
                      "title": t(lang, TITLES[c["number"]]), "met": c["met"], "reason": _reason(c, lang),
                      "hint": say(c.get("hint") or "", lang), "items": list(c["items"]), "settle": list(c["settle"])}
                     for c in value]
        elif key == "verdict":
            value = {"code": value["code"], "text": verdict_text(value["code"], value["settle"], lang),
                     "hint": verdict_hint(value["settle"], lang), "settle": list(value["settle"])}
        elif key == "not_personal":
            value = [{"item": n["item"], "data_class": n["data_class"], "reason": t(lang, CLASSES[n["data_class"]])}
                     for n in value]
        elif key == "report":
            value = report_text(value, lang)
        out[key] = _said(value, lang)
    out["lang"] = lang
    return out


def verdict_text(code: str, settle: list[str], lang: str) -> str:
    """The verdict's sentence in `lang`."""
    return t(lang, VERDICT[code], settles=settles(settle)) if code == "report_unless" else t(lang, VERDICT[code])


def verdict_hint(settle: list[str], lang: str) -> str:
    """The flags that would settle what the verdict leaves open, in `lang` (for the terminal); "" when none."""
    if not settle:
        return ""
    return t(lang, SETTLE_HINT, flags=t(lang, ", ").join(SETTLE_FLAGS[c] for c in settle))


def report_text(report: dict[str, Any], lang: str) -> dict[str, Any]:
    """What follows from the verdict in `lang`: deadlines, notice, contractor note; citations as ids (`citations`)
    and as `lang` writes them (`cited`)."""
    deadlines = report.get("deadlines") or {}
    out = {k: v for k, v in report.items() if k not in _BOTH}
    for key in ("preliminary", "final", "notice"):
        out[key] = t(lang, DEADLINES[deadlines[key]]) if deadlines.get(key) else None
    out["contractor_note"] = t(lang, CONTRACTOR) if report.get("contractor") else None
    out["cited"] = [cited(c, lang) for c in report["citations"]]
    return out


def _reason(criterion: dict[str, Any], lang: str) -> str:
    """A criterion's reason in `lang` (an assessment read back from JSON has only its English: the Japanese kept
    beside it, if any)."""
    reason = criterion["reason"]
    if hasattr(reason, "said") or lang == "en":
        return say(reason, lang)
    return criterion.get("reason_ja") or reason


def _said(value: Any, lang: str) -> Any:
    """`value` with each phrase in it said in `lang` (dicts and lists walked)."""
    if isinstance(value, dict):
        return {k: _said(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_said(v, lang) for v in value]
    return say(value, lang) if hasattr(value, "said") else value


def bilingual(data: dict[str, Any]) -> dict[str, Any]:
    """`data` (the language-neutral assessment) with the English and Japanese texts side by side where the pack's
    breach sheets read them (`title` and `reason` pairs, `reason_ja`, the verdict's `en`/`ja`, `report["ja"]`):
    kept until they read `breach_text`."""
    en, ja = breach_text(data, "en"), breach_text(data, "ja")
    out = dict(data)
    out["criteria"] = [{**c, "title": {"en": e["title"], "ja": j["title"]}, "reason": c["reason"],
                        "reason_ja": j["reason"]}
                       for c, e, j in zip(data["criteria"], en["criteria"], ja["criteria"], strict=True)]
    out["verdict"] = {**data["verdict"], "en": en["verdict"]["text"], "ja": ja["verdict"]["text"]}
    pairs = zip(data["not_personal"], en["not_personal"], ja["not_personal"], strict=True)
    out["not_personal"] = [{**n, "reason": {"en": e["reason"], "ja": j["reason"]}} for n, e, j in pairs]
    report = {**data["report"], **{k: en["report"][k] for k in ("preliminary", "final", "notice", "contractor_note")}}
    report["ja"] = {**{k: ja["report"][k] for k in ("preliminary", "final", "notice", "contractor_note")},
                    "citations": ja["report"]["cited"]}
    out["report"] = report
    return out
