"""What reading Fides manifests back needs in more than one place: keys, names, system kinds."""

from __future__ import annotations

import re
from typing import Any

_KEY_BAD = re.compile(r"[^A-Za-z0-9_.\-]")
_THIRD_PARTY = re.compile(r"third.?party|vendor|partner", re.IGNORECASE)
_SYSTEM_KINDS = (("database", "database"), ("saas", "saas"), ("file", "file_share"), ("paper", "paper_cabinet"),
                 ("application", "application"), ("service", "application"))
USER = "user"


def _key(value: str) -> str:
    """A daicho key from a Fides key or field name (letters, digits, _ . -; starting with a letter or digit)."""
    key = _KEY_BAD.sub("_", str(value)).lstrip("_.-")
    return key or "x"


def _named(current: Any, fides_name: str) -> dict[str, Any]:
    """A bilingual name whose English text is Fides's (the Japanese text kept)."""
    name = dict(current) if isinstance(current, dict) else {}
    if name.get("en") != fides_name and name.get("ja") != fides_name:
        name["en"] = fides_name
    return name or {"en": fides_name}


def system_kind(system_type: str | None) -> str:
    """A daicho system kind from a Fides system_type ('other' when nothing matches)."""
    lowered = (system_type or "").lower()
    return next((kind for word, kind in _SYSTEM_KINDS if word in lowered), "other")


def is_third_party(system: dict[str, Any]) -> bool:
    """A Controller system run by someone else: its system_type names a third party, vendor or partner."""
    return bool(_THIRD_PARTY.search(system.get("system_type") or ""))
