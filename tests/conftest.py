"""Shared fixtures: stores loaded from the bundled examples or from small manifests made in a test."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from daicho.catalog import resolved
from daicho.examples import example_path
from daicho.inventory.store import Store, resolve_url
from daicho.inventory.validate import validate_paths
from hypothesis import HealthCheck, settings

PG_URL = os.environ.get("DAICHO_TEST_DATABASE_URL")
# Output language follows DAICHO_LANG / the locale where a command takes no --lang: tests expect English unless
# they ask for Japanese, whatever the machine's locale.
os.environ["DAICHO_LANG"] = "en"

# Property tests: a quick "dev" profile by default, a larger "ci" one where .ci/run sets HYPOTHESIS_PROFILE=ci
# (modest still: each example loads a store, on SQLite and PostgreSQL). A test's own max_examples wins.
_SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=_SLOW_OK, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def write_manifest(folder: Path, document: dict[str, Any], name: str = "inventory.yaml") -> Path:
    """Write a manifest document as YAML and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump({"daicho": 1, **document}, Dumper=dumper, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def load_into(url: str, *paths: Path) -> Store:
    """Validate and load manifests into the store at `url`; fail the test on any problem."""
    result = validate_paths(list(paths))
    assert result.ok, "\n".join(map(str, result.problems))
    store = Store(url)
    resolved.load(store, result)
    return store


@pytest.fixture(scope="session")
def engoo_url(tmp_path_factory) -> str:
    """URL of an SQLite store holding the bundled 2021 Engoo example."""
    url = resolve_url(str(tmp_path_factory.mktemp("engoo") / "daicho.db"))
    load_into(url, example_path("engoo"))
    return url


@pytest.fixture(scope="module", params=["engoo", "tsumiki"])
def example_url(request, tmp_path_factory) -> str:
    """A SQLite store of each bundled example, made once per test module."""
    url = resolve_url(str(tmp_path_factory.mktemp(request.param) / "daicho.db"))
    load_into(url, example_path(request.param))
    return url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return resolve_url(str(tmp_path / "daicho.db"))


@pytest.fixture
def pg_url():
    """A PostgreSQL URL working in a fresh schema of its own, dropped afterwards."""
    if not PG_URL:
        pytest.skip("PostgreSQL tests need DAICHO_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    from sqlalchemy import create_engine, text

    schema = f"daicho_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request, tmp_path) -> str:
    """Each store test runs on SQLite, and on PostgreSQL when DAICHO_TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        return resolve_url(str(tmp_path / "daicho.db"))
    return request.getfixturevalue("pg_url")

def run_daicho(monkeypatch, capsysbinary, *args: str) -> tuple[int, bytes, str]:
    """Run the `daicho` entry point in-process: (exit code, stdout bytes, stderr text)."""
    from daicho.cli.app import main

    monkeypatch.setattr(sys, "argv", ["daicho", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")
