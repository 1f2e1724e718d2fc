"""The store refuses what would lose or leak (issue 15): hidden passwords, empty loads, foreign databases,
busy stores, concurrent loads, Ctrl-C — on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from conftest import PG_URL, load_into, run_daicho, write_manifest
from daicho.inventory import store_guard
from daicho.inventory.errors import StoreError
from daicho.inventory.export import inventory_document
from daicho.inventory.store import Store, resolve_url
from daicho.inventory.validate import validate_paths

SMALL = {"items": [{"key": "email", "name": "Email"}], "systems": [{"key": "db", "name": "DB", "items": ["email"]}]}


def _tables(url: str) -> list[str]:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        return sorted(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _with_password(url: str) -> str:
    return url.replace("://postgres@", "://postgres:S3cret@", 1)


# -- 3. passwords ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["postgresql+psycopg://user:S3cret@127.0.0.1:1/db",
                                 "postgresql+nosuchdriver://user:S3cret@127.0.0.1/db"])
@pytest.mark.parametrize("command", [("load",), ("list", "items"), ("export",)])
def test_errors_hide_the_password(tmp_path, monkeypatch, capsysbinary, url, command):
    args = [*command, str(write_manifest(tmp_path, SMALL))] if command == ("load",) else list(command)
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args, "--db", url)
    assert code == 1 and "S3cret" not in err + out.decode()
    assert err.startswith("Error: cannot open store postgresql+") and ":***@127.0.0.1" in err
    assert len(err.splitlines()) == 1


def test_display_url():
    assert store_guard.display_url("postgresql+psycopg://u:p%40ss@h:5/db?x=1") == "postgresql+psycopg://u:***@h:5/db?x=1"
    assert store_guard.display_url("sqlite:///a@b.db") == "sqlite:///a@b.db"
    assert store_guard.display_url("weird://u:pw@h/??%%") .count("pw") == 0


@pytest.mark.parametrize(("url", "unencoded"), [
    ("postgresql://u:Se@cret@127.0.0.1:1/db", True),  # a password not percent-encoded: @ / # ? inside it
    ("postgresql://u:Se/cret@127.0.0.1:1/db", True), ("postgresql://u:Se#cret@127.0.0.1:1/db", True),
    ("postgresql://u:Se?cret@127.0.0.1:1/db", True), ("postgresql://u:Se%40cret@127.0.0.1:1/db", False),
    ("postgresql://u@127.0.0.1:1/db?password=Secret", False),
    ("postgresql://127.0.0.1:1/db?user=u&PASSWORD=Secret&x=1", False),
])
def test_a_malformed_or_query_password_is_never_shown(tmp_path, monkeypatch, capsysbinary, url, unencoded):
    assert "cret" not in store_guard.display_url(url)
    code, out, err = run_daicho(monkeypatch, capsysbinary, "list", "items", "--db", url)
    assert code == 1 and "cret" not in err + out.decode(), err
    assert err.startswith("Error: cannot open store postgresql://") and "***" in err
    assert ("percent-encoded" in err) == unencoded  # the one mistake that splits a password says so
    assert "***ort" not in err  # the reason stays readable: no piece of a password replaced inside it


def test_load_output_hides_the_password(pg_url, tmp_path, monkeypatch, capsysbinary):
    url = _with_password(pg_url)  # trust auth: the password is not checked, but must not be shown
    path = str(write_manifest(tmp_path, SMALL))
    code, out, err = run_daicho(monkeypatch, capsysbinary, "load", path, "--db", url)
    assert code == 0, err
    assert "S3cret" not in out.decode() and "postgres:***@" in out.decode()
    code, out, err = run_daicho(monkeypatch, capsysbinary, "load", path, "--db", url, "--json")
    assert code == 0 and "S3cret" not in out.decode()
    import json

    assert json.loads(out)["store"].startswith("postgresql+psycopg://postgres:***@")


# -- 4. empty manifests ---------------------------------------------------------------------------------


def test_an_empty_manifest_does_not_empty_the_store(any_url, tmp_path, monkeypatch, capsysbinary):
    store = load_into(any_url, write_manifest(tmp_path / "a", SMALL))
    before = inventory_document(store.inventory())
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing here yet\n", encoding="utf-8")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "validate", str(empty))
    assert code == 0 and "note: the manifests hold no records" in err
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(empty), "--db", any_url)
    assert code == 1
    assert err.startswith("Error: refusing to replace the inventory in ") and "pass --allow-empty" in err
    assert inventory_document(Store(any_url).inventory()) == before
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(empty), "--db", any_url, "--allow-empty")
    assert code == 0, err
    assert inventory_document(Store(any_url).inventory()) == {"daicho": 1}


def test_an_empty_manifest_loads_into_a_new_store(sqlite_url, tmp_path):
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    Store(sqlite_url).load(validate_paths([tmp_path / "empty.yaml"]))
    assert inventory_document(Store(sqlite_url).inventory()) == {"daicho": 1}


# -- 8. foreign databases, empty files, directories --------------------------------------------------------


def test_another_applications_sqlite_file_is_refused_and_untouched(tmp_path, monkeypatch, capsysbinary):
    path = tmp_path / "crm.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(write_manifest(tmp_path, SMALL)),
                              "--db", str(path))
    assert code == 1 and err == (f"Error: sqlite:///{path} is not a daicho store: it holds other tables (customers); "
                                 "give a new file or an empty database with --db\n")
    assert _tables(resolve_url(str(path))) == ["customers"]
    code, _, err = run_daicho(monkeypatch, capsysbinary, "list", "items", "--db", str(path))
    assert code == 1 and "is not a daicho store: it holds other tables (customers)" in err


def test_another_applications_postgresql_schema_is_refused_and_untouched(pg_url, tmp_path):
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id int)"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"is not a daicho store: it holds other tables \(customers\)"):
        load_into(pg_url, write_manifest(tmp_path, SMALL))
    assert _tables(pg_url) == ["customers"]


def test_a_failed_first_load_leaves_no_tables(any_url, tmp_path, monkeypatch):
    from daicho.inventory import store as store_module

    def fail(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_module, "_insert", fail)
    with pytest.raises(StoreError, match="load failed, the store is unchanged: disk on fire"):
        load_into(any_url, write_manifest(tmp_path, SMALL))
    assert _tables(any_url) == []  # the schema was created in the failed transaction, and went with it


def test_an_empty_file_is_not_made_a_store(tmp_path, monkeypatch, capsysbinary):
    path = tmp_path / "notes.txt"
    path.touch()
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(write_manifest(tmp_path, SMALL)),
                              "--db", str(path))
    assert (code, err) == (1, f"Error: {path} is an empty file, not a daicho store; remove it or give another --db\n")
    assert path.stat().st_size == 0
    code, _, err = run_daicho(monkeypatch, capsysbinary, "list", "--db", str(path))
    assert code == 1 and err.startswith(f"Error: no inventory in sqlite:///{path}; load one first")


@pytest.mark.parametrize("command", ["load", "list", "export"])
def test_a_directory_is_not_a_store(tmp_path, monkeypatch, capsysbinary, command):
    args = [command, str(write_manifest(tmp_path / "m", SMALL))] if command == "load" else [command]
    code, _, err = run_daicho(monkeypatch, capsysbinary, *args, "--db", str(tmp_path))
    assert (code, err) == (1, f"Error: cannot open store {tmp_path}: it is a directory, not an SQLite file\n")


def test_a_file_that_is_not_a_database(tmp_path, monkeypatch, capsysbinary):
    path = tmp_path / "x.db"
    path.write_text("hello, not SQLite at all " * 10)
    code, _, err = run_daicho(monkeypatch, capsysbinary, "list", "--db", str(path))
    assert (code, err) == (1, f"Error: sqlite:///{path} is not an SQLite database (nor a daicho store)\n")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(write_manifest(tmp_path, SMALL)), "--db",
                              str(path))
    assert code == 1 and "file is not a database" in err and path.read_text().startswith("hello")


# -- 6. busy SQLite store ---------------------------------------------------------------------------------


@pytest.fixture
def locked_sqlite(tmp_path, monkeypatch):
    """An SQLite store another connection holds exclusively (as a load does while it commits)."""
    url = resolve_url(str(tmp_path / "busy.db"))
    load_into(url, write_manifest(tmp_path / "m", SMALL))
    monkeypatch.setattr(store_guard, "WAIT_SECONDS", 0.2)
    holder = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield url
    holder.execute("ROLLBACK")
    holder.close()


def test_a_read_while_a_load_commits_says_busy(locked_sqlite, monkeypatch, capsysbinary):
    path = locked_sqlite.removeprefix("sqlite:///")
    for command in (["list"], ["export"], ["where", "email"]):
        code, _, err = run_daicho(monkeypatch, capsysbinary, *command, "--db", path)
        assert (code, err) == (1, f"Error: the store {locked_sqlite} is busy: another load is running or "
                                  "committing (waited 0.2 s); try again when it has finished\n"), command


def test_a_second_sqlite_load_says_another_load_is_running(locked_sqlite, tmp_path):
    with pytest.raises(StoreError, match=r"is busy: another load is running \(waited 0.2 s\)"):
        load_into(locked_sqlite, write_manifest(tmp_path / "n", {"items": [{"key": "x", "name": "X"}]}))


# -- 7. concurrent PostgreSQL loads ------------------------------------------------------------------------


def test_concurrent_postgresql_loads_are_serialised(pg_url, tmp_path, capfd):
    results = [validate_paths([write_manifest(tmp_path / str(n), {"items": [{"key": f"i{n}_{k}", "name": "N"}
                                                                            for k in range(300)]})])
               for n in range(4)]
    errors: list[BaseException] = []

    def load(result) -> None:
        try:
            Store(pg_url).load(result)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(r,)) for r in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    keys = {i.key[:2] for i in Store(pg_url).inventory().items}
    assert len(keys) == 1 and len(Store(pg_url).inventory().items) == 300  # one whole load, the last one
    assert "error ignored" not in capfd.readouterr().err


def test_a_postgresql_load_waits_then_says_another_load_is_running(pg_url, tmp_path, monkeypatch):
    load_into(pg_url, write_manifest(tmp_path / "a", SMALL))
    monkeypatch.setattr(store_guard, "WAIT_SECONDS", 0.3)
    waiting: list[str] = []
    holder = Store(pg_url)
    with holder.engine.begin() as conn:  # a load in progress holds the store's advisory lock
        store_guard.lock_loads(conn, pg_url)
        with pytest.raises(StoreError, match=r"another load is running on .* \(waited 0.3 s\); try again"):
            Store(pg_url).load(validate_paths([write_manifest(tmp_path / "b", {"items": [{"key": "x", "name": "X"}]})]),
                               progress=lambda step, *_: waiting.append(step))
    assert waiting == ["waiting for another load"]
    assert [i.key for i in Store(pg_url).inventory().items] == ["email"]


# -- 10. Ctrl-C ----------------------------------------------------------------------------------------------


def test_ctrl_c_during_a_load_says_the_store_is_unchanged(any_url, tmp_path, monkeypatch, capsysbinary):
    store = load_into(any_url, write_manifest(tmp_path / "a", SMALL))
    before = inventory_document(store.inventory())
    from daicho.inventory import store as store_module

    real = store_module._insert
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(store_module, "_insert", interrupted)
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(write_manifest(tmp_path / "b", {
        "items": [{"key": "phone", "name": "Phone"}], "systems": [{"key": "crm", "name": "CRM"}]})), "--db", any_url)
    assert (code, err) == (130, "Error: interrupted; the store is unchanged\n")
    assert inventory_document(Store(any_url).inventory()) == before


@pytest.mark.skipif(not PG_URL, reason="needs DAICHO_TEST_DATABASE_URL")
def test_pg_url_fixture_is_isolated(pg_url):
    assert _tables(pg_url) == []


def test_a_store_in_a_missing_folder_is_said_so(tmp_path, monkeypatch, capsysbinary):
    db = tmp_path / "no" / "such" / "daicho.db"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(write_manifest(tmp_path, SMALL)), "--db", str(db))
    assert (code, err) == (1, f"Error: cannot open store {db}: the folder {db.parent} does not exist\n")
