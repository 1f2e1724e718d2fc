"""`check --lang ja -f sarif`: the rules' descriptions and help in Japanese, ids and levels as in English, still
the SARIF code-scanning tools read."""

from __future__ import annotations

import json
import re

import jsonschema
from conftest import run_daicho
from ja_scan import english_runs
from test_checks_cli import SARIF_SUBSET

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _sarif(monkeypatch, capsysbinary, url: str, lang: str) -> dict:
    code, out, err = run_daicho(monkeypatch, capsysbinary, "check", "--db", url, "-f", "sarif", "--lang", lang)
    assert code in (0, 1), err
    return json.loads(out)


def test_rule_descriptions_in_japanese(monkeypatch, capsysbinary, engoo_url):
    en = _sarif(monkeypatch, capsysbinary, engoo_url, "en")
    ja = _sarif(monkeypatch, capsysbinary, engoo_url, "ja")
    jsonschema.validate(ja, SARIF_SUBSET)
    rules_en, rules_ja = (log["runs"][0]["tool"]["driver"]["rules"] for log in (en, ja))
    assert [(r["id"], r["name"], r["defaultConfiguration"]) for r in rules_ja] == \
        [(r["id"], r["name"], r["defaultConfiguration"]) for r in rules_en]
    for rule in rules_ja:
        for part in ("shortDescription", "fullDescription", "help"):
            text = rule[part]["text"]
            assert JAPANESE.search(text), (rule["id"], part, text)
        assert rule["help"]["text"].startswith("対処：") and "\n\n根拠：\n- " in rule["help"]["text"]
        assert rule["properties"] == next(r for r in rules_en if r["id"] == rule["id"])["properties"]  # ids
    dai006 = next(r for r in rules_ja if r["id"] == "DAI006")
    assert "重大度 エラー：" in dai006["help"]["text"] and "法" in dai006["help"]["text"]
    bases = ja["runs"][0]["originalUriBaseIds"]
    assert all(JAPANESE.search(b["description"]["text"]) for b in bases.values())
    assert [(r["ruleId"], r["level"]) for r in ja["runs"][0]["results"]] == \
        [(r["ruleId"], r["level"]) for r in en["runs"][0]["results"]]


def test_rule_descriptions_have_no_english_sentence_of_the_tools_own(monkeypatch, capsysbinary, engoo_url):
    ja = _sarif(monkeypatch, capsysbinary, engoo_url, "ja")
    for rule in ja["runs"][0]["tool"]["driver"]["rules"]:
        for part in ("shortDescription", "fullDescription"):
            assert english_runs(rule[part]["text"], []) == [], (rule["id"], part, rule[part]["text"])


def test_english_sarif_rules_unchanged(monkeypatch, capsysbinary, engoo_url):
    from daicho.catalog.checks.rules import RULES

    rule = _sarif(monkeypatch, capsysbinary, engoo_url, "en")["runs"][0]["tool"]["driver"]["rules"][0]
    first = RULES[0]
    assert rule["shortDescription"]["text"] == first.title
    assert rule["fullDescription"]["text"] == f"{first.title}. {first.why}"
    assert rule["help"]["text"].startswith(f"Fix: {first.fix}\n\nSeverity {first.severity.value}: ")
