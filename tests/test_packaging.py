"""The installed package holds every module and data file the source tree has."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
MAPPED = {"inventory": "daicho.inventory", "catalog": "daicho.catalog", "cli": "daicho.cli",
          "examples": "daicho.examples"}


def test_every_source_package_is_listed_for_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = set()
    for folder, name in MAPPED.items():
        assert config["package-dir"][name] == folder
        for init in (ROOT / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / folder).parts
            on_disk.add(".".join((name, *parts)))
    assert set(config["packages"]) == on_disk


def test_package_data_covers_the_examples_and_assets():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    data = config["package-data"]
    assert "*/*.yaml" in data["daicho.examples"]
    assert "assets/*" in data["daicho.catalog"]
    for example in ("engoo", "engoo-2014"):
        assert list((ROOT / "examples" / example).glob("*.yaml"))
