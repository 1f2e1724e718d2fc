"""Keys made from names: stable, ASCII, unique across every kind of record.

A Japanese name is romanised with pykakasi (Hepburn: 氏名 → ``shimei``, クレジットカード番号 →
``kurejittokaado_bangou``); other text is lower-cased, and anything but letters and digits becomes ``_``.
The same name always gives the same key, so importing the ledger again gives the same keys. When two
names give the same key, or a name gives none (only symbols), the later one gets a suffix made from a hash
of its name (``kojin_3f2a91``): stable too, whatever the order of the rows.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

from ..model import KEY_PATTERN

MAX_LENGTH = 48
_KEY = re.compile(KEY_PATTERN)
#: kana and kanji: text holding any is romanised
JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006]")


@cache
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()


def romanise(text: str) -> str:
    """`text` in Latin letters: Japanese romanised (Hepburn), everything else as it is (NFKC)."""
    text = unicodedata.normalize("NFKC", text)
    if not JAPANESE.search(text):
        return text
    return " ".join(part["hepburn"] or part["orig"] for part in _kakasi().convert(text))


def slug(text: str) -> str:
    """The key a name suggests: romanised, lower case, ``_`` between words, at most MAX_LENGTH characters."""
    ascii_text = unicodedata.normalize("NFKD", romanise(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}_{word}" if out else word
        if len(candidate) > MAX_LENGTH:
            break
        out = candidate
    return out or (words[0][:MAX_LENGTH] if words else "")


def name_hash(text: str) -> str:
    """Six hex digits that depend only on the name."""
    return hashlib.sha1(unicodedata.normalize("NFKC", text).encode("utf-8")).hexdigest()[:6]


def valid_key(text: str) -> bool:
    """Whether `text` may be a key as it is."""
    return bool(text) and len(text) <= 200 and bool(_KEY.match(text))


class KeyMaker:
    """Hands out one key per (kind, name), unique across kinds."""

    def __init__(self) -> None:
        self._given: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def key(self, kind: str, name: str, preferred: str | None = None) -> str:
        """The key of record `name` of `kind`: `preferred` when it is a free valid key, else the name's slug,
        else the slug with a hash of the name."""
        ident = (kind, unicodedata.normalize("NFKC", name).strip())
        if ident in self._given:
            return self._given[ident]
        base = slug(name)
        for candidate in (preferred if preferred and valid_key(preferred) else None, base,
                          f"{base}_{name_hash(name)}" if base else f"{kind}_{name_hash(name)}"):
            if candidate and candidate not in self._taken:
                break
        else:
            n = 2
            while f"{candidate}_{n}" in self._taken:
                n += 1
            candidate = f"{candidate}_{n}"
        self._given[ident] = candidate
        self._taken.add(candidate)
        return candidate

    def reserve(self, key: str) -> None:
        """Mark `key` as used (a key the file itself gives)."""
        self._taken.add(key)
