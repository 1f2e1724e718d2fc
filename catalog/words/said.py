"""A result of computing code made ready for a file or JSON in one language: every phrase, place or joined list
in it said in that language (`catalog.words.say`), everything else (codes, keys, numbers) as it is."""

from __future__ import annotations

from typing import Any

from daicho.catalog.words import say


def said(value: Any, lang: str) -> Any:
    """`value` with every phrase, place or joined list in it said in `lang` (dicts, lists and tuples walked;
    tuples become lists, as JSON writes them)."""
    if isinstance(value, dict):
        return {k: said(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [said(v, lang) for v in value]
    return say(value, lang) if hasattr(value, "said") else value
