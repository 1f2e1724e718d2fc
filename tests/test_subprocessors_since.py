"""`daicho subprocessors --since VERSION`: a change notice of sub-processors added, removed or changed."""

from __future__ import annotations

import json

import yaml
from conftest import run_daicho, write_manifest

BASE = {
    "organization": {"key": "acme", "name": "Acme", "country": "JP"},
    "items": [{"key": "email", "name": "Email"}, {"key": "phone", "name": "Phone"}],
    "systems": [{"key": "crm", "name": "CRM", "country": "JP", "items": ["email", "phone"]}],
    "recipients": [
        {"key": "mailer", "name": "Mailer", "kind": "contractor", "country": "US"},
        {"key": "sms", "name": "SMS gateway", "kind": "contractor", "country": "SG"},
    ],
    "flows": [
        {"from": "crm", "to": "mailer", "items": ["email"], "basis": "outsourcing", "foreign_basis": "consent"},
        {"from": "crm", "to": "sms", "items": ["phone"], "basis": "outsourcing", "foreign_basis": "consent"},
    ],
}


def _load(monkeypatch, capsysbinary, folder, document, db):
    write_manifest(folder, document)
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(folder), "--db", db)
    assert code == 0, err


def test_a_change_notice_names_what_was_added_removed_and_changed(tmp_path, monkeypatch, capsysbinary):
    db = str(tmp_path / "d.db")
    _load(monkeypatch, capsysbinary, tmp_path / "v1", BASE, db)
    later = yaml.safe_load(yaml.safe_dump(BASE))
    later["recipients"] = [{"key": "mailer", "name": "Mailer", "kind": "contractor", "country": "IE"},
                           {"key": "crm_vendor", "name": "CRM vendor", "kind": "contractor", "country": "US"}]
    later["flows"] = [
        {"from": "crm", "to": "mailer", "items": ["email", "phone"], "basis": "outsourcing",
         "foreign_basis": "eu_uk"},
        {"from": "crm", "to": "crm_vendor", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "consent"},
    ]
    _load(monkeypatch, capsysbinary, tmp_path / "v2", later, db)
    code, out, err = run_daicho(monkeypatch, capsysbinary, "subprocessors", "--since", "1", "-f", "json",
                                "--db", db)
    assert code == 0, err
    changes = json.loads(out)["changes"]
    assert [e["key"] for e in changes["added"]] == ["crm_vendor"]
    assert [e["key"] for e in changes["removed"]] == ["sms"]
    assert changes["changed"] == [{"key": "mailer", "title": "Mailer", "fields": ["registered", "items"]}]
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "subprocessors", "--since", "1", "--db", db)
    text = out.decode()
    assert "## Changes since version 1" in text
    assert "- Added: CRM vendor" in text and "- Removed: SMS gateway" in text
    assert "- Changed: Mailer: registered in, personal data" in text
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "subprocessors", "--since", "1", "-f", "csv", "--db", db)
    rows = out.decode("utf-8-sig").splitlines()
    assert rows[0].endswith("Change since version 1")
    assert any(r.startswith("sms,") and r.endswith("Removed") for r in rows)


def test_without_since_there_is_no_change_notice_and_an_unknown_version_is_one_line(tmp_path, monkeypatch,
                                                                                     capsysbinary):
    db = str(tmp_path / "d.db")
    _load(monkeypatch, capsysbinary, tmp_path / "v1", BASE, db)
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "subprocessors", "-f", "json", "--db", db)
    assert code == 0 and "changes" not in json.loads(out)
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "subprocessors", "--since", "1", "-f", "html", "--db", db)
    assert code == 0 and "No change." in out.decode()
    code, _, err = run_daicho(monkeypatch, capsysbinary, "subprocessors", "--since", "9", "--db", db)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
