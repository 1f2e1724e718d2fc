"""Cases of issue 10 ("every statement an output makes is one the law supports") for the check harness of
test_checks.py: foreign-basis evidence (DAI029), the matters of the public notice (DAI030) and the corrected
readings of DAI004, DAI006, DAI009, DAI018, DAI019 and DAI025 — each with the records it must hit, and cases
where the rule stays quiet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from test_checks import adding, both, setting

Mutation = Callable[[dict[str, Any]], None]

#: all three things Rules 17(2) asks the person to be told before consenting to a transfer abroad
TOLD = {"country": True, "regime": True, "measures": True, "reference": "consent screen v2"}
#: f_abroad (outsourcing to the US contractor) moved to the consent route, with the information recorded
ON_CONSENT = setting("f_abroad", foreign_basis="consent", consent_information=TOLD)


def organization(**fields: Any) -> Mutation:
    """Set (a value None removes) fields of the baseline's organization."""
    def mutate(doc: dict[str, Any]) -> None:
        for name, value in fields.items():
            if value is None:
                doc["organization"].pop(name, None)
            else:
                doc["organization"][name] = value
    return mutate


LAW_FIRES: list[tuple[str, Mutation, list[str]]] = [
    # point 7: the compliant-system route without its instrument; the consent route without the information
    ("DAI029", setting("us_vendor", compliant_system=None), ["f_abroad"]),
    ("DAI029", setting("f_abroad", foreign_basis="consent"), ["f_abroad"]),
    ("DAI029", setting("f_abroad", foreign_basis="consent", consent_information={"country": True}), ["f_abroad"]),
    # point 8: outsourcing and joint use abroad on the consent route need a provision record (APPI 29(1) proviso)
    ("DAI009", ON_CONSENT, ["f_abroad"]),
    ("DAI009", both(setting("group_co", country="US"),
                    setting("f_joint", foreign_basis="consent", consent_information=TOLD)), ["f_joint"]),
    # point 9: a personally referable item to a recipient abroad needs the 31(1)(ii) confirmation too
    ("DAI019", setting("partner", country="US"), ["f_provide"]),
    ("DAI018", setting("group_co", joint_use__responsible_address=None), ["group_co"]),
    ("DAI018", setting("group_co", joint_use__responsible_representative=None), ["group_co"]),
    ("DAI025", setting("stats", anonymised_items_published=False, anonymisation_standard=True), ["stats"]),
    # point 11: each matter of APPI 32(1) / Cabinet Order 10 not recorded
    ("DAI030", organization(address=None), ["acme"]),
    ("DAI030", organization(request_fee=None), ["acme"]),
    ("DAI030", organization(discloses_provision_records=False), ["acme"]),
    ("DAI030", organization(complaints_desk=None), ["acme"]),
    ("DAI030", organization(accredited_organization=None), ["acme"]),
    ("DAI030", organization(accredited_organization={"member": True}), ["acme"]),
    ("DAI030", organization(foreign_environment=[]), ["acme"]),
    # a new place abroad (the contractor 'mailer' moves to Singapore) needs its own statement
    ("DAI030", setting("mailer", country="SG", compliance_check="2025-01-15",
                       compliant_system={"instrument": "apec_cbpr"}), ["acme"]),
]

LAW_QUIET: list[tuple[str, Mutation]] = [
    # point 7: the information recorded on the flow, or on the recipient; EU SCCs as the Rules 16 contract
    ("DAI029", both(ON_CONSENT, setting("f_abroad", record={"kept": True}))),
    ("DAI029", both(setting("f_abroad", foreign_basis="consent"), setting("us_vendor", consent_information=TOLD))),
    ("DAI029", setting("us_vendor", compliant_system={"instrument": "eu_scc"})),
    # never checked: DAI016's finding on the recipient, not DAI029's on the flow
    ("DAI029", setting("us_vendor", compliance_check=None)),
    # point 8: outsourcing abroad on the compliant-system route is a 27(5) case; a 27(1) case is exempt anyway
    ("DAI009", setting("f_abroad", record=None)),
    ("DAI009", setting("f_abroad", basis="exception", exception="27(1)(i)", foreign_basis="consent")),
    ("DAI009", both(ON_CONSENT, setting("f_abroad", record={"kept": True}))),
    # point 9
    ("DAI004", setting("f_provide", basis="exception", exception="27(1)(ii)", purposes=["p_other"])),
    ("DAI006", setting("health", consent_obtained=False, sensitive_exception="20(2)(ii)")),
    ("DAI019", both(setting("partner", country="US"), setting("f_provide", referable_information_confirmed=True))),
    ("DAI025", setting("stats", anonymised_items_published=False, anonymisation_standard=False)),
    # point 11: a member names its organisation; a location chosen per customer needs no country statement
    ("DAI030", organization(accredited_organization={"member": True, "name": "JIPDEC",
                                                     "complaints": "https://www.jipdec.or.jp"})),
    ("DAI030", adding("systems", {"key": "anywhere", "name": "Anywhere", "country": "per_customer",
                                  "disclosed_abroad": True, "security": {"encryption_at_rest": True,
                                                                         "access": ["ops"]}, "items": ["email"]})),
]
