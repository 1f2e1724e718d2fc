"""Bundled example inventories (data files): engoo (2021 policy) and engoo-2014."""

from importlib.resources import files
from pathlib import Path

EXAMPLES = ("engoo", "engoo-2014")


def example_path(name: str = "engoo") -> Path:
    """The directory of a bundled example, from the source tree or an installed copy."""
    if name not in EXAMPLES:
        raise KeyError(name)
    return Path(str(files(__name__).joinpath(name)))
