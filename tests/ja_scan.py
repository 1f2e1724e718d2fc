"""Shared helpers of the tests that look for the tool's own English in Japanese output: the visible text of an
HTML page, and the English-run scanner of tests/test_words_checks.py (runs of three English words that are not
the inventory's own text, not code, not a standard's name)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from test_words_checks import _inventory_strings as inventory_strings
from test_words_checks import english_runs

__all__ = ["english_runs", "inventory_strings", "visible_text", "page_english_runs"]

#: citation ids as the Japanese pack writes them, and rule ids: codes, not sentences
_CITATION = re.compile(r"(?:PPC General Guideline|ガイドライン)[^;；\n]*|DAI\d{3}")


class _Text(HTMLParser):
    """The text a reader sees: no <script>/<style> content, no tags, no attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The visible text of a page, one piece of text a line (script and style content, tags and attributes
    left out)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "\n".join(p.strip() for p in parser.parts if p.strip())


def page_english_runs(html: str, inventory: list[str]) -> list[str]:
    """The English runs of the tool's own in the visible text of `html` (citation and rule ids left out)."""
    return english_runs(_CITATION.sub(" ", visible_text(html)), inventory)
