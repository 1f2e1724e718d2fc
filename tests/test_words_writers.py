"""The English-run scan of tests/test_words_checks.py over the other commands that write for people (issue 11):
`ropa`, `subprocessors`, `request`, `history` and `diff` with --lang ja on the Engoo example hold no run of three
English words of the tool's own (the inventory's own text and code left out); their English is unchanged; JSON
keeps its codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import run_daicho
from daicho.examples import example_path
from test_words_checks import _inventory_strings, english_runs

EXAMPLES = Path(example_path("engoo")).parent


@pytest.fixture(scope="module")
def inventory() -> list[str]:
    """The texts of both Engoo inventories (the 2014 one for diff), and the shortened forms diff shows of long
    values (their first 99 characters, then "…")."""
    found = _inventory_strings(EXAMPLES / "engoo") + _inventory_strings(EXAMPLES / "engoo-2014")
    found += [s[:99] for s in found if len(s) > 100]
    return sorted(set(found), key=len, reverse=True)


def _run(monkeypatch, capsysbinary, *args: str) -> str:
    from daicho.cli import output

    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setattr(output, "_console", None)  # a wide console: no line folded inside a name
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args)
    assert code in (0, 1) and "Error:" not in err, err
    return out.decode("utf-8")


COMMANDS = [
    ("ropa", "-f", "md"),
    ("ropa", "-f", "csv"),
    ("ropa", "--role", "processor", "-f", "md"),
    ("subprocessors", "-f", "md"),
    ("subprocessors", "-f", "csv"),
    ("request", "disclosure", "--subject", "members"),
    ("request", "correction", "--subject", "members"),
    ("request", "stop", "--subject", "members"),
    ("request", "deletion", "--subject", "site_visitors"),
    ("history",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_japanese_output_has_no_english_of_the_tools_own(monkeypatch, capsysbinary, engoo_url, inventory, command):
    japanese = _run(monkeypatch, capsysbinary, *command, "--db", engoo_url, "--lang", "ja")
    assert japanese.strip()
    assert not english_runs(japanese, inventory)
    english = _run(monkeypatch, capsysbinary, *command, "--db", engoo_url, "--lang", "en")
    assert english_runs(english, inventory)  # the scan finds the English it looks for


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_japanese_diff_of_the_two_engoo_policies(monkeypatch, capsysbinary, inventory, fmt):
    """`daicho diff examples/engoo-2014 examples/engoo --lang ja`: headings and the tool's notes in Japanese."""
    old, new = str(EXAMPLES / "engoo-2014"), str(EXAMPLES / "engoo")
    japanese = _run(monkeypatch, capsysbinary, "diff", old, new, "-f", fmt, "--lang", "ja")
    assert "追加された記録" in japanese and "変更された記録" in japanese
    assert not english_runs(japanese, inventory)
    english = _run(monkeypatch, capsysbinary, "diff", old, new, "-f", fmt, "--lang", "en")
    assert "Records added" in english and english_runs(english, inventory)


def test_ropa_in_japanese_keeps_codes_in_json(monkeypatch, capsysbinary, engoo_url):
    en = json.loads(_run(monkeypatch, capsysbinary, "ropa", "--db", engoo_url, "-f", "json", "--lang", "en"))
    ja = json.loads(_run(monkeypatch, capsysbinary, "ropa", "--db", engoo_url, "-f", "json", "--lang", "ja"))
    assert ja["lang"] == "ja" and [t["flow"] for t in en["transfers"]] == [t["flow"] for t in ja["transfers"]]
    assert [t["kind"] for t in en["transfers"]] == [t["kind"] for t in ja["transfers"]]
    assert {t["country"]["code"] for t in ja["transfers"]} >= {"US", "PH", "unknown"}
    assert {"アメリカ合衆国", "所在不明"} <= {t["country"]["title"] for t in ja["transfers"]}
    assert "United States" in {t["country"]["title"] for t in en["transfers"]}
    erasure = [e for a in ja["activities"] for e in a["erasure"]]
    assert erasure and all("from" not in e.replace("account deletion", "") for e in erasure)


def test_ropa_csv_in_japanese_has_the_ppc_words(monkeypatch, capsysbinary, engoo_url):
    text = _run(monkeypatch, capsysbinary, "ropa", "--db", engoo_url, "-f", "csv", "--lang", "ja")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["取扱活動の記録 — 管理者（GDPR第30条第1項）"]
    assert next(r for r in rows if r and r[0] == "取扱いの目的")[:2] == ["取扱いの目的", "適法性の根拠（第6条）"]


def test_request_json_keeps_codes_and_says_the_duty_in_the_language(monkeypatch, capsysbinary, engoo_url):
    args = ("request", "disclosure", "--subject", "members", "--db", engoo_url, "--json")
    en = json.loads(_run(monkeypatch, capsysbinary, *args, "--lang", "en"))
    ja = json.loads(_run(monkeypatch, capsysbinary, *args, "--lang", "ja"))
    assert (en["request"], en["article"]) == (ja["request"], ja["article"]) == ("disclosure", "APPI 33")
    assert en["duty"].startswith("Disclose the retained personal data") and ja["duty"].startswith("本人が請求した方法")
    assert [n["key"] for n in en["not_covered"]] == [n["key"] for n in ja["not_covered"]]
    assert {n["reason"] for n in ja["not_covered"]} <= {"個人関連情報：個人データに当たらない",
                                                        "匿名化された情報：個人データに当たらない",
                                                        "仮名加工情報：法41条9項により法33条～39条の適用が除外される",
                                                        "保有個人データに当たらない（retained: false）"}
    flows = [[f["flow"] for f in result["provision_records"]["flows"]] for result in (en, ja)]
    assert flows[0] == flows[1] and flows[0]


def test_request_title_cites_the_article_as_japanese_readers_do(monkeypatch, capsysbinary, engoo_url):
    ja = _run(monkeypatch, capsysbinary, "request", "stop", "--subject", "members", "--db", engoo_url, "--lang", "ja")
    en = _run(monkeypatch, capsysbinary, "request", "stop", "--subject", "members", "--db", engoo_url, "--lang", "en")
    assert ja.startswith("法35条 利用停止等の請求 — 本人の区分：")
    assert en.startswith("APPI 35 stop of use request — subject:")
