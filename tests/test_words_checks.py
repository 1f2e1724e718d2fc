"""`daicho check --lang ja|en`: findings made in English with their parameters, written in the chosen language
(text, JSON, SARIF) with citations as that language's readers write them; codes stay as they are. The Japanese
output of the bundled examples holds no run of three English words of the tool's own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import load_into, run_daicho
from daicho.catalog.checks.citations import Citation, appi, cite, jipdec, jis2017, jis2023, order, ppc, rules
from daicho.examples import example_path
from daicho.inventory.store import resolve_url


@pytest.mark.parametrize(("citation", "en", "ja"), [
    (appi("27(1)(i)"), "APPI Art. 27(1)(i)", "法27条1項1号"),
    (appi("28"), "APPI Art. 28", "法28条"),
    (appi("27(5)(iii)"), "APPI Art. 27(5)(iii)", "法27条5項3号"),
    (rules("7(i)"), "Rules Art. 7(i)", "規則7条1号"),
    (rules("17(2)"), "Rules Art. 17(2)", "規則17条2項"),
    (rules("19–21"), "Rules Art. 19–21", "規則19条～21条"),
    (rules("34", verified=False), "Rules Art. 34 (unverified)", "規則34条（未確認）"),
    (order("10"), "Cabinet Order Art. 10", "政令10条"),
    (jis2023("A.19"), "JIS Q 15001:2023 A.19", "JIS Q 15001:2023 A.19"),
    (jis2023("A.7"), "JIS Q 15001:2023 A.7 (unverified)", "JIS Q 15001:2023 A.7（未確認）"),
    (jis2017("A.3.4.2.8.1"), "JIS Q 15001:2017 A.3.4.2.8.1", "JIS Q 15001:2017 A.3.4.2.8.1"),
    (jipdec("J.8.3"), "JIPDEC guideline J.8.3", "JIPDEC指針 J.8.3"),
    (jipdec("J.8.8 f)"), "JIPDEC guideline J.8.8 f)", "JIPDEC指針 J.8.8 f)"),
    (ppc("10-7 (外的環境の把握)"), "PPC General Guideline 10-7 (外的環境の把握)",
     "ガイドライン（通則編）10-7 (外的環境の把握)"),
    (ppc("Q&A 7-53"), "PPC General Guideline Q&A 7-53", "ガイドラインQ&A 7-53"),
    (Citation("APPI Art.", "Annex"), "APPI Art. Annex", "法Annex"),
])
def test_citations_per_language(citation, en, ja):
    assert cite(citation, "en") == en == str(citation)
    assert cite(citation, "ja") == ja


@pytest.fixture(scope="module")
def tsumiki_url(tmp_path_factory) -> str:
    url = resolve_url(str(tmp_path_factory.mktemp("tsumiki-words") / "daicho.db"))
    load_into(url, example_path("tsumiki"))
    return url


def _run(monkeypatch, capsysbinary, *args: str) -> tuple[int, str]:
    from daicho.cli import output

    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setattr(output, "_console", None)  # a wide console: lines are not folded inside a record's name
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args)
    assert code in (0, 1) and "Error:" not in err, err
    return code, out.decode("utf-8")


def test_json_keeps_codes_and_writes_the_text_in_the_language(monkeypatch, capsysbinary, engoo_url):
    _, en = _run(monkeypatch, capsysbinary, "check", "--db", engoo_url, "-f", "json", "--as-of", "2026-11-21")
    _, default = _run(monkeypatch, capsysbinary, "check", "--db", engoo_url, "-f", "json", "--as-of", "2026-11-21",
                      "--lang", "en")
    _, ja = _run(monkeypatch, capsysbinary, "check", "--db", engoo_url, "-f", "json", "--as-of", "2026-11-21",
                 "--lang", "ja")
    en, default, ja = json.loads(en), json.loads(default), json.loads(ja)
    assert en == default and len(en) == len(ja) > 20
    codes = ("rule", "name", "severity", "kind", "key", "file", "line")
    assert [{k: f[k] for k in codes} for f in en] == [{k: f[k] for k in codes} for f in ja]
    for e, j in zip(en, ja, strict=True):
        assert set(e) == set(j)
        assert e["message"] != j["message"] and e["title"] != j["title"]
        assert e["key"] in j["message"] or e["rule"] in ("DAI030", "DAI025", "DAI001", "DAI044")
    storage = next(f for f in ja if f["rule"] == "DAI015")
    assert "アメリカ合衆国" in storage["message"] and "日本" in storage["message"]
    assert "規則17条2項" in storage["citations"] and "法28条" in storage["citations"]


def test_sarif_message_in_the_language(monkeypatch, capsysbinary, engoo_url):
    _, ja = _run(monkeypatch, capsysbinary, "check", "--db", engoo_url, "-f", "sarif", "--lang", "ja")
    results = json.loads(ja)["runs"][0]["results"]
    assert results and all("。対処：" in r["message"]["text"] for r in results)
    assert all(r["ruleId"].startswith("DAI") for r in results)


def test_a_language_not_known_is_a_usage_error(monkeypatch, capsysbinary, engoo_url):
    code, _, err = run_daicho(monkeypatch, capsysbinary, "check", "--db", engoo_url, "--lang", "fr")
    assert code == 2 and "'fr' is not one of en, ja" in err


def test_default_language_from_the_environment(monkeypatch, capsysbinary, engoo_url):
    monkeypatch.setenv("DAICHO_LANG", "ja")
    _, text = _run(monkeypatch, capsysbinary, "check", "--db", engoo_url, "--summary")
    assert text.startswith("指摘 ") and "エラー" in text


#: words of the tool's that are names or codes in any language: standards, algorithms, licences, products
_NAMES = ("JIS Q 15001", "ISO/IEC 18033", "ISO 3166", "CRYPTREC", "APEC CBPR", "CC BY", "EU-US", "Ethyca",
          "OpenLineage", "Fides", "fideslang", "EU/EEA")


def _inventory_strings(folder: Path) -> list[str]:
    """Every text the inventory holds (names, descriptions, notes …), longest first."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            found.add(value.strip())
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in folder.glob("*.yaml"):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            walk(document)
    return sorted({" ".join(s.split()) for s in found if s.strip()}, key=len, reverse=True)


def english_runs(text: str, inventory: list[str]) -> list[str]:
    """Runs of three or more English words in `text` that are the tool's own: not inside `code` or 'keys', not a
    path, not the inventory's own text, not a standard's or product's name. Folded lines are joined first."""
    text = " ".join(text.split())
    for value in inventory:
        text = text.replace(value, " ")
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"'[^'\n]*'", " ", text)
    text = re.sub(r"\S+\.ya?ml(:\d+)?", " ", text)
    for name in _NAMES:
        text = text.replace(name, " ")
    return re.findall(r"(?<![\w-])[A-Za-z][A-Za-z’']*(?:[ ,]+[A-Za-z][A-Za-z’']*){2,}(?![\w-])", text)


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_japanese_check_output_has_no_english_of_the_tools_own(monkeypatch, capsysbinary, request, example):
    url = request.getfixturevalue(f"{example}_url")
    inventory = _inventory_strings(example_path(example))
    _, text = _run(monkeypatch, capsysbinary, "check", "--db", url, "--lang", "ja", "--verbose")
    _, data = _run(monkeypatch, capsysbinary, "check", "--db", url, "--lang", "ja", "-f", "json")
    findings = json.loads(data)
    assert findings, "the example has findings to read"
    shown = text + "\n".join(f"{f['title']}\n{f['message']}\n{f['fix']}\n{' '.join(f['citations'])}" for f in findings)
    assert not english_runs(shown, inventory)
    english = _run(monkeypatch, capsysbinary, "check", "--db", url, "--lang", "en", "--verbose")[1]
    assert len(english_runs(english, inventory)) > 10  # the scan does find the English it looks for


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_show_in_japanese_labels_every_field_in_japanese(monkeypatch, capsysbinary, request, example):
    """`show --lang ja` on one record of each kind: no English run of the tool's own (labels, yes/no); field
    names stay in English without --lang ja."""
    url = request.getfixturevalue(f"{example}_url")
    inventory = _inventory_strings(example_path(example))
    keys = []
    for kind in ("items", "systems", "recipients", "purposes", "collection-points", "flows"):
        listed = json.loads(_run(monkeypatch, capsysbinary, "list", kind, "--db", url, "--json")[1])
        keys += [r["key"] for r in listed[:3]]
    shown = "\n".join(_run(monkeypatch, capsysbinary, "show", key, "--db", url, "--lang", "ja")[1] for key in keys)
    labels = [line.split()[0] for line in shown.splitlines() if line[:1].strip()]
    assert labels and not [label for label in labels if re.fullmatch(r"[a-z_]+", label)], labels
    assert not english_runs(shown, inventory)
    english = _run(monkeypatch, capsysbinary, "show", keys[0], "--db", url)[1]
    assert english.startswith("record ") and "\nevidence" in english


def _records(monkeypatch, capsysbinary, url: str) -> dict[str, list[dict]]:
    return {kind: json.loads(_run(monkeypatch, capsysbinary, "list", kind, "--db", url, "--json")[1])
            for kind in ("items", "systems", "recipients")}


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_japanese_terminal_views_have_no_english_of_the_tools_own(monkeypatch, capsysbinary, request, example):
    """`where`, `list`, `show`, `receives`, `abroad`, `holds` with --lang ja: labels, headings, legends, kinds,
    bases and summaries in Japanese; what is left in English is the inventory's own text, keys and codes."""
    url = request.getfixturevalue(f"{example}_url")
    inventory = _inventory_strings(example_path(example))
    records = _records(monkeypatch, capsysbinary, url)
    recipients = [r["key"] for r in records["recipients"] if not r.get("named_only")][:4]
    systems = [r["key"] for r in records["systems"]][:3]
    commands = [("where", r["key"]) for r in records["items"][:6]] + [("abroad",)]
    commands += [("receives", key) for key in recipients] + [("holds", key) for key in systems]
    commands += [("show", key) for key in recipients[:2] + systems[:2]]
    commands += [("list", kind) for kind in ("items", "systems", "recipients", "purposes", "flows",
                                             "collection-points", "subjects")]
    for command in commands:
        shown = _run(monkeypatch, capsysbinary, *command, "--db", url, "--lang", "ja")[1]
        assert not english_runs(shown, inventory), (command, english_runs(shown, inventory)[:5])
    english = "\n".join(_run(monkeypatch, capsysbinary, *command, "--db", url)[1] for command in commands[:8])
    assert len(english_runs(english, inventory)) > 5  # the scan does find the English it looks for


def test_show_says_codes_in_japanese_and_keeps_them(monkeypatch, capsysbinary, engoo_url):
    """A code of the manifest (a recipient's kind, the sub-contracting clause) as the law's word with the code
    beside it; English and --json keep the code alone."""
    ja = " ".join(_run(monkeypatch, capsysbinary, "show", "payment_processor", "--db", engoo_url, "--lang", "ja")[1]
                  .split())
    assert "委託先（contractor）" in ja and "再委託可（個別に承認）（allowed）" in ja
    en = _run(monkeypatch, capsysbinary, "show", "payment_processor", "--db", engoo_url, "--lang", "en")[1]
    assert "contractor" in en and "委託先" not in en
    data = json.loads(_run(monkeypatch, capsysbinary, "show", "payment_processor", "--db", engoo_url, "--json",
                           "--lang", "ja")[1])
    assert data["subkind"] == "contractor" and data["contract"]["subcontracting"] == "allowed"
