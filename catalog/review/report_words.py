"""The audit pack's own words: message ids of the gettext catalog (catalog/words), said in the pack's language
where the page is written (`label`). The keys are the page's names for them; English is the message id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from daicho.catalog.words import N_, t

_TEXT: dict[str, str] = {
    "title": N_("Personal data audit pack"),
    "created": N_("Generated"),
    "as_of": N_("As of"),
    "summary": N_("Summary"),
    "ledger": N_("Ledger"),
    "lineage": N_("Lineage"),
    "checks": N_("Check results"),
    "cross_border": N_("Cross-border flows"),
    "contractors": N_("Contractor supervision"),
    "breach": N_("Breach quick sheets"),
    "files": N_("Files in this pack"),
    "filter": N_("Filter"),
    "filter_hint": N_("type words (all must match)"),
    "rows_shown": N_("rows shown"),
    "items": N_("items"),
    "sensitive": N_("sensitive items"),
    "financial": N_("financial-damage items"),
    "systems": N_("systems"),
    "systems_abroad": N_("systems abroad"),
    "recipients": N_("recipients"),
    "contractor_count": N_("contractors"),
    "third_parties": N_("third parties"),
    "flows": N_("flows"),
    "cross_border_count": N_("cross-border flows"),
    "countries": N_("foreign countries"),
    "unknown_country": N_("recipients or systems of unknown location"),
    "error": N_("errors"),
    "warning": N_("warnings"),
    "info": N_("notes"),
    "no_findings": N_("No findings."),
    "map": N_("Overall map"),
    "per_item": N_("Per item"),
    "svg_file": N_("SVG file"),
    "too_large": N_("This diagram is too large to show here; open the SVG file below."),
    "more_findings": N_("{n} more findings of {rule} (all of them are in checks.sarif)."),
    "left_out": N_("Diagrams of {n} more items are left out; draw one with daicho diagram --item KEY."),
    "none": N_("None"),
    "rows_left_out": N_("The first {shown} of {total} rows are shown here; every row is in {files}."),
    "systems_left_out": N_("Quick sheets of {n} more systems are left out; make one with daicho breach SYSTEM."),
    "big_left_out": N_("{n} items reach more than {limit} nodes and are not drawn here; "
                       "daicho diagram --item KEY draws them aggregated."),
    "missing": N_("This part could not be produced"),
    "rule": N_("Rule"),
    "record": N_("Record"),
    "where": N_("Declared at"),
    "message": N_("Finding"),
    "fix": N_("Fix"),
    "citations": N_("Citations"),
    "exposed": N_("Items a leak would expose"),
    "persons": N_("Persons (estimate)"),
    "criteria": N_("Enforcement Rules Art. 7 criteria"),
    "downstream": N_("Where the data goes on"),
    "yes": N_("applies"),
    "no": N_("does not apply"),
    "page_of": N_("Page {page} of {pages}"),
    "date": N_("{year}-{month}-{day}"),
    "file_xlsx": N_("the ledger with its contractor and cross-border sheets (Excel)"),
    "file_csv": N_("the ledger sheet (CSV, UTF-8 with BOM)"),
    "file_sarif": N_("every check finding (SARIF 2.1.0)"),
    "file_item": N_("where {item} flows"),
    "count": N_("count|{n}"),
}

#: What each section shows, said under its heading (the section's id → message id).
INTROS: dict[str, str] = {
    "summary": N_("Records of the inventory and findings of the checks at a glance."),
    "ledger": N_("One row per personal-data item and business process: how it is acquired, used, kept, "
                 "provided and disposed of. Sensitive rows are shaded; personally referable, pseudonymised "
                 "and anonymised information is greyed."),
    "lineage": N_("Where each item comes from and which systems and recipients it reaches; the legend is "
                  "under each diagram."),
    "checks": N_("Findings of the checks against the APPI and JIS Q 15001, errors first; each with its record, "
                 "the fix and what it rests on."),
    "cross-border": N_("Flows that hand data to a party abroad, contractors included, or keep it abroad (as "
                       "daicho abroad lists them). Status: red needs action (no basis, location unknown), "
                       "amber is to watch, green has its basis recorded."),
    "contractors": N_("Contractors and sub-contractors: contract, protection clauses, sub-contracting and the "
                      "last review, as the supervision of contractors asks."),
    "breach": N_("Per system: the items a leak there would expose and which situations of Enforcement Rules "
                 "Art. 7 it would be. The number of persons is an estimate."),
    "history": N_("Reviews of the inventory recorded with daicho review, and what changed since the last one."),
    "files": N_("The files beside this page; the links are relative, so the folder can be moved or zipped."),
}


def label(key: str, lang: str, **params: Any) -> str:
    """A word or sentence of the page in `lang`, its `{placeholders}` filled from `params`. A message id may carry
    its context before a bar ("count|{n}": a count, 12件 in Japanese); English shows the part after it."""
    msgid = _TEXT[key]
    said = t(lang, msgid, **params)
    context = msgid.split("|", 1)[0] + "|" if "|" in msgid else ""
    return said[len(context):] if context and said.startswith(context) else said


def intro(section: str, lang: str) -> str:
    """What a section shows, in `lang` ("" for a section without one)."""
    msgid = INTROS.get(section)
    return t(lang, msgid) if msgid else ""


def day(value: dt.date, lang: str) -> str:
    """A date as the page writes it: ISO 8601 in English (2025-04-01), the catalog's form otherwise (2025年4月1日)."""
    if lang == "en":
        return value.isoformat()
    return label("date", lang, year=value.year, month=value.month, day=value.day)
