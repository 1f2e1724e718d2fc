"""Findings as SARIF 2.1.0, the format code-scanning tools read."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from daicho.catalog.checks.base import Finding, Rule
from daicho.catalog.checks.rules import RULES

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_sarif(findings: Iterable[Finding], rules: list[Rule] = RULES, base: Path | None = None,
             version: str | None = None) -> dict[str, Any]:
    """A SARIF log with one run: daicho's rules and a result per finding.

    Manifest paths are written relative to `base` (default the working directory) when they lie under it.
    """
    base = (base or Path.cwd()).resolve()
    index = {rule.id: i for i, rule in enumerate(rules)}
    driver: dict[str, Any] = {"name": "daicho", "rules": [_rule(rule) for rule in rules]}
    if version:
        driver["version"] = version
    results = [_result(f, index.get(f.rule), base) for f in findings]
    return {"version": SARIF_VERSION, "$schema": SARIF_SCHEMA,
            "runs": [{"tool": {"driver": driver}, "results": results}]}


def artifact_uri(file: str, base: Path) -> str:
    """A manifest path as a SARIF URI: relative to `base` when under it, else an absolute file URI."""
    path = Path(file)
    absolute = path if path.is_absolute() else (Path.cwd() / path)
    absolute = Path(os.path.normpath(absolute))
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_uri()


def _rule(rule: Rule) -> dict[str, Any]:
    refs = "\n".join(f"- {c}" for c in rule.citations)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title}. {rule.why}"},
        "help": {"text": f"Fix: {rule.fix}\n\nSeverity {rule.severity.value}: {rule.why}\n\nReferences:\n{refs}"},
        "defaultConfiguration": {"level": rule.severity.sarif_level},
        "properties": {"citations": [str(c) for c in rule.citations]},
    }


def _result(finding: Finding, rule_index: int | None, base: Path) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.level.sarif_level,
        "message": {"text": f"{finding.message}. Fix: {finding.fix}"},
        "properties": {"record": finding.key, "kind": finding.kind, "citations": list(finding.citations)},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    location: dict[str, Any] = {"logicalLocations": [{"name": finding.key, "kind": finding.kind}]}
    if finding.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.file, base)}}
        if finding.line:
            physical["region"] = {"startLine": finding.line}
        location["physicalLocation"] = physical
    result["locations"] = [location]
    return result
