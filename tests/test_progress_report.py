"""Progress of `daicho report` and `daicho diagram`: the pack's steps come in order, each counting up; nothing
extra on stderr when it is not a terminal (as under CliRunner or a pipe)."""

from __future__ import annotations

from conftest import load_into, write_manifest
from daicho.catalog.review.report import STEPS, write_report
from daicho.catalog.words import t
from daicho.cli.app import app
from test_ledger_data import SMALL
from typer.testing import CliRunner


def test_report_steps_come_in_order_and_count_up(tmp_path, sqlite_url):
    load_into(sqlite_url, write_manifest(tmp_path / "m", SMALL))
    calls: list[tuple[str, int, int]] = []
    write_report(sqlite_url, tmp_path / "pack", "en", progress=lambda *call: calls.append(call))
    steps = list(dict.fromkeys(step for step, _, _ in calls))
    assert steps == list(STEPS)  # each step once, in the order STEPS gives
    assert steps == [step for i, (step, _, _) in enumerate(calls) if i == 0 or calls[i - 1][0] != step]
    for step in steps:
        done = [d for s, d, _ in calls if s == step]
        assert done == sorted(done), step
        assert all(0 <= d <= total for s, d, total in calls if s == step and total), step
    ledger = [(d, total) for s, d, total in calls if s == "ledger"]
    assert ledger[-1][0] == ledger[-1][1] > 0  # the last row counted


def test_report_steps_are_said_in_japanese():
    assert all(t("ja", msgid) != msgid for msgid in STEPS.values())


def test_report_and_diagram_say_nothing_more_when_not_on_a_terminal(tmp_path, sqlite_url):
    load_into(sqlite_url, write_manifest(tmp_path / "m", SMALL))
    result = CliRunner().invoke(app, ["report", "-o", str(tmp_path / "pack"), "--lang", "en", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert all(line.startswith(("wrote ", "note: ")) for line in result.stderr.splitlines()), result.stderr
    result = CliRunner().invoke(app, ["diagram", "-o", str(tmp_path / "map.dot"), "--lang", "en", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert all(line.startswith(("wrote ", "note: ")) for line in result.stderr.splitlines()), result.stderr
    assert result.stderr.splitlines()[-1].startswith("wrote ")
    result = CliRunner().invoke(app, ["diagram", "--lang", "ja", "--db", sqlite_url])  # DOT on stdout
    assert result.exit_code == 0 and result.stderr == "" and result.stdout.startswith("digraph")
