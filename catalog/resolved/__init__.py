"""The resolved model: the one reading of the inventory that every command shares.

`load(store, result)` writes the inventory and its resolved facts in one transaction; `facts` reads them.
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
