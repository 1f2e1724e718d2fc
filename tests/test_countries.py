"""EU/EEA + UK (APPI 28, Rules 15) is one list, used alike by `daicho abroad` and `daicho check`."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.checks import run_checks
from daicho.catalog.lineage.nodes import abroad
from daicho.inventory.db import ReadDB


def _store(url, tmp_path, country: str):
    doc = {
        "organization": {"key": "op", "name": "Operator", "country": "JP"},
        "purposes": [{"key": "p", "name": "P"}],
        "items": [{"key": "email", "name": "Email", "purposes": ["p"]}],
        "systems": [{"key": "db", "name": "DB", "items": ["email"]}],
        "recipients": [{"key": "vendor", "name": "Vendor", "kind": "third_party", "country": country}],
        "flows": [{"from": "db", "to": "vendor", "items": ["email"], "basis": "consent", "purposes": ["p"],
                   "foreign_basis": "eu_uk", "record": {"kept": True}}],
    }
    load_into(url, write_manifest(tmp_path, doc))


@pytest.mark.parametrize(("country", "valid"), [("HU", True), ("DE", True), ("GB", True), ("NO", True),
                                                 ("US", False), ("CH", False)])
def test_eu_uk_basis_is_judged_alike_by_abroad_and_check(sqlite_url, tmp_path, country, valid):
    _store(sqlite_url, tmp_path, country)
    with ReadDB(sqlite_url) as db:
        status = abroad(db)["flows"][0]["status"]
    foreign = [f for f in run_checks(sqlite_url, dt.date(2026, 1, 1)) if f.rule == "DAI015"]
    assert (status == "ok") is valid
    assert (not foreign) is valid
