"""The everyday errors in the language of the command: store paths and URLs that cannot be opened, writes that
fail, manifests with problems, Graphviz missing.

The modules that raise them (inventory.store, store_guard, db, catalog.diagram.render) write English; here, at
the edge where `Error: …` is printed, a known message is matched and said again from the catalog with the same
parts (the store as shown — a password already replaced by *** — the path, the operating system's reason).
A message not known here is printed as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from daicho.catalog.words import N_, joined, phrase, say, t

#: (pattern of the English message, its message id); the first that matches whole wins
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"cannot open store (?P<store>.+?): the folder (?P<folder>.+) does not exist",
     N_("cannot open store {store}: the folder {folder} does not exist")),
    (r"cannot open store (?P<store>.+?): it is a directory, not an SQLite file",
     N_("cannot open store {store}: it is a directory, not an SQLite file")),
    (r"cannot open store (?P<store>.+?): it is not a regular file \(a device, pipe or socket\)",
     N_("cannot open store {store}: it is not a regular file (a device, pipe or socket)")),
    (r"(?P<store>.+) is an empty file, not a daicho store; remove it or give another --db",
     N_("{store} is an empty file, not a daicho store; remove it or give another --db")),
    (r"no inventory in (?P<store>.+); load one first: daicho load PATH \(or daicho demo for the bundled example\)",
     N_("no inventory in {store}; load one first: daicho load PATH (or daicho demo for the bundled example)")),
    (r"the store (?P<store>.+) is busy: another load is running or committing \(waited (?P<seconds>\S+) s\); "
     r"try again when it has finished",
     N_("the store {store} is busy: another load is running or committing (waited {seconds} s); try again when "
        "it has finished")),
    (r"(?P<store>.+) is not an SQLite database \(nor a daicho store\)",
     N_("{store} is not an SQLite database (nor a daicho store)")),
    (r"(?P<store>.+) is not a daicho store: it holds other tables \((?P<tables>.*)\); give a new file or an empty "
     r"database with --db",
     N_("{store} is not a daicho store: it holds other tables ({tables}); give a new file or an empty database "
        "with --db")),
    (r"cannot open store (?P<store>.+?): Can't load plugin: sqlalchemy\.dialects:(?P<scheme>.+)",
     N_("cannot open store {store}: no database driver for '{scheme}' (use a path, sqlite:///… or "
        "postgresql://…)")),
    (r"cannot open store (?P<store>.+?): (?P<reason>.+)", N_("cannot open store {store}: {reason}")),
    (r"load failed, the store is unchanged: (?P<reason>.+)", N_("load failed, the store is unchanged: {reason}")),
    (r"cannot write (?P<target>.+?): (?P<reason>[^:]+)", N_("cannot write {target}: {reason}")),
    (r"rendering (?P<format>\w+) needs Graphviz's dot: (?P<rest>.+)",
     N_("rendering {format} needs Graphviz's dot (install graphviz), or use -f dot or -f mermaid")),
    (r"Graphviz took over (?P<seconds>\S+) s to lay out (?P<n>\d+) nodes; narrow the diagram with --depth or a "
     r"focus \(--item, --system, --recipient\)",
     N_("Graphviz took over {seconds} s to lay out {n} nodes; narrow the diagram with --depth or a focus (--item, "
        "--system, --recipient)")),
    (r"Graphviz failed to render (?P<format>\w+): (?P<detail>.+)", N_("Graphviz failed to render {format}: {detail}")),
    (r"unknown diagram format '(?P<format>[^']*)' \(use one of (?P<formats>.+)\)",
     N_("unknown diagram format '{format}' (use one of {formats})")),
    (r"(?P<format>\w+) is binary or needs a file: give -o FILE\.(?P<ext>\w+) \(only dot and mermaid go to stdout\)",
     N_("{format} is binary or needs a file: give -o FILE.{ext} (only dot and mermaid go to stdout)")),
    (r"no (?P<what>[a-z ]+?) '(?P<key>.*)'; did you mean (?P<match>.+)\?",
     N_("no {what} '{key}'; did you mean {match}?")),
    (r"no (?P<what>[a-z ]+?) '(?P<key>.*)'", N_("no {what} '{key}'")),
    (r"'(?P<key>.*)' matches (?P<n>\d+) (?P<what>[a-z ]+?)s: (?P<shown>.+)",
     N_("'{key}' matches {n} {what}s: {shown}")),
    (r"interrupted; the store is unchanged", N_("interrupted; the store is unchanged")),
    (r"interrupted", N_("interrupted")),
)
#: the operating system's and the database's reasons (the `strerror` of a failed open or write)
REASONS = (
    N_("No such file or directory"), N_("Permission denied"), N_("Is a directory"), N_("Not a directory"),
    N_("File exists"), N_("No space left on device"), N_("Read-only file system"), N_("Input/output error"),
    N_("Too many levels of symbolic links"), N_("File name too long"), N_("standard output"),
    N_("unable to open database file"), N_("Connection refused"),
)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), msgid) for pattern, msgid in PATTERNS)


#: the kinds of record a key may name (catalog.resolved.records.resolve), for 'no item …'
RECORDS = (N_("record"), N_("item"), N_("system"), N_("recipient"), N_("collection point"), N_("purpose"),
           N_("subject"), N_("process"), N_("flow"))


def _part(name: str, value: str) -> str:
    """A matched part: a reason the catalog knows said as a phrase; paths, stores and codes as they are."""
    if name == "what":
        parts = value.split(" or ")
        if all(p in RECORDS for p in parts):
            return joined(" or ", [phrase(p) for p in parts])
        return value
    if name == "match":
        return joined(" or ", value.split(" or "))
    if name in ("reason", "target") and value in REASONS:
        return phrase(value)
    if name == "reason" and "Connection refused" in value:
        return phrase("the database server refused the connection")
    return value


def error_text(message: str, lang: str) -> str:
    """An error message in `lang`: a phrase said in it, a known English message said again, else as it is."""
    said = say(message, lang)
    if lang == "en" or said != str(message):
        return said
    for pattern, msgid in _compiled():
        found = pattern.fullmatch(message)
        if found:
            return t(lang, msgid, **{k: _part(k, v) for k, v in found.groupdict().items() if "{" + k + "}" in msgid})
    return message


def manifest_summary(count: int, lang: str) -> str:
    """'3 problems in the manifests; nothing was loaded' in `lang`."""
    if count == 1:
        return t(lang, "1 problem in the manifests; nothing was loaded")
    return t(lang, "{n} problems in the manifests; nothing was loaded", n=count)


def problem_count(count: int, lang: str) -> str:
    """'3 problems' in `lang`."""
    return t(lang, "1 problem") if count == 1 else t(lang, "{n} problems", n=count)
