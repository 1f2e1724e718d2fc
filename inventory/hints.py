"""Did-you-mean hints for messages about manifests and keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from daicho.catalog.words import phrase


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or '' (a phrase: said in the message's language)."""
    match = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return phrase(" (did you mean '{match}'?)", match=match[0]) if match else ""


#: words people write for a flow's `basis` that name a relationship, not one of the bases (None: a provision to a
#: third party, which rests on one of three)
_BASIS_WORDS = {
    "third_party": None, "third-party": None, "provision": None, "第三者提供": None, "提供": None,
    "委託": "outsourcing", "entrustment": "outsourcing", "contractor": "outsourcing", "共同利用": "joint_use",
    "joint_user": "joint_use", "同意": "consent", "本人同意": "consent", "オプトアウト": "opt_out",
    "取得": "collection", "事業承継": "succession",
}


def basis_hint(word: object) -> str:
    """A hint for a `basis` that names the relationship, not the basis: `委託` is `outsourcing`; a provision to
    a third party rests on consent, an exception or opt-out (APPI 27). '' for another word."""
    text = str(word).strip().lower()
    if text not in _BASIS_WORDS:
        return ""
    match = _BASIS_WORDS[text]
    if match:
        return phrase(" (did you mean '{match}'?)", match=match)
    return phrase(" (a provision to a third party records the basis it rests on: consent, exception or opt_out)")
