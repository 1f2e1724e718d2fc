"""`daicho export --format openlineage`: one COMPLETE RunEvent per flow, valid against the OpenLineage JSON Schema
(vendored in tests/data/openlineage, every $ref resolved locally), carrying the resolved facts of each flow."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from conftest import load_into, run_daicho, write_manifest
from daicho.catalog.interchange.openlineage import (
    TRANSFER_FACET,
    openlineage_events,
    run_id,
    to_json_array,
    to_jsonl,
    transfer_facet_schema,
)
from daicho.catalog.resolved.facts import flows_where
from daicho.inventory.db import ReadDB

SPECS = Path(__file__).parent / "data" / "openlineage"
FACET_FILES = {"schema": "SchemaDatasetFacet.json", "columnLineage": "ColumnLineageDatasetFacet.json",
               "tags": "TagsDatasetFacet.json"}


@pytest.fixture(scope="module")
def validators():
    """Validators for the event, each vendored facet schema and daicho's transfer facet, offline."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    documents = [json.loads((SPECS / "OpenLineage.json").read_text(encoding="utf-8"))]
    documents += [json.loads((SPECS / "facets" / name).read_text(encoding="utf-8")) for name in FACET_FILES.values()]
    documents.append(transfer_facet_schema())
    registry = Registry().with_resources((doc["$id"], Resource.from_contents(doc)) for doc in documents)

    def make(doc):
        return Draft202012Validator(doc, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)

    return {"event": make(documents[0]), **{name: make(doc) for name, doc in zip(FACET_FILES, documents[1:4],
                                                                                strict=True)},
            TRANSFER_FACET: make(documents[4])}


def _problems(validator, instance) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.fixture(scope="module")
def engoo_events(engoo_url):
    with ReadDB(engoo_url) as db:
        return openlineage_events(db), flows_where(db, "1 = 1"), db.rows("SELECT key, value FROM meta")


def test_every_flow_is_one_valid_complete_run_event(engoo_events, validators):
    events, flows, _ = engoo_events
    assert [e["job"]["name"] for e in events] == [f["key"] for f in flows]
    for event in events:
        assert event["eventType"] == "COMPLETE"
        assert _problems(validators["event"], event) == []
        assert _problems(validators[TRANSFER_FACET], event["job"]["facets"]) == []
        for dataset in event["inputs"] + event["outputs"]:
            for facet in dataset["facets"]:
                assert _problems(validators[facet], dataset["facets"]) == [], (event["job"]["name"], facet)


def test_the_schema_validation_really_checks(validators):
    broken = {"eventTime": "not a time", "producer": "x", "schemaURL": "y", "run": {"runId": "not-a-uuid"},
              "job": {"namespace": "n"}}
    assert _problems(validators["event"], broken)
    facet = {"columnLineage": {"_producer": "p", "_schemaURL": "s", "fields": {"email": {"inputFields": [{}]}}}}
    assert _problems(validators["columnLineage"], facet)
    transfer = {TRANSFER_FACET: {"_producer": "p", "_schemaURL": "s", "basis": "outsourcin", "boundary": "x",
                                 "border": "home", "foreign_status": "x", "purposes": []}}
    assert _problems(validators[TRANSFER_FACET], transfer)


def test_events_carry_the_resolved_facts_of_their_flow(engoo_events):
    events, flows, meta = engoo_events
    loaded_at = dict((r["key"], r["value"]) for r in meta)["loaded_at"]
    for event, flow in zip(events, flows, strict=True):
        facet = event["job"]["facets"][TRANSFER_FACET]
        for field in ("basis", "boundary", "border", "transfer_location", "foreign_basis", "foreign_status"):
            assert facet.get(field) == flow[field], (flow["key"], field)
        assert facet["purposes"] == flow["purposes"]
        assert event["eventTime"] == loaded_at
        namespace = event["job"]["namespace"]
        assert namespace == "daicho://dmm_com_llc"
        assert [(d["namespace"], d["name"]) for d in event["inputs"]] == [(namespace, flow["source"])]
        assert [(d["namespace"], d["name"]) for d in event["outputs"]] == [(namespace, flow["target"])]
        output = event["outputs"][0]["facets"]
        assert [f["name"] for f in output["schema"]["fields"]] == flow["items"]
        lineage = output["columnLineage"]["fields"]
        assert list(lineage) == flow["items"]
        for item, mapping in lineage.items():
            assert [(i["name"], i["field"]) for i in mapping["inputFields"]] == [(flow["source"], item)]


def test_run_ids_are_deterministic_and_distinct(engoo_events, engoo_url):
    events, _, meta = engoo_events
    with ReadDB(engoo_url) as db:
        again = openlineage_events(db)
    assert again == events
    ids = [e["run"]["runId"] for e in events]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert run_id("acme", "2025-01-01T00:00:00+00:00", "a") != run_id("acme", "2025-01-02T00:00:00+00:00", "a")


def test_sensitivity_and_category_become_tags(tmp_path, sqlite_url):
    path = write_manifest(tmp_path / "m", {
        "organization": {"key": "acme", "name": "ACME", "country": "JP"},
        "items": [{"key": "card", "name": "Card number", "category": "user.financial.credit_card",
                   "financial": True},
                  {"key": "health", "name": "Health", "sensitive": True, "consent_obtained": True},
                  {"key": "cookie", "name": "Cookie id", "personally_referable": True}],
        "recipients": [{"key": "psp", "name": "PSP", "kind": "contractor", "country": "US",
                        "consent_information": {"country": True, "regime": True, "measures": True}}],
        "collection_points": [{"key": "form", "name": "Form"}],
        "flows": [{"from": "form", "to": "psp", "items": ["card", "health", "cookie"], "basis": "outsourcing",
                   "foreign_basis": "consent"}],
    })
    load_into(sqlite_url, path)
    with ReadDB(sqlite_url) as db:
        [event] = openlineage_events(db)
    tags = event["outputs"][0]["facets"]["tags"]["tags"]
    by_field = {}
    for tag in tags:
        by_field.setdefault(tag.get("field"), set()).add((tag["key"], tag["value"]))
    assert ("financial", "true") in by_field["card"]
    assert ("data_category", "user.financial.credit_card") in by_field["card"]
    assert ("sensitive", "true") in by_field["health"]
    assert ("personally_referable", "true") in by_field["cookie"]
    assert ("sensitive", "true") not in by_field["card"]
    assert ("daicho.location", "US") in by_field[None]
    facet = event["job"]["facets"][TRANSFER_FACET]
    assert (facet["boundary"], facet["border"], facet["transfer_location"], facet["foreign_basis"],
            facet["foreign_status"]) == ("outsourcing", "abroad", "US", "consent", "recorded")


def test_cli_writes_json_lines_or_an_array(engoo_url, monkeypatch, capsysbinary, tmp_path):
    code, out, err = run_daicho(monkeypatch, capsysbinary, "export", "--format", "openlineage", "--db", engoo_url)
    assert code == 0, err
    lines = out.decode("utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    with ReadDB(engoo_url) as db:
        expected = openlineage_events(db)
    assert events == expected
    assert to_jsonl(expected).encode("utf-8") == out
    target = tmp_path / "events.json"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "export", "--format", "openlineage-array", "--db",
                              engoo_url, "-o", str(target))
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8")) == expected
    assert target.read_text(encoding="utf-8") == to_json_array(expected)


def test_an_inventory_without_flows_exports_nothing(tmp_path, sqlite_url):
    load_into(sqlite_url, write_manifest(tmp_path / "m", {"items": [{"key": "email", "name": "Email"}]}))
    with ReadDB(sqlite_url) as db:
        assert openlineage_events(db) == []
    assert to_jsonl([]) == ""


def test_docs_name_the_formats_and_the_facet():
    text = (Path(__file__).parent.parent / "docs" / "interchange.md").read_text(encoding="utf-8")
    for needle in ("--format openlineage", "--format openlineage-array", "--format fides", "import fides",
                   "/api/v1/lineage", TRANSFER_FACET, "unknown_categories", "meta.daicho"):
        assert needle in text, needle
