"""History of the inventory (issue 12.1): versions, --at, storage that grows with what changed."""

from __future__ import annotations

import json

import pytest
from conftest import load_into, write_manifest
from daicho.cli.app import app
from daicho.inventory.history import record_documents, records_at, versions
from daicho.inventory.store import Store
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner


def _doc(items: dict[str, str], contractor_country: str = "US") -> dict:
    return {
        "organization": {"key": "acme", "name": "Acme", "country": "JP"},
        "subjects": [{"key": "members", "name": "Members"}],
        "purposes": [{"key": "billing", "name": "Billing"}],
        "items": [{"key": k, "name": n, "subjects": ["members"], "purposes": ["billing"]} for k, n in items.items()],
        "systems": [{"key": "crm", "name": "CRM", "country": "JP", "items": sorted(items)}],
        "recipients": [{"key": "mailer", "name": "Mailer", "kind": "contractor", "country": contractor_country}],
        "flows": [{"from": "crm", "to": "mailer", "items": sorted(items), "basis": "outsourcing",
                   "foreign_basis": "consent"}],
    }


def main_run(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    """`daicho ARGS` through the console entry point (errors become one line and an exit status)."""
    import sys

    from daicho.cli.app import main

    monkeypatch.setattr(sys, "argv", ["daicho", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


def _cli(*args: str, url: str):
    return CliRunner().invoke(app, [*args, "--db", url.removeprefix("sqlite:///")])


def test_each_changed_load_is_a_version_and_identical_loads_add_none(any_url, tmp_path):
    path = write_manifest(tmp_path / "a", _doc({"email": "Email", "phone": "Phone"}))
    store = load_into(any_url, path)
    assert store.version == (1, True)
    store = load_into(any_url, path)
    assert store.version == (1, False)
    write_manifest(tmp_path / "a", _doc({"email": "Email address", "phone": "Phone"}))
    store = load_into(any_url, path)
    assert store.version == (2, True)
    with store.engine.connect() as conn:
        known = versions(conn)
        assert [v["number"] for v in known] == [1, 2]
        assert known[1]["changed"] == 1 and known[0]["content_hash"] != known[1]["content_hash"]
        # storage grows with what changed: one new interval and one new document for version 2
        from sqlalchemy import text

        rows = conn.execute(text("SELECT COUNT(*) FROM history_record")).scalar()
        assert rows == known[0]["records"] + 1
        old = records_at(conn, 1)
    assert old["items/email"]["name"] == {"en": "Email"}


@given(st.lists(st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.sampled_from(["X", "Y"]), min_size=1),
                min_size=1, max_size=4))
def test_every_version_reads_back_as_loaded(tmp_path_factory, states):
    """Each stored version's record documents equal those of the inventory loaded then (the reference)."""
    from daicho.inventory.store import resolve_url
    from daicho.inventory.validate import validate_paths

    folder = tmp_path_factory.mktemp("h")
    url = resolve_url(str(folder / "daicho.db"))
    expected: list[dict] = []
    for state in states:
        path = write_manifest(folder / "m", _doc(state))
        store = load_into(url, path)
        documents = record_documents(validate_paths([path]).inventory)
        if store.version[1]:
            expected.append(documents)
    with Store(url).engine.connect() as conn:
        assert [records_at(conn, n) for n in range(1, len(expected) + 1)] == expected


def test_at_answers_as_of_a_version(any_url, tmp_path):
    path = write_manifest(tmp_path / "m", _doc({"email": "Email"}, "US"))
    load_into(any_url, path)
    write_manifest(tmp_path / "m", _doc({"email": "Email", "phone": "Phone"}, "JP"))
    load_into(any_url, path)
    runner = CliRunner()
    now = runner.invoke(app, ["list", "items", "--json", "--db", any_url.removeprefix("sqlite:///")])
    then = runner.invoke(app, ["list", "items", "--json", "--at", "1", "--db", any_url.removeprefix("sqlite:///")])
    assert then.exit_code == 0, then.output
    assert [i["key"] for i in json.loads(now.output)] == ["email", "phone"]
    assert [i["key"] for i in json.loads(then.output)] == ["email"]
    abroad = runner.invoke(app, ["abroad", "--json", "--at", "-1", "--db", any_url.removeprefix("sqlite:///")])
    assert [f["to_country"] for f in json.loads(abroad.output)["flows"]] == ["US"]
    today = runner.invoke(app, ["abroad", "--json", "--at", "2999-01-01", "--db", any_url.removeprefix("sqlite:///")])
    assert json.loads(today.output)["flows"] == []  # the latest version on or before that date: now


@pytest.mark.parametrize(("at", "message"), [
    ("7", "Error: no version 7 in the history (versions 1–1; see daicho history)\n"),
    ("2001-01-01", "Error: no version was loaded on or before 2001-01-01"),
    ("yesterday", "Error: --at 'yesterday' is neither a version number nor a date (YYYY-MM-DD)\n"),
])
def test_unknown_version_is_one_line_and_exit_2(sqlite_url, tmp_path, at, message, capsys, monkeypatch):
    load_into(sqlite_url, write_manifest(tmp_path / "m", _doc({"email": "Email"})))
    code, out, err = main_run(capsys, monkeypatch, "where", "email", "--at", at, "--db", sqlite_url)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_history_command_and_load_label(sqlite_url, tmp_path):
    path = write_manifest(tmp_path / "m", _doc({"email": "Email"}))
    result = CliRunner().invoke(app, ["load", str(path), "--label", "FY2025", "--note", "first", "--json", "--db",
                                      sqlite_url.removeprefix("sqlite:///")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["version"] == 1
    listed = json.loads(_cli("history", "--json", url=sqlite_url).output)
    assert listed[0]["label"] == "FY2025" and listed[0]["note"] == "first"
    assert listed[0]["sources"] == [str(path)]
    assert set(listed[0]) >= {"git_commit", "git_dirty", "content_hash", "loaded_at", "records"}
    text = _cli("history", url=sqlite_url).output
    assert "FY2025 — first" in text
