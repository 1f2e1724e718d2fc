"""Bundled example inventories (data files): engoo (2021 policy), engoo-2014 and tsumiki (fictional SaaS)."""

from importlib.resources import files
from pathlib import Path

EXAMPLES = ("engoo", "engoo-2014", "tsumiki")


def example_path(name: str = "engoo") -> Path:
    """The directory of a bundled example, from the source tree or an installed copy."""
    if name not in EXAMPLES:
        raise KeyError(name)
    return Path(str(files(__name__).joinpath(name)))
