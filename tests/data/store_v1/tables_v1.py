"""The store's tables (SQLModel), on SQLite and PostgreSQL alike.

Top-level scalar fields are columns; bilingual texts are `<field>_en` / `<field>_ja`; nested
parts (contract, security, retention …) are JSON; lists of keys are link tables with their
position, so a load → export round trip keeps order. Two tables are derived at load time for
fast queries: `node` (every keyed record with its kind and effective country) and
`lineage_edge` (one row per item carried from a source to a target).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

SCHEMA_VERSION = 1


def _json() -> Any:
    return Field(default=None, sa_type=JSON(none_as_null=True))


class _Keyed(SQLModel):
    key: str = Field(primary_key=True)
    name_en: str | None = None
    name_ja: str | None = None
    description_en: str | None = None
    description_ja: str | None = None
    evidence: list | None = _json()
    illustrative: bool = False


class Meta(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str


class OrganizationRow(_Keyed, table=True):
    __tablename__ = "organization"
    country: str = "JP"
    address: str | None = None
    representative: str | None = None
    privacy_manager: str | None = None
    contact: dict | None = _json()
    request_procedure_en: str | None = None
    request_procedure_ja: str | None = None
    security_measures_en: str | None = None
    security_measures_ja: str | None = None


class SubjectRow(_Keyed, table=True):
    __tablename__ = "subject"


class PurposeRow(_Keyed, table=True):
    __tablename__ = "purpose"
    published: bool = True


class ItemRow(_Keyed, table=True):
    __tablename__ = "item"
    category: str | None = None
    acquisition: list | None = _json()
    sensitive: bool = False
    consent_obtained: bool = False
    financial: bool = False
    identification_code: bool = False
    personally_referable: bool = False
    pseudonymised: bool = False
    anonymised: bool = False
    anonymised_items_published: bool = False
    retained: bool = True
    persons: int | None = None
    medium: str = "electronic"
    retention: dict | None = _json()
    disposal: str | None = None
    risk: dict | None = _json()
    last_reviewed: dt.date | None = None


class ProcessRow(_Keyed, table=True):
    __tablename__ = "process"
    department: str | None = None
    owner: str | None = None


class RecipientRow(_Keyed, table=True):
    __tablename__ = "recipient"
    kind: str
    country: str | None = None
    address: str | None = None
    representative: str | None = None
    parent: str | None = Field(default=None, index=True)
    contract: dict | None = _json()
    review: dict | None = _json()
    compliance_check: dt.date | None = None
    joint_use: dict | None = _json()


class SystemRow(_Keyed, table=True):
    __tablename__ = "system"
    kind: str = "database"
    department: str | None = None
    country: str | None = None
    region: str | None = None
    operated_by: str | None = None
    personal_data: bool = True
    disclosed_abroad: bool = False
    security: dict | None = _json()


class CollectionPointRow(_Keyed, table=True):
    __tablename__ = "collection_point"
    subjects: list | None = _json()
    channel: str | None = None
    notice: str | None = None


class RetentionEventRow(_Keyed, table=True):
    __tablename__ = "retention_event"
    steps: list | None = _json()


class FlowRow(SQLModel, table=True):
    __tablename__ = "flow"
    # (source, target) and (target, source): covering indexes for the node-level lineage walks
    __table_args__ = (Index("ix_flow_source", "source", "target"), Index("ix_flow_target", "target", "source"))
    key: str = Field(primary_key=True)
    position: int
    source: str
    target: str
    basis: str
    exception: str | None = None
    foreign_basis: str | None = None
    mechanism: str | None = None
    frequency: str | None = None
    encrypted_in_transit: bool | None = None
    record: dict | None = _json()
    confirmation: dict | None = _json()
    referable_consent_confirmed: bool = False
    evidence: list | None = _json()
    illustrative: bool = False


class DerivationRow(SQLModel, table=True):
    __tablename__ = "derivation"
    position: int = Field(primary_key=True)
    source: str = Field(index=True)
    target: str
    method: str
    at: str | None = None
    evidence: list | None = _json()
    illustrative: bool = False


def _link(table: str, owner: str, member: str) -> type[SQLModel]:
    """A link table (owner, member, position) with both directions indexed."""
    annotations = {owner: str, member: str, "position": int}
    namespace = {
        "__tablename__": table,
        "__annotations__": annotations,
        owner: Field(primary_key=True),
        member: Field(primary_key=True, index=True),
        "position": Field(default=0),
    }
    return type(table.title().replace("_", "") + "Link", (SQLModel,), namespace, table=True)


ItemSubject = _link("item_subject", "item", "subject")
ItemPurpose = _link("item_purpose", "item", "purpose")
ProcessItem = _link("process_item", "process", "item")
SystemItem = _link("system_item", "system", "item")
FlowItem = _link("flow_item", "flow", "item")
FlowPurpose = _link("flow_purpose", "flow", "purpose")


class Node(SQLModel, table=True):
    """Derived: every keyed record, for name lookup and graph queries without joins."""

    key: str = Field(primary_key=True)
    kind: str = Field(index=True)
    subkind: str | None = None
    name_en: str | None = None
    name_ja: str | None = None
    country: str | None = None


class LineageEdge(SQLModel, table=True):
    """Derived: item carried from source to target by a flow. The primary key serves the recursive walk."""

    __tablename__ = "lineage_edge"
    __table_args__ = (Index("ix_lineage_edge_dst", "item", "dst"), {"sqlite_with_rowid": False})
    item: str = Field(primary_key=True)
    src: str = Field(primary_key=True)
    dst: str = Field(primary_key=True)
    flow: str = Field(primary_key=True)


class RecordSource(SQLModel, table=True):
    """Derived: where each record was declared (file, line), for messages and SARIF."""

    __tablename__ = "record_source"
    key: str = Field(primary_key=True)
    file: str
    line: int


#: manifest section → (row table, {list field: link table})
SECTION_TABLES: dict[str, tuple[type[SQLModel], dict[str, type[SQLModel]]]] = {
    "subjects": (SubjectRow, {}),
    "purposes": (PurposeRow, {}),
    "items": (ItemRow, {"subjects": ItemSubject, "purposes": ItemPurpose}),
    "processes": (ProcessRow, {"items": ProcessItem}),
    "recipients": (RecipientRow, {}),
    "systems": (SystemRow, {"items": SystemItem}),
    "collection_points": (CollectionPointRow, {}),
    "retention_events": (RetentionEventRow, {}),
}
DERIVED_TABLES = (Node, LineageEdge, RecordSource)
