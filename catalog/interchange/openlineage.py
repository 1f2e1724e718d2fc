"""The inventory as OpenLineage run events: one COMPLETE RunEvent per flow (`daicho export --format openlineage`).

Each flow is a job named by its key in the namespace ``daicho://<operator key>``; its source and target nodes
are the input and output datasets (same namespace, named by node key), the items it carries are their fields.
The output dataset's `columnLineage` maps each carried item to the same field of the input (the flow moves the
item, it does not transform it); `schema` lists the items; `tags` marks each item's sensitivity and data
category. The custom job facet `daicho_transfer` carries what the resolved model decided about the flow
(basis, boundary, border, transfer location, foreign basis and status, purposes) — read from
`catalog.resolved.facts`, never re-derived. Run ids are UUID5 over the operator, the store's `loaded_at` and
the flow key: exporting the same stored state twice gives the same events, so pushing them again is
idempotent; a new load starts new runs.
"""

from __future__ import annotations

import uuid
from typing import Any

from daicho.catalog.resolved.facts import flows_where, node_facts
from daicho.inventory.db import ReadDB, Row

SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json"
RUN_EVENT_SCHEMA = f"{SPEC}#/$defs/RunEvent"
FACET_SCHEMAS = {
    "schema": "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
    "columnLineage": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json"
                     "#/$defs/ColumnLineageDatasetFacet",
    "tags": "https://openlineage.io/spec/facets/1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet",
}
TRANSFER_FACET = "daicho_transfer"
TRANSFER_SCHEMA_ID = "https://daicho.invalid/spec/facets/1-0-0/DaichoTransferJobFacet.json"
TRANSFER_SCHEMA_URL = f"{TRANSFER_SCHEMA_ID}#/$defs/DaichoTransferJobFacet"
#: fixed namespace of daicho's run ids (uuid5 of the URL below): never change it, or run ids change
RUN_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://daicho.invalid/openlineage/run")
#: item flags written as tags, in this order
SENSITIVITY = ("sensitive", "financial", "personally_referable", "identification_code", "pseudonymised",
               "anonymised")
#: the flow facts the custom facet carries (from the resolved model), besides purposes
_TRANSFER_FIELDS = ("basis", "exception", "boundary", "border", "transfer_location", "foreign_basis",
                    "foreign_status", "basis_status", "disclosure", "disclose_locations", "source_party",
                    "target_party", "personal")


def producer() -> str:
    """The URI naming daicho (with its version) as the producer of the events."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("daicho")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        release = "0"
    return f"https://daicho.invalid/daicho/{release}"


def openlineage_events(db: ReadDB) -> list[dict[str, Any]]:
    """One COMPLETE RunEvent per flow, in manifest order."""
    meta = {r["key"]: r["value"] for r in db.rows("SELECT key, value FROM meta")}
    operator = operator_key(db)
    namespace = f"daicho://{operator}"
    flows = flows_where(db, "1 = 1")
    nodes = node_facts(db, {k for f in flows for k in (f["source"], f["target"])})
    items = _items(db)
    made_by = producer()
    loaded_at = meta.get("loaded_at") or "1970-01-01T00:00:00+00:00"
    return [_event(flow, nodes, items, namespace, operator, loaded_at, made_by) for flow in flows]


def operator_key(db: ReadDB) -> str:
    """The operator's key: the organization's, else the resolved model's party of the operator's nodes."""
    key = db.value("SELECT key FROM organization ORDER BY key LIMIT 1")
    if key is None:
        key = db.value("SELECT party FROM resolved_node WHERE party_kind = 'operator' LIMIT 1")
    return key or "operator"


def run_id(operator: str, loaded_at: str, flow: str) -> str:
    """The run id of a flow's event: the same for the same stored state, a new one after each load."""
    return str(uuid.uuid5(RUN_NAMESPACE, f"{operator}\n{loaded_at}\n{flow}"))


def _items(db: ReadDB) -> dict[str, Row]:
    flags = ", ".join(SENSITIVITY)
    return {r["key"]: r for r in db.rows(f"SELECT key, name_en, name_ja, category, {flags} FROM item")}


def _event(flow: Row, nodes: dict[str, Row], items: dict[str, Row], namespace: str, operator: str,
           loaded_at: str, made_by: str) -> dict[str, Any]:
    carried = flow["items"]
    source, target = flow["source"], flow["target"]
    return {
        "eventType": "COMPLETE",
        "eventTime": loaded_at,
        "producer": made_by,
        "schemaURL": RUN_EVENT_SCHEMA,
        "run": {"runId": run_id(operator, loaded_at, flow["key"])},
        "job": {"namespace": namespace, "name": flow["key"],
                "facets": {TRANSFER_FACET: transfer_facet(flow, made_by)}},
        "inputs": [{"namespace": namespace, "name": source,
                    "facets": _dataset_facets(carried, items, nodes.get(source), made_by)}],
        "outputs": [{"namespace": namespace, "name": target,
                     "facets": {**_dataset_facets(carried, items, nodes.get(target), made_by),
                                "columnLineage": _column_lineage(carried, namespace, source, made_by)}}],
    }


def transfer_facet(flow: Row, made_by: str) -> dict[str, Any]:
    """The custom `daicho_transfer` job facet of a flow: its resolved facts and purposes."""
    facet: dict[str, Any] = {"_producer": made_by, "_schemaURL": TRANSFER_SCHEMA_URL}
    for field in _TRANSFER_FIELDS:
        value = flow.get(field)
        if value is not None and value != []:
            facet[field] = value
    facet["purposes"] = list(flow["purposes"])
    return facet


def _dataset_facets(carried: list[str], items: dict[str, Row], node: Row | None,
                    made_by: str) -> dict[str, Any]:
    fields = []
    for position, key in enumerate(carried, 1):
        item = items.get(key) or {}
        field: dict[str, Any] = {"name": key, "ordinal_position": position}
        description = item.get("name_en") or item.get("name_ja")
        if description:
            field["description"] = description
        fields.append(field)
    return {
        "schema": {"_producer": made_by, "_schemaURL": FACET_SCHEMAS["schema"], "fields": fields},
        "tags": {"_producer": made_by, "_schemaURL": FACET_SCHEMAS["tags"], "tags": _tags(carried, items, node)},
    }


def _tags(carried: list[str], items: dict[str, Row], node: Row | None) -> list[dict[str, str]]:
    tags: list[dict[str, str]] = []
    if node is not None:
        for key in ("kind", "subkind", "party", "party_kind", "location"):
            if node.get(key):
                tags.append({"key": f"daicho.{key}", "value": str(node[key]), "source": "daicho"})
    for key in carried:
        item = items.get(key) or {}
        tags.append({"key": "personal_data", "value": "true", "field": key, "source": "daicho"})
        tags.extend({"key": flag, "value": "true", "field": key, "source": "daicho"}
                    for flag in SENSITIVITY if item.get(flag))
        if item.get("category"):
            tags.append({"key": "data_category", "value": item["category"], "field": key, "source": "daicho"})
    return tags


def _column_lineage(carried: list[str], namespace: str, source: str, made_by: str) -> dict[str, Any]:
    fields = {key: {"inputFields": [{"namespace": namespace, "name": source, "field": key,
                                     "transformations": [{"type": "DIRECT", "subtype": "IDENTITY",
                                                          "masking": False}]}]}
              for key in carried}
    return {"_producer": made_by, "_schemaURL": FACET_SCHEMAS["columnLineage"], "fields": fields}


def to_jsonl(events: list[dict[str, Any]]) -> str:
    """JSON Lines: one event per line, as the lineage APIs take them one POST at a time."""
    from daicho.inventory.safe_text import json_text

    return "".join(json_text(event, indent=None) + "\n" for event in events)


def to_json_array(events: list[dict[str, Any]]) -> str:
    """One JSON array of the events."""
    from daicho.inventory.safe_text import json_text

    return json_text(events) + "\n"


def transfer_facet_schema() -> dict[str, Any]:
    """JSON Schema of the `daicho_transfer` job facet (its `_schemaURL` names this document)."""
    text = {"type": "string"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": TRANSFER_SCHEMA_ID,
        "$defs": {"DaichoTransferJobFacet": {
            "allOf": [{"$ref": f"{SPEC}#/$defs/JobFacet"}, {
                "type": "object",
                "description": "A personal-data flow as daicho's resolved model reads it (APPI 27/28).",
                "properties": {
                    "basis": {**text, "enum": ["internal", "collection", "outsourcing", "succession", "joint_use",
                                               "consent", "exception", "opt_out"]},
                    "exception": text,
                    "boundary": text, "border": text, "transfer_location": text,
                    "foreign_basis": {**text, "enum": ["eu_uk", "compliant_system", "consent"]},
                    "foreign_status": text, "basis_status": text, "disclosure": text,
                    "disclose_locations": {"type": "array", "items": text},
                    "source_party": text, "target_party": text, "personal": {"type": "boolean"},
                    "purposes": {"type": "array", "items": text},
                },
                "required": ["basis", "boundary", "border", "foreign_status", "purposes"],
            }],
        }},
        "type": "object",
        "properties": {TRANSFER_FACET: {"$ref": "#/$defs/DaichoTransferJobFacet"}},
    }


def export_openlineage(url: str, array: bool = False) -> str:
    """The OpenLineage events of the store at `url` as JSON Lines (or one JSON array)."""
    with ReadDB(url) as db:
        events = openlineage_events(db)
    return to_json_array(events) if array else to_jsonl(events)
