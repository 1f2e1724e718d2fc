"""Piped output has no blanks at its line ends: the padding a table or a field grid fills its cells with stays on
the terminal, where it cannot be seen, and is left out of a file, `grep` or `diff` (cli.output.TrimmedStdout and
the plain layout of cli.plain)."""

from __future__ import annotations

import io

import pytest
from conftest import run_daicho
from daicho.cli import output


class _Out(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("args", [["check"], ["check", "--lang", "ja"], ["list", "items"], ["show", "member_db"],
                                  ["breach", "member_db"], ["abroad"], ["history"], ["where", "email"]],
                         ids=" ".join)
@pytest.mark.parametrize("columns", ["60", "100"])
def test_piped_lines_end_without_blanks(args, columns, engoo_url, monkeypatch, capsysbinary):
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setattr(output, "_console", None)
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args, "--db", engoo_url)
    assert code in (0, 1), err
    lines = out.decode("utf-8").splitlines()
    assert len(lines) > 1
    assert [line for line in lines if line.endswith(" ")] == []


def test_padding_is_dropped_only_before_a_line_end(monkeypatch):
    piped = _Out(tty=False)
    monkeypatch.setattr("sys.stdout", piped)
    trimmed = output.TrimmedStdout()
    for part in ["a  b   \n", "c ", " ", "d\n", "e   ", "\n", "  f  "]:
        trimmed.write(part)
    trimmed.flush()
    assert piped.getvalue() == "a  b\nc  d\ne\n  f  "


def test_a_terminal_gets_every_character(monkeypatch):
    terminal = _Out(tty=True)
    monkeypatch.setattr("sys.stdout", terminal)
    output.TrimmedStdout().write("a   \nb \n")
    assert terminal.getvalue() == "a   \nb \n"
