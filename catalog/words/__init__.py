"""The tool's words in English and Japanese: gettext message catalogs, English as the message id.

Computing code stays language-neutral (codes, keys, numbers, parameters); text is made where output is written:

    t("ja", "{n} findings", n=3)          # the catalog's Japanese, its placeholders filled
    pt("ja", "heading", "registered in")  # the same English said otherwise in a context ("heading|registered in")
    gettext("ja").gettext("error")      # the stdlib translations object of a language

The catalog is `locale/<lang>/LC_MESSAGES/daicho.po` (a translator edits it), compiled to `daicho.mo` (read at
run time by the standard library; `make translations` extracts, updates and compiles with Babel). English needs no
catalog: an untranslated message prints as its English id.

Computing code that must hand over a sentence marks it with `phrase(msgid, **params)`: a `Phrase` is a `str`
holding the English text (so code that formats or compares it keeps working) and says itself in another language
with `say(value, lang)`. `Place(code)` is the same for a location (its English name; `location_title` in `lang`).
"""

from __future__ import annotations

import gettext as _gettext
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

#: the languages the tool writes
LANGS = ("en", "ja")
#: the gettext domain and the folder of the catalogs
DOMAIN = "daicho"
LOCALE_DIR = Path(__file__).parent / "locale"


@lru_cache(maxsize=8)
def gettext(lang: str) -> _gettext.NullTranslations:
    """The translations of `lang` (English and unknown languages: the message ids themselves)."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def t(lang: str, msgid: str, **params: Any) -> str:
    """`msgid` in `lang`, its `{placeholders}` filled from `params` (each said in `lang`: phrases, places)."""
    if not msgid:
        return ""
    text = gettext(lang).gettext(msgid) if lang != "en" else msgid
    if not params:
        return text
    return text.format_map({k: say(v, lang) for k, v in params.items()})


def pt(lang: str, context: str, msgid: str, **params: Any) -> str:
    """`msgid` in `lang` in a `context`: the same English words said otherwise where they are, e.g. a column
    heading (`pt(lang, "heading", "registered in")` → 所在国（登録）, where "registered in" alone is 所在国).
    The catalog's id is `context|msgid`, the project's convention for a context (as the pack's "count|{n}" and
    the ledger's "answer|No"); English and an untranslated entry: `msgid` itself."""
    said = t(lang, f"{context}|{msgid}", **params) if lang != "en" else t(lang, msgid, **params)
    return said.removeprefix(f"{context}|")


def NC_(context: str, msgid: str) -> str:
    """Marks a message id with its context for extraction (`context|msgid`; said with `pt(lang, context, msgid)`)."""
    return msgid


def N_(msgid: str) -> str:
    """Marks a message id for extraction without translating it (translated later, where it is written)."""
    return msgid


class Phrase(str):
    """A sentence part made by computing code: its English text, and the message id and parameters to say it in
    another language (`say`)."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: dict[str, Any]) -> Phrase:
        self = super().__new__(cls, msgid.format_map(params) if params else msgid)
        self.msgid, self.params = msgid, params
        return self

    def __reduce__(self) -> tuple:
        return (Phrase, (self.msgid, self.params))

    def said(self, lang: str) -> str:
        return str(self) if lang == "en" else t(lang, self.msgid, **self.params)


def phrase(msgid: str, **params: Any) -> Phrase:
    """A phrase for a message: English now, any language where it is written."""
    return Phrase(msgid, params)


class Place(str):
    """A location by name (a country, a region, "location unknown"): its English name, its code kept."""

    code: str

    def __new__(cls, code: str | None) -> Place:
        from daicho.catalog.resolved.countries import location_title

        self = super().__new__(cls, location_title(code or "unknown") or str(code))
        self.code = code or "unknown"
        return self

    def __reduce__(self) -> tuple:
        return (Place, (self.code,))

    def said(self, lang: str) -> str:
        from daicho.catalog.resolved.countries import location_title

        return str(self) if lang == "en" else location_title(self.code, lang) or self.code


class Joined(str):
    """Parts joined by a separator (`; `, `, `, ` or `): each part said in the language where it is written."""

    parts: tuple[Any, ...]
    sep: str

    def __new__(cls, sep: str, parts: Any) -> Joined:
        parts = tuple(parts)
        self = super().__new__(cls, sep.join(str(p) for p in parts))
        self.parts, self.sep = parts, sep
        return self

    def __reduce__(self) -> tuple:
        return (Joined, (self.sep, self.parts))

    def said(self, lang: str) -> str:
        sep = self.sep if lang == "en" else _JA_SEPARATORS.get(self.sep, self.sep)
        return sep.join(say(p, lang) for p in self.parts)


#: separators in Japanese
_JA_SEPARATORS = {", ": "、", "; ": "；", " or ": "または", " and ": "と", " and no ": "、"}


def joined(sep: str, parts: Any) -> Joined:
    """`sep.join(parts)` that keeps its parts for translation (`, `, `; `, ` or `, ` and `, ` and no `)."""
    return Joined(sep, parts)


def say(value: Any, lang: str) -> str:
    """A value in `lang`: a phrase, place or joined list said in it, anything else as text."""
    said = getattr(value, "said", None)
    if said is not None:
        return said(lang)
    return str(value)


def default_lang(environ: dict[str, str] | None = None) -> str:
    """The language when none is given: `DAICHO_LANG`, else the locale (`LC_ALL`, `LANG` ja_* → ja), else en."""
    env = os.environ if environ is None else environ
    chosen = (env.get("DAICHO_LANG") or "").strip().lower()
    if chosen in LANGS:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name) or ""
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"
