"""Advanced encryption (高度な暗号化) as the Enforcement Rules Art. 7(i) exclusion reads it, from what the inventory
records on a system (`security.encryption`).

The PPC's FAQ on APPI 26 asks for data kept unreadable under a recognised algorithm (the CRYPTREC list,
電子政府推奨暗号リスト, or ISO/IEC 18033) with the decryption key kept apart from the data and not leaked with it.
Disk, volume or database encryption (`level: storage`, or the older `encryption_at_rest: true`) protects the
medium only: a leak through the application reads the data in the clear, so it never counts here. Whether the
key leaked is a fact of the incident, not of the inventory: `daicho breach` asks for it (`--key-safe`).

Both functions work on plain dicts (a system's `security` JSON as stored, or `Security.model_dump()`), so the
breach triage and check DAI022 read the same rule.
"""

from __future__ import annotations

from typing import Any

#: Algorithms read as recognised without `recognised: true`: both are on the CRYPTREC list and in ISO/IEC 18033-3.
RECOGNISED = ("aes", "camellia")


def recognised(entry: dict[str, Any]) -> bool:
    """Whether an encryption entry's algorithm is a recognised one (stated, or AES / Camellia by name)."""
    if entry.get("recognised") is not None:
        return bool(entry["recognised"])
    algorithm = (entry.get("algorithm") or "").strip().lower()
    return any(algorithm.startswith(name) for name in RECOGNISED)


def shortfall(entry: dict[str, Any]) -> list[str]:
    """What keeps one encryption entry from being advanced encryption (empty: nothing)."""
    missing = []
    if entry.get("level") != "data":
        missing.append("it encrypts the storage only (a leak through the application reads the data)")
    if not recognised(entry):
        missing.append("no recognised algorithm recorded (CRYPTREC list or ISO/IEC 18033)")
    if not entry.get("key_separate"):
        missing.append("the key is not recorded as kept apart from the data (key_separate)")
    return missing


def advanced(security: dict[str, Any] | None, item: str) -> dict[str, Any] | None:
    """The encryption entry of a system's `security` that protects `item` with advanced encryption, or None."""
    for entry in (security or {}).get("encryption") or []:
        covers = not entry.get("items") or item in entry["items"]
        if covers and not shortfall(entry):
            return entry
    return None


def describe(entry: dict[str, Any]) -> str:
    """A short description of an advanced-encryption entry: algorithm and key management (a phrase: the tool's
    words where the inventory records neither are said in the language of the output)."""
    from daicho.catalog.words import phrase

    return phrase("{algorithm}, {key}", algorithm=entry.get("algorithm") or phrase("recognised algorithm"),
                  key=entry.get("key_management") or phrase("key kept apart"))
