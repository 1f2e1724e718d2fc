"""Location codes a manifest may write: where a party is registered, where data is kept.

A location is one of:

* an ISO 3166-1 alpha-2 country code (``JP``, ``US``, ``GB``), checked against pycountry;
* a named region: ``EU`` (the EU member states) or ``EEA`` (EU + Iceland, Liechtenstein, Norway) — for a
  provider that states only "in the EU";
* ``unknown``: the source does not say (written explicitly, so a reviewer sees it was asked);
* ``per_customer``: the customer chooses the hosting region (only for where data is kept).

Nothing is ever defaulted: a field left out is "not recorded" and reads as ``unknown``.
"""

from __future__ import annotations

import difflib
from functools import cache

UNKNOWN = "unknown"
PER_CUSTOMER = "per_customer"
REGIONS = {"EU": "European Union", "EEA": "European Economic Area"}
SPECIAL = (UNKNOWN, PER_CUSTOMER)

#: common codes that are not ISO 3166-1 alpha-2, with the code meant
_ALIASES = {"UK": "GB", "EL": "GR", "USA": "US", "JPN": "JP", "GBR": "GB", "DEU": "DE", "FRA": "FR"}


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code (from pycountry)."""
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def check_location(value: str, *, hosting: bool = True, country_only: bool = False) -> str:
    """`value` when it is a valid location code, else ValueError with a did-you-mean.

    `hosting` allows ``per_customer``; `country_only` allows only ISO country codes.
    """
    if value in country_codes():
        return value
    if not country_only and (value in REGIONS or value == UNKNOWN or (hosting and value == PER_CUSTOMER)):
        return value
    allowed = "an ISO 3166-1 alpha-2 country code (e.g. JP, US, GB)"
    if not country_only:
        allowed += ", a region (EU, EEA), 'unknown'" + (" or 'per_customer'" if hosting else "")
    hint = _hint(value, hosting=hosting, country_only=country_only)
    raise ValueError(f"{value!r} is not {allowed}{hint}")


def _hint(value: str, *, hosting: bool, country_only: bool) -> str:
    upper = value.upper()
    if upper in _ALIASES:
        return f"; did you mean '{_ALIASES[upper]}'?"
    if upper != value and upper in country_codes() | (set() if country_only else set(REGIONS)):
        return f"; did you mean '{upper}'?"
    words = [] if country_only else [UNKNOWN, *([PER_CUSTOMER] if hosting else [])]
    match = difflib.get_close_matches(value.lower(), words, n=1, cutoff=0.6)
    if match:
        return f"; did you mean '{match[0]}'?"
    import pycountry

    try:
        found = pycountry.countries.search_fuzzy(value) if len(value) > 3 else []
    except LookupError:
        found = []
    return f"; did you mean '{found[0].alpha_2}' ({found[0].name})?" if found else ""
