"""The words of the GDPR Art. 30 record (`daicho ropa`), by code, as English message ids of the catalog
(`catalog.words`; Japanese from the PPC's translation of the GDPR: 取扱活動の記録, 管理者, 処理者, 代理人,
データ保護オフィサー, 取得者の類型 …), and the countries with an adequacy decision (Art. 45).

Computing code hands these over as phrases (`basis_text` …); the writers say them in their language."""

from __future__ import annotations

from daicho.catalog.words import N_, Phrase, joined, phrase

#: Countries the European Commission has found adequate (Art. 45): Andorra, Argentina, Canada (commercial
#: organisations), Faroe Islands, Guernsey, Israel, Isle of Man, Japan, Jersey, New Zealand, Republic of Korea,
#: Switzerland, the United Kingdom, Uruguay, and the United States for organisations certified under the EU-US
#: Data Privacy Framework only (record `adequacy` for a US recipient only when it is certified).
ADEQUATE = frozenset({"AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY", "US"})

#: Art. 6(1) lawful bases by code
BASES = {
    "consent": N_("Consent (Art. 6(1)(a))"),
    "contract": N_("Contract (Art. 6(1)(b))"),
    "legal_obligation": N_("Legal obligation (Art. 6(1)(c))"),
    "vital_interests": N_("Vital interests (Art. 6(1)(d))"),
    "public_task": N_("Public task (Art. 6(1)(e))"),
    "legitimate_interests": N_("Legitimate interests (Art. 6(1)(f))"),
}

#: Art. 9(2) conditions by code
CONDITIONS = {
    "explicit_consent": N_("Explicit consent (Art. 9(2)(a))"),
    "employment": N_("Employment and social security law (Art. 9(2)(b))"),
    "vital_interests": N_("Vital interests (Art. 9(2)(c))"),
    "not_for_profit": N_("Not-for-profit body (Art. 9(2)(d))"),
    "made_public": N_("Manifestly made public (Art. 9(2)(e))"),
    "legal_claims": N_("Legal claims (Art. 9(2)(f))"),
    "substantial_public_interest": N_("Substantial public interest (Art. 9(2)(g))"),
    "health_care": N_("Health or social care (Art. 9(2)(h))"),
    "public_health": N_("Public health (Art. 9(2)(i))"),
    "archiving_research": N_("Archiving, research or statistics (Art. 9(2)(j))"),
}

#: Chapter V transfer mechanisms by code
MECHANISMS = {
    "adequacy": N_("Adequacy decision (Art. 45)"),
    "scc": N_("Standard contractual clauses (Art. 46(2)(c))"),
    "bcr": N_("Binding corporate rules (Art. 46(2)(b), 47)"),
    "code_of_conduct": N_("Approved code of conduct (Art. 46(2)(e))"),
    "certification": N_("Approved certification (Art. 46(2)(f))"),
    "ad_hoc_clauses": N_("Authorised contractual clauses (Art. 46(3)(a))"),
    "derogation": N_("Derogation (Art. 49(1))"),
}

#: Art. 49(1) derogations by code
DEROGATIONS = {
    "explicit_consent": N_("(a) explicit consent"),
    "contract": N_("(b) contract with the data subject"),
    "contract_in_interest": N_("(c) contract in the data subject's interest"),
    "public_interest": N_("(d) important public interest"),
    "legal_claims": N_("(e) legal claims"),
    "vital_interests": N_("(f) vital interests"),
    "public_register": N_("(g) public register"),
    "compelling_interests": N_("compelling legitimate interests (second subparagraph)"),
}

#: a recipient's kind as a category of recipient
KINDS = {
    "contractor": N_("Processor (contractor)"),
    "subcontractor": N_("Sub-processor (sub-contractor)"),
    "storage": N_("Processor storing data it does not handle"),
    "third_party": N_("Third party (controller)"),
    "joint_user": N_("Joint user (joint use)"),
    "group_company": N_("Group company"),
}

#: headings and phrases of the record
WORDS = {
    "controller_title": N_("Record of processing activities — controller (GDPR Art. 30(1))"),
    "processor_title": N_("Record of processing activities — processor (GDPR Art. 30(2))"),
    "controller_sheet": N_("Controller"),
    "processor_sheet": N_("Processor"),
    "controller": N_("Name and contact details of the controller"),
    "processor": N_("Name and contact details of the processor"),
    "representative": N_("Representative in the EU (Art. 27)"),
    "dpo": N_("Data protection officer"),
    "security": N_("General description of security measures (Art. 32)"),
    "purpose": N_("Purpose of the processing"),
    "basis": N_("Lawful basis (Art. 6)"),
    "subjects": N_("Categories of data subjects"),
    "data": N_("Categories of personal data"),
    "special": N_("Special categories and Art. 9 condition"),
    "recipients": N_("Categories of recipients"),
    "countries": N_("Transfers to third countries"),
    "safeguards": N_("Safeguards (Art. 45/46/49)"),
    "erasure": N_("Time limits for erasure"),
    "controller_name": N_("Controller"),
    "controller_contact": N_("Controller's contact details"),
    "controller_rep": N_("Controller's representative"),
    "controller_dpo": N_("Controller's data protection officer"),
    "processing": N_("Categories of processing"),
    "transfers_title": N_("Transfers to third countries"),
    "flow": N_("Flow"),
    "source": N_("From"),
    "party": N_("Recipient"),
    "kind": N_("Kind"),
    "country": N_("Third country"),
    "items": N_("Personal data"),
    "mechanism": N_("Mechanism"),
    "reference": N_("Reference"),
    "appi": N_("APPI 28 basis"),
    "not_recorded": N_("not recorded"),
    "none": N_("none"),
    "exempt": N_("not designated"),
    "field": N_("Field"),
    "value": N_("Value"),
    "illustrative": N_("Illustrative: the GDPR facts of this record are examples, not statements of a source."),
    "no_block": N_("The inventory has no `gdpr:` block: the Art. 6 bases, Art. 9 conditions and "
                    "transfer mechanisms are not recorded."),
}

#: the APPI 28 basis of a transfer abroad by code (inventory.model.ForeignBasis): English keeps the code as the
#: record always showed it; another language the catalog's words (the same ids as `show`'s)
APPI_FOREIGN_BASES = {"eu_uk": N_("a country of the EU/EEA or the UK"), "compliant_system": N_("compliant system"),
                      "consent": N_("the person's consent")}


def appi_basis(code: str | None, lang: str) -> str:
    """A transfer's APPI 28 basis in `lang` (English: its code)."""
    from daicho.catalog.words import t

    if not code or lang == "en" or code not in APPI_FOREIGN_BASES:
        return code or ""
    return t(lang, APPI_FOREIGN_BASES[code])


def _pick(table: dict[str, str], key: str | None) -> str:
    if key is None:
        return ""
    text = table.get(key)
    return phrase(text) if text else key


def word(key: str, lang: str) -> str:
    """A heading or phrase of the record in `lang`."""
    from daicho.catalog.words import t

    return t(lang, WORDS[key]) if key in WORDS else key


def basis_text(code: str) -> str:
    """An Art. 6(1) basis by name (a phrase)."""
    return _pick(BASES, code)


def condition_text(code: str) -> str:
    """An Art. 9(2) condition by name (a phrase)."""
    return _pick(CONDITIONS, code)


def mechanism_text(code: str, derogation: str | None) -> str:
    """A Chapter V mechanism by name, with the Art. 49(1) point of a derogation (a phrase)."""
    text = _pick(MECHANISMS, code)
    return joined(" ", [text, _pick(DEROGATIONS, derogation)]) if derogation else text


def kind_text(kind: str | None) -> str:
    """A recipient's kind as a category of recipient (a phrase)."""
    return _pick(KINDS, kind)


def not_recorded() -> Phrase:
    """What the record says where the inventory does not say."""
    return phrase("not recorded")


def none_word() -> Phrase:
    """What the record says where there is nothing (no recipient, no transfer)."""
    return phrase("none")
