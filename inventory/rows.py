"""Convert between manifest records (pydantic) and store rows (plain dicts for bulk writes).

Record tables get one dict per record; the big link and derived tables (a million item-on-flow
pairs in a large inventory) get `Rows`: tuples made while they are written, never held all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from .model import (
    BLOCKS,
    KEYED_SECTIONS,
    SECTION_KIND,
    Derivation,
    Flow,
    Inventory,
    LocalText,
    Organization,
)

_LOCAL_TEXT_FIELDS = ("name", "description", "request_procedure", "security_measures", "request_fee",
                      "complaints_desk")
_LINKED = {"items": ("subjects", "purposes"), "processes": ("items",), "systems": ("items",),
           "recipients": ("parents",)}


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value


def record_row(record: BaseModel, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """One table row for a record: bilingual texts split, nested parts as JSON, `skip` left out."""
    row: dict[str, Any] = {}
    values = record.__dict__
    for name, is_text in _fields(type(record), skip):
        value = values[name]
        if is_text:
            row[f"{name}_en"] = value.en if value else None
            row[f"{name}_ja"] = value.ja if value else None
        else:
            row[name] = _dump(value) if isinstance(value, (BaseModel, list)) else value
    return row


_PLANS: dict[tuple[type, tuple[str, ...]], list[tuple[str, bool]]] = {}


def _fields(model: type[BaseModel], skip: tuple[str, ...]) -> list[tuple[str, bool]]:
    """The fields `record_row` writes for a model: (name, is a bilingual text), worked out once per model."""
    plan = _PLANS.get((model, skip))
    if plan is None:
        plan = _PLANS[(model, skip)] = [(name, name in _LOCAL_TEXT_FIELDS)
                                        for name, info in model.model_fields.items()
                                        if name not in skip and not info.exclude]
    return plan


class Rows:
    """Rows of one table, made while they are written; `len` is known upfront.

    With `columns` each row is a tuple in that order; without, each row is a dict (`record_row`).
    """

    __slots__ = ("columns", "_make", "_count")

    def __init__(self, columns: tuple[str, ...] | None, make: Callable[[], Iterable], count: int) -> None:
        self.columns = columns
        self._make = make
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator:
        return iter(self._make())


class Links(Rows):
    """Link rows made from one entry per record: "members" entries (owner key, its list) give (owner, member,
    position); "edges" entries (flow key, from, to, items) give (item, from, to, flow). A load's worker sends the
    entries, a ninth of the rows' size, and the store's process makes the rows (`expand`) as it writes them."""

    __slots__ = ("kind", "entries")

    def __init__(self, columns: tuple[str, ...], kind: str, entries: Callable[[], Iterable[tuple]],
                 count: int) -> None:
        super().__init__(columns, lambda: expand(kind, entries()), count)
        self.kind = kind
        self.entries = entries


def expand(kind: str, entries: Iterable[tuple]) -> Iterator[tuple]:
    """The link rows of `Links` entries of a kind."""
    if kind == "members":
        return ((key, member, i) for key, members in entries for i, member in enumerate(members))
    return ((item, source, target, key) for key, source, target, items in entries for item in items)


def row_record(model: type[BaseModel], row: dict[str, Any], **lists: list) -> BaseModel:
    """The record a row stands for (the inverse of `record_row`)."""
    data: dict[str, Any] = {}
    for name in model.model_fields:
        if name in _LOCAL_TEXT_FIELDS:
            en, ja = row.get(f"{name}_en"), row.get(f"{name}_ja")
            if en is not None or ja is not None:
                data[name] = {"en": en, "ja": ja}
        elif name in lists:
            data[name] = lists[name]
        elif name in row and row[name] is not None:
            data[name] = row[name]
    return model.model_validate(data)


def inventory_rows(inventory: Inventory, locations: dict,
                   written: dict[str, int] | None = None) -> Iterator[tuple[str, list[dict[str, Any]] | Rows]]:
    """Every row of the store for an inventory, as (table name, rows) in insert order. `written`: how many
    records of a section (keyed sections, `flows`) already had their rows written (`section_rows`, a load
    that writes while it reads): only the rest are made here; every other table is made whole."""
    written = written or {}
    org = inventory.organization
    if org:
        yield "organization", [record_row(org)]
    nodes: list[dict[str, Any]] = []
    if org:
        nodes.append(_node(org, "organization"))
    for section in KEYED_SECTIONS:
        records = getattr(inventory, section)
        yield from section_rows(section, records[written.get(section, 0):])
        kind = _TABLE[section]
        nodes.extend(_node(r, kind) for r in records)
    flows = inventory.flows
    done = written.get("flows", 0)
    yield from section_rows("flows", flows[done:], done)
    yield "derivation", _records(inventory.derivations, (), positions=True)
    blocks = [(name, getattr(inventory, name, None)) for name in BLOCKS]
    yield "manifest_block", [{"section": name, "document": _dump(block)} for name, block in blocks if block]
    yield "node", nodes
    yield "record_source", Rows(("key", "file", "line"),
                                lambda: ((k, loc.file, loc.line) for k, loc in locations.items()), len(locations))


def section_rows(section: str, records: list, start: int = 0) -> Iterator[tuple[str, Rows]]:
    """The rows of some records of one section: a keyed section's table and link tables, or the flows' tables
    (`flow`, `flow_item`, `flow_purpose`, `lineage_edge`) with `start` the manifest position of the first."""
    if section != "flows":
        table = _TABLE[section]
        linked = _LINKED.get(section, ())
        yield table, _records(records, linked)
        for field in linked:
            yield f"{table}_{field.rstrip('s')}", _members(records, table, field)
        return
    yield "flow", _records(records, ("items", "purposes"), positions=True, start=start)
    yield "flow_item", _members(records, "flow", "items")
    yield "flow_purpose", _members(records, "flow", "purposes")
    yield "lineage_edge", Links(("item", "src", "dst", "flow"), "edges",
                                lambda: ((f.key, f.source, f.target, f.items) for f in records),
                                sum(len(f.items) for f in records))


def _records(records: list, skip: tuple[str, ...], positions: bool = False, start: int = 0) -> Rows:
    """One tuple row per record, as `record_row` (with its `position` in the manifest order when the table keeps
    it); made by one function per model (`_row_maker`)."""
    if not records:
        return Rows(None, lambda: iter(()), 0)
    columns, make = _row_maker(type(records[0]), skip)
    if positions:
        return Rows((*columns, "position"), lambda: ((*make(r), i) for i, r in enumerate(records, start)),
                    len(records))
    return Rows(columns, lambda: map(make, records), len(records))


_MAKERS: dict[tuple[type, tuple[str, ...]], tuple[tuple[str, ...], Callable[[Any], tuple]]] = {}


def _row_maker(model: type[BaseModel], skip: tuple[str, ...]) -> tuple[tuple[str, ...], Callable[[Any], tuple]]:
    """The columns of `record_row`'s row for a model, and a function making that row as a tuple: the same values,
    one expression per column (compiled once per model), not a loop over the fields per record."""
    found = _MAKERS.get((model, skip))
    if found is not None:
        return found
    columns: list[str] = []
    values: list[str] = []
    for index, (name, is_text) in enumerate(_fields(model, skip)):
        if is_text:
            columns += [f"{name}_en", f"{name}_ja"]
            values += [f"(t{index}.en if (t{index} := v[{name!r}]) else None)", f"(t{index}.ja if t{index} else None)"]
        else:
            columns.append(name)
            values.append(f"(_dump(x{index}) if isinstance(x{index} := v[{name!r}], _NESTED) else x{index})")
    source = f"def make(record):\n    v = record.__dict__\n    return ({', '.join(values)},)\n"
    namespace: dict[str, Any] = {"_dump": _dump, "_NESTED": (BaseModel, list)}
    exec(compile(source, f"<row maker of {model.__name__}>", "exec"), namespace)  # noqa: S102 (our own source)
    found = _MAKERS[(model, skip)] = (tuple(columns), namespace["make"])
    return found


def _members(records: list, owner: str, field: str) -> Rows:
    """The link rows (owner key, member, position) of a list field."""
    return Links((owner, field.rstrip("s"), "position"), "members",
                 lambda: ((r.key, getattr(r, field)) for r in records), sum(len(getattr(r, field)) for r in records))


_TABLE = SECTION_KIND  # manifest section → table name


def _node(record: BaseModel, kind: str) -> dict[str, Any]:
    name: LocalText = record.name  # type: ignore[attr-defined]
    subkind = record.__dict__.get("kind")
    return {"key": record.key, "kind": kind, "subkind": subkind,  # type: ignore[attr-defined]
            "name_en": name.en, "name_ja": name.ja}


def build_inventory(fetch) -> Inventory:
    """An Inventory from the store; `fetch(table, order_by)` returns a list of row dicts."""
    def grouped(table: str, owner: str, member: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for row in fetch(table, f"{owner}, position"):
            out.setdefault(row[owner], []).append(row[member])
        return out

    data: dict[str, Any] = {}
    orgs = fetch("organization", "key")
    data["organization"] = row_record(Organization, orgs[0]) if orgs else None
    for section, model in KEYED_SECTIONS.items():
        table = _TABLE[section]
        links = {f: grouped(f"{table}_{f.rstrip('s')}", table, f.rstrip("s")) for f in _LINKED.get(section, ())}
        data[section] = [row_record(model, row, **{f: links[f].get(row["key"], []) for f in links})
                         for row in fetch(table, "key")]
    items = grouped("flow_item", "flow", "item")
    purposes = grouped("flow_purpose", "flow", "purpose")
    data["flows"] = [_flow(row, items.get(row["key"], []), purposes.get(row["key"], []))
                     for row in fetch("flow", "position")]
    data["derivations"] = [_derivation(row) for row in fetch("derivation", "position")]
    for row in fetch("manifest_block", "section"):
        if row["section"] in BLOCKS:
            data[row["section"]] = BLOCKS[row["section"]].model_validate(row["document"])
    return Inventory.model_construct(**data)


def _flow(row: dict[str, Any], items: list[str], purposes: list[str]) -> Flow:
    data = {k: v for k, v in row.items() if v is not None and k not in ("position", "source", "target")}
    return Flow.model_validate({**data, "from": row["source"], "to": row["target"], "items": items,
                                "purposes": purposes})


def _derivation(row: dict[str, Any]) -> Derivation:
    data = {k: v for k, v in row.items() if v is not None and k not in ("position", "source", "target")}
    return Derivation.model_validate({**data, "from": row["source"], "to": row["target"]})


# ---- the manifest document straight from the store (`daicho export` on a large inventory) ----------------------

def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The record class a field holds (itself, in a list or optional), if any."""
    import typing

    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _nested_model(arg) if typing.get_args(arg) else None
        if inner is not None:
            return inner
    return None


_DOC_PLANS: dict[type, list[tuple[str, str, Any, str, type[BaseModel] | None]]] = {}


def _doc_plan(model: type[BaseModel]) -> list[tuple[str, str, Any, str, type[BaseModel] | None]]:
    """(name, alias, default, kind, nested record class) per dumped field of `model`, in field order."""
    import datetime as dt
    import types
    import typing

    plan = _DOC_PLANS.get(model)
    if plan is None:
        plan = []
        for name, info in model.model_fields.items():
            if info.exclude:
                continue
            union = typing.get_origin(info.annotation) in (typing.Union, types.UnionType)
            args = set(typing.get_args(info.annotation) if union else (info.annotation,)) - {type(None)}
            nested = _nested_model(info.annotation)
            stored_json = nested is not None or any(typing.get_origin(a) in (list, dict) for a in args)
            kind = ("text" if name in _LOCAL_TEXT_FIELDS else "bool" if args == {bool} else
                    "date" if args == {dt.date} else "json" if stored_json else "value")
            plan.append((name, info.alias or name, info.get_default(call_default_factory=True), kind, nested))
        _DOC_PLANS[model] = plan
    return plan


def document_of(model: type[BaseModel], row: dict[str, Any], links: dict[str, list[str]] | None = None) -> dict:
    """A record's manifest document from its store row — what `model_dump(mode="json", by_alias=True,
    exclude_defaults=True, exclude_none=True)` of the record `row_record` would build gives, without building it.
    JSON columns already decoded; `links` are the list fields kept in link tables."""
    from .db import decode

    out: dict[str, Any] = {}
    for name, alias, default, kind, nested in _doc_plan(model):
        if kind == "text":
            en, ja = row.get(f"{name}_en"), row.get(f"{name}_ja")
            value = ({"en": en} if en is not None else {}) | ({"ja": ja} if ja is not None else {}) or None
        elif links and name in links:
            value = links[name]
        else:
            value = row.get(name)
            if kind == "json":  # only JSON columns: a text may well start with "["
                value = decode(value)
        if value is None:
            continue
        if kind == "bool":
            value = bool(value)
        elif kind == "date" and not isinstance(value, str):
            value = value.isoformat()
        elif nested is not None:
            value = _nested_document(nested, value)
        if value == default:
            continue
        out[alias] = value
    return out


def _nested_document(model: type[BaseModel], value: Any) -> Any:
    """A nested part (stored by alias, defaults included) as `model_dump(exclude_defaults=True)` writes it."""
    if isinstance(value, list):
        return [_nested_document(model, v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for _name, alias, default, _kind, nested in _doc_plan(model):
        found = value.get(alias)
        if found is None:
            continue
        if nested is not None:
            found = _nested_document(nested, found)
        if found != default:
            out[alias] = found
    return out


def stored_document(db: Any) -> Iterator[tuple[str, Any]]:
    """The manifest document of the stored inventory (`export.inventory_document`), part by part: ("daicho", 1),
    ("organization", its document), then each non-empty section as (name, its record documents: `Rows`, made
    while iterated, with their number) —
    keyed sections by key, flows and derivations in manifest order — then the blocks. Records are read and
    made one at a time; the link tables are read per section."""
    from .db import decode

    yield "daicho", 1
    orgs = db.rows("SELECT * FROM organization ORDER BY key")
    if orgs:
        yield "organization", document_of(Organization, orgs[0])
    for section, model in KEYED_SECTIONS.items():
        table = _TABLE[section]
        links = {f: _linked(db, f"SELECT {table}, {f.rstrip('s')} FROM {table}_{f.rstrip('s')} "
                                f"ORDER BY {table}, position") for f in _LINKED.get(section, ())}
        if count := db.value(f"SELECT COUNT(*) FROM {table}"):
            yield section, Rows(None, lambda table=table, model=model, links=links: (
                document_of(model, row, {f: list(links[f].get(row["key"], ())) for f in links})
                for row in _rows(db, f"SELECT * FROM {table} ORDER BY key{_by_codepoint(db)}")), count)
    if count := db.value("SELECT COUNT(*) FROM flow"):
        flow_links = {"items": _linked(db, "SELECT flow, item FROM flow_item ORDER BY flow, position"),
                      "purposes": _linked(db, "SELECT flow, purpose FROM flow_purpose ORDER BY flow, position")}
        yield "flows", Rows(None, lambda: (
            document_of(Flow, row, {f: flow_links[f].get(row["key"], []) for f in flow_links})
            for row in _rows(db, "SELECT * FROM flow ORDER BY position")), count)
    if count := db.value("SELECT COUNT(*) FROM derivation"):
        yield "derivations", Rows(None, lambda: (document_of(Derivation, row) for row in
                                                 _rows(db, "SELECT * FROM derivation ORDER BY position")), count)
    names = {r["section"]: r["document"] for r in db.rows("SELECT section, document FROM manifest_block")}
    for name, block in BLOCKS.items():
        if name in names:
            yield name, block.model_validate(decode(names[name])).model_dump(
                mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)


def _by_codepoint(db: Any) -> str:
    """The collation ordering keys as Python sorts them (SQLite's binary one does; PostgreSQL's "C")."""
    return "" if db.is_sqlite else ' COLLATE "C"'


def _rows(db: Any, sql: str, params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Rows as dicts, streamed."""
    if db.is_sqlite:
        cursor = db._conn.execute(sql, params or {})
        names = [d[0] for d in cursor.description]
        for values in cursor:
            yield dict(zip(names, values, strict=True))
        return
    yield from db.rows(sql, params)


def _linked(db: Any, sql: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for owner, member in db.tuples(sql):
        out.setdefault(owner, []).append(member)
    return out
