"""The inventory's records as the checks read them: straight from the store with SQL, no whole-inventory load.

`Store.inventory()` validates every record, every flow and every item-on-flow pair as pydantic models: on an
inventory of 100,000 items and 200,000 flows that is most of a minute and gigabytes. The checks read items and
flows only by attribute, so these two come as light records of the columns the rules read (`ItemRecord`,
`FlowRecord`: attributes named and typed as `inventory.model.Item`'s and `Flow`'s — booleans as bool, dates as
`datetime.date`, nested parts as `Parts`, whose absent fields read as None). A rule reading another item or
flow field adds its column here. The small sections (systems, recipients, purposes, collection points …,
the organization, the derivations) come as `Record`s of their stored columns, so reading a store imports no
pydantic model (and no pycountry, which validating a country would load); only the optional blocks (`gdpr`,
`data_categories`) are validated as their models. `tests/test_checks_stream.py` holds the
findings read this way equal to the ones read through `Store.inventory()`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from daicho.catalog.resolved.facts import Text

if TYPE_CHECKING:

    from daicho.inventory.db import ReadDB


class Parts:
    """A nested part of a record (retention, risk, record, confirmation …) as attributes; absent fields are None."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update({k: _part(v) for k, v in values.items()})

    def __getattr__(self, name: str) -> None:
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    def model_dump(self, **_: Any) -> dict[str, Any]:
        """The part as plain data (what the pydantic model's `model_dump(mode="json")` gives)."""
        return {k: _plain(v) for k, v in self.__dict__.items()}


def _plain(value: Any) -> Any:
    """A part's value as plain JSON data: parts as dicts, lists item by item, dates as ISO text."""
    if isinstance(value, Parts):
        return value.model_dump()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _part(value: Any) -> Any:
    if isinstance(value, dict):
        return Parts(value)
    if isinstance(value, list):
        return [_part(v) for v in value]
    return value


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _json(value: Any) -> Any:
    """A JSON column as attributes: nested parts as `Parts`, an empty or absent one as None."""
    if value is None:
        return None
    from daicho.inventory.db import decode

    return _part(decode(value))


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


#: the item columns the rules read (`inventory.model.Item`'s names), and the flow columns
ITEM_COLUMNS = ("key", "category", "sensitive", "consent_obtained", "sensitive_exception", "financial",
                "personally_referable", "pseudonymised", "anonymised", "anonymised_items_published",
                "anonymisation_standard", "retained", "persons", "retention", "disposal", "risk", "last_reviewed")
FLOW_COLUMNS = ("key", "source", "target", "basis", "exception", "foreign_basis", "mechanism", "record",
                "confirmation", "referable_consent_confirmed", "referable_information_confirmed",
                "consent_information")


class ItemRecord:
    """An item with the attributes the rules read, named and typed as `inventory.model.Item`'s."""

    __slots__ = (*ITEM_COLUMNS, "purposes")

    def __init__(self, row: tuple, purposes: list[str]) -> None:
        (self.key, self.category, sensitive, consent, self.sensitive_exception, financial, referable, pseudonymised,
         anonymised, published, standard, retained, self.persons, retention, self.disposal, risk, reviewed) = row
        self.sensitive, self.consent_obtained, self.financial = bool(sensitive), bool(consent), bool(financial)
        self.personally_referable, self.pseudonymised = bool(referable), bool(pseudonymised)
        self.anonymised, self.anonymised_items_published = bool(anonymised), bool(published)
        self.anonymisation_standard, self.retained = _flag(standard), bool(retained)
        self.retention, self.risk, self.last_reviewed = _json(retention), _json(risk), _date(reviewed)
        self.purposes = purposes


#: the flow columns holding a nested part, decoded only when a rule reads them (most flows' never are)
_FLOW_PARTS = ("record", "confirmation", "consent_information")
_UNREAD = object()


def _read_when_asked(name: str) -> property:
    """A nested part of a flow as attributes (`_json`), decoded the first time it is read."""
    raw, read = f"_{name}_raw", f"_{name}"

    def get(self: FlowRecord) -> Any:
        value = getattr(self, read)
        if value is _UNREAD:
            value = _json(getattr(self, raw))
            setattr(self, read, value)
        return value

    return property(get, doc=f"The flow's `{name}` (`inventory.model.Flow.{name}`).")


class FlowRecord:
    """A flow with the attributes the rules read, named and typed as `inventory.model.Flow`'s."""

    __slots__ = (*(c for c in FLOW_COLUMNS if c not in _FLOW_PARTS), "items", "purposes",
                 *(f"_{c}_raw" for c in _FLOW_PARTS), *(f"_{c}" for c in _FLOW_PARTS))

    def __init__(self, row: tuple, items: list[str], purposes: list[str]) -> None:
        (self.key, self.source, self.target, self.basis, self.exception, self.foreign_basis, self.mechanism,
         self._record_raw, self._confirmation_raw, consent_confirmed, information_confirmed,
         self._consent_information_raw) = row
        self._record = self._confirmation = self._consent_information = _UNREAD
        self.referable_consent_confirmed = bool(consent_confirmed)
        self.referable_information_confirmed = bool(information_confirmed)
        self.items, self.purposes = items, purposes

    record = _read_when_asked("record")
    confirmation = _read_when_asked("confirmation")
    consent_information = _read_when_asked("consent_information")


class Records:
    """The inventory's sections as attributes (as `inventory.model.Inventory`): light records, the blocks
    pydantic models."""

    organization: Any = None

    def __init__(self, **sections: Any) -> None:
        self.__dict__.update(sections)


def _grouped(db: ReadDB, sql: str, keys: dict[str, str]) -> dict[str, list[str]]:
    """owner → members in order; member strings shared with `keys` (a million pairs hold no copies)."""
    out: dict[str, list[str]] = {}
    for owner, member in db.tuples(sql):
        found = out.get(owner)
        if found is None:
            found = out[owner] = []
        found.append(keys.get(member, member))
    return out


#: manifest section → table (`inventory.model.SECTION_KIND`), the keyed sections in load order
#: (`KEYED_SECTIONS`), their linked lists (`inventory.rows._LINKED`) and bilingual texts (`_LOCAL_TEXT_FIELDS`),
#: spelled out here so that reading a store imports no pydantic model (`tests/test_checks_stream.py` holds them
#: equal to the originals)
TABLES = {"subjects": "subject", "purposes": "purpose", "items": "item", "processes": "process",
          "recipients": "recipient", "systems": "system", "collection_points": "collection_point",
          "retention_events": "retention_event"}
LINKED = {"items": ("subjects", "purposes"), "processes": ("items",), "systems": ("items",),
          "recipients": ("parents",)}
LOCAL_TEXTS = ("name", "description", "request_procedure", "security_measures", "request_fee", "complaints_desk")
BLOCK_NAMES = ("gdpr", "data_categories")



class Record(Parts):
    """A record of a small section (system, recipient, purpose …, the organization) as attributes, named and
    typed as its `inventory.model` class's; a field absent from the store reads as None."""


def _light(db: ReadDB, table: str, order: str = "key", **lists: dict[str, list[str]]) -> list[Record]:
    """Every row of a table as a `Record`: booleans, dates and JSON parts decoded, bilingual texts as `Text`."""
    from daicho.inventory.db import decode

    kinds = _column_types(db, table)
    out = []
    for row in db.rows(f"SELECT * FROM {table} ORDER BY {order}"):
        values: dict[str, Any] = {}
        for name, value in row.items():
            kind = kinds.get(name)
            if kind == "JSON":
                value = _part(_dated(decode(value))) if value is not None else None
            elif kind == "BOOLEAN":
                value = _flag(value)
            elif kind == "DATE":
                value = _date(value)
            elif isinstance(value, (dict, list)):  # PostgreSQL: a JSON column comes decoded
                value = _part(_dated(value))
            values[name] = value
        for name in LOCAL_TEXTS:
            if f"{name}_en" in values or f"{name}_ja" in values:
                en, ja = values.pop(f"{name}_en", None), values.pop(f"{name}_ja", None)
                values[name] = Text(en, ja) if en is not None or ja is not None else None
        for name, by_key in lists.items():
            values[name] = by_key.get(values["key"], [])
        record = Record({})
        record.__dict__.update(values)
        out.append(record)
    return out


def read_records(db: ReadDB) -> Records:
    """Every section of the stored inventory: records in key order, flows and derivations in manifest order."""
    data: dict[str, Any] = {}
    orgs = _light(db, "organization", "1")
    data["organization"] = orgs[0] if orgs else None
    item_keys = {key: key for (key,) in db.tuples("SELECT key FROM item")}
    for section, table in TABLES.items():
        if section == "items":  # the rules read no item's subjects
            purposes = _grouped(db, "SELECT item, purpose FROM item_purpose ORDER BY item, position", {})
            data[section] = [ItemRecord(row, purposes.get(row[0], [])) for row in
                             db.tuples(f"SELECT {', '.join(ITEM_COLUMNS)} FROM item ORDER BY key")]
            continue
        links = {f: _grouped(db, f"SELECT {table}, {f.rstrip('s')} FROM {table}_{f.rstrip('s')} "
                                 f"ORDER BY {table}, position", item_keys) for f in LINKED.get(section, ())}
        data[section] = _light(db, table, **links)
    items = _grouped(db, "SELECT flow, item FROM flow_item ORDER BY flow, position", item_keys)
    purposes = _grouped(db, "SELECT flow, purpose FROM flow_purpose ORDER BY flow, position", {})
    data["flows"] = [FlowRecord(row, items.get(row[0], []), purposes.get(row[0], [])) for row in
                     db.tuples(f"SELECT {', '.join(FLOW_COLUMNS)} FROM flow ORDER BY position")]
    data["derivations"] = _light(db, "derivation", "position")
    for derivation in data["derivations"]:
        derivation.__dict__.pop("position", None)
    if _has_table(db, "manifest_block"):
        for r in db.rows("SELECT section, document FROM manifest_block ORDER BY section"):
            if r["section"] in BLOCK_NAMES:  # a block's model is imported only when the store holds one
                from daicho.inventory.db import decode
                from daicho.inventory.model import BLOCKS

                document = r["document"]
                document = decode(document) if isinstance(document, str) else document
                data[r["section"]] = BLOCKS[r["section"]].model_validate(document)
    for name in BLOCK_NAMES:
        data.setdefault(name, None)
    return Records(**data)


#: the dates inside a record's nested parts (`Contract.date`, `Review.date`, `Risk.assessed` …)
_DATE_KEYS = frozenset({"date", "assessed", "compliance_check", "last_reviewed"})


def _dated(value: Any) -> Any:
    """Decoded JSON with the dates of nested parts as `datetime.date` (as their pydantic models read them)."""
    if isinstance(value, dict):
        return {k: _date(v) if k in _DATE_KEYS and isinstance(v, str) else _dated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(v) for v in value]
    return value


def _column_types(db: ReadDB, table: str) -> dict[str, str]:
    """The declared types of a SQLite table's columns (PostgreSQL's driver decodes values itself: none)."""
    if not db.is_sqlite:
        return {}
    return {r["name"]: r["type"] for r in db.rows("SELECT name, type FROM pragma_table_info(:t)", {"t": table})}


def _has_table(db: ReadDB, table: str) -> bool:
    if db.is_sqlite:
        return bool(db.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :t", {"t": table}))
    return bool(db.rows("SELECT 1 FROM information_schema.tables WHERE table_name = :t "
                        "AND table_schema = current_schema()", {"t": table}))
