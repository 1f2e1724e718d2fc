"""`--lang` of the commands that write for people: given, it wins; not given, DAICHO_LANG, else the locale
(LC_ALL, LC_MESSAGES, LANG: ja_* → Japanese), else English; the ledger's and the notice's option defaults to
Japanese; a language not known is a usage error. `--json` keeps the codes whatever the language."""

from __future__ import annotations

import json

import pytest
import typer
from daicho.cli.app import app
from daicho.cli.options import LangOption, LedgerLangOption
from typer.testing import CliRunner

#: what the environment holds besides the variables a case sets (the locale of the machine must not leak in)
_CLEAR = {"DAICHO_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def _run(engoo_url: str, *args: str, **env: str):
    return CliRunner().invoke(app, [*args, "--db", engoo_url], env={**_CLEAR, "COLUMNS": "120", **env})


@pytest.mark.parametrize(("env", "japanese"), [
    ({}, False),
    ({"DAICHO_LANG": "ja"}, True),
    ({"DAICHO_LANG": "en", "LANG": "ja_JP.UTF-8"}, False),
    ({"LANG": "ja_JP.UTF-8"}, True),
    ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, False),
    ({"LC_MESSAGES": "ja_JP.UTF-8"}, True),
    ({"LANG": "en_US.UTF-8"}, False),
])
def test_the_default_language_comes_from_the_environment(engoo_url, env, japanese):
    result = _run(engoo_url, "abroad", **env)
    assert result.exit_code == 0, result.output
    assert ("越境しうるフロー" in result.output) is japanese, (env, result.output[:200])


@pytest.mark.parametrize("command", [("list", "systems"), ("show", "payment_processor"), ("where", "email"),
                                     ("receives", "payment_processor"), ("holds", "member_db"), ("abroad",),
                                     ("path", "member_db", "payment_processor")])
def test_every_view_takes_lang_and_it_wins_over_the_environment(engoo_url, command):
    ja = _run(engoo_url, *command, "--lang", "ja", DAICHO_LANG="en")
    en = _run(engoo_url, *command, "--lang", "en", DAICHO_LANG="ja", LANG="ja_JP.UTF-8")
    assert ja.exit_code == en.exit_code == 0, (ja.output, en.output)
    assert ja.output != en.output and any("\u3040" <= c <= "\u9fff" for c in ja.output)


def test_json_keeps_the_codes_in_any_language(engoo_url):
    ja = json.loads(_run(engoo_url, "abroad", "--json", "--lang", "ja").output)
    en = json.loads(_run(engoo_url, "abroad", "--json", "--lang", "en").output)
    assert ja == en and {f["status"] for f in ja["flows"]} >= {"missing", "ok"}


def test_a_language_not_known_is_a_usage_error(engoo_url):
    result = _run(engoo_url, "where", "email", "--lang", "fr")
    assert result.exit_code == 2 and "'fr' is not one of en, ja" in result.output


def test_the_ledger_option_defaults_to_japanese():
    """The option type the ledger and the notice take: Japanese unless told, whatever DAICHO_LANG says."""
    ledger, view = typer.Typer(), typer.Typer()

    @ledger.command()
    def ledger_command(lang: LedgerLangOption = None) -> None:
        print(lang)

    @view.command()
    def view_command(lang: LangOption = None) -> None:
        print(lang)

    runner = CliRunner()
    assert runner.invoke(ledger, [], env={**_CLEAR, "DAICHO_LANG": "en"}).output.strip() == "ja"
    assert runner.invoke(view, [], env={**_CLEAR, "DAICHO_LANG": "en"}).output.strip() == "en"
    assert runner.invoke(ledger, ["--lang", "en"], env={**_CLEAR, "LANG": "ja_JP"}).output.strip() == "en"
    assert runner.invoke(view, [], env={**_CLEAR, "LANG": "ja_JP"}).output.strip() == "ja"
    assert runner.invoke(ledger, ["--lang", "de"]).exit_code == 2


def test_countries_are_named_for_a_japanese_reader_codes_kept(engoo_url):
    """In Japanese a country in a line of text is its name with the code (アメリカ合衆国（US）); English and --json
    keep the code; the list's country column stays a column of codes."""
    ja = _run(engoo_url, "abroad", "--lang", "ja").output
    assert "アメリカ合衆国（US） · 委託 · 根拠 委託" in ja and "フィリピン（PH） · 再委託" in ja
    assert "3 か国: イスラエル（IL）、フィリピン（PH）、アメリカ合衆国（US）" in ja
    en = _run(engoo_url, "abroad", "--lang", "en").output
    assert "US · outsourcing · basis outsourcing" in en and "United States (US)" not in en
    where = _run(engoo_url, "where", "card_number", "--lang", "ja").output
    assert "国 2（日本（JP）、アメリカ合衆国（US））" in where and "· 日本（JP） · 1 ホップ" in where
    assert "2 countries (JP, US)" in _run(engoo_url, "where", "card_number", "--lang", "en").output
    data = json.loads(_run(engoo_url, "abroad", "--lang", "ja", "--json").output)
    assert "US" in data["summary"]["countries"]
    listed = _run(engoo_url, "list", "recipients", "--lang", "ja").output
    assert "アメリカ合衆国" not in listed and " US " in listed
