"""Validation problems in Japanese: every problem code has a Japanese message (no English of the tool's own
left), `validate --lang ja` and `load --lang ja` print file:line and Japanese, JSON keeps the codes."""

from __future__ import annotations

import json
import re
import string

import pytest
from conftest import run_daicho
from daicho.catalog.words import joined, phrase, t
from daicho.inventory.hints import did_you_mean
from daicho.inventory.problems import MESSAGES, problem
from daicho.inventory.references import record_word
from daicho.inventory.validate import _ALLOWED, _PYDANTIC, _REASONS, kind_of, validate_paths
from daicho.inventory.yamlread import OS_REASONS, YAML_REASONS
from ja_scan import english_runs

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

#: a parameter of each name as validation hands it over: words as phrases, keys and values as they are
SAMPLES = {
    "hint": did_you_mean("itemz", ["items"]),
    "kind": kind_of(None),
    "kinds": joined(" or ", [record_word("systems"), record_word("recipients")]),
    "detail": phrase("input should be a valid string"),
    "reason": phrase("Permission denied"),
    "allowed": "a1, b2",
    "shown": "'x1'",
    "items": joined(", ", ["'k1'", "'k2'"]),
    "cycle": "k1 → k2 → k1",
    "first": "m.yaml:3",
}


def _params(code: str) -> dict:
    names = [name for _, name, _, _ in string.Formatter().parse(MESSAGES[code]) if name]
    return {name: SAMPLES.get(name, f"k{n}") for n, name in enumerate(names)}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_problem_has_a_japanese_message(code):
    found = problem("m.yaml", 3, code, **_params(code))
    ja = found.said("ja")
    assert ja != found.message and JAPANESE.search(ja), (code, ja)
    assert english_runs(ja, []) == [], (code, ja)
    assert found.shown("ja").startswith("m.yaml:3: ")


@pytest.mark.parametrize("msgid", [*_PYDANTIC, *_REASONS, *_ALLOWED, *OS_REASONS, *YAML_REASONS])
def test_the_reasons_handed_over_have_japanese(msgid):
    ja = t("ja", msgid)
    assert ja != msgid and JAPANESE.search(ja), msgid


def test_english_messages_are_the_catalog_ids_filled():
    found = problem("m.yaml", 3, "unknown_reference", field="to", kinds=joined(" or ", [record_word("systems"),
                                                                                      record_word("recipients")]),
                    value="pspp", hint=did_you_mean("pspp", ["psp"]))
    assert str(found) == "m.yaml:3: to: unknown system or recipient 'pspp' (did you mean 'psp'?)"
    assert found.said("ja") == "to：システムまたは提供先「pspp」は存在しない（「psp」のことですか？）"


BROKEN = """\
daicho: 1
organization:
  key: org
  name: Org
  country: JPN
  contact: {email: p@example.com}
purposes:
  - key: billing
    name: Billing
    publishd: true
items:
  - key: email
    name: Email
    purposes: [biling]
    sensitive: maybe
systems:
  - key: db
    name: DB
    items: [email, phone]
recipients:
  - key: psp
    name: PSP
    kind: contracter
    country: US
flows:
  - from: db
    to: pspp
    items: [email]
    basis: outsourcing
  - from: db
    to: db
    items: [email, email]
    basis: exception
itemz: []
"""


@pytest.fixture
def broken(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return "broken.yaml"


def test_validate_in_japanese_keeps_file_and_line(broken, monkeypatch, capsysbinary):
    code, _, err_en = run_daicho(monkeypatch, capsysbinary, "validate", broken)
    assert code == 2
    code, _, err = run_daicho(monkeypatch, capsysbinary, "validate", broken, "--lang", "ja")
    assert code == 2
    lines = err.strip().splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [line.split(": ")[0] for line in err_en.splitlines()[:-1]]
    assert "broken.yaml:10: 不明なフィールド「publishd」（「published」のことですか？）" in lines
    assert "broken.yaml:27: to：システムまたは提供先「pspp」は存在しない（「psp」のことですか？）" in lines
    country = next(line for line in lines if line.startswith("broken.yaml:5: "))
    assert country.startswith("broken.yaml:5: 「country」：'JPN' は") and country.endswith("（「JP」のことですか？）")
    assert lines[-1] == "問題 10 件"
    for line in lines:
        assert JAPANESE.search(line), line
        assert english_runs(line, []) == [], line


def test_load_in_japanese_says_the_problems_and_that_nothing_was_loaded(broken, tmp_path, monkeypatch,
                                                                        capsysbinary):
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", broken, "--lang", "ja", "--db",
                              str(tmp_path / "x.db"))
    assert code == 2
    assert "broken.yaml:34: 不明なセクション「itemz」（「items」のことですか？）" in err
    assert err.strip().splitlines()[-1] == "エラー: マニフェストに問題が 10 件あるため、何も読み込んでいない"


def test_the_default_language_comes_from_the_environment(broken, monkeypatch, capsysbinary):
    monkeypatch.setenv("DAICHO_LANG", "ja")
    _, _, err = run_daicho(monkeypatch, capsysbinary, "validate", broken)
    assert err.strip().splitlines()[-1] == "問題 10 件"


def test_json_keeps_codes_and_english(broken, monkeypatch, capsysbinary):
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "validate", broken, "--json", "--lang", "ja")
    problems = json.loads(out)["problems"]
    assert code == 2 and len(problems) == 10
    unknown = next(p for p in problems if p["line"] == 10)
    assert unknown == {"file": "broken.yaml", "line": 10, "code": "unknown_field",
                       "params": {"where": "publishd", "hint": " (did you mean 'published'?)"},
                       "message": "unknown field 'publishd' (did you mean 'published'?)"}
    assert all(p["code"] in MESSAGES for p in problems)


def test_a_yaml_syntax_error_and_a_missing_path_in_japanese(tmp_path):
    (tmp_path / "bad.yaml").write_text("items: [\n", encoding="utf-8")
    result = validate_paths([tmp_path / "bad.yaml", tmp_path / "missing"])
    shown = sorted(p.shown("ja") for p in result.problems)
    assert shown == [f"{tmp_path}/bad.yaml:2: YAML の構文エラー：値が見つからない",
                     f"{tmp_path}/missing: ファイルまたはディレクトリがない"]
