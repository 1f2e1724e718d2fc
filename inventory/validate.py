"""Validate manifests: every problem at once, each as `file:line: message`.

Validation never writes. It returns the merged `Inventory` (when there is no problem),
the problems, and where each record was declared (for messages, SARIF and `show`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from daicho.catalog.words import N_, phrase
from pydantic import BaseModel, ValidationError

from .hints import basis_hint, did_you_mean
from .model import BLOCKS, KEY_PATTERN, KEYED_SECTIONS, Derivation, Flow, Inventory, LocalText, Organization
from .problems import Location, Problem, problem, sort_key
from .yamlread import LineDict, LineList, manifest_files, read_yaml

#: progress(step, done, total), as Store.load takes it
Progress = Callable[[str, int, int], None]

_PYTHON_TYPE = re.compile(r" or instance of \w+")
SECTIONS = ("daicho", "organization", *KEYED_SECTIONS, "flows", "derivations", *BLOCKS)
FORMAT_VERSION = 1


@dataclass
class ValidationResult:
    inventory: Inventory | None
    problems: list[Problem]
    locations: dict[str, Location] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _model_fields(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _submodel(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class found by following field names in `loc` (skipping list indexes)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fields = {f.alias or n: f for n, f in current.model_fields.items()}
        if part not in fields:
            return None
        nested = None
        for arg in getattr(fields[part].annotation, "__args__", None) or [fields[part].annotation]:
            for inner in getattr(arg, "__args__", None) or [arg]:
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    nested = inner
        current = nested
    return current


def _takes_text(model: type[BaseModel], loc: tuple, nested: type[BaseModel]) -> bool:
    """Whether the field at `loc` also takes a plain text: a name (`LocalText`: a text, or its languages), or a
    field typed as a text or a block."""
    if nested is LocalText:
        return True
    parent = _submodel(model, loc[:-1]) if len(loc) > 1 else model
    field = {f.alias or n: f for n, f in parent.model_fields.items()}.get(loc[-1]) if parent else None
    args = (getattr(field.annotation, "__args__", None) or [field.annotation]) if field else []
    return any(inner is str for arg in args for inner in (getattr(arg, "__args__", None) or [arg]))


def kind_of(value: object) -> str:
    """What a YAML value is, in the words of the manifest format (never a Python type name); a phrase."""
    if value is None:
        return phrase("nothing (an empty value)")
    if isinstance(value, dict):
        return phrase("a mapping")
    if isinstance(value, list):
        return phrase("a list")
    if isinstance(value, bool):
        return phrase("true/false ({value})", value=str(value).lower())
    if isinstance(value, (int, float)):
        return phrase("a number ({value})", value=repr(value))
    if isinstance(value, str):
        return phrase("text {value}", value=repr(value))
    return phrase("a {kind} value", kind=type(value).__name__)


def _line_at(node: object, loc: tuple, default: int) -> int:
    line = default
    for part in loc:
        in_dict = isinstance(node, LineDict) and part in node
        if in_dict or (isinstance(node, LineList) and isinstance(part, int) and part < len(node)):
            line, node = node.line_of(part), node[part]
        else:
            break
    return line


#: pydantic's messages (first letter lowered) of the value errors a manifest meets, for the catalog
_PYDANTIC = (
    N_("input should be a valid string"), N_("input should be a valid integer"),
    N_("input should be a valid integer, unable to parse string as an integer"),
    N_("input should be a valid integer, got a number with a fractional part"),
    N_("input should be a valid number"), N_("input should be a valid number, unable to parse string as a number"),
    N_("input should be a valid boolean"), N_("input should be a valid boolean, unable to interpret input"),
    N_("input should be a valid list"), N_("input should be a valid dictionary"),
    N_("input should be a valid date"), N_("input should be a valid date or datetime, {error}"),
    N_("input should be {expected}"), N_("string should have at most {max_length} characters"),
    N_("string should have at least {min_length} characters"), N_("string should match pattern '{pattern}'"),
    N_("input should be a finite number"),
)
#: pydantic's inner reasons (a date's), and the model's own value errors
_REASONS = (
    N_("input is too short"), N_("month value is outside expected range of 1-12"),
    N_("day value is outside expected range"), N_("invalid character in year"), N_("invalid character in month"),
    N_("invalid character in day"), N_("input is too long"), N_("unexpected extra characters at the end of the input"),
    N_("give the text in at least one language (en or ja)"), N_("name either a `flow` or a `recipient`"),
    N_("mechanism 'derogation' needs `derogation`: which of Art. 49(1)"),
)
_KNOWN = frozenset(_PYDANTIC + _REASONS)
#: inventory.locations.check_location's message
_LOCATION = re.compile(r"^(?P<value>'[^']*'|\"[^\"]*\") is not (?P<allowed>.+?)"
                       r"(?:; did you mean '(?P<match>[^']+)'\?)?$")
_ALLOWED = (
    N_("an ISO 3166-1 alpha-2 country code (e.g. JP, US, GB)"),
    N_("an ISO 3166-1 alpha-2 country code (e.g. JP, US, GB), a region (EU, EEA), 'unknown' or 'per_customer'"),
    N_("an ISO 3166-1 alpha-2 country code (e.g. JP, US, GB), a region (EU, EEA), 'unknown'"),
)


def _said(text: str, ctx: dict | None = None) -> str:
    """pydantic's (or the model's) English text as a phrase when the catalog knows it, else as it is."""
    if text in _KNOWN:
        return phrase(text)
    for msgid in _PYDANTIC:
        if "{" in msgid and ctx:
            params = {k: (_said(str(v)) if k == "error" else v) for k, v in ctx.items() if "{" + k + "}" in msgid}
            said = phrase(msgid, **params)
            if str(said) == text:
                return said
    return text


def _value_error(text: str) -> str:
    """A model validator's message as a phrase (a location's with its parts)."""
    found = _LOCATION.match(text)
    if found and found["allowed"] in _ALLOWED:
        hint = phrase("; did you mean '{match}'?", match=found["match"]) if found["match"] else ""
        said = phrase("{value} is not {allowed}{hint}", value=found["value"], allowed=phrase(found["allowed"]),
                      hint=hint)
        if str(said) == text:
            return said
    return _said(text)


def _describe(error: dict, model: type[BaseModel]) -> tuple[str, dict]:
    """The problem code and parameters of one pydantic error."""
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")
    kind = error["type"]
    if kind == "missing":
        return "missing_field", {"where": where}
    if kind == "extra_forbidden":
        parent = _submodel(model, loc[:-1])
        hint = did_you_mean(loc[-1], _model_fields(parent)) if parent else ""
        return "unknown_field", {"where": where, "hint": hint}
    value = error.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) and value is not None else kind_of(value)
    message = _PYTHON_TYPE.sub("", error["msg"])  # "or instance of LocalText": a class name, not the format's
    if kind == "enum":
        allowed = re.findall(r"'([^']+)'", message)
        hint = did_you_mean(value, allowed) or (basis_hint(value) if loc and loc[-1] == "basis" else "")
        return "not_one_of", {"where": where, "allowed": ", ".join(allowed), "shown": shown, "hint": hint}
    if kind == "value_error":
        return "invalid", {"where": where, "detail": _value_error(str(error["ctx"]["error"]))}
    nested = _submodel(model, loc) if kind in ("model_type", "dict_type") and loc else None
    if nested is not None:  # a text where a block of fields belongs (`retention: 5 years`): name the fields
        fields = ", ".join(_model_fields(nested))
        detail = (phrase("input should be a text, or a mapping of its fields ({fields})", fields=fields)
                  if _takes_text(model, loc, nested) else phrase("input should be a mapping of its fields ({fields})",
                                                         fields=fields))
        return "wrong_value", {"where": where, "shown": shown, "detail": detail}
    if kind == "string_pattern_mismatch" and (loc and loc[-1] in ("key", "from", "to")
                                              or (error.get("ctx") or {}).get("pattern") == KEY_PATTERN):
        return "bad_key", {"where": where, "shown": shown}
    detail = _said(message[0].lower() + message[1:], error.get("ctx"))
    if where:
        return "wrong_value", {"where": where, "detail": detail, "shown": shown}
    return "invalid_document", {"detail": _said(message)}


class Collector:
    """Accumulates records and problems across manifest files."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.sections: dict[str, list] = {name: [] for name in (*KEYED_SECTIONS, "flows", "derivations")}
        self.organization: Organization | None = None
        self.locations: dict[str, Location] = {}
        self.field_lines: dict[int, LineDict] = {}
        self.broken_keys: dict[str, set[str]] = {name: set() for name in self.sections}
        self.blocks: dict[str, tuple[BaseModel, str, int]] = {}  # gdpr, data_categories: (record, file, line)

    def problem(self, file: str, line: int, code: str, **params: object) -> None:
        """Add the problem `code` (inventory.problems.MESSAGES) at file:line."""
        self.problems.append(problem(file, line, code, **params))

    def add_document(self, file: str, document: object) -> None:
        if document is None:
            return
        if not isinstance(document, LineDict):
            self.problem(file, getattr(document, "line", 1), "not_sections")
            return
        for section, value in document.items():
            line = document.line_of(section)
            if section not in SECTIONS:
                self.problem(file, line, "unknown_section", section=section, hint=did_you_mean(section, SECTIONS))
            elif section == "daicho":
                if value != FORMAT_VERSION:
                    self.problem(file, line, "unsupported_format", value=repr(value))
            elif section == "organization":
                self._add_organization(file, line, value)
            elif section in BLOCKS:
                self._add_block(file, section, line, value)
            elif value is None:
                continue
            elif not isinstance(value, LineList):
                self.problem(file, line, "section_not_list", section=section)
            else:
                for index, entry in enumerate(value):
                    self._add_record(file, section, entry, value.line_of(index))

    def _validate(self, model: type[BaseModel], file: str, entry: object, line: int) -> BaseModel | None:
        if not isinstance(entry, dict):
            self.problem(file, line, "not_a_record", kind=kind_of(entry))
            return None
        try:
            record = model.model_validate(entry)
        except ValidationError as exc:
            for error in exc.errors():
                code, params = _describe(error, model)
                self.problem(file, _line_at(entry, error["loc"], line), code, **params)
            return None
        self.field_lines[id(record)] = entry
        return record

    def _add_organization(self, file: str, line: int, value: object) -> None:
        record = self._validate(Organization, file, value, line)
        if record is None:
            return
        if self.organization is not None:
            first = self.locations[self.organization.key]
            self.problem(file, line, "second_organization", first=f"{first.file}:{first.line}")
            return
        self.organization = record  # type: ignore[assignment]
        self._locate(record.key, file, line)  # type: ignore[attr-defined]

    def _add_block(self, file: str, section: str, line: int, value: object) -> None:
        """An optional one-per-inventory block (`gdpr:`, `data_categories:`)."""
        record = self._validate(BLOCKS[section], file, value, line)
        if record is None:
            return
        if section in self.blocks:
            _, first_file, first_line = self.blocks[section]
            self.problem(file, line, "second_block", section=section, first=f"{first_file}:{first_line}")
            return
        self.blocks[section] = (record, file, line)

    def _add_record(self, file: str, section: str, entry: object, line: int) -> None:
        model = {"flows": Flow, "derivations": Derivation}.get(section) or KEYED_SECTIONS[section]
        record = self._validate(model, file, entry, line)
        if record is None:
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                self.broken_keys[section].add(entry["key"])  # known, so references to it raise no echo
            return
        key = getattr(record, "key", None)
        if section != "derivations" and key is not None:
            if key in self.locations:
                first = self.locations[key]
                self.problem(file, line, "duplicate_key", key=key, first=f"{first.file}:{first.line}")
                return
            self._locate(key, file, line)
        self.sections[section].append((record, file, line))

    def _locate(self, key: str, file: str, line: int) -> None:
        self.locations[key] = Location(file, line)


def validate_documents(documents: list[tuple[str, object]], progress: Progress | None = None) -> ValidationResult:
    """Validate parsed manifest documents given as (file name, document)."""
    return finish(_collected(documents, progress))


def _collected(documents: list[tuple[str, object]], progress: Progress | None) -> Collector:
    collector = Collector()
    for done, (file, document) in enumerate(documents, 1):
        collector.add_document(file, document)
        if progress:
            progress("validating", done, len(documents))
    return collector


def finish(collector: Collector, problems: list[Problem] | tuple = ()) -> ValidationResult:
    """The checks across documents once every document is in `collector` (flow keys, references, cycles), and
    the result: the inventory, or every problem (`problems`: those found before, the YAML's) sorted."""
    from .references import check_references

    _name_flows(collector)
    check_references(collector)
    _derivation_cycles(collector)
    found = sorted(set(collector.problems) | set(problems), key=sort_key)
    if found:
        return ValidationResult(None, found, collector.locations)
    inventory = Inventory.model_construct(
        organization=collector.organization,
        **{section: [record for record, _, _ in rows] for section, rows in collector.sections.items()},
        **{section: record for section, (record, _, _) in collector.blocks.items()},
    )
    return ValidationResult(inventory, [], collector.locations)


def _derivation_cycles(collector: Collector) -> None:
    """Report cycles among derivations (a from b, b from a), each at its first derivation."""
    from .cycles import find_cycles

    rows = [(d.source, d.target, file, line) for d, file, line in collector.sections["derivations"]]
    for file, line, cycle in find_cycles(rows):
        collector.problem(file, line, "derivation_cycle", cycle=cycle)


def _name_flows(collector: Collector) -> None:
    """Give flows without a key the key FROM__TO (numbered when the pair repeats)."""
    taken = {record.key for record, _, _ in collector.sections["flows"] if record.key}
    for record, file, line in collector.sections["flows"]:
        if record.key:
            continue
        candidate = default_flow_key(record, lambda key: key in taken or key in collector.locations)
        record.key = candidate
        taken.add(candidate)
        collector.locations[candidate] = Location(file, line)


def default_flow_key(flow: Flow, taken: Callable[[str], bool]) -> str:
    """The key of a flow without one: FROM__TO, numbered (FROM__TO__2, …) past the keys `taken` says are in use."""
    base = f"{flow.source}__{flow.target}"
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}__{n}"
    return candidate


def validate_paths(paths: list[Path | str], progress: Progress | None = None) -> ValidationResult:
    """Read and validate manifest files and directories; `progress(step, files done, files)` is told of
    each file read ("reading") and validated ("validating")."""
    from .bulk import gc_paused

    with gc_paused():
        return _validate_paths(paths, progress)


def _validate_paths(paths: list[Path | str], progress: Progress | None) -> ValidationResult:
    files, missing = manifest_files([Path(p) for p in paths])
    documents: list[tuple[str, object]] = []
    problems = list(missing)
    for done, file in enumerate(files, 1):
        document, yaml_problems = read_yaml(file)
        problems.extend(yaml_problems)
        documents.append((str(file), document))
        if progress:
            progress("reading", done, len(files))
    return finish(_collected(documents, progress), problems)
