"""daicho.inventory — the model, manifests, validation and the store.

    from daicho.inventory import validate_paths, Store, resolve_url
    from daicho.catalog import resolved
    result = validate_paths(["examples/engoo"])
    resolved.load(Store(resolve_url("daicho.db")), result)   # the inventory and its resolved facts
"""

from .errors import AmbiguousKey, DaichoError, ManifestError, StoreError, UnknownKey

__all__ = ["AmbiguousKey", "DaichoError", "ManifestError", "Store", "StoreError", "UnknownKey",
           "resolve_url", "validate_paths"]


def __getattr__(name: str):  # heavy parts load on first use: the CLI starts fast
    if name in ("Store", "resolve_url"):
        from . import store

        return getattr(store, name)
    if name == "validate_paths":
        from .validate import validate_paths

        return validate_paths
    raise AttributeError(name)
