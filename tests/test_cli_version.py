"""`daicho --version` alone prints the version and exits 0 (click used to ask for a command first)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

from daicho.cli.app import app
from typer.testing import CliRunner


def test_version_alone_prints_the_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"daicho {version('daicho')}\n"


def test_version_through_the_console_entry_point():
    done = subprocess.run([sys.executable, "-m", "daicho.cli.app", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"daicho {version('daicho')}"
