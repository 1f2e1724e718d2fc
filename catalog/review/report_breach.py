"""Breach quick sheets of the audit pack: per system, what a leak there would expose and which of the
Enforcement Rules Art. 7 situations it would be (from `catalog.breach`: the language-neutral assessment, said in
the page's language by `catalog.breach.words.breach_text` where the sheet is written). Where the system keeps
its data and where the data goes next are read from the assessment (the resolved model), not from the
inventory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from daicho.catalog.breach.words import breach_text
from daicho.catalog.review.ledger_labels import country_name, word
from daicho.catalog.review.report_html import esc, table
from daicho.catalog.review.report_words import label
from daicho.catalog.words import N_, joined, say, t

if TYPE_CHECKING:
    from daicho.catalog.review.report_data import ReportData

_HOW = {"stored": N_("stored"), "received": N_("received"), "forwarded": N_("forwarded"), "derived": N_("derived")}
#: The badge of each verdict (the assessment's `verdict["code"]`); the full sentence comes with the assessment.
_VERDICT = {"report": N_("reportable"), "no_report": N_("not reportable"),
            "no_personal_data": N_("not reportable (no personal data)"),
            "report_unless": N_("reportable unless ruled out")}
#: Items listed per sheet (sensitive and financial-damage items first); the rest are counted.
MAX_ITEMS = 60
_MORE = N_("and {n} more items")
_ITEM_HEAD = (N_("Item"), N_("How held"), N_("Sensitive"), N_("Financial damage"), N_("Persons (estimate)"))
_CRITERIA_HEAD = (N_("Rule"), N_("Situation"), N_("Verdict"), N_("Reason"))
_ENCRYPTED = N_("advanced encryption recorded: excluded if the decryption key did not leak (Rules 7(i))")
_CAUSE = N_("depends on the cause (unauthorised access, theft, web skimming: applies)")


def _name(entry: dict[str, Any], lang: str) -> str:
    name = entry.get("name") or {}
    first, second = ("ja", "en") if lang == "ja" else ("en", "ja")
    return name.get(first) or name.get(second) or entry.get("item") or entry.get("key") or ""


def _met(criterion: dict[str, Any], lang: str) -> str:
    if criterion["number"] == 3 and criterion["met"] is None and criterion.get("settle") == ["unlawful"]:
        return t(lang, _CAUSE)
    if criterion["met"] is None:
        return word("unknown", lang)
    return label("yes" if criterion["met"] else "no", lang)


def breach_sheets(data: ReportData) -> str:
    """One sheet per system; none when the inventory has no system."""
    lang, index = data.lang, data.index
    if not data.breach:
        return f"<p>{esc(label('none', lang))}</p>"
    out = []
    for neutral in data.breach:
        assessment = breach_text(neutral, lang)  # every text in the page's language, codes kept
        node = assessment["node"]
        key = node.get("key", "")
        sep = "、" if lang == "ja" else ", "
        kept = node.get("hosting") or [node.get("country")]  # where the data sits, as the resolved model reads it
        title = f"{index.name(key, lang)} — {sep.join(country_name(c, lang) for c in kept)}"
        code = (assessment.get("verdict") or {}).get("code", "report_unless")
        verdict = _VERDICT.get(code, _VERDICT["report_unless"])
        badge = {True: "yes", False: "no"}.get(assessment["reportable"], "warning")
        exposed = sorted(assessment["items"], key=lambda i: (not i["sensitive"], not i["financial"]))
        items = [[_name(i, lang), sep.join(t(lang, _HOW.get(h, h)) for h in i["how"]),
                  word("applies" if i["sensitive"] else "not_applies", lang),
                  word("yes" if i["financial"] else "no", lang), _count(i.get("persons"))] for i in exposed[:MAX_ITEMS]]
        more = len(exposed) - MAX_ITEMS
        heads = [t(lang, h) for h in _ITEM_HEAD]
        criteria = [[c["cites"], c["title"], _met(c, lang), c["reason"]] for c in assessment["criteria"]]
        onward = sorted({index.name(target, lang) for target in node.get("forwarded_to", ())})
        persons = assessment["persons"]
        persons = f"{persons:,}" if persons is not None else word("unknown", lang)
        out.append(
            f'<div class="sheet"><h3>{esc(title)} <span class="badge {badge}">{esc(t(lang, verdict))}</span>'
            f"</h3><p><strong>{esc(label('exposed', lang))}</strong></p>"
            + (table(heads, items, numeric=(4,)) if items else f"<p>{esc(label('none', lang))}</p>")
            + (f'<p class="note">{esc(t(lang, _MORE, n=more))}</p>' if more > 0 else "")
            + f"<p>{esc(label('persons', lang))}: {esc(persons)}"
            f"</p><p><strong>{esc(label('criteria', lang))}</strong></p>"
            + _notes(assessment, lang, index)
            + table([t(lang, h) for h in _CRITERIA_HEAD], criteria, keys=(0,))
            + _verdict_line(assessment)
            + f"<p>{esc(label('downstream', lang))}: {esc(say(joined(', ', onward), lang) or label('none', lang))}</p>"
            + _deadlines(assessment["report"]) + "</div>")
    return "".join(out)


def _count(n: int | None) -> str | None:
    """A number of persons with thousands separators (185,000), as the sheet's total."""
    return f"{n:,}" if isinstance(n, int) else n


def _notes(assessment: dict[str, Any], lang: str, index: Any) -> str:
    """Items that are not personal data (APPI 26 does not count them) and items under advanced encryption, each
    by its name in `lang`."""
    lines = [f"{index.name(n['item'], lang)}: {n['reason']}" for n in assessment.get("not_personal", [])]
    lines += [f"{index.name(i['item'], lang)}: {t(lang, _ENCRYPTED)} ({i['encryption']['text']})"
              for i in assessment["items"] if i.get("encryption")]
    if not lines:
        return ""
    return '<ul class="note">' + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>"


def _verdict_line(assessment: dict[str, Any]) -> str:
    said = (assessment.get("verdict") or {}).get("text")
    return f"<p><strong>{esc(said)}</strong></p>" if said else ""


def _deadlines(report: dict[str, Any]) -> str:
    lines = [report[k] for k in ("preliminary", "final", "notice", "contractor_note") if report.get(k)]
    if not lines:
        return ""
    return '<ul class="note">' + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>"
