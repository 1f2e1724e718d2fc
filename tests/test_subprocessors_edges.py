"""daicho subprocessors (the public sub-processor list) and daicho export --format edges, on Engoo and on a
small inventory with hostile names, a storage-only provider and a named-only contractor."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import load_into, run_daicho, write_manifest
from daicho.catalog.interchange.edges import HEADER
from daicho.catalog.lineage.where import receives
from daicho.inventory.db import ReadDB

HOSTILE = {
    "organization": {"key": "op", "name": "Operator", "country": "JP"},
    "items": [{"key": "email", "name": "Email", "category": "user.contact.email", "purposes": ["support"]},
              {"key": "backup_blob", "name": "Backup"}],
    "purposes": [{"key": "support", "name": "Support"}],
    "collection_points": [{"key": "form", "name": "Form"}],
    "systems": [{"key": "crm", "name": "CRM", "country": "JP", "items": ["email"]},
                {"key": "vault", "name": "Vault", "country": "SG", "operated_by": "store_co",
                 "items": ["backup_blob"]}],
    "recipients": [
        {"key": "evil", "name": "<script>alert(1)</script>", "kind": "contractor", "country": "US",
         "hosting": ["US", "EU"]},
        {"key": "formula", "name": "=HYPERLINK(\"http://x\",\"click\")", "kind": "subcontractor",
         "parents": ["evil"], "country": "unknown"},
        {"key": "store_co", "name": "Storage Co", "kind": "contractor", "country": "SG", "handles_data": False},
        {"key": "idle", "name": "Idle & Co", "kind": "contractor", "country": "DE"},
        {"key": "partner", "name": "Partner", "kind": "third_party", "country": "JP"},
    ],
    "flows": [
        {"from": "form", "to": "crm", "items": ["email"], "basis": "collection"},
        {"from": "crm", "to": "evil", "items": ["email"], "basis": "outsourcing", "purposes": ["support"],
         "foreign_basis": "consent"},
        {"from": "evil", "to": "formula", "items": ["email"], "basis": "outsourcing"},
        {"from": "crm", "to": "partner", "items": ["email"], "basis": "consent"},
    ],
}


@pytest.fixture
def hostile_url(tmp_path, sqlite_url) -> str:
    load_into(sqlite_url, write_manifest(tmp_path / "m", HOSTILE))
    return sqlite_url


def _run(monkeypatch, capsysbinary, *args: str) -> str:
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args)
    assert code == 0, err
    return out.decode("utf-8")


def test_subprocessors_json(monkeypatch, capsysbinary, hostile_url):
    data = json.loads(_run(monkeypatch, capsysbinary, "subprocessors", "--db", hostile_url, "-f", "json"))
    listed = {e["key"]: e for e in data["subprocessors"]}
    assert set(listed) == {"evil", "formula", "store_co"}  # not the third party; not the idle contractor
    assert [e["key"] for e in data["named"]] == ["idle"]
    assert listed["formula"]["parents"] == [{"key": "evil", "title": "<script>alert(1)</script>"}]
    assert [i["key"] for i in listed["formula"]["items"]] == ["email"]
    assert listed["evil"]["purposes"] == [{"key": "support", "title": "Support"}]
    assert listed["evil"]["registered"] == {"code": "US", "title": "United States"}
    assert [h["code"] for h in listed["evil"]["hosting"]] == ["US", "EU"]
    assert listed["evil"]["categories"] == ["user.contact.email"]
    assert listed["store_co"]["handles"] is False and [i["key"] for i in listed["store_co"]["items"]] == ["backup_blob"]
    assert [h["code"] for h in listed["store_co"]["hosting"]] == ["SG"]
    assert listed["formula"]["registered"]["title"] == "location unknown"


def test_subprocessors_list_what_receives_says(hostile_url, engoo_url):
    from daicho.catalog.interchange.subprocessors import subprocessors

    for url in (hostile_url, engoo_url):
        with ReadDB(url) as db:
            for entry in subprocessors(db)["subprocessors"]:
                if entry["handles"]:
                    got = receives(db, entry["key"])["items"]
                    assert [i["key"] for i in entry["items"]] == [e["item"] for e in got]


def test_subprocessors_engoo_japanese(monkeypatch, capsysbinary, engoo_url):
    data = json.loads(_run(monkeypatch, capsysbinary, "subprocessors", "--db", engoo_url, "--lang", "ja", "-f", "json"))
    listed = {e["key"]: e for e in data["subprocessors"]}
    assert listed["support_desk_ph"]["registered"]["title"] == "フィリピン"
    assert [p["key"] for p in listed["support_desk_ph"]["parents"]] == ["support_desk"]
    assert listed["card_network"]["kind"] == "subcontractor"
    page = _run(monkeypatch, capsysbinary, "subprocessors", "--db", engoo_url, "--lang", "ja")
    assert page.startswith("# 個人データの取扱いの委託先") and "| カスタマーサポート再委託先（フィリピン） |" in page


def test_html_is_self_contained_and_escaped(monkeypatch, capsysbinary, hostile_url, tmp_path):
    target = tmp_path / "subprocessors.html"
    _run(monkeypatch, capsysbinary, "subprocessors", "--db", hostile_url, "-o", str(target))
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Idle &amp; Co" in page
    assert "src=" not in page and "href=" not in page and "<link" not in page  # nothing fetched


def test_csv_cells_cannot_run(monkeypatch, capsysbinary, hostile_url):
    text = _run(monkeypatch, capsysbinary, "subprocessors", "--db", hostile_url, "-f", "csv")
    assert text.startswith("\ufeff")
    rows = {r[0]: r for r in csv.reader(io.StringIO(text.lstrip("\ufeff")))}
    assert rows["formula"][1] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert rows["idle"][2] == "Named, no data flow recorded"


def test_markdown_escapes_names(monkeypatch, capsysbinary, hostile_url):
    page = _run(monkeypatch, capsysbinary, "subprocessors", "--db", hostile_url)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_edges_csv(monkeypatch, capsysbinary, hostile_url, tmp_path):
    text = _run(monkeypatch, capsysbinary, "export", "--db", hostile_url, "--format", "edges")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == HEADER
    body = [dict(zip(HEADER, r, strict=True)) for r in rows[1:]]
    assert [(r["flow"], r["item"]) for r in body] == [("form__crm", "email"), ("crm__evil", "email"),
                                                      ("evil__formula", "email"), ("crm__partner", "email")]
    evil = body[1]
    assert (evil["basis"], evil["boundary"], evil["border"], evil["country"], evil["foreign basis"]) == (
        "outsourcing", "outsourcing", "abroad", "US", "consent")
    target = tmp_path / "edges.csv"
    _run(monkeypatch, capsysbinary, "export", "--db", hostile_url, "--format", "edges", "-o", str(target))
    assert target.read_bytes().decode("utf-8") == text


def test_edges_cover_every_flow_item(monkeypatch, capsysbinary, engoo_url):
    text = _run(monkeypatch, capsysbinary, "export", "--db", engoo_url, "--format", "edges")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    with ReadDB(engoo_url) as db:
        pairs = {(r["flow"], r["item"]) for r in db.rows("SELECT flow, item FROM flow_item")}
    assert {(r[0], r[3]) for r in rows} == pairs and len(rows) == len(pairs)
