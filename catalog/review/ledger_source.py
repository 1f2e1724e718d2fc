"""The recorded inventory as the ledger reads it, straight from the store with SQL (no whole-inventory load).

`Store.inventory()` validates every record, every flow and every item-on-flow pair as pydantic models
(minutes on an inventory of 100,000 items and 200,000 flows). The ledger needs far less: the records' own
columns, and of the flows only those by which items enter (from a collection point or a providing party).
`review_inventory(db)` reads the small sections (processes, systems, recipients, collection points, purposes,
subjects, retention events, derivations) as the usual models, and items as `ItemView`s — plain objects with
the attributes the ledger reads, filled from the item table (`tests/test_ledger_stream.py` holds the ledger
read this way equal to the one read through `Store.inventory()`). `entry_flows(db)` gives the flows items
enter by, as `EntryFlow`s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from daicho.catalog.resolved.facts import Text

if TYPE_CHECKING:
    from daicho.inventory.db import ReadDB
    from daicho.inventory.model import Inventory

#: the item columns the ledger reads
_ITEM_COLUMNS = ("key", "name_en", "name_ja", "acquisition", "sensitive", "consent_obtained", "personally_referable",
                 "pseudonymised", "anonymised", "retained", "persons", "medium", "retention", "disposal", "risk",
                 "last_reviewed", "financial")



class Parts:
    """A small recorded block (retention, risk) as attributes; absent fields read as None."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> None:
        return None


class ItemView:
    """An item with the attributes the ledger reads (`inventory.model.Item`'s names and types)."""

    __slots__ = ("key", "name", "subjects", "purposes", "acquisition", "sensitive", "consent_obtained",
                 "personally_referable", "pseudonymised", "anonymised", "retained", "persons", "medium",
                 "retention", "disposal", "risk", "last_reviewed", "financial")

    def __init__(self, row: tuple, subjects: list[str], purposes: list[str], seen: dict | None = None) -> None:
        """`seen` keeps what was made of each stored value (a JSON text, a date): items share most of them."""
        (self.key, en, ja, acquisition, sensitive, consent, referable, pseudo, anonymised, retained, self.persons,
         self.medium, retention, self.disposal, risk, reviewed, financial) = row
        self.name = Text(en, ja)
        self.subjects, self.purposes = subjects, purposes
        seen = {} if seen is None else seen
        self.acquisition = list(_made(seen, "acquisition", acquisition, _acquisition))
        self.sensitive, self.consent_obtained = bool(sensitive), bool(consent)
        self.personally_referable, self.pseudonymised, self.anonymised = bool(referable), bool(pseudo), bool(anonymised)
        self.retained, self.financial = bool(retained), bool(financial)
        self.retention = _made(seen, "retention", retention, _retention)
        self.risk = _made(seen, "risk", risk, _risk)
        self.last_reviewed = _made(seen, "date", reviewed, _date)


def _made(seen: dict, what: str, value: Any, make: Any) -> Any:
    """`make(value)`, once per distinct stored text (the made objects are only read, so items share them)."""
    if not isinstance(value, str | None):  # a driver that decodes JSON itself: nothing to share by
        return make(value)
    key = (what, value)
    found = seen.get(key, seen)
    if found is seen:
        found = seen[key] = make(value)
    return found


def _acquisition(value: Any) -> tuple[str, ...]:
    from daicho.inventory.db import decode

    acquisition = decode(value)
    return (acquisition,) if isinstance(acquisition, str) else tuple(acquisition or ())


def _retention(value: Any) -> Parts | None:
    from daicho.inventory.db import decode

    retention = decode(value)
    return Parts(**retention) if retention else None


def _risk(value: Any) -> Parts | None:
    from daicho.inventory.db import decode

    risk = decode(value)
    return Parts(**{**risk, "assessed": _date(risk.get("assessed"))}) if risk else None


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass(slots=True)
class EntryFlow:
    """A flow by which items enter the operator: its key, source, recorded exception, resolved boundary and
    items (in order)."""

    key: str
    source: str
    exception: str | None
    boundary: str
    items: list[str]


def _grouped(db: ReadDB, sql: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for owner, member in db.tuples(sql):
        out.setdefault(owner, []).append(member)
    return out


def review_inventory(db: ReadDB) -> Inventory:
    """The inventory without flows, items as `ItemView`s, records in declared order (as `load_inventory`)."""
    from daicho.inventory.model import BLOCKS, KEYED_SECTIONS, Derivation, Inventory, Organization
    from daicho.inventory.rows import _LINKED, _TABLE, row_record

    def rows(table: str, order: str = "key") -> list[dict[str, Any]]:
        from daicho.inventory.db import decode, json_columns

        json = json_columns(db, table)  # only these: a free text may start with "[" or "{"
        return [{k: decode(v) if k in json else v for k, v in r.items()}
                for r in db.rows(f"SELECT * FROM {table} ORDER BY {order}")]

    data: dict[str, Any] = {}
    orgs = rows("organization")
    data["organization"] = row_record(Organization, orgs[0]) if orgs else None
    for section, model in KEYED_SECTIONS.items():
        table = _TABLE[section]
        links = {f: _grouped(db, f"SELECT {table}, {f.rstrip('s')} FROM {table}_{f.rstrip('s')} "
                                 f"ORDER BY {table}, position") for f in _LINKED.get(section, ())}
        if section == "items":
            seen: dict = {}
            data[section] = [ItemView(row, links["subjects"].get(row[0], []), links["purposes"].get(row[0], []), seen)
                             for row in db.tuples(f"SELECT {', '.join(_ITEM_COLUMNS)} FROM item ORDER BY key")]
            continue
        data[section] = [row_record(model, row, **{f: links[f].get(row["key"], []) for f in links})
                         for row in rows(table)]
    data["flows"] = []
    data["derivations"] = [Derivation.model_validate(
        {**{k: v for k, v in r.items() if v is not None and k not in ("position", "source", "target")},
         "from": r["source"], "to": r["target"]}) for r in rows("derivation", "position")]
    tables = {r["name"] for r in db.rows("SELECT name FROM sqlite_master WHERE type = 'table'")} \
        if db.is_sqlite else {"manifest_block"}
    if "manifest_block" in tables:
        for r in rows("manifest_block", "section"):
            if r["section"] in BLOCKS:
                data[r["section"]] = BLOCKS[r["section"]].model_validate(r["document"])
    inventory = Inventory.model_construct(**data)
    where = {k: (f, line) for k, f, line in db.tuples(  # flows are no part of this read
        "SELECT key, file, line FROM record_source WHERE key NOT IN (SELECT key FROM flow)")}
    return in_declared_order(inventory, where)


def entry_flows(db: ReadDB) -> list[EntryFlow]:
    """The flows from a collection point, or from a recipient where the resolved boundary is an entry
    (acquisition, receipt), in manifest order, each with its items in order."""
    out: dict[str, EntryFlow] = {}
    for key, source, exception, boundary, item in db.tuples(
            "SELECT f.key, f.source, f.exception, r.boundary, fi.item FROM flow f "
            "JOIN resolved_flow r ON r.key = f.key JOIN flow_item fi ON fi.flow = f.key "
            "WHERE f.source IN (SELECT key FROM collection_point) OR r.boundary IN ('acquisition', 'receipt') "
            "ORDER BY f.position, fi.position"):
        flow = out.get(key)
        if flow is None:
            flow = out[key] = EntryFlow(key, source, exception, boundary, [])
        flow.items.append(item)
    return list(out.values())


def flow_exceptions(db: ReadDB) -> dict[str, str]:
    """Flow key → the APPI 27(1) exception it names (flows naming one only)."""
    return dict(db.tuples("SELECT key, exception FROM flow WHERE exception IS NOT NULL"))


def in_declared_order(inventory: Inventory, where: dict[str, tuple[str, int]]) -> Inventory:
    """A copy of `inventory` with keyed records sorted by where they were declared (file, line)."""
    from daicho.inventory.model import KEYED_SECTIONS

    last = ("\uffff", 0)
    changes = {section: sorted(getattr(inventory, section), key=lambda r: (where.get(r.key, last), r.key))
               for section in KEYED_SECTIONS}
    return inventory.model_copy(update=changes)
