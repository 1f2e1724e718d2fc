"""The ledger's cell values before a language is chosen: what the row builders make, said where a ledger is
written (`say(value, lang)`).

A cell holds plain text (the inventory's own: keys, departments, notes, dates), numbers, or one of these values,
each of which says itself in a language (`said(lang)`):

* `Word` — a word of the tool's, a message id of `ledger_labels` (有, 委託先, 記録なし …);
* `Name` — a record's name as the inventory holds it in English and Japanese;
* `Country` — a location code said as `ledger_labels.country_name` says it;
* `Clause` — an APPI 27(1) exception ("27(1)(i)" in English, 法27条1項1号 in Japanese: `cite`);
* `Line` — a message with parameters ("source: {source}" → "取得元: …");
* `Cat` — parts written one after the other (structure the same in every language: "A (B)", "A: B");
* `Join` — parts joined by a separator (a message id such as `LIST`: ", " / "、"), repeated ones optionally once;
* `Lines` — lines of a multi-line cell: repeated lines once, sorted in the language when asked, the first one
  after a word ("有: …"), a word when there are none ("無").

Values a row builder keeps and reuses across rows (a system's storage line, a flow's foreign line) are wrapped
in `Kept`, which remembers what it said in each language; a `Lines` made `kept` (the same contractors,
provisions or foreign lines on many rows: `ledger_index.Index.lines`) does the same.
"""

from __future__ import annotations

from typing import Any

from daicho.catalog.review.ledger_labels import LIST, WORDS, country_name, tr


def say(value: Any, lang: str) -> str:
    """A cell value as text in `lang` (None as empty text)."""
    if value.__class__ is str:
        return value
    if value is None:
        return ""
    said = getattr(value, "said", None)
    return said(lang) if said is not None else str(value)


class Word:
    """A word of the tool's (a message id), said through the catalog."""

    __slots__ = ("msgid", "_said")

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid
        self._said: dict[str, str] = {}

    def said(self, lang: str) -> str:
        text = self._said.get(lang)
        if text is None:
            text = self._said[lang] = tr(lang, self.msgid)
        return text

    def __repr__(self) -> str:
        return f"Word({self.msgid!r})"


_WORDS = {key: Word(msgid) for key, msgid in WORDS.items()}


def W(key: str | None) -> Word | str:  # noqa: N802 - reads as the word it stands for
    """The `Word` of a vocabulary key (`ledger_labels.WORDS`); an unknown key as it is, None as empty text."""
    if key is None:
        return ""
    found = _WORDS.get(key)
    return found if found is not None else str(key)


class Name:
    """A record's name as recorded (its `get(lang)`: Japanese, else English, and the other way round)."""

    __slots__ = ("text",)

    def __init__(self, text: Any) -> None:
        self.text = text

    def said(self, lang: str) -> str:
        return self.text.get(lang)

    def __repr__(self) -> str:
        return f"Name({self.text.get('en')!r})"


class Country:
    """A location code (a country, a region, unknown) said as `country_name` says it."""

    __slots__ = ("code",)

    def __init__(self, code: str | None) -> None:
        self.code = code

    def said(self, lang: str) -> str:
        return country_name(self.code, lang)

    def __repr__(self) -> str:
        return f"Country({self.code!r})"


class Clause:
    """An APPI 27(1) exception as recorded ("27(1)(i)"): as it is in English, cited in Japanese (法27条1項1号)."""

    __slots__ = ("clause",)

    def __init__(self, clause: str) -> None:
        self.clause = clause

    def said(self, lang: str) -> str:
        if lang == "en":
            return self.clause
        from daicho.catalog.checks.citations import appi, cite

        return cite(appi(self.clause), lang)


class Line:
    """A message of `ledger_labels` with its parameters, each said in the same language."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid, self.params = msgid, params

    def said(self, lang: str) -> str:
        return tr(lang, self.msgid).format_map({k: v if v.__class__ is str else say(v, lang)
                                                for k, v in self.params.items()})


class Cat:
    """Parts written one after the other (text, or values that say themselves: never None)."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Any) -> None:
        self.parts = parts

    def said(self, lang: str) -> str:
        return "".join([p if p.__class__ is str else p.said(lang) for p in self.parts])


class Join:
    """Parts (text or values, never None) joined by a separator: literal text, or a `Word` (`LIST`: ", " /
    "、"); `once`: each text once."""

    __slots__ = ("sep", "parts", "once")

    def __init__(self, sep: str | Word, parts: Any, once: bool = False) -> None:
        self.sep, self.parts, self.once = sep, list(parts), once

    def said(self, lang: str) -> str:
        texts = [p if p.__class__ is str else p.said(lang) for p in self.parts]
        return say(self.sep, lang).join(dict.fromkeys(texts) if self.once else texts)


class Lines:
    """The lines of a multi-line cell: each entry said (a `Lines` entry gives its own lines), repeated lines once
    (`once`), sorted in the language (`sort`); the first line after `first: `, `empty` when there are none."""

    __slots__ = ("entries", "sort", "first", "empty", "once", "_kept", "_lang", "_text", "_flat")

    def __init__(self, entries: Any, sort: bool = False, first: Any = None, empty: Any = None,
                 once: bool = True, kept: bool = False) -> None:
        self.entries, self.sort, self.first, self.empty, self.once = list(entries), sort, first, empty, once
        self._kept = kept  # rows share it: said once a language (the last one's text kept, as `Kept`)
        self._lang: str | None = None
        self._text = ""
        # one entry a line as they are: said without the work of `lines`
        self._flat = not once and not sort and first is None and empty is None and \
            not any(e.__class__ is Lines for e in self.entries)

    def lines(self, lang: str) -> list[str]:
        """The cell's lines in `lang`."""
        if not self.entries:
            return [] if self.empty is None else [say(self.empty, lang)]
        out: list[str] = []
        for entry in self.entries:
            kind = entry.__class__
            if kind is str:
                out.append(entry)
            elif kind is Lines:
                out += entry.lines(lang)
            else:
                out.append(entry.said(lang))
        if self.once and len(out) > 1:
            out = list(dict.fromkeys(out))
        if self.sort:
            out.sort()
        if out and self.first is not None:
            out[0] = f"{say(self.first, lang)}: {out[0]}"
        if not out and self.empty is not None:
            out = [say(self.empty, lang)]
        return out

    def said(self, lang: str) -> str:
        if self._lang == lang:
            return self._text
        if self._flat:
            text = "\n".join([e if e.__class__ is str else e.said(lang) for e in self.entries])
        else:
            text = "\n".join(self.lines(lang))
        if self._kept:
            self._lang, self._text = lang, text
        return text

    def __bool__(self) -> bool:
        return bool(self.entries) or self.empty is not None


class Kept:
    """A value reused by many rows: said once per language (the last language's text kept beside the value: a
    ledger is written in one, and a look-up in a dict of its own per value cost more than the rest of `said`)."""

    __slots__ = ("value", "_lang", "_text")

    def __init__(self, value: Any) -> None:
        self.value = value
        self._lang: str | None = None
        self._text = ""

    def said(self, lang: str) -> str:
        if self._lang == lang:
            return self._text
        text = self._text = say(self.value, lang)
        self._lang = lang
        return text


def cell(value: Any, lang: str) -> Any:
    """A row's field as a writer's cell in `lang`: a list one entry a line, a value said, numbers kept."""
    if value.__class__ is list:
        return "\n".join([say(v, lang) for v in value])
    said = getattr(value, "said", None)
    return said(lang) if said is not None else value


def lines(value: Any, lang: str) -> Any:
    """A row's field in `lang` as the rows of old held it: a list of lines for a list or `Lines`, else text."""
    if value.__class__ is list:
        return [say(v, lang) for v in value]
    if value.__class__ is Lines:
        return value.lines(lang)
    return cell(value, lang)


#: the separator of a list inside one line: ", " in English, "、" in Japanese
LIST_SEP = Word(LIST)
