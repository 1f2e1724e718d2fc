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

SCHEMA_VERSION = 3  # inventory/migrations: one Alembic revision per version


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
    request_fee_en: str | None = None
    request_fee_ja: str | None = None
    discloses_provision_records: bool = False
    complaints_desk_en: str | None = None
    complaints_desk_ja: str | None = None
    accredited_organization: dict | None = _json()
    foreign_environment: list | None = _json()


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
    sensitive_exception: str | None = None
    financial: bool = False
    identification_code: bool = False
    personally_referable: bool = False
    pseudonymised: bool = False
    anonymised: bool = False
    anonymised_items_published: bool = False
    anonymisation_standard: bool | None = None
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
    hosting: list | None = _json()
    handles_data: bool = True
    address: str | None = None
    representative: str | None = None
    contract: dict | None = _json()
    review: dict | None = _json()
    compliance_check: dt.date | None = None
    joint_use: dict | None = _json()
    compliant_system: dict | None = _json()
    consent_information: dict | None = _json()


class SystemRow(_Keyed, table=True):
    __tablename__ = "system"
    kind: str = "database"
    department: str | None = None
    country: str | None = None
    region: str | None = None
    operated_by: str | None = None
    handles_data: bool | None = None
    personal_data: bool = True
    disclosed_abroad: bool = False
    security: dict | None = _json()


class CollectionPointRow(_Keyed, table=True):
    __tablename__ = "collection_point"
    subjects: list | None = _json()
    channel: str | None = None
    notice: str | None = None
    written: bool | None = None
    consent: bool | None = None


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
    referable_information_confirmed: bool = False
    consent_information: dict | None = _json()
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
RecipientParent = _link("recipient_parent", "recipient", "parent")
SystemItem = _link("system_item", "system", "item")
FlowItem = _link("flow_item", "flow", "item")
FlowPurpose = _link("flow_purpose", "flow", "purpose")


class Node(SQLModel, table=True):
    """Derived: every keyed record, for name lookup without joins. What a node *means* (its party, operator,
    location) is in `resolved_node`."""

    key: str = Field(primary_key=True)
    kind: str = Field(index=True)
    subkind: str | None = None
    name_en: str | None = None
    name_ja: str | None = None


class ResolvedNode(SQLModel, table=True):
    """Resolved (catalog.resolved): each collection point, system and recipient as every command reads it."""

    __tablename__ = "resolved_node"
    key: str = Field(primary_key=True)
    kind: str
    subkind: str | None = None
    party: str = Field(index=True)  # the operator's key, or the recipient whose side the node is on
    party_kind: str  # operator, contractor, subcontractor, third_party, joint_user, group_company
    operated_by: str | None = None
    handles: bool = True  # false: stored by a recipient that does not handle the data
    location: str | None = None  # the location borders are judged by; None for a collection point
    location_class: str = "none"  # home, abroad, unknown, per_customer, none
    registered: str | None = None  # where the party is established (recipients, systems they operate)
    hosting: list | None = _json()  # where data is kept (systems: their country; recipients: hosting)
    foreign_hosting: list | None = _json()  # hosting locations outside the home country
    parents: list | None = _json()
    named_only: bool = False  # a recipient with no recorded data flow


class ResolvedFlow(SQLModel, table=True):
    """Resolved (catalog.resolved): each flow's party boundary, border and the status of its legal bases."""

    __tablename__ = "resolved_flow"
    __table_args__ = (Index("ix_resolved_flow_target_party", "target_party"),)
    key: str = Field(primary_key=True)
    position: int
    source: str
    target: str
    source_party: str
    target_party: str
    boundary: str  # acquisition, receipt, internal, return, within, storage, outsourcing, subcontracting,
    #                provision, joint_use, onward
    entry: bool = False  # items enter the operator here (acquisition, receipt)
    basis: str
    basis_status: str  # recorded, not_needed, cannot_apply
    border: str  # home, abroad, unknown, per_customer, none
    transfer_location: str | None = None  # the location APPI 28 turns on (the receiving party's)
    foreign_basis: str | None = None
    foreign_status: str  # not_applicable, recorded, missing, mismatch, incomplete, exempt, referable,
    #                      unknown_location
    foreign_missing: list | None = _json()  # incomplete: what the foreign basis rests on and is not recorded
    disclosure: str  # not_applicable, disclosed, not_disclosed (foreign storage, APPI 32 / guideline 10-7)
    disclose_locations: list | None = _json()
    personal: bool = True  # carries personal data (not only personally referable / anonymised items)


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


class ManifestBlock(SQLModel, table=True):
    """An optional one-per-inventory block (`gdpr:`, `data_categories:`, `model.BLOCKS`), kept whole as JSON.
    A table of its own: a store made before these blocks gains it at the next load."""

    __tablename__ = "manifest_block"
    section: str = Field(primary_key=True)
    document: dict | None = _json()



class HistoryVersion(SQLModel, table=True):
    """History (inventory/history.py): one row per loaded state; a load never deletes the history tables."""

    __tablename__ = "history_version"
    number: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    loaded_at: str
    label: str | None = None
    note: str | None = None
    sources: str | None = None  # JSON list of the manifest paths
    git_commit: str | None = None
    git_dirty: bool | None = None
    content_hash: str
    records: int = 0
    changed: int = 0  # records added, changed or removed since the version before


class HistoryRecord(SQLModel, table=True):
    """History: which document a record key held from version `since` to `until` (None: still held)."""

    __tablename__ = "history_record"
    __table_args__ = (Index("ix_history_record_until", "until", "key"),)
    key: str = Field(primary_key=True)
    since: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    until: int | None = None
    hash: str


class HistoryDocument(SQLModel, table=True):
    """History: each record document once, by the hash of its canonical JSON."""

    __tablename__ = "history_document"
    hash: str = Field(primary_key=True)
    document: str


class ReviewRow(SQLModel, table=True):
    """A review of the inventory (JIS Q 15001 A.3.3.1): who reviewed which records, when, on which version."""

    __tablename__ = "review"
    number: int = Field(primary_key=True)
    reviewed_at: str
    reviewer: str
    note: str | None = None
    selector: str | None = None  # None: the whole inventory
    keys: list | None = _json()  # the records the selector chose
    version: int | None = None

#: manifest section → (row table, {list field: link table})
SECTION_TABLES: dict[str, tuple[type[SQLModel], dict[str, type[SQLModel]]]] = {
    "subjects": (SubjectRow, {}),
    "purposes": (PurposeRow, {}),
    "items": (ItemRow, {"subjects": ItemSubject, "purposes": ItemPurpose}),
    "processes": (ProcessRow, {"items": ProcessItem}),
    "recipients": (RecipientRow, {"parents": RecipientParent}),
    "systems": (SystemRow, {"items": SystemItem}),
    "collection_points": (CollectionPointRow, {}),
    "retention_events": (RetentionEventRow, {}),
}
DERIVED_TABLES = (Node, LineageEdge, RecordSource, ResolvedNode, ResolvedFlow)
#: kept across loads: the history and the review log
HISTORY_TABLES = (HistoryVersion, HistoryRecord, HistoryDocument, ReviewRow)
