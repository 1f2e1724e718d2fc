"""Usage errors in the command's language (cli.usage_errors): in English click's own text, byte for byte; in
Japanese (`--lang ja`, `--lang=ja`, DAICHO_LANG=ja) the usage, the hint and the error said in Japanese, with no
run of the tool's English, and the same exit code."""

from __future__ import annotations

import pytest
from conftest import run_daicho
from daicho.cli import usage_errors
from test_words_checks import english_runs

#: (command line, what the error is about): every kind of usage error a user meets
CASES = [
    (["wher", "email"], "no such command, a did-you-mean"),
    (["zzz"], "no such command"),
    (["check", "--bogus"], "no such option, the possible ones"),
    (["--bogus", "where", "email"], "no such option of daicho itself"),
    (["where"], "a missing argument"),
    (["where", "email", "extra"], "an extra argument"),
    (["check", "--format", "xyz"], "a refused choice"),
    (["check", "--fail-on"], "an option without its value"),
    (["where", "--depth", "x", "email"], "not a number"),
    (["where", "--depth", "-1", "email"], "below the minimum"),
    (["check", "--as-of", "2020-13-01"], "not a date (the command's own check)"),
]


def _errors(monkeypatch, capsysbinary, args, url, environ=None):
    for name, value in (environ or {}).items():
        monkeypatch.setenv(name, value)
    code, _, err = run_daicho(monkeypatch, capsysbinary, *args, "--db", url)
    return code, err


@pytest.mark.parametrize(("args", "about"), CASES, ids=[about for _, about in CASES])
def test_english_is_clicks_own_text(args, about, engoo_url, monkeypatch, capsysbinary):
    monkeypatch.delenv("DAICHO_LANG", raising=False)
    monkeypatch.setenv("LANG", "C")
    code, err = _errors(monkeypatch, capsysbinary, args, engoo_url)
    monkeypatch.setattr(usage_errors, "localise", lambda exc: exc)  # typer shows click's error itself
    own_code, own = _errors(monkeypatch, capsysbinary, args, engoo_url)
    assert (code, err) == (own_code, own) and code == 2
    assert "Error: " in err


@pytest.mark.parametrize(("args", "about"), CASES, ids=[about for _, about in CASES])
@pytest.mark.parametrize("how", ["--lang ja", "--lang=ja", "DAICHO_LANG=ja"])
def test_japanese_says_every_part_in_japanese(args, about, how, engoo_url, monkeypatch, capsysbinary):
    given = {"--lang ja": ["--lang", "ja"], "--lang=ja": ["--lang=ja"]}.get(how, [])
    environ = {"DAICHO_LANG": "ja"} if how.startswith("DAICHO") else {}
    code, err = _errors(monkeypatch, capsysbinary, [*args, *given], engoo_url, environ)
    assert code == 2
    assert "エラー: " in err and "Error:" not in err
    assert "使い方: " in err and "ヘルプは '" in err
    said = "\n".join(line for line in err.splitlines() if not line.startswith("使い方: "))  # the usage is syntax
    assert not english_runs(said, ["email", "xyz", "extra", "zzz"]), err


def test_japanese_keeps_words_of_an_unknown_shape():
    """A message whose shape is not known keeps its words (inside the Japanese frame) rather than losing them."""
    assert usage_errors.said("Something new happened to 'x'.", "ja") == "Something new happened to 'x'."
    assert usage_errors.said("Invalid value for '--x': something new", "ja") == \
        "'--x' の値が正しくありません: something new"


def test_the_language_is_read_from_the_command_line():
    assert usage_errors.argv_lang(["check", "--lang", "ja"]) == "ja"
    assert usage_errors.argv_lang(["check", "--lang=en"]) == "en"
    assert usage_errors.argv_lang(["check", "--", "--lang", "ja"]) is None
    assert usage_errors.argv_lang(["check", "--lang"]) is None


def test_the_language_is_that_of_each_command_line(engoo_url, monkeypatch):
    """Run after run in one process (CliRunner: sys.argv is not the command line), each usage error takes its own
    command line's `--lang`, not an earlier command's."""
    from daicho.cli.app import create_app
    from typer.testing import CliRunner

    monkeypatch.delenv("DAICHO_LANG", raising=False)
    monkeypatch.setenv("LANG", "C")
    runner = CliRunner()
    assert runner.invoke(create_app(), ["where", "email", "--lang", "ja", "--db", engoo_url]).exit_code == 0
    english = runner.invoke(create_app(), ["check", "--format", "xyz", "--db", engoo_url])
    japanese = runner.invoke(create_app(), ["check", "--lang", "ja", "--format", "xyz", "--db", engoo_url])
    assert english.exit_code == japanese.exit_code == 2
    assert "Error: Invalid value for '--format'" in english.output
    assert "エラー: '--format' / '-f' の値が正しくありません" in japanese.output
