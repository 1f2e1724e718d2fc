"""The checks' citations: `catalog.words.citations` (re-exported here, where the rule modules import them)."""

from daicho.catalog.words.citations import (
    CONFIRMED_2023_ANNEX_A,
    Citation,
    appi,
    cite,
    cite_all,
    japanese_clause,
    jipdec,
    jis2017,
    jis2023,
    order,
    ppc,
    rules,
)

__all__ = ["CONFIRMED_2023_ANNEX_A", "Citation", "appi", "cite", "cite_all", "japanese_clause", "jipdec", "jis2017",
           "jis2023", "order", "ppc", "rules"]
