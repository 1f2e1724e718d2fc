"""The inventory commands as a user runs them: exit codes, one-line errors, --json, an unchanged store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import load_into, run_daicho, write_manifest
from daicho.cli.app import main
from daicho.examples import example_path
from hypothesis import given, settings
from hypothesis import strategies as st
from test_lineage_cli import WORLD


def run(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    """Run `daicho ARGS` in-process through the console entry point."""
    monkeypatch.setattr(sys, "argv", ["daicho", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


BROKEN = {
    "purposes": [{"key": "billing", "name": "Billing"}],
    "items": [{"key": "email", "name": "Email", "purposes": ["biling"]}],
    "recipients": [{"key": "psp", "name": "PSP", "kind": "contractr"}],
}


def test_validate_lists_every_problem_with_file_line_and_exits_2(capsys, monkeypatch, tmp_path):
    path = write_manifest(tmp_path, BROKEN)
    code, out, err = run(capsys, monkeypatch, "validate", str(path))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{path}:{_line_of(path, 'biling')}: purposes: unknown purpose 'biling' (did you mean 'billing'?)",
        f"{path}:{_line_of(path, 'contractr')}: 'kind': expected one of contractor, subcontractor, third_party, "
        "joint_user, group_company; got 'contractr' (did you mean 'contractor'?)",
        "2 problems",
    ]


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_validate_json(capsys, monkeypatch, tmp_path):
    code, out, _ = run(capsys, monkeypatch, "validate", "--json", str(write_manifest(tmp_path, BROKEN)))
    data = json.loads(out)
    path = tmp_path / "inventory.yaml"
    assert code == 2 and data["ok"] is False
    assert [p["line"] for p in data["problems"]] == [_line_of(path, "biling"), _line_of(path, "contractr")]


def test_failed_load_leaves_the_store_as_it_was(capsys, monkeypatch, tmp_path):
    db = str(tmp_path / "d.db")
    assert run(capsys, monkeypatch, "load", str(example_path("engoo")), "--db", db)[0] == 0
    before = run(capsys, monkeypatch, "export", "--db", db)[1]
    code, out, err = run(capsys, monkeypatch, "load", str(write_manifest(tmp_path / "b", BROKEN)), "--db", db)
    assert code == 2
    assert err.splitlines()[-1] == "Error: 2 problems in the manifests; nothing was loaded"
    assert "Traceback" not in err
    assert run(capsys, monkeypatch, "export", "--db", db)[1] == before


def test_load_export_load_through_the_cli(capsys, monkeypatch, tmp_path):
    db1, db2 = str(tmp_path / "1.db"), str(tmp_path / "2.db")
    run(capsys, monkeypatch, "load", str(example_path("engoo")), "--db", db1)
    exported = run(capsys, monkeypatch, "export", "--db", db1)[1]
    (tmp_path / "x.yaml").write_text(exported, encoding="utf-8")
    code, out, _ = run(capsys, monkeypatch, "load", str(tmp_path / "x.yaml"), "--db", db2)
    assert code == 0 and out.startswith("Loaded ")
    assert run(capsys, monkeypatch, "export", "--db", db2)[1] == exported
    as_json = json.loads(run(capsys, monkeypatch, "export", "--format", "json", "--db", db2)[1])
    assert as_json == yaml.safe_load(exported)


def test_schema_accepts_the_examples_and_rejects_a_bad_enum(capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, "schema")
    schema = json.loads(out)
    validator = jsonschema.Draft202012Validator(schema)
    for example in ("engoo", "engoo-2014"):
        for file in sorted(example_path(example).glob("*.yaml")):
            # as an editor sees the file: dates are text
            document = json.loads(json.dumps(yaml.safe_load(file.read_text(encoding="utf-8")), default=str))
            errors = list(validator.iter_errors(document))
            assert not errors, (file, errors[:1])
    assert list(validator.iter_errors({"recipients": [{"key": "x", "name": "X", "kind": "contractr"}]}))


def test_unknown_key_is_one_line_with_a_did_you_mean(capsys, monkeypatch, engoo_url):
    db = engoo_url.removeprefix("sqlite:///")
    code, out, err = run(capsys, monkeypatch, "show", "card_numbr", "--db", db)
    assert code == 1 and out == ""
    assert err == "Error: no record 'card_numbr'; did you mean 'card_number' or 'card_network'?\n"


def test_debug_shows_the_traceback(capsys, monkeypatch, engoo_url):
    db = engoo_url.removeprefix("sqlite:///")
    with pytest.raises(Exception, match="card_numbr"):
        monkeypatch.setattr(sys, "argv", ["daicho", "--debug", "show", "card_numbr", "--db", db])
        main()


def test_no_store_says_how_to_load(capsys, monkeypatch, tmp_path):
    code, _, err = run(capsys, monkeypatch, "list", "items", "--db", str(tmp_path / "none.db"))
    assert code == 1 and err.startswith("Error: no inventory in ") and "daicho load PATH" in err


def test_show_and_list_json(capsys, monkeypatch, engoo_url):
    db = engoo_url.removeprefix("sqlite:///")
    record = json.loads(run(capsys, monkeypatch, "show", "card_number", "--json", "--db", db)[1])
    assert record["kind"] == "item" and record["financial"] is True
    assert record["source"].endswith(".yaml:" + record["source"].rsplit(":", 1)[1])
    items = json.loads(run(capsys, monkeypatch, "list", "items", "--json", "--db", db)[1])
    assert {"card_number", "email"} <= {i["key"] for i in items}
    flows = json.loads(run(capsys, monkeypatch, "list", "flows", "--json", "--db", db)[1])
    assert all({"key", "from", "to", "basis", "items"} <= set(f) for f in flows)


def test_list_takes_a_kind_singular_and_names_the_closest_when_wrong(capsys, monkeypatch, engoo_url):
    db = engoo_url.removeprefix("sqlite:///")
    listed = run(capsys, monkeypatch, "list", "processes", "--json", "--db", db)[1]
    for word in ("process", "PROCESSES"):
        assert run(capsys, monkeypatch, "list", word, "--json", "--db", db)[1] == listed
    points = run(capsys, monkeypatch, "list", "collection-points", "--json", "--db", db)[1]
    assert run(capsys, monkeypatch, "list", "collection_point", "--json", "--db", db)[1] == points
    code, out, err = run(capsys, monkeypatch, "list", "sytems", "--db", db)
    assert code == 2 and not out
    assert "'sytems' is not one of items, systems," in err and "(did you mean 'systems'?)" in err
    assert "Value error" not in err


def test_a_refused_choice_reads_without_pydantics_words(capsys, monkeypatch, tmp_path):
    """typer checks a choice through pydantic, which opens the reason with "Value error, "; daicho's commands
    say the reason alone, with the choices."""
    db = str(tmp_path / "e.db")
    run(capsys, monkeypatch, "load", str(example_path("engoo")), "--db", db)
    for args, choices in ((("check", "-f", "xyz"), "'text', 'json', 'sarif'"),
                          (("ledger", "--format", "xyz", "-o", str(tmp_path / "l")), "'xlsx', 'csv', 'md'")):
        code, out, err = run(capsys, monkeypatch, *args, "--db", db)
        assert code == 2 and not out
        assert f"Invalid value for '--format' / '-f': 'xyz' is not one of {choices}." in err
        assert "Value error" not in err
    assert not (tmp_path / "l").exists()


def test_hostile_names_print_literally(capsys, monkeypatch, tmp_path):
    hostile = "[bold]x[/bold] \x1b[31mred <b>&\"'\n=cmd 🙂 台帳"
    db = str(tmp_path / "h.db")
    path = write_manifest(tmp_path, {"items": [{"key": "i", "name": {"en": hostile}}]})
    run(capsys, monkeypatch, "load", str(path), "--db", db)
    code, out, _ = run(capsys, monkeypatch, "list", "items", "--db", db)
    assert code == 0 and "[bold]x[/bold]" in out and "\x1b" not in out and "\\x1b[31mred" in out
    record = json.loads(run(capsys, monkeypatch, "show", "i", "--json", "--db", db)[1])
    assert record["name"]["en"] == hostile


def test_demo_from_an_installed_copy(tmp_path):
    """The console script (as installed) loads the bundled example outside the source tree."""
    daicho = Path(sys.executable).with_name("daicho")
    done = subprocess.run([str(daicho), "demo", "--out", str(tmp_path / "demo"), "--json"], cwd=tmp_path,
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
                          timeout=120)
    assert done.returncode == 0, done.stderr
    tour = json.loads(done.stdout)
    assert (tmp_path / "demo" / "daicho.db").exists() and tour["counts"]["items"] > 20
    assert tour["item"]["purposes"] and tour["item"]["recipients"]
    files = [Path(f) for f in tour["files"]]
    assert {f.name for f in files} >= {"card-lineage.en.png", "card-lineage.ja.svg", "map.en.svg", "index.html"}
    assert all(f.stat().st_size > 1000 for f in files)
    assert (tmp_path / "demo" / "audit" / "ledger.xlsx").exists()


def test_command_table_names_every_command_once():
    from daicho.cli.app import COMMANDS, command_name, create_app

    app = create_app()
    groups = [g.name for g in app.registered_groups]  # sub-apps such as `import fides`
    registered = [command_name(c) for c in app.registered_commands] + groups
    assert sorted(registered) == sorted(COMMANDS) and len(set(registered)) == len(registered)
    for name in COMMANDS:
        built = create_app(name)
        names = [command_name(c) for c in built.registered_commands] + [g.name for g in built.registered_groups]
        assert names == [name]


def test_a_query_imports_only_its_command_module(engoo_url):
    db = engoo_url.removeprefix("sqlite:///")
    probe = ("import atexit, sys; atexit.register(lambda: sys.stderr.write('LOADED ' + ' '.join(sorted("
             "m for m in sys.modules if m.startswith('daicho.cli.') or m in ('sqlmodel', 'networkx')))));"
             f"sys.argv = ['daicho', 'list', 'purposes', '--json', '--db', {db!r}];"
             "from daicho.cli.app import main; main()")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and json.loads(done.stdout)
    loaded = done.stderr.split("LOADED ", 1)[1].split()
    assert "daicho.cli.inventory_cmds" in loaded
    assert not {"daicho.cli.lineage_cmds", "daicho.cli.diagram_cmds", "sqlmodel", "networkx"} & set(loaded)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> str:
    """Path of an SQLite store holding WORLD (tests/test_lineage_cli.py)."""
    folder = tmp_path_factory.mktemp("world")
    load_into(f"sqlite:///{folder / 'daicho.db'}", write_manifest(folder, WORLD))
    return str(folder / "daicho.db")


def _daicho(monkeypatch, capsysbinary, *args: str) -> str:
    """`daicho ARGS` at an 80-column terminal without colour; stdout (exit 0)."""
    from daicho.cli import output

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(output, "_console", None)
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args)
    assert code == 0, err
    return out.decode("utf-8")


def test_show_and_list_read_the_resolved_model(monkeypatch, capsysbinary, world):
    systems = {s["key"]: s for s in json.loads(_daicho(monkeypatch, capsysbinary, "list", "systems", "--json",
                                                              "--db", world))}
    # no country recorded: unknown, never the operator's (JP)
    assert (systems["crm"]["country"], systems["crm"]["party"]) == ("unknown", "acme")
    ticketing = systems["support_ticketing"]  # the contractor's side: its location is where support_desk is
    assert (ticketing["country"], ticketing["hosting"], ticketing["party"], ticketing["handles_data"]) == (
        "PH", ["US"], "support_desk", True)
    vault = systems["vault"]  # storage its provider does not handle: the operator's, kept in DE
    assert (vault["country"], vault["party"], vault["operated_by"], vault["handles_data"]) == (
        "DE", "acme", "coldstore", False)
    for key, listed in systems.items():  # list and show agree
        shown = json.loads(_daicho(monkeypatch, capsysbinary, "show", key, "--json", "--db", world))
        assert {f: shown[f] for f in ("country", "hosting", "party", "handles_data")} == {
            f: listed[f] for f in ("country", "hosting", "party", "handles_data")}
    recipients = {r["key"]: r for r in json.loads(_daicho(monkeypatch, capsysbinary, "list", "recipients",
                                                                 "--json", "--db", world))}
    assert recipients["subproc"]["parents"] == ["support_desk", "mailer"]
    assert (recipients["support_desk"]["country"], recipients["support_desk"]["hosting"]) == ("PH", ["US", "SG"])
    assert recipients["support_desk"]["operates"] == ["support_ticketing"]
    assert (recipients["coldstore"]["handles_data"], recipients["coldstore"]["operates"]) == (False, ["vault"])
    assert recipients["mystery"]["country"] == "unknown"
    assert {k for k, r in recipients.items() if r["named_only"]} == {"dormant", "nowhere"}
    for contractor in ("support_desk", "mailer"):
        shown = json.loads(_daicho(monkeypatch, capsysbinary, "show", contractor, "--json", "--db", world))
        assert shown["subcontractors"] == ["subproc"]


def test_show_and_list_in_the_terminal(monkeypatch, capsysbinary, world):
    listed = _daicho(monkeypatch, capsysbinary, "list", "systems", "--db", world)
    rows = {line.split()[0]: line.split() for line in listed.splitlines() if line.strip()}
    assert rows["crm"] == ["crm", "CRM", "unknown", "acme"]
    assert rows["support_ticketing"][-2:] == ["PH", "support_desk"] and "(operates it)" in listed
    assert rows["vault"][-2:] == ["DE", "acme"] and "coldstore" in listed and "(storage only)" in listed
    recipients = _daicho(monkeypatch, capsysbinary, "list", "recipients", "--db", world)
    assert "under support_desk" in recipients and "under mailer" in recipients
    lines = [line.split() for line in recipients.splitlines()]
    at = lines.index(["support_desk", "Support", "desk", "PH", "runs", "support_ticketing"])
    assert lines[at + 1:at + 4] == [["contractor", "kept:"], ["US"], ["SG"]]  # where it keeps data, a code a line
    assert " ".join(recipients.split()).count("named, no data flow recorded") == 2
    shown = " ".join(_daicho(monkeypatch, capsysbinary, "show", "support_ticketing", "--db", world).split())
    assert "location Philippines (PH)" in shown and "kept in United States (US)" in shown
    assert "party support_desk (operated by support_desk)" in shown and "handles data yes" in shown
    shown = " ".join(_daicho(monkeypatch, capsysbinary, "show", "vault", "--db", world).split())
    assert "party acme (stored by coldstore, which does not handle the data)" in shown
    assert "location location unknown" in " ".join(_daicho(monkeypatch, capsysbinary, "show", "crm", "--db",
                                                           world).split())
    shown = " ".join(_daicho(monkeypatch, capsysbinary, "show", "dormant", "--db", world).split())
    assert "named only named, no data flow recorded" in shown
    ja = _daicho(monkeypatch, capsysbinary, "show", "crm", "--db", world, "--lang", "ja")
    assert "所在不明" in ja and "所在" in ja


KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,19}", fullmatch=True)  # up to 20 characters, as in the examples


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(KEYS, st.text(max_size=40), st.lists(KEYS, max_size=3), st.lists(KEYS, max_size=2),
                          st.sampled_from(["JP", "US", "unknown", "per_customer", "EU"]),
                          st.lists(st.sampled_from(["US", "SG", "DE", "per_customer"]), max_size=4), st.booleans()),
                min_size=1, max_size=5))
def test_list_tables_keep_keys_whole_at_80_columns(rows):
    """Keys (and the keys of parents, operators and operated systems) are never cut or wrapped, whatever the
    names; the table fits 80 columns."""
    from daicho.cli.output import THEME
    from daicho.cli.views import records_table
    from rich.cells import cell_len
    from rich.console import Console
    from rich.theme import Theme

    recipients = [{"key": key, "name": {"en": name}, "kind": "contractor", "country": country, "hosting": kept,
                   "parents": parents, "operates": operates, "handles_data": True, "named_only": False}
                  for key, name, parents, operates, country, kept, _ in rows]
    systems = []
    for key, name, parents, operates, country, kept, handles in rows:
        operator = (operates or [None])[0]  # a recipient that handles the data is the system's party
        systems.append({"key": key, "name": {"en": name}, "kind": "database", "department": name,
                        "country": country, "hosting": kept, "operated_by": operator, "handles_data": handles,
                        "party": operator if operator and handles else (parents or ["acme"])[0]})
    console = Console(width=80, color_system=None, theme=Theme(THEME))
    for kind, records in (("recipients", recipients), ("systems", systems)):
        with console.capture() as captured:
            console.print(records_table(kind, records))
        out = captured.get()
        assert max(cell_len(line) for line in out.splitlines()) <= 80
        words = set(out.split())
        for record in records:
            keys = {record["key"], *record.get("parents", []), *record.get("operates", [])} if kind == "recipients" \
                else {record["key"], record["party"], record["operated_by"]} - {None}
            assert keys <= words, (kind, out)
