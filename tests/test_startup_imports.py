"""Start-up stays light: a read command imports only what it needs (issue 9, start-up).

A terminal query is expected to start about as fast as a minimal typer app; each heavy library it imports
without need (rich for --json, SQLAlchemy, sqlmodel, Alembic, PyYAML, networkx, the pydantic models of the
manifest) costs tens of milliseconds. These tests run the real command in a fresh interpreter and look at
`sys.modules` when it exits: behaviour, not timing.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import load_into
from daicho.examples import example_path

#: libraries a read command never needs (its store is SQLite, it writes nothing)
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "yaml", "networkx", "openpyxl", "psycopg")
#: daicho's modules of the manifest model and the writing side
OURS = ("daicho.inventory.model", "daicho.inventory.tables", "daicho.inventory.validate",
        "daicho.inventory.yamlread", "daicho.inventory.rows")

ENGOO_JSON = [
    ("where", "email"),
    ("receives", "support_desk_ph"),
    ("path", "registration_form", "support_desk_ph"),
    ("holds", "member_db"),
    ("abroad",),
    ("list", "items"),
    ("show", "member_db"),
    ("breach", "member_db"),
]


def loaded(db: str, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `daicho ARGS --db DB` in a fresh interpreter: the finished process and the modules it had imported."""
    probe = ("import atexit, sys;"
             "atexit.register(lambda: sys.stderr.write('\\nLOADED ' + ' '.join(sorted(sys.modules))));"
             f"sys.argv = ['daicho', *{list(args)!r}, '--db', {db!r}];"
             "from daicho.cli.app import main; main()")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    return done, set(done.stderr.rsplit("LOADED ", 1)[1].split())


def heavy(modules: set[str], also: tuple[str, ...] = ()) -> list[str]:
    """The modules of `modules` that belong to a heavy library, daicho's model or `also`."""
    return sorted(m for m in modules if m.split(".")[0] in HEAVY + also or m.startswith(OURS))


@pytest.mark.parametrize("args", ENGOO_JSON, ids=lambda a: " ".join(a))
def test_json_output_imports_no_rich_and_nothing_heavy(engoo_url, args):
    done, modules = loaded(engoo_url.removeprefix("sqlite:///"), *args, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) is not None
    assert heavy(modules, also=("rich",)) == []


def test_terminal_where_imports_nothing_heavy(engoo_url):
    """The terminal tree needs rich, but neither the ORM, the migrations' Alembic nor the manifest model."""
    done, modules = loaded(engoo_url.removeprefix("sqlite:///"), "where", "email")
    assert done.returncode == 0 and "email" in done.stdout
    assert heavy(modules) == []


@pytest.mark.parametrize("scheme", ["postgresql+psycopg", "postgresql+psycopg2", "postgresql"])
def test_postgresql_reads_through_psycopg2_alone(pg_url, engoo_url, scheme):
    """On PostgreSQL a read command reads through psycopg2, whichever libpq driver the URL names for loading:
    neither SQLAlchemy nor psycopg (3), whose import cost the command about 100 ms more. Its answer is the one
    the same inventory gives on SQLite."""
    load_into(pg_url, example_path("engoo"))
    url = scheme + pg_url[pg_url.index("://"):]
    done, modules = loaded(url, "where", "email", "--json")
    assert done.returncode == 0, done.stderr
    on_sqlite, _ = loaded(engoo_url.removeprefix("sqlite:///"), "where", "email", "--json")
    assert json.loads(done.stdout) == json.loads(on_sqlite.stdout) and json.loads(done.stdout)
    assert "psycopg2" in modules
    assert heavy(modules, also=("rich",)) == []


def test_check_reads_without_the_yaml_reader_or_the_orm(engoo_url):
    """`check` builds the inventory's models from the store, but never imports PyYAML, SQLAlchemy or sqlmodel;
    --json never imports rich."""
    done, modules = loaded(engoo_url.removeprefix("sqlite:///"), "check", "--json")
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout) is not None
    assert sorted(m for m in modules if m.split(".")[0] in HEAVY + ("rich",)) == []
    assert "daicho.inventory.yamlread" not in modules


#: read commands whose piped terminal view is laid out without rich (cli.plain, cli.plain_blocks)
PLAIN_PIPED = [
    ("holds", "member_db"),
    ("abroad",),
    ("list", "items"),
    ("list", "systems"),
    ("show", "member_db"),
    ("breach", "member_db"),
    ("check",),
]


@pytest.mark.parametrize("args", PLAIN_PIPED, ids=lambda a: " ".join(a))
def test_piped_terminal_view_imports_no_rich_console(engoo_url, args):
    """Piped (rich would write no escape code), the view is written line for line without rich's console, text
    or table modules, and nothing heavy."""
    done, modules = loaded(engoo_url.removeprefix("sqlite:///"), *args)
    assert done.returncode in ((0, 1) if args == ("check",) else (0,)) and done.stdout, done.stderr  # 1: errors found
    assert not {"rich.console", "rich.text", "rich.table", "rich.tree", "rich.rule", "rich.padding"} & modules
    assert heavy(modules) == []  # check too: its records are read light, no pydantic model


def test_check_piped_imports_no_model_nor_pycountry(engoo_url):
    """`check` reads every record light (`catalog.checks.records`): no manifest model is validated, so neither
    the models' module nor pycountry (which validating a country code loads) is imported; nor are the lineage
    queries (`catalog.lineage`: the foreign flows' condition is `catalog.resolved.facts.FOREIGN_FLOWS`)."""
    done, modules = loaded(engoo_url.removeprefix("sqlite:///"), "check")
    assert done.returncode in (0, 1) and "findings" in done.stdout, done.stderr
    assert "daicho.inventory.model" not in modules and "pycountry" not in modules
    assert not [m for m in modules if m.startswith("daicho.catalog.lineage.")]


def test_main_pauses_the_collector_only_until_the_command_runs(monkeypatch, engoo_url, capsys):
    """`main` loads typer, pydantic and the command's modules with the garbage collector paused; the command
    itself runs with it going, and a run that never reaches a command (--help) leaves it as it was."""
    import functools
    import gc

    from daicho.cli import app, lineage_cmds

    seen = []
    real = lineage_cmds.holds

    @functools.wraps(real)
    def holds(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(lineage_cmds, "holds", holds)
    create_app = app.create_app
    monkeypatch.setattr(app, "create_app", lambda command: seen.append(gc.isenabled()) or create_app(command))
    assert gc.isenabled()
    monkeypatch.setattr(sys, "argv", ["daicho", "holds", "member_db", "--db", engoo_url.removeprefix("sqlite:///"),
                                      "--json"])
    try:
        app.main()
    except SystemExit as exc:  # typer ends with exit 0
        assert not exc.code
    finally:
        gc.unfreeze()  # what main froze of this test process: collected as before
    assert seen == [False, True] and gc.isenabled()  # paused while the app was made, going for the command
    assert json.loads(capsys.readouterr().out)
    monkeypatch.setattr(sys, "argv", ["daicho", "holds", "--help"])
    with pytest.raises(SystemExit):
        app.main()
    assert gc.isenabled() and seen == [False, True, False]
