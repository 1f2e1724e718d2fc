"""Codes of the manifest's enumerations in words, for `show`: English prints the code as it is; Japanese prints
the catalog's words with the code kept beside them, `委託先（contractor）`, so an officer reads the term of the law
and still finds the value the manifest holds."""

from __future__ import annotations

from typing import Any

from daicho.catalog.words import N_, t

#: a flow's legal basis (inventory.model.Basis)
BASES = {"internal": N_("internal use"), "collection": N_("acquisition from the person"),
         "outsourcing": N_("outsourcing"), "succession": N_("business succession"), "joint_use": N_("joint use"),
         "consent": N_("the person's consent"), "exception": N_("an exception of APPI 27(1)"),
         "opt_out": N_("opt-out")}
#: the basis of a transfer abroad (inventory.model.ForeignBasis)
FOREIGN_BASES = {"eu_uk": N_("a country of the EU/EEA or the UK"), "compliant_system": N_("compliant system"),
                 "consent": N_("the person's consent")}
#: the kinds of system and of recipient (inventory.model.SystemKind, RecipientKind)
KINDS = {"database": N_("database"), "saas": N_("SaaS"), "application": N_("application"),
         "file_share": N_("file share"), "paper_cabinet": N_("paper cabinet"), "other": N_("other"),
         "contractor": N_("contractor"), "subcontractor": N_("sub-contractor"), "third_party": N_("third party"),
         "joint_user": N_("joint user"), "group_company": N_("group company")}
#: field → code → words, for every field whose values are codes of an enumeration
VALUES: dict[str, dict[str, str]] = {
    "acquisition": {"provided": N_("provided by the person"), "service_use": N_("collected through the service"),
                    "automatic": N_("collected automatically (logs, device data)"),
                    "cookie": N_("cookies and similar technologies"),
                    "third_party": N_("received from a third party")},
    "medium": {"electronic": N_("electronic"), "paper": N_("paper")},
    "subkind": KINDS,
    "basis": BASES,
    "foreign_basis": FOREIGN_BASES,
    "subcontracting": {"not_allowed": N_("sub-contracting not allowed"),
                       "allowed": N_("sub-contracting allowed, each to be approved"),
                       "approved": N_("sub-contracting approved")},
    "residual": {"low": N_("low residual risk"), "medium": N_("medium residual risk"),
                 "high": N_("high residual risk")},
    "instrument": {"contract": N_("a contract or agreement (Rules 16(i))"),
                   "group_rules": N_("rules common to the group (Rules 16(i))"),
                   "eu_scc": N_("EU standard contractual clauses (Rules 16(i))"),
                   "apec_cbpr": N_("APEC CBPR certification (Rules 16(ii))"), "other": N_("other")},
    "level": {"data": N_("the data itself encrypted"), "storage": N_("the storage encrypted")},
    "action": {"keep": N_("keep"), "delete": N_("delete"), "anonymise": N_("anonymise"),
               "stop_use": N_("stop using")},
    "method": {"copy": N_("copy"), "pseudonymisation": N_("pseudonymisation"),
               "anonymisation": N_("anonymisation"), "aggregation": N_("aggregation")},
}


def code_word(field: str, value: Any, lang: str) -> str:
    """A field's value as `show` prints it: the code in English; `words（code）` in another language when the
    field holds codes of an enumeration, the value as it is otherwise."""
    shown = "" if value is None else str(value)
    words = VALUES.get(field, {}).get(shown)
    if lang == "en" or words is None:
        return shown
    return t(lang, "{words} ({code})", words=t(lang, words), code=shown)
