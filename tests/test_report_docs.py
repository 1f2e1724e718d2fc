"""docs/ledger.md and docs/report.md are checked: their examples run, and every option of their commands
is documented."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer
from daicho.cli.app import app
from test_ledger import run_daicho

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = {"ledger.md": ("ledger", "notice"), "report.md": ("report",)}


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_examples_run(page, tmp_path, monkeypatch, capsysbinary):
    text = (DOCS / page).read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    commands = [line[2:] for block in _blocks(text, "console") for line in block.splitlines()
                if line.startswith("$ daicho ")]
    assert commands and commands[0] == "daicho demo --out demo"
    for command in commands:
        code, _, err = run_daicho(monkeypatch, capsysbinary, *shlex.split(command)[1:])
        assert code == 0, f"{command}: {err}"
    for block in _blocks(text, "python"):
        exec(compile(block, f"{page} python example", "exec"), {})
    capsysbinary.readouterr()


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_option_is_documented(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    commands = {c.name or c.callback.__name__: c for c in app.registered_commands}
    for name in PAGES[page]:
        assert f"Usage: daicho {name} [OPTIONS]" in text
        command = typer.main.get_command_from_info(commands[name], pretty_exceptions_short=True,
                                                   rich_markup_mode=None)
        for param in command.params:
            for opt in param.opts:
                assert opt in text, f"{name} {opt} is not in docs/{page}"
