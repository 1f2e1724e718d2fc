"""`daicho check --format json|sarif` written as the findings come: the same text `print_json` gives for the
whole list, without the list (a large inventory has a million findings and a gigabyte of JSON).

    write_json(iter_findings(ctx), sys.stdout, root)
    write_sarif(iter_findings(ctx), sys.stdout, version="0.1.0", root=root)
"""

from __future__ import annotations

from collections.abc import Iterable
from json.encoder import encode_basestring as _encode
from pathlib import Path
from typing import Any, TextIO

from daicho.catalog.checks.base import Finding
from daicho.inventory.export import indented_json, json_escapes, write_json_list

#: laid-out JSON with `json_text`'s escapes: each part of a finding's text is escaped where it is laid out (a part
#: every finding of a rule shares, once), and the list is written without a scan (`write_json_list(escaped=True)`)
_safe = json_escapes

#: findings written per `write` call
_BATCH = 2000


def finding_dict(finding: Finding, root: Path | None) -> dict[str, Any]:
    """A finding's JSON shape (`Finding.to_dict`) with its manifest path relative (`sarif.relative_path`)."""
    from daicho.catalog.checks.sarif import relative_path

    return {"rule": finding.rule, "name": finding.name, "severity": finding.severity, "title": finding.title,
            "kind": finding.kind, "key": finding.key, "file": relative_path(finding.file, root)[0] if finding.file
            else None,
            "line": finding.line, "message": finding.message, "fix": finding.fix,
            "citations": list(finding.citations)}


class _Texts:
    """What every finding of a run shares, worked out once: relative paths by file, citations laid out by rule."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._paths: dict[str | None, tuple[str, str] | None] = {None: None, "": None}
        self._citations: dict[tuple[tuple[str, ...], int], str] = {}
        self._artifacts: dict[str | None, str] = {}
        self._files: dict[str | None, str] = {}
        self.heads: dict[tuple, tuple[str, ...]] = {}  # the laid-out text a rule's findings of a kind share

    def path(self, file: str | None) -> tuple[str, str] | None:
        """(relative path, SARIF base id) of a manifest file (`sarif.relative_path`), or None."""
        found = self._paths.get(file, False)
        if found is False:
            from daicho.catalog.checks.sarif import relative_path

            found = self._paths[file] = relative_path(file, self.root)  # type: ignore[arg-type]
        return found  # type: ignore[return-value]

    def artifact(self, file: str | None) -> str:
        """The SARIF `uri` and `uriBaseId` lines of a manifest file (laid out at a result's physical location),
        or '' when it has none."""
        text = self._artifacts.get(file)
        if text is None:
            from daicho.catalog.checks.sarif import _uri

            path = self.path(file)
            pad = "\n" + " " * 18
            text = self._artifacts[file] = _safe(f'{pad}"uri": {_encode(_uri(path[0]))},{pad}"uriBaseId": '
                                                 f'{_encode(path[1])}' if path else "")
        return text

    def file(self, file: str | None) -> str:
        """A finding's `file` as JSON: its relative path, or null."""
        text = self._files.get(file)
        if text is None:
            path = self.path(file)
            text = self._files[file] = _safe(_value(path[0] if path else None))
        return text

    def citations(self, citations: tuple[str, ...], level: int) -> str:
        text = self._citations.get((citations, level))
        if text is None:
            text = self._citations[(citations, level)] = _safe(indented_json(list(citations), level))
        return text


def _value(value: Any) -> str:
    """One scalar as JSON (without `json_text`'s escapes: `_safe`)."""
    if isinstance(value, str):
        return _encode(value)
    return "null" if value is None else str(int(value))


def _finding_text(finding: Finding, texts: _Texts) -> str:
    """`finding_dict` as `json_text` lays it out in the list (`tests/test_checks_stream.py` holds it equal)."""
    shared = (finding.rule, finding.name, finding.severity, finding.title, finding.kind, finding.citations)
    parts = texts.heads.get(shared)
    if parts is None:  # what every finding of this rule, severity and kind writes alike
        parts = texts.heads[shared] = (
            _safe(f'{{\n    "rule": {_encode(finding.rule)},\n    "name": {_encode(finding.name)},\n    "severity": '
                  f'{_encode(finding.severity)},\n    "title": {_encode(finding.title)},\n    "kind": '
                  f'{_encode(finding.kind)},\n    "key": '),
            f',\n    "citations": {texts.citations(finding.citations, 2)}\n  }}')
    line = "null" if finding.line is None else str(int(finding.line))
    said = _safe(f'{_encode(finding.message)},\n    "fix": {_encode(finding.fix)}')  # one scan for both
    return (f'{parts[0]}{_safe(_encode(finding.key))},\n    "file": {texts.file(finding.file)},\n    "line": {line},\n'
            f'    "message": {said}{parts[1]}')


#: SARIF's level of each severity (`Severity.sarif_level`)
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _result_text(finding: Finding, index: int | None, texts: _Texts) -> str:
    """`sarif._result` as `json_text` lays it out in a SARIF log's results (four levels deep)."""
    pad = "\n" + " " * 10
    shared = (finding.rule, finding.severity, finding.kind, finding.citations, index)
    parts = texts.heads.get(shared)
    if parts is None:  # what every result of this rule, severity and kind writes alike
        kind = _encode(finding.kind)
        rule_index = f'"ruleIndex": {index},{pad}' if index is not None else ""
        parts = texts.heads[shared] = tuple(_safe(part) for part in (
            f'{{{pad}"ruleId": {_encode(finding.rule)},{pad}"level": "{_SARIF_LEVEL[finding.severity]}",{pad}'
            f'"message": {{{pad}  "text": ',
            f'{pad}}},{pad}"properties": {{{pad}  "record": ',
            f',{pad}  "kind": {kind},{pad}  "citations": {texts.citations(finding.citations, 6)}{pad}}},{pad}'
            f'{rule_index}"locations": [{pad}  {{{pad}    "logicalLocations": [{pad}      {{{pad}        "name": ',
            f',{pad}        "kind": {kind}{pad}      }}{pad}    ]'))
    key = _safe(_encode(finding.key))
    text = f"{finding.message}. Fix: {finding.fix}" if finding.lang == "en" else finding.one_line()
    artifact = texts.artifact(finding.file)
    physical = ""
    if artifact:
        region = (f',{pad}      "region": {{{pad}        "startLine": {finding.line}{pad}      }}'
                  if finding.line else "")
        physical = (f',{pad}    "physicalLocation": {{{pad}      "artifactLocation": {{{artifact}{pad}      }}{region}'
                    f'{pad}    }}')
    return (f'{parts[0]}{_safe(_encode(text))}{parts[1]}{key}{parts[2]}{key}{parts[3]}{physical}{pad}  }}{pad}]\n'
            + " " * 8 + "}")


def write_json(findings: Iterable[Finding], out: TextIO, root: Path | None = None) -> None:
    """The findings as a JSON list (2-space indent, a newline at the end), written in batches as they come."""
    texts = _Texts(root)
    write_json_list(out, "", (_finding_text(f, texts) for f in findings), 1, "\n", _BATCH, escaped=True)


def write_sarif(findings: Iterable[Finding], out: TextIO, version: str | None = None,
                root: Path | None = None, lang: str = "en") -> None:
    """The SARIF log of `sarif.to_sarif`, its results written as the findings come (the rules' descriptions in
    `lang`; the findings come said in it).

    With no `root` the paths are relative to the files' own folders; the CLI passes the manifests' folder (or,
    for a store that does not record it, the deepest folder holding every file its records come from)."""
    from daicho.catalog.checks.rules import RULES
    from daicho.catalog.checks.sarif import to_sarif
    index = {rule.id: i for i, rule in enumerate(RULES)}
    head = indented_json(to_sarif([], version=version, root=root, lang=lang))
    marker = '"results": []'
    cut = head.rindex(marker) + len(marker) - 2  # at the "["
    texts = _Texts(root)
    results = (_result_text(f, index.get(f.rule), texts) for f in findings)
    write_json_list(out, head[:cut], results, 4, head[cut + 2:] + "\n", _BATCH, escaped=True)
