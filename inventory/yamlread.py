"""Read YAML manifests keeping the line of every mapping, key and list entry.

Plain block YAML (what manifests are written in) is read by `yamlfast`, line by line; any other
file goes through libyaml (PyYAML's C loader), which also reports every syntax error. Both give
the same documents, lines and problems. Duplicate keys inside one mapping are reported, not
silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


@dataclass(frozen=True)
class YamlProblem:
    file: str
    line: int
    message: str


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader building LineDict/LineList; collects duplicate keys in `problems`."""

    def __init__(self, stream, file: str):
        super().__init__(stream)
        self.file = file
        self.problems: list[YamlProblem] = []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            key = str(key)
        if key in result:
            loader.problems.append(
                YamlProblem(loader.file, key_node.start_mark.line + 1,
                            f"duplicate field '{key}' in one mapping (first at line {result.key_lines[key]})")
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
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
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [YamlProblem(name, 1, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return None, [YamlProblem(name, 0, f"cannot read: {exc.strerror or exc}")]
    return read_fast(text, name) or read_libyaml(text, name)


def read_libyaml(text: str, name: str) -> tuple[object, list[YamlProblem]]:
    """Parse YAML text with libyaml: any YAML, every syntax error reported."""
    loader = _Loader(text, name)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        return None, [YamlProblem(name, line, f"YAML syntax: {exc.problem or exc.context}")]
    except yaml.YAMLError as exc:
        return None, [YamlProblem(name, 0, f"YAML: {exc}")]
    finally:
        loader.dispose()
    if "\\" in text:  # only an escape (\0, \x00, \u0000) yields NUL, which no database text column keeps
        loader.problems.extend(_nul_problems(document, name, 1))
    return document, loader.problems


def _nul_problems(node: object, name: str, line: int) -> list[YamlProblem]:
    if isinstance(node, str):
        return [YamlProblem(name, line, "text holds a NUL character (\\x00), which the store cannot keep")] \
            if "\x00" in node else []
    if isinstance(node, LineDict):
        return [p for k, v in node.items() for p in _nul_problems(v, name, node.line_of(k))]
    if isinstance(node, LineList):
        return [p for i, v in enumerate(node) for p in _nul_problems(v, name, node.line_of(i))]
    return []


def read_fast(text: str, name: str) -> tuple[object, list[YamlProblem]] | None:
    """The fast reader's result for plain block YAML (identical to `read_libyaml`'s), or None."""
    from .yamlfast import FastReader, GiveUp

    reader = FastReader(_Loader, LineDict, LineList, YamlProblem, name)
    try:
        return reader.read(text), reader.problems
    except GiveUp:
        return None
    finally:
        reader.close()


def manifest_files(paths: list[Path]) -> tuple[list[Path], list[YamlProblem]]:
    """Expand directories to their *.yaml / *.yml / *.json files, sorted; report missing paths."""
    files: list[Path] = []
    problems: list[YamlProblem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml", ".json"} and p.is_file())
            if not found:
                problems.append(YamlProblem(str(path), 0, "directory holds no .yaml, .yml or .json manifest"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(YamlProblem(str(path), 0, "no such file or directory"))
    return files, problems
