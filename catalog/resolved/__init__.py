"""The resolved model: the one reading of the inventory that every command shares.

`load(store, result)` writes the inventory and its resolved facts in one transaction (`load_paths(store, paths)`
validates manifests and does the same); `facts` reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from daicho.inventory.store import Progress, Store
    from daicho.inventory.validate import ValidationResult


def load(store: Store, result: ValidationResult, progress: Progress | None = None, **options: Any) -> dict[str, int]:
    """Replace the stored inventory by a validated one, with its resolved facts, atomically."""
    from .build import resolved_rows

    return store.load(result, progress, derive=resolved_rows, **options)


def load_paths(store: Store, paths: list[Any], progress: Progress | None = None, **options: Any) -> dict[str, int]:
    """Validate manifest files and folders and load them with their resolved facts, atomically (a large
    inventory is read in a worker process while the store writes: `daicho.inventory.pipeline`); raises
    `ManifestError` with every problem, and nothing changes."""
    from daicho.inventory.pipeline import load_paths as load_manifests

    from .build import resolved_rows

    return load_manifests(store, paths, progress, derive=resolved_rows, **options)
