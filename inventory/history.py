"""History of the inventory: every load keeps the loaded state as a numbered version.

Storage grows with what changed, not with a copy per load. Each state is cut into canonical *record
documents* (the manifest's own JSON of each record: `items/card_number`, `flows/f1`, `organization`, the
flows' order, the derivations, each optional block), stored once by content hash (`history_document`). Which
document a key held when is kept as intervals (`history_record`: key, hash, first version, last version or
open): a load writes a row only for a record that was added, changed or removed. A state is read back as a
manifest document (`state_document`) and goes through the normal validation and load path (incl. the resolved
model) into a side store when a command asks `--at` (catalog.history).

The tables are the store's own (inventory/tables.py `HISTORY_TABLES`); a load never deletes them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daicho.catalog.words import phrase

from .errors import DaichoError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from .model import Inventory



class UnknownVersion(DaichoError):
    """A version (or date) the history does not hold."""

    exit_code = 2


@dataclass
class Source:
    """What a load came from: manifest paths, and the git commit when they sit in a git work tree."""

    label: str | None = None
    note: str | None = None
    paths: list[str] = field(default_factory=list)
    git_commit: str | None = None
    git_dirty: bool | None = None


def git_source(paths: list[Path | str], label: str | None = None, note: str | None = None) -> Source:
    """The source of a load from `paths`: the git commit and dirty flag when the first path is in a git
    work tree (git is asked if it is installed; never required)."""
    shown = [str(p) for p in paths]
    source = Source(label, note, shown)
    if not paths:
        return source
    first = Path(paths[0])
    folder = first if first.is_dir() else first.parent
    try:
        head = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=10)
        if head.returncode != 0:
            return source
        status = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--",
                                 *[str(Path(p).resolve()) for p in paths]], capture_output=True, text=True,
                                timeout=30)
    except (OSError, subprocess.SubprocessError):
        return source
    source.git_commit = head.stdout.strip() or None
    source.git_dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
    return source


def canonical(document: Any) -> str:
    """The canonical JSON text of a document (sorted keys, no spaces, text unescaped but for what JSON must
    escape): its hash is the document's identity.

    Written by orjson (a quarter of the json module's time: a large load makes 300,000 of them) and, for what
    orjson refuses (a number beyond 64 bits, a lone surrogate), by the json module. For what record documents
    hold (texts, integers, booleans, null, dates as text: no manifest field holds a float) both write the same
    bytes, so a history's hashes do not depend on which one ran (tests/test_canonical.py)."""
    dumps = _orjson_dumps()
    if dumps is not None:
        try:
            return dumps(document)
        except TypeError:  # orjson.JSONEncodeError
            pass
    return _CANONICAL.encode(document)


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))  # made once


@functools.cache
def _orjson_dumps() -> Any:
    """orjson's canonical writer, imported at the first text (not on a command's start); None without orjson."""
    try:
        import orjson
    except ImportError:  # pragma: no cover (a dependency; the json module writes the same text, slower)
        return None
    sorted_keys = orjson.OPT_SORT_KEYS
    return lambda document: orjson.dumps(document, option=sorted_keys).decode()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def record_documents(inventory: Inventory) -> dict[str, Any]:
    """The record documents of a state: key → the record's manifest JSON (defaults left out)."""
    from .export import inventory_document

    document = inventory_document(inventory)
    records: dict[str, Any] = {}
    for section, value in document.items():
        if section == "daicho":
            continue
        if section == "flows":
            records["order/flows"] = [f["key"] for f in value]
            records.update((f"flows/{f['key']}", f) for f in value)
        elif section == "derivations" or not isinstance(value, list):
            records[section if section in ("organization", "derivations") else f"block/{section}"] = value
        else:
            records.update((f"{section}/{r['key']}", r) for r in value)
    return records


def state_document(records: dict[str, Any]) -> dict[str, Any]:
    """The manifest document of a state from its record documents (the inverse of `record_documents`)."""
    from .model import KEYED_SECTIONS

    document: dict[str, Any] = {"daicho": 1}
    if "organization" in records:
        document["organization"] = records["organization"]
    for section in KEYED_SECTIONS:
        prefix = f"{section}/"
        rows = [records[k] for k in sorted(k for k in records if k.startswith(prefix))]
        if rows:
            document[section] = rows
    if "order/flows" in records:
        document["flows"] = [records[f"flows/{k}"] for k in records["order/flows"]]
    if "derivations" in records:
        document["derivations"] = records["derivations"]
    for key in sorted(k for k in records if k.startswith("block/")):
        document[key.removeprefix("block/")] = records[key]
    return document


def lined(value: Any) -> Any:
    """A document as the validator reads parsed YAML (mappings and lists that know their lines: none here)."""
    from .yamlread import LineDict, LineList

    if isinstance(value, dict):
        out = LineDict((k, lined(v)) for k, v in value.items())
        out.line, out.key_lines = 0, {}
        return out
    if isinstance(value, list):
        seq = LineList(lined(v) for v in value)
        seq.line, seq.item_lines = 0, []
        return seq
    return value


def content_hash(hashes: dict[str, str]) -> str:
    """The hash of a whole state: equal states, equal hashes."""
    return digest("".join(f"{k}\t{h}\n" for k, h in sorted(hashes.items())))


def prepare_version(inventory: Inventory) -> tuple[dict[str, str], dict[str, str]]:
    """The canonical texts and hashes of a state's record documents, by key: what `record_version` keeps.
    Reads the inventory only (a load makes them in a thread while SQLite builds its indexes)."""
    texts = dict(_record_texts(inventory))
    return texts, {k: digest(t) for k, t in texts.items()}


def _record_texts(inventory: Inventory) -> Iterator[tuple[str, str]]:
    """(key, canonical text) of each record document, in `record_documents`' order, each document
    dropped once its text is made (the documents of a large inventory all at once take hundreds of MB)."""
    from .export import _dump
    from .model import KEYED_SECTIONS

    if inventory.organization is not None:
        yield "organization", canonical(_dump(inventory.organization))
    for section in KEYED_SECTIONS:
        for record in sorted(getattr(inventory, section), key=lambda r: r.key):
            yield f"{section}/{record.key}", record_text(record)
    if inventory.flows:
        yield "order/flows", canonical([f.key for f in inventory.flows])
        for flow in inventory.flows:
            yield f"flows/{flow.key}", record_text(flow)
    yield from whole_texts(inventory, organization=False, flows=False)


def record_text(record: Any) -> str:
    """The canonical text of one keyed record's or flow's document."""
    from .export import _dump

    return canonical(_dump(record))


def whole_texts(inventory: Inventory, organization: bool = True, flows: bool = True) -> Iterator[tuple[str, str]]:
    """(key, canonical text) of the documents that are not one keyed record or flow each: the organization, the
    order of the flows, the derivations and the blocks (a load that writes while it reads makes them once every
    file is read, the others file by file)."""
    from .export import _dump
    from .model import BLOCKS

    if organization and inventory.organization is not None:
        yield "organization", canonical(_dump(inventory.organization))
    if flows and inventory.flows:
        yield "order/flows", canonical([f.key for f in inventory.flows])
    if inventory.derivations:
        yield "derivations", canonical([_dump(d) for d in inventory.derivations])
    for name in BLOCKS:
        if getattr(inventory, name, None) is not None:
            yield f"block/{name}", canonical(_dump(getattr(inventory, name)))


def record_version(conn: Connection, inventory: Inventory, source: Source | None,
                   prepared: tuple[dict[str, str], dict[str, str]] | None = None) -> tuple[int, bool]:
    """Keep the state just loaded as a new version, unless it equals the latest one.
    Returns (version number, whether it was added). Runs inside the load's transaction; `prepared`:
    `prepare_version(inventory)` when already made."""
    from .history_writer import NewVersion

    texts, hashes = prepared or prepare_version(inventory)
    version = NewVersion(conn)
    version.add((key, texts[key], digest) for key, digest in hashes.items())
    return version.close(source)


def versions(conn: Connection) -> list[dict[str, Any]]:
    """Every stored version, oldest first."""
    from sqlalchemy import text

    rows = conn.execute(text("SELECT number, loaded_at, label, note, sources, git_commit, git_dirty, content_hash, "
                             "records, changed FROM history_version ORDER BY number")).mappings().all()
    out = []
    for row in rows:
        entry = dict(row)
        entry["sources"] = json.loads(entry["sources"]) if entry["sources"] else []
        entry["git_dirty"] = None if entry["git_dirty"] is None else bool(entry["git_dirty"])
        out.append(entry)
    return out


def pick_version(known: list[dict[str, Any]], wanted: str) -> int:
    """The version a `--at` value names: a number (negative counts back from the latest: -1 the one before),
    or a date / time (the last version loaded on or before it). UnknownVersion otherwise."""
    numbers = [v["number"] for v in known]
    if not numbers:
        raise UnknownVersion(phrase("the store keeps no history yet; load an inventory first (daicho load PATH)"))
    value = wanted.strip()
    if value.lstrip("-").isdigit():
        number = int(value)
        if number <= 0 and -number < len(numbers):
            return numbers[len(numbers) - 1 + number]
        if number in numbers:
            return number
        raise UnknownVersion(phrase("no version {value} in the history (versions {first}–{last}; see daicho "
                                    "history)", value=value, first=numbers[0], last=numbers[-1]))
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UnknownVersion(phrase("--at '{value}' is neither a version number nor a date (YYYY-MM-DD)",
                                    value=value)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if len(value) == 10:  # a date: the end of that day
        moment += dt.timedelta(days=1) - dt.timedelta(seconds=1)
    earlier = [v["number"] for v in known if dt.datetime.fromisoformat(v["loaded_at"]) <= moment]
    if not earlier:
        raise UnknownVersion(phrase("no version was loaded on or before {value} (the first: {first})", value=value,
                                    first=known[0]["loaded_at"]))
    return earlier[-1]


def records_at(conn: Connection, number: int) -> dict[str, Any]:
    """The record documents of version `number`: key → document."""
    from sqlalchemy import text

    rows = conn.execute(text(
        "SELECT r.key, d.document FROM history_record r JOIN history_document d ON d.hash = r.hash "
        "WHERE r.since <= :n AND (r.until IS NULL OR r.until >= :n) ORDER BY r.key"), {"n": number}).all()
    return {key: json.loads(document) for key, document in rows}


def storage(conn: Connection) -> dict[str, int]:
    """Rows the history holds (for docs/performance.md)."""
    from sqlalchemy import text

    return {t: int(conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() or 0)
            for t in ("history_version", "history_record", "history_document")}
