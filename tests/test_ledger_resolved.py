"""The ledger, the notice and the audit pack read the resolved model: on an inventory with a system run by a
foreign contractor, storage abroad whose provider does not handle the data, a sub-processor with two
parents, a recipient of unknown location and a recipient named with no data flow, their foreign columns,
per-recipient items and bases and transfer rows agree with `daicho abroad` and `daicho receives`."""

from __future__ import annotations

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.lineage.nodes import abroad
from daicho.catalog.lineage.where import receives
from daicho.catalog.review.ledger import ledger_rows
from daicho.catalog.review.ledger_labels import word
from daicho.catalog.review.ledger_writers import ledger_book
from daicho.catalog.review.notice import build_notice
from daicho.catalog.review.notice_writers import render_markdown
from daicho.catalog.review.reach import ReviewFacts
from daicho.inventory.db import ReadDB

MIXED = {
    "organization": {"key": "acme", "name": "Acme", "country": "JP"},
    "purposes": [{"key": "support", "name": "Support"}],
    "items": [{"key": k, "name": k.title(), "purposes": ["support"]} for k in ("email", "name", "card")],
    "collection_points": [{"key": "form", "name": "Form"}],
    "recipients": [
        {"key": "hostco", "name": "HostCo", "kind": "contractor", "country": "US", "hosting": ["IE"],
         "compliant_system": {"instrument": "contract"}, "compliance_check": "2025-01-10"},
        {"key": "backupco", "name": "BackupCo", "kind": "contractor", "country": "DE", "handles_data": False},
        {"key": "payco", "name": "PayCo", "kind": "contractor", "country": "JP"},
        {"key": "subproc", "name": "SubProc", "kind": "subcontractor", "country": "SG",
         "parents": ["hostco", "payco"], "compliant_system": {"instrument": "apec_cbpr"},
         "compliance_check": "2025-01-10"},
        {"key": "mystery", "name": "Mystery", "kind": "third_party"},
        {"key": "ghost", "name": "Ghost", "kind": "contractor", "country": "FR"},
    ],
    "systems": [
        {"key": "crm", "name": "CRM", "country": "IE", "operated_by": "hostco", "items": ["email", "name"]},
        {"key": "billing", "name": "Billing", "country": "JP", "items": ["card", "email"]},
        {"key": "backup", "name": "Backup", "country": "DE", "operated_by": "backupco", "items": ["card", "email"]},
    ],
    "flows": [
        {"from": "form", "to": "crm", "items": ["email", "name"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "form", "to": "billing", "items": ["card", "email"], "basis": "collection"},
        {"from": "billing", "to": "backup", "items": ["card", "email"], "basis": "internal"},
        {"from": "crm", "to": "subproc", "items": ["email"], "basis": "outsourcing"},
        {"from": "billing", "to": "payco", "items": ["card"], "basis": "outsourcing"},
        {"from": "payco", "to": "subproc", "items": ["card"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "billing", "to": "mystery", "items": ["email"], "basis": "consent"},
    ],
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder / "m", MIXED))
    with ReadDB(url) as db:
        yield url, ReviewFacts.load(url), abroad(db), {r: receives(db, r) for r in ("hostco", "subproc", "mystery")}


def _carrying(found: dict, item: str) -> list[dict]:
    return [f for f in found["flows"] if item in f["items"]]


def test_the_inventory_has_every_case(mixed):
    _, _, found, _ = mixed
    assert {f["flow"]: f["status"] for f in found["flows"]} == {
        "form__crm": "ok", "billing__backup": "storage", "crm__subproc": "missing", "payco__subproc": "ok",
        "billing__mystery": "unknown_country"}
    assert [n["key"] for n in found["named_only"]] == ["ghost"]


@pytest.mark.parametrize("item", ["email", "name", "card"])
def test_ledger_foreign_column_is_the_items_abroad_flows(mixed, item):
    _, facts, found, _ = mixed
    assert [e["flow"] for e in facts.reaches[item].foreign] == [f["flow"] for f in _carrying(found, item)]


def test_ledger_foreign_column_in_words(mixed):
    _, facts, _, _ = mixed
    rows = {r.item_key: r for r in ledger_rows(facts, "en")}
    assert rows["email"].foreign == [
        "Yes: HostCo (CRM): United States (US) (kept in: Ireland (IE))",  # registered, and where it keeps data
        "Backup (stores only, does not handle the data): Germany (DE)",
        "SubProc: Singapore (SG)",
        "Unknown: Mystery: location unknown"]  # never a default country, never "Yes: location unknown"
    assert rows["name"].foreign == ["Yes: HostCo (CRM): United States (US) (kept in: Ireland (IE))"]
    ja = {r.item_key: r for r in ledger_rows(facts, "ja")}
    assert ja["email"].foreign[-1] == "不明: Mystery: 所在不明"
    assert ja["card"].foreign == ["有: Backup (保管のみ・データを取り扱わない): ドイツ (DE)",
                                  "SubProc: シンガポール (SG)"]


def test_ledger_contractors_by_path_and_receives(mixed):
    _, facts, _, received = mixed
    rows = {r.item_key: r for r in ledger_rows(facts, "en")}
    assert rows["email"].outsourcing == ["Yes: HostCo", "HostCo > SubProc"]  # HostCo runs the CRM
    assert rows["card"].outsourcing == ["Yes: PayCo", "PayCo > SubProc"]  # the path the card takes
    assert rows["email"].provision == ["Yes: Mystery (consent)"]
    assert "BackupCo" not in " ".join(rows["card"].outsourcing)  # stores without handling: not entrusted
    for recipient, result in received.items():
        assert {i["item"] for i in result["items"]} == {k for k, r in facts.reaches.items()
                                                        if recipient in [p.party for p in r.parties]}


def test_contractor_sheet(mixed):
    _, facts, _, _ = mixed
    book = ledger_book(facts, "en")
    sheet = {c.key: c.said("en") for c in book.contractors}  # the rows in no language, said in English
    assert list(sheet) == ["backupco", "ghost", "hostco", "subproc", "payco"]  # sub-contractors under their first
    sub = sheet["subproc"]
    assert sub.name == "HostCo > SubProc\nPayCo > SubProc" and sub.parent == "HostCo\nPayCo"
    assert sub.country == "Singapore (SG)" and sub.items == "Email\nCard"
    assert sheet["hostco"].country == "United States (US)" and sheet["hostco"].hosting == "Ireland (IE)"
    assert sheet["ghost"].note == "named, no data flow recorded" and sheet["ghost"].items == ""
    assert sheet["backupco"].note == "stores only, does not handle the data" and sheet["backupco"].items == ""
    ja = {c.key: c.said("ja") for c in ledger_book(facts, "ja").contractors}
    assert ja["ghost"].note == "データの流れの記録なし"
    # the contractor sheet and the ledger's 委託先 column name the same contractors
    chains = {line.split(": ", 1)[-1] for r in book.rows for line in r.said("en").outsourcing if line != "No"}
    assert chains == {line for c in sheet.values() if c.items for line in c.name.split("\n")}


def test_notice_lists_each_foreign_recipient_with_its_own_items_and_bases(mixed):
    _, facts, found, received = mixed
    notice = build_notice(facts, "en")
    foreign = {f.key: f for f in notice.foreign}
    assert list(foreign) == ["hostco", "subproc", "mystery"]  # not ghost (no flow), not backupco (storage)
    assert foreign["hostco"].items == ["Email", "Name"] and foreign["hostco"].hosting == ["Ireland (IE)"]
    assert [(f.flow, f.basis, f.foreign_basis) for f in foreign["subproc"].flows] == [
        ("crm__subproc", "outsourcing", "none recorded"), ("payco__subproc", "outsourcing", "compliant system")]
    assert foreign["mystery"].country == "location unknown"
    for key, recipient in foreign.items():
        flows = [f for f in found["flows"] if f["to_party"] == key]
        assert [f.flow for f in recipient.flows] == [f["flow"] for f in flows]
        got = {i["item"] for i in received[key]["items"]}
        assert {k for f in flows for k in f["items"]} <= got
    assert [(s.key, s.locations, s.provider) for s in notice.storage_abroad] == [
        ("backup", ["Germany (DE)"], "BackupCo")]
    text = render_markdown(notice)
    assert "outside Japan" in text and "stored by BackupCo, which does not handle the data" in text
    assert "Ghost" not in text


def test_notice_in_japanese_names_the_home_country(mixed):
    _, facts, _, _ = mixed
    text = render_markdown(build_notice(facts, "ja"))
    assert "日本の国外にある提供先" in text and "日本の国外で保管している個人データ" in text
    assert "**SubProc (再委託先)**: シンガポール (SG) — Email \\[根拠: 委託; 移転の根拠: 記録なし\\]; Card" in text


def test_pack_transfers_are_the_abroad_flows(mixed, tmp_path):
    from daicho.catalog.review.report import write_report

    url, facts, found, _ = mixed
    write_report(url, tmp_path / "pack", "en")
    page = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="cross-border">'):]
    section = section[:section.index("</section>")]
    assert section.count("<tr") == 1 + len(found["flows"])  # rows carry their status class
    rows = [r.said("en") for r in ledger_book(facts, "en").cross_border]
    assert [(r.flow, r.status.split("\n")[0]) for r in rows] == [
        (f["flow"], word(f"status_{f['status']}", "en")) for f in found["flows"]]
    for row in rows:
        assert f">{row.flow}</td>" in section  # a key cell (its class marks it)
    mystery = next(r for r in rows if r.flow == "billing__mystery")
    assert mystery.country == "location unknown" and mystery.foreign_basis == "none recorded"
    host = next(r for r in rows if r.flow == "form__crm")
    assert (host.target, host.country, host.hosting) == ("HostCo (CRM)", "United States (US)", "Ireland (IE)")
    contractors = page[page.index('<section id="contractors">'):]
    assert "HostCo &gt; SubProc<br>PayCo &gt; SubProc" in contractors[:contractors.index("</section>")]
