"""The installed package holds every module and data file the source tree has, and the build is quiet.

setuptools prints a 35-line "Package would be ignored" box for every folder under a package that is named like
a package (catalog/assets, examples/engoo) but not listed in `packages`: every such folder is listed.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
MAPPED = {"inventory": "daicho.inventory", "catalog": "daicho.catalog", "cli": "daicho.cli",
          "examples": "daicho.examples"}


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folders() -> dict[str, Path]:
    """Every folder under the mapped roots that setuptools sees as a package: it has an __init__.py, or its name
    is an identifier (a data folder such as catalog/assets) and it holds files."""
    found = {}
    for folder, name in MAPPED.items():
        for path in [ROOT / folder, *(p for p in (ROOT / folder).rglob("*") if p.is_dir())]:
            parts = path.relative_to(ROOT / folder).parts
            if any(part == "__pycache__" or not part.isidentifier() for part in parts):
                continue
            if (path / "__init__.py").exists() or any(p.is_file() for p in path.iterdir()):
                found[".".join((name, *parts))] = path
    return found


def test_every_source_package_is_listed_for_the_wheel():
    config = _config()
    for folder, name in MAPPED.items():
        assert config["package-dir"][name] == folder
    assert set(config["packages"]) == set(_folders())


def _shipped(relative: str, package_data: dict[str, list[str]]) -> bool:
    """Whether a data file (path under a mapped root, as `daicho.x/sub/file`) is matched by a package-data glob
    of its own package or of a parent package."""
    package, _, rest = relative.partition("/")
    parts = rest.split("/")
    for cut in range(len(parts)):
        owner = ".".join([package, *parts[:cut]])
        inside = "/".join(parts[cut:])
        if any(fnmatch.fnmatch(inside, glob) and inside.count("/") == glob.count("/")
               for glob in package_data.get(owner, [])):
            return True
    return False


def test_package_data_covers_the_examples_and_assets():
    data = _config()["package-data"]
    checked = 0
    for folder, name in MAPPED.items():
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            relative = f"{name}/{path.relative_to(ROOT / folder).as_posix()}"
            assert _shipped(relative, data), f"{relative} is not in [tool.setuptools.package-data]"
            checked += 1
    assert checked > 20  # the examples and the pack's assets
    for example in ("engoo", "engoo-2014", "tsumiki"):
        assert list((ROOT / "examples" / example).glob("*.yaml"))
