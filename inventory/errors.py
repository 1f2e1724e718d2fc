"""daicho's own exceptions: the CLI turns each into one `Error: …` line and an exit code.

The code that raises one gives its message as a phrase (`catalog.words.phrase`): a `str` holding the English
text, said in the command's language where the CLI prints it (`cli.output.error`). A part of a message that is
words of the operating system or of a library is a phrase when the catalog knows it (`os_reason`,
`library_text`), else it is printed as it is.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

from daicho.catalog.words import N_, phrase, t

#: the operating system's and the database's reasons (the `strerror` of a failed open or write), for the catalog
OS_REASONS = frozenset((
    N_("No such file or directory"), N_("Permission denied"), N_("Is a directory"), N_("Not a directory"),
    N_("File exists"), N_("No space left on device"), N_("Read-only file system"), N_("Input/output error"),
    N_("Too many levels of symbolic links"), N_("File name too long"), N_("unable to open database file"),
    N_("Connection refused"),
))


def os_reason(text: str) -> str:
    """A reason of the operating system (`exc.strerror`) as a phrase when the catalog knows it, else as it is."""
    return phrase(text) if text in OS_REASONS else text


class LibraryText(str):
    """A library's own message (SQLAlchemy, a database driver): its text as it is in English, and in another
    language the catalog's words for what it means (`msgid` with `params`)."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, text: str, msgid: str, params: dict[str, Any]) -> LibraryText:
        self = super().__new__(cls, text)
        self.msgid, self.params = msgid, params
        return self

    def __reduce__(self) -> tuple:
        return (LibraryText, (str(self), self.msgid, self.params))

    def said(self, lang: str) -> str:
        """The library's text in English, the catalog's words in another language."""
        return str(self) if lang == "en" else t(lang, self.msgid, **self.params)


def library_text(text: str, msgid: str, **params: Any) -> LibraryText:
    """A library's message kept as it is in English, said from the catalog (`msgid`, marked `N_`) elsewhere."""
    return LibraryText(text, msgid, params)


class DaichoError(Exception):
    """Base of every error daicho reports to the user; its message (`message`) is a phrase when it has words."""

    exit_code = 1

    @property
    def message(self) -> str:
        """The message as raised (a phrase keeps its message id for the language it is printed in)."""
        return self.args[0] if self.args and isinstance(self.args[0], str) else str(self)


class StoreError(DaichoError):
    """The store cannot be opened, read or written."""


class UnknownKey(DaichoError):
    """A key names no record (the message carries a did-you-mean)."""


class AmbiguousKey(DaichoError):
    """A prefix matches several records."""


class ManifestError(DaichoError):
    """Manifests have problems; `problems` lists them."""

    exit_code = 2

    def __init__(self, problems: list, written: bool = False) -> None:
        """`written`: the command writes files (an import), not a store: "nothing was written"."""
        self.problems = problems
        n = len(problems)
        if written:
            message = (phrase("1 problem in the input; nothing was written") if n == 1
                       else phrase("{n} problems in the input; nothing was written", n=n))
        else:
            message = (phrase("1 problem in the manifests; nothing was loaded") if n == 1
                       else phrase("{n} problems in the manifests; nothing was loaded", n=n))
        super().__init__(message)


class RenderError(DaichoError):
    """A diagram cannot be rendered: Graphviz's `dot` is missing, fails or takes too long."""


class SelectorError(DaichoError):
    """A graph selector (`--select`) cannot be parsed or does not apply to the record it names."""


def make_folder(folder: Path) -> None:
    """Create `folder` and its parents if missing. A file standing where the folder belongs is said as `Not a
    directory` on the folder, as when it stands further up (mkdir says `File exists`, which misleads)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)) from exc


def import_target_problem(folder: Path, force: bool) -> str | None:
    """Why an import may not write its manifests into `folder`, or None: it is a file, or it already holds
    manifests and `force` was not given (a phrase; each importer raises it as its own error)."""
    if folder.exists() and not folder.is_dir():
        return phrase("{path}: not a folder", path=str(folder))
    existing = sorted(p.name for p in folder.glob("*.y*ml")) if folder.is_dir() else []
    if existing and not force:
        return phrase("{path} already holds manifests ({files}); import into a new folder, or pass --force to "
                      "replace the files an import writes", path=str(folder),
                      files=", ".join(existing[:3]) + (" …" if len(existing) > 3 else ""))
    return None
