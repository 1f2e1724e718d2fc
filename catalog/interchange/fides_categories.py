"""The fideslang default taxonomy's keys: data categories, data uses and data subjects.

Vendored from fideslang 3.1.4 (``fideslang/default_taxonomy/``), https://github.com/ethyca/fideslang —
the Fides taxonomy by Ethyca, Inc., licensed under the Creative Commons Attribution 4.0 International licence
(CC BY 4.0, https://creativecommons.org/licenses/by/4.0/). Only the keys are copied, unchanged; their names
and descriptions are in fideslang.

`unknown_categories` finds item categories that are not fideslang keys, with a did-you-mean suggestion: the
Fides export reports them, and `validate` / `check` can call it as a finding source.
"""

from __future__ import annotations

from collections.abc import Iterable

FIDESLANG_VERSION = "3.1.4"

DATA_CATEGORIES = frozenset({
    "user", "user.account", "user.account.settings", "user.account.username", "user.authorization",
    "user.authorization.credentials", "user.authorization.biometric", "user.authorization.password", "user.behavior",
    "user.behavior.browsing_history", "user.behavior.media_consumption", "user.behavior.purchase_history",
    "user.behavior.search_history", "user.biometric", "user.biometric.fingerprint", "user.biometric.retinal",
    "user.biometric.voice", "user.biometric.health", "user.childrens", "user.contact", "user.contact.address",
    "user.contact.address.city", "user.contact.address.country", "user.contact.email", "user.contact.phone_number",
    "user.contact.url", "user.contact.fax_number", "user.contact.address.postal_code", "user.contact.address.state",
    "user.contact.address.street", "user.contact.organization", "user.content", "user.content.private",
    "user.content.public", "user.content.self_image", "user.demographic", "user.demographic.age_range",
    "user.demographic.date_of_birth", "user.demographic.gender", "user.demographic.language",
    "user.demographic.marital_status", "user.demographic.political_opinion", "user.demographic.profile",
    "user.demographic.race_ethnicity", "user.demographic.religious_belief", "user.demographic.sexual_orientation",
    "user.location", "user.location.imprecise", "user.location.precise", "user.device", "user.device.cookie",
    "user.device.cookie_id", "user.device.device_id", "user.device.ip_address", "user.payment", "user.social",
    "user.unique_id", "user.unique_id.pseudonymous", "user.telemetry", "user.user_sensor", "user.workplace",
    "user.sensor", "user.financial", "user.financial.bank_account", "user.financial.credit_card",
    "user.government_id", "user.government_id.birth_certificate", "user.government_id.drivers_license_number",
    "user.government_id.immigration", "user.government_id.national_identification_number",
    "user.government_id.passport_number", "user.government_id.vehicle_registration", "user.health_and_medical",
    "user.health_and_medical.genetic", "user.health_and_medical.insurance_beneficiary_id",
    "user.health_and_medical.record_id", "user.name", "user.name.first", "user.name.last", "user.criminal_history",
    "user.privacy_preferences", "user.job_title", "system", "system.authentication", "system.operations",
})

DATA_USES = frozenset({
    "analytics", "analytics.reporting", "analytics.reporting.ad_performance",
    "analytics.reporting.content_performance", "analytics.reporting.campaign_insights", "analytics.reporting.system",
    "analytics.reporting.system.performance", "collect", "employment", "employment.recruitment", "essential",
    "essential.fraud_detection", "essential.legal_obligation", "essential.service",
    "essential.service.authentication", "essential.service.notifications", "essential.service.notifications.email",
    "essential.service.notifications.sms", "essential.service.operations", "essential.service.operations.support",
    "essential.service.operations.improve", "essential.service.payment_processing", "essential.service.security",
    "essential.service.upgrades", "finance", "functional", "functional.storage",
    "functional.storage.privacy_preferences", "functional.service", "functional.service.improve", "marketing",
    "marketing.advertising", "marketing.advertising.first_party", "marketing.advertising.first_party.contextual",
    "marketing.advertising.first_party.targeted", "marketing.advertising.frequency_capping",
    "marketing.advertising.negative_targeting", "marketing.advertising.profiling", "marketing.advertising.serving",
    "marketing.advertising.third_party", "marketing.advertising.third_party.targeted", "marketing.communications",
    "marketing.communications.email", "marketing.communications.sms", "operations", "personalize",
    "personalize.content", "personalize.profiling", "personalize.content.limited", "personalize.content.profiling",
    "personalize.content.profiled", "personalize.system", "sales", "third_party_sharing",
    "third_party_sharing.legal_obligation", "train_ai_system",
})

DATA_SUBJECTS = frozenset({
    "anonymous_user", "citizen_voter", "commuter", "consultant", "customer", "employee", "job_applicant",
    "next_of_kin", "passenger", "patient", "prospect", "shareholder", "supplier_vendor", "trainee", "visitor",
})


def unknown_categories(keys: Iterable[str | None]) -> list[tuple[str, str | None]]:
    """(key, closest fideslang category or None) for each distinct key that is not a fideslang data
    category, sorted; empty and missing keys are skipped."""
    known = sorted(DATA_CATEGORIES)
    unknown = sorted({k for k in keys if k and k not in DATA_CATEGORIES})
    return [(key, closest(key, known)) for key in unknown]


def closest(word: str, possibilities: Iterable[str], cutoff: float = 0.6) -> str | None:
    """`difflib.get_close_matches(word, possibilities, n=1, cutoff=cutoff)`'s match, or None, with fewer full
    comparisons: the candidates are tried from the highest bound of `ratio` down (twice their longest common
    subsequence over their lengths: difflib's matching blocks are a common subsequence), and the search stops
    where that bound (with the candidate, as the tie-break) falls below the best so far."""
    import difflib

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    masks: dict[str, int] = {}  # where each character of `word` is, as bits
    for i, char in enumerate(word):
        masks[char] = masks.get(char, 0) | 1 << i
    bounds = []
    for candidate in possibilities:
        total = len(candidate) + len(word)
        if not total:
            bounds.append((1.0, candidate))
        elif 2.0 * min(len(candidate), len(word)) / total >= cutoff:  # `real_quick_ratio`, the cheapest bound
            bound = 2.0 * common_subsequence(candidate, masks, len(word)) / total
            if bound >= cutoff:
                bounds.append((bound, candidate))
    best: tuple[float, str] | None = None
    for bound, candidate in sorted(bounds, reverse=True):
        if best is not None and (bound, candidate) < best:
            break
        matcher.set_seq1(candidate)
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return None if best is None else best[1]


def common_subsequence(text: str, masks: dict[str, int], length: int) -> int:
    """The length of the longest common subsequence of `text` and a word of `length` characters whose characters'
    places are `masks` (bit i set in masks[c] when the word's i-th character is c): the bit-parallel algorithm
    of Crochemore et al. (2001), a few integer operations a character."""
    full = (1 << length) - 1
    row = full
    for char in text:
        matched = row & masks.get(char, 0)
        row = ((row + matched) | (row - matched)) & full
    return length - row.bit_count()


def known_parent(key: str) -> str | None:
    """The longest fideslang category that `key` extends (``user.settings`` → ``user``), or None."""
    parts = key.split(".")
    for end in range(len(parts) - 1, 0, -1):
        parent = ".".join(parts[:end])
        if parent in DATA_CATEGORIES:
            return parent
    return None
