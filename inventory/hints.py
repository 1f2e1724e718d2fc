"""Did-you-mean hints for messages about manifests and keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from daicho.catalog.words import phrase


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or '' (a phrase: said in the message's language)."""
    match = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return phrase(" (did you mean '{match}'?)", match=match[0]) if match else ""
