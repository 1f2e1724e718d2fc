"""A fast reader for the plain block YAML that manifests are written in, with the same result as libyaml.

PyYAML builds a Python node (two marks, a resolver call) for every scalar before it constructs
anything, about 2 s per MB of manifest: a 70 MB inventory would take minutes. Manifests, generated
or hand-written, mostly use a small part of YAML: block mappings and sequences, one-line plain or
quoted scalars, one-line flow collections (`[a, b]`, `{en: x, ja: y}`) and comments. This module reads
exactly that part, line by line, and gives up (returns None) on anything else — anchors, tags, block
scalars, multi-line scalars or flow collections, escapes, tabs, odd indentation, and every error —
so that the caller reads the file with PyYAML instead, which then also reports the error.

Scalars are typed by PyYAML's own resolver and constructors (once per distinct text), so `yes`,
`1_000`, `~` or `2021-04-01` mean what they mean to the slow path. The result — values, the line of
every mapping, key and list entry, duplicate-key problems — is identical to `yamlread._Loader`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

# Characters after which this reader gives up on the whole file: tabs, CR and YAML 1.1's other line
# breaks (they change line numbers), a byte-order mark, and what libyaml refuses (non-printable).
_UNSUPPORTED_CHARS = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
#: the ASCII characters among them: an ASCII text (most manifests) is checked for these alone, a character at a
#: time (`in` runs at memory speed; the pattern above takes ~8 ms a MB)
_ASCII_UNSUPPORTED = tuple(chr(c) for c in (*range(0x20), 0x7F) if c != 0x0A)
_KEY_START_BAD = set("-?:,[]{}#&*!|>'\"%@`")
_VALUE_START_BAD = set("?:,]}#&*!|>%@`")
_NOT_PLAIN = _VALUE_START_BAD | set("[{'\"-")  # first characters that need a closer look
_FLOW_TOKEN = re.compile(r"[\[\]{},]|[^\[\]{},]+")
_FLOW_NESTED = re.compile(r"[\[\]{}]")
# In a flow collection a plain scalar may not start with an indicator, nor hold ': ' or ' #', nor end in ':'.
_FLOW_SCALAR_BAD = re.compile(r"^ *(?:[?:,\[\]{}#&*!|>'\"%@`]|-(?: |,|$))|: | #|: *$")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')
_STR_TAG = "tag:yaml.org,2002:str"
_TYPED_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"}


class _All:
    def __contains__(self, _: object) -> bool:
        return True


_ALL = _All()


class GiveUp(Exception):
    """The text uses YAML beyond what this reader handles (or is not valid YAML)."""


class _Frame:
    __slots__ = ("indent", "container", "is_map", "same_indent")

    def __init__(self, indent: int, container: Any, is_map: bool, same_indent: bool = False) -> None:
        self.indent = indent
        self.container = container
        self.is_map = is_map
        self.same_indent = same_indent  # a sequence at its mapping key's own indent (`key:\n- a`)


class FastReader:
    """Reads one file's text; `read` returns (document, duplicate-key problems) or raises GiveUp."""

    def __init__(self, loader_class: type, line_dict: type, line_list: type, problem: Callable[..., Any],
                 file: str) -> None:
        self.loader = loader_class("", file)
        self.LineDict, self.LineList, self.Problem, self.file = line_dict, line_list, problem, file
        self.problems: list = []
        self.scalars: dict[str, Any] = {}  # plain scalar text → value
        resolvers = self.loader.yaml_implicit_resolvers
        # first characters some implicit resolver (bool, int, null, timestamp …) checks; with a catch-all, all
        self.typed_start = _ALL if None in resolvers else frozenset(resolvers) | {""}
        self.flow_scalars: dict[str, Any] = {}  # a checked flow collection entry, spaces and all → value
        self.keys: dict[str, Any] = {}  # a checked block mapping key → key
        self.flow_keys: dict[str, Any] = {}  # a checked flow mapping key → key

    def close(self) -> None:
        self.loader.dispose()

    # -- scalars -----------------------------------------------------------------------------------

    def plain(self, text: str) -> Any:
        """A plain scalar's value, typed as PyYAML types it."""
        if text[:1] not in self.typed_start:
            return text  # no implicit resolver looks at a scalar starting so: a string (most keys and names)
        try:
            return self.scalars[text]
        except KeyError:
            pass
        tag = self.loader.resolve(yaml.ScalarNode, text, (True, False))
        if tag == _STR_TAG:
            value: Any = text
        elif tag in _TYPED_TAGS:
            node = yaml.ScalarNode(tag, text)
            value = self.loader.yaml_constructors[tag](self.loader, node)
            if value != value:  # NaN: PyYAML makes a new float each time (no two NaN keys are equal)
                return value
        else:  # merge keys (<<), value keys (=)
            raise GiveUp(tag)
        self.scalars[text] = value
        return value

    def block_value(self, text: str, line: int) -> tuple[bool, Any]:
        """A value after `key: ` or `- `: (False, None) when empty (a nested block may follow), else (True, value)."""
        if not text or text[0] == "#":
            return False, None
        first = text[0]
        if first in "[{":
            return True, self.flow(text, line)
        if first == "'":
            match = _SINGLE_QUOTED.match(text)
            if not match:
                raise GiveUp("quoted")
            _check_rest(text[match.end():])
            return True, match.group(1).replace("''", "'")
        if first == '"':
            match = _DOUBLE_QUOTED.match(text)
            if not match:
                raise GiveUp("quoted")
            _check_rest(text[match.end():])
            return True, match.group(1)
        if first in _VALUE_START_BAD or (first == "-" and text[1:2] in ("", " ")):
            raise GiveUp("indicator")
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut]
        text = text.rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise GiveUp("colon")
        return True, self.plain(text)

    def flow(self, text: str, line: int) -> Any:
        """A flow collection closed on its own line, with plain scalars only."""
        is_list = text[0] == "["
        end = text.find("]" if is_list else "}")
        inner = text[1:end]
        if end < 0 or _FLOW_NESTED.search(inner):
            return self._nested_flow(text, line)
        _check_rest(text[end + 1:])
        parts = inner.split(",") if inner.strip(" ") else []
        if len(parts) > 1 and not parts[-1].strip(" "):
            parts.pop()  # a trailing comma
        memo = self.flow_scalars
        if is_list:
            seq = self.LineList([memo[p] if p in memo else self._flow_scalar(p) for p in parts])
            seq.line = line
            seq.item_lines = [line] * len(seq)
            return seq
        mapping = self.LineDict()
        mapping.line = line
        mapping.key_lines = {}
        for part in parts:
            raw_key, sep, raw_value = part.partition(": ")
            if not sep:
                raise GiveUp("flow")
            key = self._flow_key(raw_key.strip(" "))
            self._set(mapping, key, memo[raw_value] if raw_value in memo else self._flow_scalar(raw_value), line)
        return mapping

    def _nested_flow(self, text: str, line: int) -> Any:
        stack: list[list] = []  # [container, expecting, pending key]
        root: Any = None
        end = None
        for match in _FLOW_TOKEN.finditer(text):
            token = match.group()
            if token in "[{":
                if stack:
                    top = stack[-1]
                    if not top[1]:
                        raise GiveUp("flow")
                new = self.LineList() if token == "[" else self.LineDict()
                new.line = line
                if token == "[":
                    new.item_lines = []
                else:
                    new.key_lines = {}
                if stack:
                    self._flow_add(stack[-1], new, line)
                else:
                    root = new
                stack.append([new, True, None])
            elif token in "]}":
                if not stack:
                    raise GiveUp("flow")
                container, expecting, key = stack[-1]
                if (token == "]") != isinstance(container, list) or key is not None:
                    raise GiveUp("flow")
                if expecting and container:  # trailing comma
                    raise GiveUp("flow")
                stack.pop()
                if stack:
                    stack[-1][1] = False
                else:
                    end = match.end()
                    break
            elif token == ",":
                if not stack or stack[-1][1]:
                    raise GiveUp("flow")
                stack[-1][1] = True
            else:
                if not stack:
                    raise GiveUp("flow")
                top = stack[-1]
                if not token.strip(" "):
                    continue
                if not top[1]:
                    raise GiveUp("flow")
                if isinstance(top[0], list):
                    self._flow_add(top, self._flow_scalar(token), line)
                else:
                    key, sep, value = token.partition(": ")
                    if not sep:
                        raise GiveUp("flow")
                    top[2] = self._flow_key(key.strip(" "))
                    if value.strip(" "):
                        self._flow_add(top, self._flow_scalar(value), line)
                    # else the value is the nested collection that follows
        if end is None:
            raise GiveUp("flow")
        _check_rest(text[end:])
        return root

    def _flow_key(self, text: str) -> Any:
        key = self.flow_keys.get(text, self)
        if key is self:
            if not text or _FLOW_SCALAR_BAD.search(text):
                raise GiveUp("flow key")
            key = _as_key(self.plain(text))
            if key == key:
                self.flow_keys[text] = key
        return key

    def _flow_scalar(self, token: str) -> Any:
        text = token.strip(" ")
        if not text or _FLOW_SCALAR_BAD.search(token):
            raise GiveUp("flow scalar")
        value = self.plain(text)
        if value == value:
            self.flow_scalars[token] = value
        return value

    def _flow_add(self, top: list, value: Any, line: int) -> None:
        container = top[0]
        if isinstance(container, list):
            container.append(value)
            container.item_lines.append(line)
        else:
            key = top[2]
            if key is None:
                raise GiveUp("flow")
            self._set(container, key, value, line)
            top[2] = None
        top[1] = False

    def _set(self, mapping: Any, key: Any, value: Any, line: int) -> None:
        if key in mapping:
            self.problems.append(self.Problem(self.file, line, "duplicate_field", key=str(key),
                                              first=mapping.key_lines[key]))
        mapping[key] = value
        mapping.key_lines[key] = line

    # -- blocks ------------------------------------------------------------------------------------

    def _new_map(self, line: int) -> Any:
        mapping = self.LineDict()
        mapping.line = line
        mapping.key_lines = {}
        return mapping

    def _new_seq(self, line: int) -> Any:
        seq = self.LineList()
        seq.line = line
        seq.item_lines = []
        return seq

    def read(self, text: str) -> Any:
        if any(c in text for c in _ASCII_UNSUPPORTED) if text.isascii() else _UNSUPPORTED_CHARS.search(text):
            raise GiveUp("characters")
        frames: list[_Frame] = []
        root: Any = None
        pending: tuple[_Frame, Any] | None = None  # a key whose value is on the next lines (or null)
        scalar_owner = -1  # after a value on the line: the next line may not be indented more than this
        for number, line in enumerate(text.split("\n"), 1):
            s = line.lstrip(" ")
            if not s or s[0] == "#":
                continue
            indent = len(line) - len(s)
            if indent == 0 and (s.startswith("---") or s.startswith("...") or s[0] == "%"):
                raise GiveUp("document marker")
            is_entry = s[0] == "-" and (len(s) == 1 or s[1] == " ")
            if pending is not None:
                frame, key = pending
                pending = None
                if indent > frame.indent or (indent == frame.indent and is_entry and frame is frames[-1]):
                    container = self._new_seq(number) if is_entry else self._new_map(number)
                    frame.container[key] = container
                    frames.append(_Frame(indent, container, not is_entry, same_indent=indent == frame.indent))
                else:
                    frame.container[key] = None
            elif root is None:
                root = self._new_seq(number) if is_entry else self._new_map(number)
                frames.append(_Frame(indent, root, not is_entry))
            elif indent > scalar_owner:
                raise GiveUp("continuation")
            while frames and frames[-1].indent > indent:
                frames.pop()
            if frames and frames[-1].same_indent and not is_entry:
                frames.pop()
            if not frames or frames[-1].indent != indent:
                raise GiveUp("indentation")
            top = frames[-1]
            if top.is_map:
                if is_entry:
                    raise GiveUp("entry in a mapping")
                pending = self._map_line(top, s, number)
                scalar_owner = indent
                continue
            if not is_entry:
                raise GiveUp("key in a sequence")
            rest = s[2:]
            stripped = rest.lstrip(" ")
            column = indent + 2 + len(rest) - len(stripped)
            if not stripped or stripped[0] == "#" or (stripped[0] == "-" and stripped[1:2] in ("", " ")):
                raise GiveUp("empty or nested entry")
            seq = top.container
            if stripped[0] not in _KEY_START_BAD and self._is_key_line(stripped):
                mapping = self._new_map(number)
                seq.append(mapping)
                seq.item_lines.append(number)
                frame = _Frame(column, mapping, True)
                frames.append(frame)
                pending = self._map_line(frame, stripped, number)
                scalar_owner = column
            else:
                _, value = self.block_value(stripped, number)
                seq.append(value)
                seq.item_lines.append(number)
                scalar_owner = indent
        if pending is not None:
            pending[0].container[pending[1]] = None
        if root is None:
            return None
        return root

    @staticmethod
    def _is_key_line(text: str) -> bool:
        cut = text.find(": ")
        return (cut > 0 or text.endswith(":")) and text[0] not in "[{'\""

    def _map_line(self, frame: _Frame, s: str, number: int) -> tuple[_Frame, Any] | None:
        """One `key: value` line of a block mapping; returns (frame, key) when the value is on the next lines."""
        cut = s.find(": ")
        if cut > 0:
            raw, rest = s[:cut], s[cut + 2:]
        elif s[-1] == ":":
            raw, rest = s[:-1], ""
        else:
            raise GiveUp("not a key")
        key = self.keys.get(raw, self)
        if key is self:
            key = self._check_key(raw)
        if rest[:1] == " ":
            rest = rest.lstrip(" ")
        mapping = frame.container
        if key in mapping:
            self.problems.append(self.Problem(self.file, number, "duplicate_field", key=str(key),
                                              first=mapping.key_lines[key]))
        mapping.key_lines[key] = number
        first = rest[:1]
        if first and first not in _NOT_PLAIN and " #" not in rest and ": " not in rest and rest[-1] not in ": ":
            mapping[key] = rest if first not in self.typed_start else self.plain(rest)  # the common case
            return None
        has_value, value = self.block_value(rest, number)
        mapping[key] = value
        return None if has_value else (frame, key)

    def _check_key(self, raw: str) -> Any:
        if not raw or raw[0] in _KEY_START_BAD or raw != raw.rstrip(" ") or " #" in raw:
            raise GiveUp("key")
        key = _as_key(self.plain(raw))
        if key == key:
            self.keys[raw] = key
        return key


def _as_key(key: Any) -> Any:
    if not isinstance(key, (str, int, float, bool)) and key is not None:
        return str(key)
    return key


def _check_rest(rest: str) -> None:
    """After a quoted scalar or flow collection only spaces and a comment may follow on the line."""
    if rest and (rest.strip(" ") and not (rest[0] == " " and rest.lstrip(" ")[0] == "#")):
        raise GiveUp("trailing text")
