"""`daicho check`: text, JSON and SARIF output, exit codes, the generated docs, and the Engoo example."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import load_into, run_daicho, write_manifest
from daicho.catalog.checks import run_checks
from daicho.catalog.checks.citations import jis2023
from daicho.catalog.checks.docs import render_markdown
from daicho.catalog.checks.rules import RULES, rule_by_id
from daicho.catalog.checks.sarif import to_sarif
from daicho.cli.app import app
from daicho.cli.check_cmds import findings_view
from daicho.cli.output import THEME
from daicho.inventory.store import resolve_url
from rich.theme import Theme
from test_checks import AS_OF, BASELINE, line_of, setting
from typer.testing import CliRunner

DOCS = Path(__file__).resolve().parent.parent / "docs" / "checks.md"

#: The parts of SARIF 2.1.0 daicho writes and code-scanning tools rely on (a subset of the official schema).
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "$schema", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"const": "https://json.schemastore.org/sarif-2.1.0.json"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object",
                    "required": ["name", "rules"],
                    "properties": {
                        "name": {"const": "daicho"},
                        "rules": {"type": "array", "items": {
                            "type": "object",
                            "required": ["id", "shortDescription", "fullDescription", "help",
                                         "defaultConfiguration"],
                            "properties": {
                                "id": {"type": "string", "pattern": "^DAI[0-9]{3}$"},
                                "shortDescription": {"$ref": "#/$defs/message"},
                                "fullDescription": {"$ref": "#/$defs/message"},
                                "help": {"$ref": "#/$defs/message"},
                                "defaultConfiguration": {"type": "object", "required": ["level"],
                                                         "properties": {"level": {"$ref": "#/$defs/level"}}},
                            },
                        }},
                    },
                }}},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["ruleId", "level", "message", "locations"],
                    "properties": {
                        "ruleId": {"type": "string"},
                        "ruleIndex": {"type": "integer", "minimum": 0},
                        "level": {"$ref": "#/$defs/level"},
                        "message": {"$ref": "#/$defs/message"},
                        "locations": {"type": "array", "minItems": 1, "items": {
                            "type": "object",
                            "required": ["physicalLocation"],
                            "properties": {"physicalLocation": {
                                "type": "object",
                                "required": ["artifactLocation", "region"],
                                "properties": {
                                    "artifactLocation": {"type": "object", "required": ["uri"],
                                                         "properties": {"uri": {"type": "string", "minLength": 1}}},
                                    "region": {"type": "object", "required": ["startLine"],
                                               "properties": {"startLine": {"type": "integer", "minimum": 1}}},
                                },
                            }},
                        }},
                    },
                }},
            },
        }},
    },
    "$defs": {
        "message": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
        "level": {"enum": ["none", "note", "warning", "error"]},
    },
}

runner = CliRunner()


@pytest.fixture
def gappy(tmp_path, monkeypatch):
    """A store whose inventory has one error (DAI006) and one warning (DAI021); cwd is the manifest folder."""
    document = copy.deepcopy(BASELINE)
    setting("health", consent_obtained=False)(document)
    setting("email", disposal=None)(document)
    path = write_manifest(tmp_path / "manifests", document)
    db = tmp_path / "daicho.db"
    load_into(resolve_url(str(db)), path)
    monkeypatch.chdir(tmp_path)
    return path, str(db)


def invoke(*args: str):
    return runner.invoke(app, ["check", "--as-of", AS_OF.isoformat(), *args])


def render(findings) -> str:
    """The text view as a wide terminal without colour shows it."""
    from rich.console import Console

    console = Console(width=200, color_system=None, theme=Theme(THEME))
    with console.capture() as captured:
        console.print(findings_view(findings, AS_OF))
    return captured.get()


def test_text_output_summarises_then_lists_each_rule_once(gappy):
    path, db = gappy
    out = render([f for f in run_checks(resolve_url(db), AS_OF) if f.rule in ("DAI006", "DAI021")])
    headline = f"2 findings (1 error, 1 warning, 0 info) from {len(RULES)} rules, as of 2025-06-30"
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == headline and lines[-1] == headline
    assert lines[1].split() == ["error", "DAI006", "sensitive-without-consent", "1"]
    assert lines[2].split() == ["warning", "DAI021", "retention-gaps", "1"]
    assert out.index("DAI006 sensitive-without-consent · error · 1") < out.index("DAI021 retention-gaps · warning")
    where = f"manifests/inventory.yaml:{line_of(path, 'health')}"
    assert (f"  • {where}  sensitive item 'health' (要配慮個人情報) is acquired without the person's consent"
            in lines)
    assert sum(line.lstrip().startswith("fix ") for line in lines) == 2  # once a rule
    assert any(line.startswith("  fix  Obtain consent before acquiring it") for line in lines)
    assert sum(line.startswith("  refs APPI Art. 20(2) · ") for line in lines) == 1
    result = invoke("--db", db)
    assert result.exit_code == 1 and "DAI006" in result.output and "• " in result.output
    short = invoke("--db", db, "--summary")
    assert short.exit_code == 1 and "DAI006" in short.output and "fix" not in short.output
    long = invoke("--db", db, "--verbose")
    assert long.exit_code == 1 and "why " in long.output and len(long.output) > len(result.output)


def test_missing_store_is_bad_input(tmp_path, monkeypatch, capsysbinary):
    code, _, err = run_daicho(monkeypatch, capsysbinary, "check", "--db", str(tmp_path / "none.db"))
    assert code == 2 and err.startswith("Error: no inventory in")


def test_help_says_the_exit_status():
    result = runner.invoke(app, ["check", "--help"])
    words = " ".join(result.output.split())
    assert "Exit status: 0 when no finding is at or above --fail-on" in words
    assert "1 when one is (errors found)" in words and "2 for bad input or usage" in words


def test_fail_on_sets_the_exit_code(gappy, tmp_path):
    _, db = gappy
    assert invoke("--db", db, "--fail-on", "warning").exit_code == 1
    clean = tmp_path / "clean"
    load_into(resolve_url(str(clean / "daicho.db")), write_manifest(clean, copy.deepcopy(BASELINE)))
    result = invoke("--db", str(clean / "daicho.db"), "--fail-on", "warning")
    assert result.exit_code == 0 and "No findings from" in result.output
    warned = tmp_path / "warned"
    document = copy.deepcopy(BASELINE)
    setting("email", disposal=None)(document)
    load_into(resolve_url(str(warned / "daicho.db")), write_manifest(warned, document))
    assert invoke("--db", str(warned / "daicho.db")).exit_code == 0  # default: fail on errors only
    assert invoke("--db", str(warned / "daicho.db"), "--fail-on", "warning").exit_code == 1


def test_json_has_a_stable_shape(gappy):
    path, db = gappy
    for args in (["--json"], ["--format", "json"]):
        result = invoke("--db", db, *args)
        data = json.loads(result.output)
        assert [f["rule"] for f in data] == ["DAI006", "DAI021"]
        assert data[0] == {
            "rule": "DAI006", "name": "sensitive-without-consent", "severity": "error",
            "title": "Sensitive item acquired without consent", "kind": "item", "key": "health",
            "file": "manifests/inventory.yaml", "line": line_of(path, "health"),
            "message": "sensitive item 'health' (要配慮個人情報) is acquired without the person's consent",
            "fix": rule_by_id("DAI006").fix, "citations": [str(c) for c in rule_by_id("DAI006").citations],
        }


def test_no_findings_is_an_empty_list(tmp_path):
    load_into(resolve_url(str(tmp_path / "daicho.db")), write_manifest(tmp_path, copy.deepcopy(BASELINE)))
    result = invoke("--db", str(tmp_path / "daicho.db"), "--json")
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_sarif_is_valid_and_points_at_the_manifest_line(gappy):
    path, db = gappy
    result = invoke("--db", db, "--format", "sarif")
    log = json.loads(result.output)
    jsonschema.validate(log, SARIF_SUBSET)
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [r.id for r in RULES]
    dai006 = driver["rules"][[r["id"] for r in driver["rules"]].index("DAI006")]
    assert dai006["defaultConfiguration"]["level"] == "error" and "APPI Art. 20(2)" in dai006["help"]["text"]
    assert driver["rules"][[r["id"] for r in driver["rules"]].index("DAI024")]["defaultConfiguration"] == {
        "level": "note"}
    first, second = log["runs"][0]["results"]
    assert (first["ruleId"], first["level"]) == ("DAI006", "error")
    assert driver["rules"][first["ruleIndex"]]["id"] == "DAI006"
    physical = first["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "manifests/inventory.yaml", "uriBaseId": "SRCROOT"},
                        "region": {"startLine": line_of(path, "health")}}
    assert (second["ruleId"], second["level"]) == ("DAI021", "warning")


def test_sarif_and_json_paths_outside_the_cwd_are_relative_to_the_manifests(tmp_path, monkeypatch):
    """Run from elsewhere: no absolute machine path, the path starts at the manifests' folder (base id
    MANIFESTROOT, declared in originalUriBaseIds without a machine URI)."""
    folder = tmp_path / "inv"
    load_into(resolve_url(str(tmp_path / "daicho.db")), write_manifest(folder, copy.deepcopy(BASELINE) | {
        "collection_points": [{"key": "signup", "name": "Sign-up"}]}))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    for args in (["--format", "sarif"], ["--json"]):
        output = invoke("--db", str(tmp_path / "daicho.db"), *args).output
        assert str(tmp_path) not in output and "file://" not in output
    log = json.loads(invoke("--db", str(tmp_path / "daicho.db"), "--format", "sarif").output)
    run = log["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "inv/inventory.yaml", "uriBaseId": "MANIFESTROOT"}
    assert set(run["originalUriBaseIds"]) == {"SRCROOT", "MANIFESTROOT"}
    assert all("uri" not in base for base in run["originalUriBaseIds"].values())
    data = json.loads(invoke("--db", str(tmp_path / "daicho.db"), "--json").output)
    assert {f["file"] for f in data} == {"inv/inventory.yaml"}
    findings = run_checks(resolve_url(str(tmp_path / "daicho.db")), AS_OF)
    assert to_sarif(findings, base=tmp_path)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"] == {"uri": "inv/inventory.yaml", "uriBaseId": "SRCROOT"}


def test_user_text_is_not_markup(tmp_path, monkeypatch):
    folder = tmp_path / "[bold]x"
    document = copy.deepcopy(BASELINE)
    setting("signup", notice=None)(document)
    load_into(resolve_url(str(tmp_path / "daicho.db")), write_manifest(folder, document))
    monkeypatch.chdir(tmp_path)
    out = render(run_checks(resolve_url(str(tmp_path / "daicho.db")), AS_OF))
    assert f"• [bold]x/inventory.yaml:{line_of(folder / 'inventory.yaml', 'signup')}  collection point 'signup'" in out


def test_bad_date_is_a_usage_error(gappy):
    _, db = gappy
    result = runner.invoke(app, ["check", "--db", db, "--as-of", "2025-13-01"])
    assert result.exit_code == 2 and "not a date" in result.output


def test_as_of_moves_the_yearly_rules(gappy):
    _, db = gappy
    later = run_checks(resolve_url(db), AS_OF + dt.timedelta(days=365))
    assert {f.rule for f in later} >= {"DAI002", "DAI013", "DAI016"}
    assert not {f.rule for f in run_checks(resolve_url(db), AS_OF)} & {"DAI002", "DAI013", "DAI016"}


def test_docs_are_generated_from_the_catalog():
    text = DOCS.read_text(encoding="utf-8")
    assert text == render_markdown(), "docs/checks.md is stale: python -m daicho.catalog.checks.docs > docs/checks.md"
    for rule in RULES:
        assert f"### {rule.id} `{rule.name}`" in text


def test_unconfirmed_clauses_are_marked():
    assert str(jis2023("A.1")) == "JIS Q 15001:2023 A.1"
    assert str(jis2023("A.7")) == "JIS Q 15001:2023 A.7 (unverified)"
    for rule in RULES:
        assert rule.citations, rule.id
        for citation in rule.citations:
            if citation.source == "JIS Q 15001:2023" and citation.clause.startswith("A."):
                assert citation.verified == (citation.clause in {"A.1", "A.2", "A.3", "A.13", "A.19"})


def test_every_rule_is_documented_with_severity_reason_and_fix():
    for rule in RULES:
        assert rule.check.__doc__ and rule.why and rule.fix and rule.title, rule.id
    assert {r.severity.value for r in RULES} == {"error", "warning", "info"}


def test_engoo_shows_its_gaps(engoo_url):
    findings = run_checks(engoo_url, AS_OF)
    rules = {f.rule for f in findings}
    assert len(rules) >= 3
    assert "error" in {f.severity for f in findings}
    assert all(f.file and f.line for f in findings)
    scope = [f for f in findings if f.rule == "DAI011"]  # the gap examples/engoo/flows.yaml was built to show
    assert [(f.key, f.message) for f in scope] == [
        ("payment_processor", "contractor 'payment_processor' receives 'email', beyond the items its contract covers")]


def test_engoo_on_the_command_line(engoo_url):
    for args in ([], ["--format", "json"], ["--format", "sarif"]):
        result = runner.invoke(app, ["check", "--db", engoo_url, "--as-of", AS_OF.isoformat(), *args])
        assert result.exit_code == 1, result.output  # Engoo has errors
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_docs_show_the_command_and_every_option():
    import typer.main

    text = DOCS.read_text(encoding="utf-8")
    command = typer.main.get_command(app).commands["check"]
    assert "daicho check" in text
    for param in command.params:
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert f"{option}" in text, option
