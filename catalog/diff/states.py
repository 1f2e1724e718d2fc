"""States of the inventory to read or compare: a stored version, manifest paths, or a git revision of them.

Each state is its record documents (inventory/history.py) and the URL of a store that holds it with its
resolved model: the store itself for its latest version, otherwise a side SQLite store in a temporary folder,
written by the normal load path (`daicho.catalog.resolved.load`) and removed when the process ends.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from daicho.catalog.words import phrase
from daicho.inventory.errors import DaichoError, ManifestError, make_folder
from daicho.inventory.history import UnknownVersion

_SIDE: list[str] = []


class RevisionError(DaichoError):
    """A git revision that is not in the repository, or a folder that is not in one."""

    exit_code = 2


@dataclass
class State:
    """One state of the inventory: what it is called, its record documents, a store URL holding it."""

    label: str
    records: dict[str, Any]
    url: str
    version: int | None = None


def _side_folder() -> Path:
    folder = tempfile.mkdtemp(prefix="daicho-state-")
    if not _SIDE:
        atexit.register(lambda: [shutil.rmtree(f, ignore_errors=True) for f in _SIDE])
    _SIDE.append(folder)
    return Path(folder)


def side_store(result: Any) -> str:
    """A temporary SQLite store holding a validated inventory and its resolved model (no history of its own)."""
    from daicho.catalog import resolved
    from daicho.inventory.store import Store, resolve_url

    url = resolve_url(str(_side_folder() / "state.db"))
    resolved.load(Store(url), result, history=False)
    return url


def history_versions(url: str) -> list[dict[str, Any]]:
    """The store's versions, oldest first."""
    from daicho.inventory.history import versions
    from daicho.inventory.store import Store

    store = Store(url)
    store.require()
    with store.engine.connect() as conn:
        return versions(conn)


def version_state(url: str, wanted: str, known: list[dict[str, Any]] | None = None) -> State:
    """The state of stored version `wanted` (a number, -N back from the latest, or a date)."""
    from daicho.inventory.history import lined, pick_version, records_at, state_document
    from daicho.inventory.store import Store
    from daicho.inventory.validate import validate_documents

    known = history_versions(url) if known is None else known
    number = pick_version(known, wanted)
    with Store(url).engine.connect() as conn:
        records = records_at(conn, number)
    label = f"version {number}"
    if number == known[-1]["number"]:
        return State(label, records, url, number)
    result = validate_documents([(label, lined(state_document(records)))])
    if not result.ok:  # a state that was valid when loaded and no longer is (the manifest format changed)
        raise ManifestError(result.problems)
    return State(label, records, side_store(result), number)


def at_url(url: str, at: str | None) -> str:
    """The store URL a read command answers from: the store, or a side store of the version `--at` names."""
    if at is None:
        return url
    return version_state(url, at).url


def path_state(paths: list[Path]) -> State:
    """The state of manifest files or folders (validated; ManifestError when they have problems)."""
    from daicho.inventory.history import record_documents
    from daicho.inventory.validate import validate_paths

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise UnknownVersion(phrase("{path} is neither a stored version nor a manifest path", path=str(missing[0])))
    result = validate_paths(paths)
    if not result.ok:
        raise ManifestError(result.problems)
    return State(" ".join(str(p) for p in paths), record_documents(result.inventory), side_store(result))


def git_state(revision: str, folder: Path) -> State:
    """The state of a manifest folder at a git revision (its files checked out into a temporary folder)."""
    folder = Path(folder).resolve()
    base = folder if folder.is_dir() else folder.parent
    top = _git(["rev-parse", "--show-toplevel"], base,
               phrase("{folder} is not in a git repository", folder=str(folder))).strip()
    commit = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], base,
                  phrase("git revision '{revision}' is not in the repository {top}", revision=revision,
                         top=top)).strip()
    relative = folder.relative_to(Path(top).resolve()).as_posix()
    listing = _git(["ls-tree", "-r", "--name-only", commit, "--", relative or "."], Path(top),
                   phrase("cannot list {folder} at {revision}", folder=relative, revision=revision))
    names = [n for n in listing.splitlines() if n.endswith((".yaml", ".yml"))]
    if not names:
        raise RevisionError(phrase("no manifest under {folder} at git revision {revision}", folder=relative or ".",
                                   revision=revision))
    target = _side_folder() / "checkout"
    for name in names:
        content = subprocess.run(["git", "-C", top, "show", f"{commit}:{name}"], capture_output=True,
                                 check=False).stdout
        path = target / name
        make_folder(path.parent)
        path.write_bytes(content)
    state = path_state([target / relative] if relative else [target])
    state.label = f"{relative or '.'}@{revision}"
    return state


def _git(args: list[str], cwd: Path, problem: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise RevisionError(phrase("cannot run git: {reason}", reason=str(exc))) from exc
    if done.returncode != 0:
        raise RevisionError(problem)
    return done.stdout
