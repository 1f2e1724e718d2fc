"""Findings as SARIF 2.1.0, the format code-scanning tools read."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from daicho.catalog.checks.base import Finding, Rule
from daicho.catalog.checks.rules import RULES
from daicho.catalog.words import N_, t

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


#: SARIF base ids of the relative manifest URIs: the working directory, or the folder above the manifests
BASE_IDS = {
    "SRCROOT": N_("the working directory daicho ran in"),
    "MANIFESTROOT": N_("the folder that holds the manifests' folder (the manifests lie outside the working "
                       "directory)"),
}


def to_sarif(findings: Iterable[Finding], rules: list[Rule] = RULES, base: Path | None = None,
             version: str | None = None, root: Path | None = None, lang: str = "en") -> dict[str, Any]:
    """A SARIF log with one run: daicho's rules and a result per finding.

    The rules' descriptions and help are in `lang` (the findings come already said in it,
    `catalog.words.checks.render`); rule ids, names, levels and citation ids stay as they are.

    Manifest paths are relative URIs, never absolute machine paths: relative to `base` (default the working
    directory, base id SRCROOT) when they lie under it, else relative to the folder above `root` (the manifests'
    folder, by default the deepest folder holding every finding's file; base id MANIFESTROOT).
    """
    findings = list(findings)
    index = {rule.id: i for i, rule in enumerate(rules)}
    driver: dict[str, Any] = {"name": "daicho", "rules": [_rule(rule, lang) for rule in rules]}
    if version:
        driver["version"] = version
    root = root or manifest_root(f.file for f in findings if f.file)
    results = [_result(f, index.get(f.rule), base, root) for f in findings]
    bases = {k: {"description": {"text": t(lang, v)}} for k, v in BASE_IDS.items()}
    return {"version": SARIF_VERSION, "$schema": SARIF_SCHEMA,
            "runs": [{"tool": {"driver": driver}, "originalUriBaseIds": bases, "results": results}]}


def _absolute(file: str, cwd: Path) -> Path:
    path = Path(file)
    return Path(os.path.normpath(path if path.is_absolute() else cwd / path))


def manifest_root(files: Iterable[str], cwd: Path | None = None) -> Path | None:
    """The deepest folder holding every one of `files` (manifest paths), or None when there are none."""
    cwd = (cwd or Path.cwd()).resolve()
    folders = [str(_absolute(f, cwd).parent) for f in files]
    return Path(os.path.commonpath(folders)) if folders else None


def stored_manifest_root(url: str) -> Path | None:
    """The manifests' folder of the store at `url` (from the files its load read), or None."""
    from daicho.inventory.db import ReadDB

    with ReadDB(url) as db:
        sources = db.value("SELECT value FROM meta WHERE key = 'sources'") or ""
    return manifest_root(line for line in sources.splitlines() if line)


def records_root(url: str) -> Path | None:
    """The deepest folder holding every file the store's records were declared in, or None."""
    from daicho.inventory.db import ReadDB

    with ReadDB(url) as db:
        return manifest_root(file for (file,) in db.tuples("SELECT DISTINCT file FROM record_source") if file)


def relative_path(file: str, root: Path | None = None, base: Path | None = None) -> tuple[str, str]:
    """A manifest path shown without the machine's folders: (path, SARIF base id). Relative to `base` (default
    the working directory) when under it; else relative to the folder above `root` (so it starts with the
    manifests' folder's name); else the file's name. Remembered per file and folder (a million findings name a
    few files)."""
    return _relative_path(file, root, base, os.getcwd())


@lru_cache(maxsize=1024)
def _relative_path(file: str, root: Path | None, base: Path | None, _cwd: str) -> tuple[str, str]:
    cwd = (base or Path.cwd()).resolve()
    absolute = _absolute(file, Path.cwd().resolve())
    try:
        return absolute.relative_to(cwd).as_posix(), "SRCROOT"
    except ValueError:
        pass
    top = (root or absolute.parent).parent
    try:
        return absolute.relative_to(top).as_posix(), "MANIFESTROOT"
    except ValueError:
        return absolute.name, "MANIFESTROOT"


def shown_where(file: str | None, line: int | None, root: Path | None = None) -> str:
    """`path:line` of a record with a relative path (`relative_path`), or '' when unknown."""
    if not file:
        return ""
    path = relative_path(file, root)[0]
    return f"{path}:{line}" if line else path


def _rule(rule: Rule, lang: str = "en") -> dict[str, Any]:
    """A rule's SARIF reportingDescriptor: its texts in `lang`, its id, name and level as they are."""
    if lang == "en":
        title, why, fix, severity = rule.title, rule.why, rule.fix, rule.severity.value
        refs = "\n".join(f"- {c}" for c in rule.citations)
    else:
        from daicho.catalog.words.checks import citations, rule_text, severity_word

        title, why, fix = (rule_text(rule, part, lang) for part in ("title", "why", "fix"))
        severity = severity_word(rule.severity.value, lang)
        refs = "\n".join(f"- {c}" for c in citations(rule, lang))
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": t(lang, "{title}. {why}", title=title, why=why)},
        "help": {"text": t(lang, "Fix: {fix}\n\nSeverity {severity}: {why}\n\nReferences:\n{refs}", fix=fix,
                           severity=severity, why=why, refs=refs)},
        "defaultConfiguration": {"level": rule.severity.sarif_level},
        "properties": {"citations": [str(c) for c in rule.citations]},
    }


def _result(finding: Finding, rule_index: int | None, base: Path | None, root: Path | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.level.sarif_level,
        "message": {"text": finding.one_line()},
        "properties": {"record": finding.key, "kind": finding.kind, "citations": list(finding.citations)},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    location: dict[str, Any] = {"logicalLocations": [{"name": finding.key, "kind": finding.kind}]}
    if finding.file:
        uri, base_id = relative_path(finding.file, root, base)
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(uri), "uriBaseId": base_id}}
        if finding.line:
            physical["region"] = {"startLine": finding.line}
        location["physicalLocation"] = physical
    result["locations"] = [location]
    return result


def _uri(path: str) -> str:
    """A relative path as a URI reference (spaces and the like percent-encoded, slashes kept)."""
    from urllib.parse import quote

    return quote(path, safe="/")
