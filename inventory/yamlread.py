"""Read YAML manifests keeping the line of every mapping, key and list entry.

Plain block YAML (what manifests are written in) is read by `yamlfast`, line by line; any other
file goes through libyaml (PyYAML's C loader), which also reports every syntax error. Both give
the same documents, lines and problems. Duplicate keys inside one mapping are reported, not
silently overwritten.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from daicho.catalog.words import N_, phrase

from .problems import Problem, problem

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"
#: Values that aliases may add to a document by repeating what an anchor names. A manifest reuses a
#: list here and there; an alias bomb ("billion laughs") repeats one a billion times.
ALIAS_BUDGET = 100_000


class LineDict(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    __slots__ = ("line", "key_lines")  # no per-instance __dict__: a large inventory holds millions
    line: int
    key_lines: dict

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers its own line and the line of each entry (1-based)."""

    __slots__ = ("line", "item_lines")
    line: int
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


#: a problem of a file (the same as validation's)
YamlProblem = Problem

#: the operating system's reasons a file cannot be read (`strerror`), for the catalog
OS_REASONS = (N_("No such file or directory"), N_("Permission denied"), N_("Is a directory"),
              N_("Too many levels of symbolic links"), N_("Input/output error"), N_("Not a directory"),
              N_("File name too long"))
#: libyaml's and the codec's reasons, for the catalog
YAML_REASONS = (
    N_("mapping values are not allowed here"), N_("could not find expected ':'"), N_("did not find expected key"),
    N_("found character that cannot start any token"), N_("did not find expected '-' indicator"),
    N_("found undefined alias"), N_("found unexpected end of stream"), N_("found unknown escape character"),
    N_("found a tab character that violates indentation"), N_("found unexpected ':'"),
    N_("while scanning a simple key"), N_("while scanning a quoted scalar"), N_("while parsing a block mapping"),
    N_("while parsing a flow mapping"), N_("did not find expected ',' or ']'"),
    N_("did not find expected node content"), N_("expected a single document in the stream"),
    N_("invalid start byte"), N_("invalid continuation byte"), N_("unexpected end of data"),
)


def _reason(text: str) -> str:
    """A reason in English as a phrase (said in the catalog's language when it is one it knows)."""
    return phrase(text) if text in _KNOWN_REASONS else text


_KNOWN_REASONS = frozenset(OS_REASONS + YAML_REASONS)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader building LineDict/LineList; collects duplicate keys in `problems`."""

    def __init__(self, stream, file: str):
        super().__init__(stream)
        self.file = file
        self.problems: list[Problem] = []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    own = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE_TAG)
    loader.flatten_mapping(node)  # the merged (<<) pairs first, in precedence order, then the mapping's own
    merged = len(node.value) - own
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            key = str(key)
        # A key given by a merge is overridden by the mapping's own key of that name, as YAML says
        if index >= merged and result.key_lines.get(key, 0) > 0:
            loader.problems.append(
                problem(loader.file, key_node.start_mark.line + 1, "duplicate_field", key=str(key),
                        first=result.key_lines[key])
            )
        result[key] = loader.construct_object(value_node, deep=True)
        line = key_node.start_mark.line + 1
        result.key_lines[key] = line if index >= merged else -line  # negative while it comes from a merge
    for key, line in result.key_lines.items():
        result.key_lines[key] = abs(line)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    """Dates stay ISO text so that pydantic parses them and reports bad ones with a line."""
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def read_yaml(path: Path, display: str | None = None) -> tuple[object, list[YamlProblem]]:
    """Parse one YAML file. Returns (document, problems); a syntax error is a problem, not an exception."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [problem(name, 0, "cannot_read", reason=_reason(exc.strerror or str(exc)))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(data, exc.start)
        return None, [problem(name, line, "not_utf8", byte=f"{data[exc.start]:02x}", column=column,
                              reason=_reason(exc.reason))]
    if "\r" in text:  # as read_text does: universal newlines
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return read_fast(text, name) or read_libyaml(text, name)


def _line_column(data: bytes | str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of an offset into text or UTF-8 bytes."""
    if isinstance(data, bytes):
        start = data.rfind(b"\n", 0, offset) + 1
        return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1
    return data.count("\n", 0, offset) + 1, offset - (data.rfind("\n", 0, offset) + 1) + 1


def read_libyaml(text: str, name: str) -> tuple[object, list[YamlProblem]]:
    """Parse YAML text with libyaml: any YAML, every syntax error reported."""
    loader = _Loader(text, name)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        detail = _reason(str(exc.problem or exc.context))
        if exc.problem_mark and _tab_at(text, exc.problem_mark.index):
            detail = phrase("a tab character; YAML indents with spaces")
        return None, [problem(name, line, "yaml_syntax", detail=detail)]
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        return None, [problem(name, line, "bad_character", point=f"{exc.character:04X}", column=column)]
    except yaml.YAMLError as exc:
        return None, [problem(name, 0, "yaml_error", detail=str(exc))]
    finally:
        loader.dispose()
    if "*" in text:  # aliases: refuse a document they blow up, before anything walks it
        bomb = _alias_bomb(document, name)
        if bomb:
            return None, [*loader.problems, bomb]
    if "\\" in text:  # only an escape (\0, \x00, \u0000) yields NUL, which no database text column keeps
        loader.problems.extend(_nul_problems(document, name))
    return document, loader.problems


def _tab_at(text: str, index: int) -> bool:
    """Whether libyaml stopped at a tab (or in the run of blanks before one): the usual cause is a tab indenting
    a line, which libyaml calls "found character that cannot start any token"."""
    rest = text[index:index + 80]
    return rest.lstrip(" ")[:1] == "\t"


def _containers(document: object) -> dict[int, object]:
    """Every mapping and list of a document once, by id (aliases make one object appear in many places)."""
    seen: dict[int, object] = {}
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)) and id(node) not in seen:
            seen[id(node)] = node
            stack.extend(node.values() if isinstance(node, dict) else node)
    return seen


def _children(node: object) -> list:
    return list(node.values()) if isinstance(node, dict) else list(node)  # type: ignore[call-overload]


def _alias_bomb(document: object, name: str) -> YamlProblem | None:
    """A problem when aliases repeat content beyond ALIAS_BUDGET values, at the line of the anchored value
    repeated most; None otherwise. Each mapping and list is visited once, so a bomb costs little to find."""
    containers = _containers(document)
    sizes: dict[int, int] = {}  # values in a container with every alias expanded
    uses: dict[int, int] = {}  # how many places hold the container
    for node in containers.values():
        for child in _children(node):
            if isinstance(child, (dict, list)):
                uses[id(child)] = uses.get(id(child), 0) + 1
    stack: list[tuple[object, bool]] = [(document, False)]
    started: set[int] = set()
    while stack:  # sizes, children before parents
        node, ready = stack.pop()
        if not isinstance(node, (dict, list)) or id(node) in sizes:
            continue
        if ready:
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) if isinstance(c, (dict, list)) else 1
                                      for c in _children(node))
        elif id(node) not in started:  # (a container inside itself is counted once)
            started.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in _children(node) if isinstance(c, (dict, list)))
    distinct = sum(1 + len(_children(node)) for node in containers.values())
    if not isinstance(document, (dict, list)) or sizes[id(document)] - distinct <= ALIAS_BUDGET:
        return None
    worst = max((n for n in containers.values() if uses.get(id(n), 0) > 1),
                key=lambda n: (uses[id(n)] - 1) * sizes[id(n)], default=document)
    return problem(name, getattr(worst, "line", 1), "alias_bomb", budget=f"{ALIAS_BUDGET:,}")


def _nul_problems(document: object, name: str) -> list[YamlProblem]:
    """Text holding NUL, each mapping and list looked at once."""
    problems = []
    for node in _containers(document).values():
        if isinstance(node, LineDict):
            places = [(value, node.line_of(key)) for key, value in node.items()]
        elif isinstance(node, LineList):
            places = [(value, node.line_of(index)) for index, value in enumerate(node)]
        else:
            continue
        problems += [problem(name, line, "nul_text")
                     for value, line in places if isinstance(value, str) and "\x00" in value]
    if isinstance(document, str) and "\x00" in document:
        problems.append(problem(name, 1, "nul_text"))
    return problems


def read_fast(text: str, name: str) -> tuple[object, list[YamlProblem]] | None:
    """The fast reader's result for plain block YAML (identical to `read_libyaml`'s), or None."""
    from .yamlfast import FastReader, GiveUp

    reader = FastReader(_Loader, LineDict, LineList, problem, name)
    try:
        return reader.read(text), reader.problems
    except GiveUp:
        return None
    finally:
        reader.close()


def manifest_files(paths: list[Path]) -> tuple[list[Path], list[YamlProblem]]:
    """Expand directories to their *.yaml / *.yml / *.json files, sorted; report paths that are missing or
    not manifest files (a symlink loop, a named pipe, a device) for what they are."""
    files: list[Path] = []
    problems: list[YamlProblem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml", ".json"} and p.is_file())
            if not found:
                problems.append(problem(str(path), 0, "empty_directory"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(_not_a_file(path))
    return files, problems


def _not_a_file(path: Path) -> Problem:
    """Why a path that is neither a directory nor a regular file cannot be read as a manifest."""
    import errno
    import stat

    name = str(path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return problem(name, 0, "symlink_loop")
        if exc.errno == errno.ENOENT and path.is_symlink():
            return problem(name, 0, "broken_symlink", target=str(path.readlink()))
        if exc.errno == errno.ENOENT:
            return problem(name, 0, "no_such_file")
        return problem(name, 0, "cannot_read", reason=_reason(exc.strerror or str(exc)))
    if stat.S_ISFIFO(mode):
        return problem(name, 0, "fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return problem(name, 0, "device")
    if stat.S_ISSOCK(mode):
        return problem(name, 0, "socket")
    return problem(name, 0, "not_regular")
