"""A problem found in manifests: where (file, line), a code and its parameters — language-neutral.

Validation, the reference checks and the YAML readers make problems with `problem(file, line, code, **params)`;
the text is made where it is written, `Problem.said(lang)` (the CLI, `daicho validate --lang ja`), from the
message catalog (`catalog/words`). `Problem.message` is the English text (tests, logs, other modules). A
parameter that is itself words (a did-you-mean hint, what a YAML value is, a reason) is a `phrase`, said in the
language of the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from daicho.catalog.words import N_, say, t


@dataclass(frozen=True)
class Location:
    """Where a record was declared: its manifest file and line (here, not in `validate`, so that readers such as
    `check` do not import the YAML reader for it)."""

    file: str
    line: int


#: problem code → English message (the catalog's message id)
MESSAGES: dict[str, str] = {
    # the document and its sections
    "not_sections": N_("a manifest is a mapping of sections (items:, flows: …)"),
    "unknown_section": N_("unknown section '{section}'{hint}"),
    "unsupported_format": N_("manifest format {value} is not supported (this daicho reads 1)"),
    "section_not_list": N_("section '{section}' must be a list of records"),
    "not_a_record": N_("expected a mapping of fields, got {kind}"),
    "second_organization": N_("a second organization (the first is at {first})"),
    "second_block": N_("a second '{section}' block (the first is at {first})"),
    "duplicate_key": N_("duplicate key '{key}' (first declared at {first})"),
    # fields (the model)
    "missing_field": N_("missing required field '{where}'"),
    "unknown_field": N_("unknown field '{where}'{hint}"),
    "not_one_of": N_("'{where}': expected one of {allowed}; got {shown}{hint}"),
    "bad_key": N_("'{where}': {shown} is not a valid key (letters, digits, '_', '-', '.')"),
    "invalid": N_("'{where}': {detail}"),
    "wrong_value": N_("'{where}': {detail}; got {shown}"),
    "invalid_document": N_("{detail}"),
    # references between records
    "unknown_reference": N_("{field}: unknown {kinds} '{value}'{hint}"),
    "own_parent": N_("{field}: recipient '{key}' cannot be its own parent"),
    "parent_not_contractor": N_("{field}: '{parent}' is not a contractor; only contractors sub-contract"),
    "subcontractor_without_parent": N_("sub-contractor '{key}' needs 'parents': the contractors that "
                                       "sub-contract to it"),
    "parent_cycle": N_("parents: sub-contracting goes round in a cycle: {cycle}"),
    "derives_from_itself": N_("derivation: item '{item}' cannot derive from itself"),
    "derivation_cycle": N_("derivations form a cycle: {cycle} (an item cannot be made from itself, even through "
                           "other items)"),
    "flow_to_itself": N_("flow '{key}' goes from '{source}' to itself"),
    "exception_needs_which": N_("basis 'exception' needs 'exception': which of APPI 27(1)(i)-(vii)"),
    "item_twice": N_("flow '{key}' lists an item twice"),
    "source_lacks_item": N_("flow '{key}' carries {items} but its source '{source}' neither stores nor receives it"),
    "source_lacks_items": N_("flow '{key}' carries {items} but its source '{source}' neither stores nor receives "
                             "them"),
    # files and YAML
    "duplicate_field": N_("duplicate field '{key}' in one mapping (first at line {first})"),
    "cannot_read": N_("cannot read: {reason}"),
    "not_utf8": N_("not UTF-8 text: byte 0x{byte} at column {column} ({reason}); save the file as UTF-8"),
    "yaml_syntax": N_("YAML syntax: {detail}"),
    "yaml_error": N_("YAML: {detail}"),
    "bad_character": N_("character U+{point} at column {column} is not allowed in YAML; write it as "
                        "\"\\u{point}\" in a double-quoted string"),
    "alias_bomb": N_("aliases repeat this value until the document holds over {budget} values (an alias bomb?); "
                     "write the repeated parts out, or repeat less"),
    "nul_text": N_("text holds a NUL character (\\x00), which the store cannot keep"),
    "empty_directory": N_("directory holds no .yaml, .yml or .json manifest"),
    "symlink_loop": N_("a symbolic link loop (the link leads back to itself), not a manifest file"),
    "broken_symlink": N_("a broken symbolic link (to {target}), not a manifest file"),
    "no_such_file": N_("no such file or directory"),
    "fifo": N_("a named pipe (FIFO), not a manifest file"),
    "device": N_("a device, not a manifest file"),
    "socket": N_("a socket, not a manifest file"),
    "not_regular": N_("not a regular file"),
}


@dataclass(frozen=True)
class Problem:
    """One problem in a manifest: file, line (0: the file as a whole), code and parameters."""

    file: str
    line: int
    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def message(self) -> str:
        """The message in English."""
        return self.said("en")

    def said(self, lang: str) -> str:
        """The message in `lang`."""
        return t(lang, MESSAGES[self.code], **dict(self.params))

    def shown(self, lang: str = "en") -> str:
        """`file:line: message` in `lang` (`file: message` for the file as a whole)."""
        message = self.said(lang)
        return f"{self.file}:{self.line}: {message}" if self.line else f"{self.file}: {message}"

    def to_dict(self) -> dict[str, Any]:
        """For JSON: file, line, code, parameters (as English text) and the English message."""
        return {"file": self.file, "line": self.line, "code": self.code,
                "params": {k: v if isinstance(v, int) else say(v, "en") for k, v in self.params},
                "message": self.message}

    def __str__(self) -> str:
        return self.shown("en")


def problem(file: str, line: int, code: str, **params: Any) -> Problem:
    """A problem at `file:line` with the message `MESSAGES[code]` filled from `params`."""
    if code not in MESSAGES:
        raise KeyError(f"no problem message {code!r}")
    return Problem(file, line, code, tuple(params.items()))


def sort_key(p: Problem) -> tuple[str, int, str]:
    """Problems in the order they are shown: by file, line, then message."""
    return p.file, p.line, p.message
