"""docs/diagrams.md is checked: its examples run and every option of `daicho diagram` is documented."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import typer
from conftest import run_daicho
from daicho.cli.app import app

PAGE = Path(__file__).resolve().parent.parent / "docs" / "diagrams.md"


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_examples_run(tmp_path, monkeypatch, capsysbinary):
    text = PAGE.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    commands = [line[2:] for block in _blocks(text, "console") for line in block.splitlines()
                if line.startswith("$ daicho ")]
    assert commands and commands[0] == "daicho demo --out demo"
    for command in commands:
        words = shlex.split(command)
        if not shutil.which("dot") and any(w.endswith((".svg", ".png", ".pdf")) for w in words):
            continue  # images need Graphviz; the no-Graphviz path is tested in test_diagram_render.py
        code, _, err = run_daicho(monkeypatch, capsysbinary, *words[1:])
        assert code == 0, f"{command}: {err}"
    for block in _blocks(text, "python"):
        exec(compile(block, "diagrams.md python example", "exec"), {})
    capsysbinary.readouterr()


def test_every_option_is_documented():
    text = PAGE.read_text(encoding="utf-8")
    assert "Usage: daicho diagram [OPTIONS]" in text
    info = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == "diagram")
    command = typer.main.get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
    for param in command.params:
        for opt in param.opts:
            assert opt in text, f"diagram {opt} is not in docs/diagrams.md"
