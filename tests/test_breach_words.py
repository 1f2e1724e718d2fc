"""`daicho breach --lang ja|en`: the triage is language-neutral (criterion numbers and rules, verdict and deadline
codes, citation ids, reasons as phrases) and is said in one language where it is written — the terminal view and
`--json` (text fields in the language, codes kept). The Japanese output of every system of the bundled examples
holds no run of three English words of the tool's own."""

from __future__ import annotations

import json

import pytest
from conftest import load_into
from daicho.catalog.breach.triage import breach
from daicho.catalog.breach.words import DEADLINES, breach_text, cited
from daicho.catalog.words import t
from daicho.examples import example_path
from daicho.inventory.db import ReadDB
from daicho.inventory.store import resolve_url
from test_words_checks import _inventory_strings, _run, english_runs

#: the incident as the user knows it: not known, ruled in, ruled out with the key safe
FLAGS = ((), ("--unlawful",), ("--no-unlawful-purpose", "--key-safe", "--persons", "800"))


@pytest.fixture(scope="module")
def tsumiki_url(tmp_path_factory) -> str:
    url = resolve_url(str(tmp_path_factory.mktemp("tsumiki-breach-words") / "daicho.db"))
    load_into(url, example_path("tsumiki"))
    return url


def _nodes(monkeypatch, capsysbinary, url: str) -> list[str]:
    """Every system, and the recipients and collection points a leak is most often asked about."""
    keys = []
    for kind, first in (("systems", None), ("recipients", 3), ("collection-points", 1)):
        listed = json.loads(_run(monkeypatch, capsysbinary, "list", kind, "--db", url, "--json")[1])
        keys += [r["key"] for r in listed[:first]]
    return keys


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_japanese_breach_has_no_english_of_the_tools_own(monkeypatch, capsysbinary, request, example):
    url = request.getfixturevalue(f"{example}_url")
    inventory = _inventory_strings(example_path(example))
    shown, english = [], []
    for key in _nodes(monkeypatch, capsysbinary, url):
        for flags in FLAGS:
            shown.append(_run(monkeypatch, capsysbinary, "breach", key, *flags, "--db", url, "--lang", "ja")[1])
            data = json.loads(_run(monkeypatch, capsysbinary, "breach", key, *flags, "--db", url, "--lang", "ja",
                                   "--json")[1])
            shown.append(_texts(data))
        english.append(_run(monkeypatch, capsysbinary, "breach", key, "--db", url, "--lang", "en")[1])
    assert not english_runs("\n".join(shown), inventory)
    assert len(english_runs("\n".join(english), inventory)) > 10  # the scan does find the English it looks for


def _texts(data: dict) -> str:
    """The text fields of a `breach --json`: what a reader of the language reads."""
    report = data["report"]
    parts = [data["verdict"]["text"], *(n["reason"] for n in data["not_personal"]),
             *(report[k] or "" for k in ("preliminary", "final", "notice", "contractor_note")), *report["cited"]]
    for c in data["criteria"]:
        parts += [c["cites"], c["title"], c["reason"]]
    parts += [i["encryption"]["text"] for i in data["items"] if i.get("encryption")]
    return "\n".join(parts)


def test_json_keeps_the_codes_and_says_the_texts_in_the_language(monkeypatch, capsysbinary, tsumiki_url):
    def run(lang: str) -> dict:
        return json.loads(_run(monkeypatch, capsysbinary, "breach", "backup_store", "--db", tsumiki_url, "--json",
                               "--lang", lang)[1])

    en, ja = run("en"), run("ja")
    assert (en["lang"], ja["lang"]) == ("en", "ja")
    codes = ("number", "rule", "met", "items", "settle")
    assert [{k: c[k] for k in codes} for c in en["criteria"]] == [{k: c[k] for k in codes} for c in ja["criteria"]]
    assert {k: en["verdict"][k] for k in ("code", "settle")} == {k: ja["verdict"][k] for k in ("code", "settle")}
    for key in ("ppc_report", "notify_persons", "final_days", "deadlines", "contractor", "citations"):
        assert en["report"][key] == ja["report"][key], key
    assert en["report"]["deadlines"] == {"preliminary": "promptly_3_5_days", "final": "30_days_60_if_iii",
                                         "notice": "notify_promptly"}
    assert en["report"]["cited"] == en["report"]["citations"] and "規則8条1項" in ja["report"]["cited"]
    assert [c["cites"] for c in ja["criteria"]] == ["規則7条1号", "規則7条2号", "規則7条3号", "規則7条4号"]
    assert en["criteria"][3]["reason"] == "42,000 persons (largest item estimate) exceeds 1,000"
    assert ja["criteria"][3]["reason"] == "本人の数 42,000人（推定）が千人を超える"
    assert ja["report"]["preliminary"].startswith("速やかに（規則8条1項）。目安は知った時点から概ね3〜5日以内")
    assert ja["verdict"]["text"] == "個人情報保護委員会への報告と本人への通知が必要（法26条1項・2項）"
    assert not any(key in ja for key in ("reason_ja", "ja")) and "ja" not in ja["report"]


def test_the_assessment_is_language_neutral_and_the_pack_reads_both(tsumiki_url):
    """The assessment holds codes and phrases (English as text); `breach_text` says it in a language, and
    `to_dict()` keeps both languages where the pack's breach sheets read them."""
    with ReadDB(tsumiki_url) as db:
        result = breach(db, "paybridge", unlawful=True)
    data = result.to_data()
    assert data["verdict"] == {"code": "report", "settle": []} and data["report"]["deadlines"]["final"] == "60_days"
    assert data["criteria"][0]["title"] == "Special care-required information"
    assert data["report"]["contractor"] is True and "Rules 9" in data["report"]["citations"]
    said = breach_text(result, "ja")
    assert said["report"]["final"] == t("ja", DEADLINES["60_days"])
    assert said["report"]["final"] == "知った日から60日以内（規則7条3号に該当するため、規則8条2項）"
    assert said["report"]["contractor_note"].startswith("委託先での漏えい等: ")
    both = result.to_dict()
    assert both["criteria"][2]["title"] == {"en": "Act likely done for an unlawful purpose",
                                            "ja": "不正の目的をもって行われたおそれがある行為による漏えい等"}
    assert [c["reason_ja"] for c in both["criteria"]] == [c["reason"] for c in said["criteria"]]
    assert both["report"]["ja"]["citations"] == said["report"]["cited"]
    assert both["verdict"]["ja"] == said["verdict"]["text"] and both["verdict"]["en"] == breach_text(data, "en")[
        "verdict"]["text"]
    assert breach_text(both, "ja") == said  # the pack's shape says itself the same


def test_report_unless_names_what_settles_each_in_the_language():
    from daicho.catalog.breach.triage import Exposure, assess

    item = {"item": "a", "name": {"en": "A", "ja": None}, "sensitive": False, "financial": False, "persons": None,
            "how": ["stored"], "data_class": "personal", "encryption": {"text": "AES, KMS"}}
    result = assess(Exposure({"key": "x", "kind": "system"}, [item], []), persons=500)
    assert result.verdict["settle"] == ["unlawful", "key"]
    en, ja = breach_text(result, "en")["verdict"]["text"], breach_text(result, "ja")["verdict"]["text"]
    assert en == ("report to the PPC and notify the persons unless (iii) is ruled out: no act for an unlawful purpose "
                  "may have caused it and the decryption key is confirmed not leaked (APPI 26(1), Rules 7)")
    assert breach_text(result, "en")["verdict"]["hint"] == ("once settled, run daicho breach with "
                                                           "--no-unlawful-purpose, --key-safe")
    assert ja.startswith("次が確認されない限り報告・本人通知が必要（法26条1項、規則7条）: ") and "、かつ復号鍵" in ja


@pytest.mark.parametrize(("code", "ja"), [("APPI 26(1)", "法26条1項"), ("Rules 7(iii)", "規則7条3号"),
                                          ("Rules 9", "規則9条"), ("APPI 41(9)", "法41条9項"),
                                          ("Rules 8(2)", "規則8条2項")])
def test_citations_are_written_by_cite(code, ja):
    assert cited(code, "en") == code and cited(code, "ja") == ja
