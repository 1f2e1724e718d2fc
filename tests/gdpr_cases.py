"""Cases of the GDPR and item-category rules (DAI040-DAI044, DAI050) for the check harness of test_checks.py:
mutations of its baseline inventory, each with the records it must hit, and cases where a rule stays quiet."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Mutation = Callable[[dict[str, Any]], None]

#: a complete gdpr: block for the baseline (JP operator, a contractor in the US on flow f_abroad)
GDPR_OK: dict[str, Any] = {
    "role": "controller",
    "contact": {"email": "privacy@acme.example"},
    "representative": {"name": "Acme EU Rep", "address": "Dublin"},
    "security": "Access control, encryption, training.",
    "purposes": [{"purpose": "p_service", "basis": "contract"},
                 {"purpose": "p_marketing", "basis": "legitimate_interests", "legitimate_interest": "direct mail"}],
    "special_categories": [{"item": "health", "condition": "explicit_consent"}],
    "transfers": [{"recipient": "us_vendor", "mechanism": "scc", "reference": "SCC module 2"}],
}


def gdpr(**changes: Any) -> Mutation:
    """Add the complete gdpr: block with `changes` (a value None removes the field)."""
    def mutate(doc: dict[str, Any]) -> None:
        block = copy.deepcopy(GDPR_OK)
        for name, value in changes.items():
            if value is None:
                block.pop(name, None)
            else:
                block[name] = value
        doc["gdpr"] = block
    return mutate


def category(item: str, value: str, prefixes: list[str] | None = None) -> Mutation:
    """Give `item` a category (and declare custom prefixes)."""
    def mutate(doc: dict[str, Any]) -> None:
        next(i for i in doc["items"] if i["key"] == item)["category"] = value
        if prefixes is not None:
            doc["data_categories"] = {"custom_prefixes": prefixes}
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(doc)
    return mutate


def moved(recipient: str, country: str) -> Mutation:
    """Move a recipient to another country."""
    def mutate(doc: dict[str, Any]) -> None:
        next(r for r in doc["recipients"] if r["key"] == recipient)["country"] = country
    return mutate


def nothing(doc: dict[str, Any]) -> None:
    """The baseline as it is: no gdpr: block, so the GDPR is not declared and nothing is judged."""


GDPR_FIRES: list[tuple[str, Mutation, list[str]]] = [
    ("DAI040", gdpr(purposes=[{"purpose": "p_service", "basis": "contract"}]), ["p_marketing"]),
    ("DAI041", gdpr(special_categories=[]), ["health"]),  # sensitive (要配慮) without an Art. 9 condition
    ("DAI041", both(gdpr(), category("email", "user.health_and_medical.record_id")), ["email"]),
    ("DAI042", gdpr(transfers=[]), ["f_abroad"]),
    ("DAI042", gdpr(transfers=[{"flow": "f_eu", "mechanism": "scc"}]), ["f_abroad"]),
    ("DAI043", both(gdpr(transfers=[{"recipient": "us_vendor", "mechanism": "adequacy"}]), moved("us_vendor", "SG")),
     ["f_abroad"]),
    ("DAI044", gdpr(representative=None), ["acme"]),
    ("DAI044", gdpr(role="processor"), ["acme"]),  # a processor naming no controller
    ("DAI050", category("email", "user.contact.emial"), ["email"]),
    ("DAI050", category("email", "acme.newsletter"), ["email"]),  # no prefix declared
]

GDPR_QUIET: list[tuple[str, Mutation]] = [
    ("DAI040", gdpr()),
    ("DAI040", nothing),
    ("DAI041", gdpr()),
    ("DAI041", nothing),
    ("DAI042", gdpr()),
    ("DAI042", nothing),
    ("DAI042", gdpr(transfers=[{"flow": "f_abroad", "mechanism": "derogation", "derogation": "explicit_consent"}])),
    ("DAI042", both(gdpr(transfers=[]), moved("us_vendor", "DE"))),  # to the EU: not a third country
    ("DAI043", gdpr(transfers=[{"flow": "f_abroad", "mechanism": "adequacy"}])),  # US: Data Privacy Framework
    ("DAI044", gdpr()),
    ("DAI044", nothing),
    ("DAI044", gdpr(representative=None, representative_exempt="occasional processing (Art. 27(2)(a))")),
    ("DAI050", category("email", "user.contact.email")),
    ("DAI050", category("email", "acme.newsletter", ["acme."])),
]
