"""`daicho review` and `daicho request` (issue 12.4, 12.5), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

from conftest import load_into, write_manifest
from daicho.catalog.checks import run_checks
from daicho.catalog.review.review_log import last_reviews, record_review, reviews
from daicho.examples import example_path
from daicho.inventory.db import ReadDB
from test_history import _doc, main_run


def test_review_is_recorded_and_read_by_the_12_month_check(any_url, tmp_path, capsys, monkeypatch):
    load_into(any_url, write_manifest(tmp_path / "m", _doc({"email": "Email", "phone": "Phone"})))
    day = dt.date(2026, 6, 1)
    stale = {f.key for f in run_checks(any_url, day) if f.rule == "DAI002"}
    assert stale == {"email", "phone"}
    code, out, err = main_run(capsys, monkeypatch, "review", "--by", "Privacy office", "--select", "email",
                              "--note", "FY2026", "--json", "--db", any_url)
    assert code == 0, err
    entry = json.loads(out)
    assert (entry["reviewer"], entry["selector"], entry["keys"], entry["version"]) == (
        "Privacy office", "email", ["email"], 1)
    reviewed_on = dt.date.fromisoformat(entry["reviewed_at"][:10])
    on_time = {f.key for f in run_checks(any_url, reviewed_on + dt.timedelta(days=30)) if f.rule == "DAI002"}
    assert on_time == {"phone"}  # only the records the review covered
    late = {f.key for f in run_checks(any_url, reviewed_on + dt.timedelta(days=400)) if f.rule == "DAI002"}
    assert late == {"email", "phone"}
    record_review(any_url, "Auditor", None, None, when=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with ReadDB(any_url) as db:
        assert [r["reviewer"] for r in reviews(db)] == ["Privacy office", "Auditor"]
        assert last_reviews(db)["mailer"] == dt.date(2026, 1, 1)  # the whole inventory
    # reviews are kept across loads
    load_into(any_url, write_manifest(tmp_path / "m", _doc({"email": "Email"})))
    with ReadDB(any_url) as db:
        assert len(reviews(db)) == 2


def test_review_needs_a_reviewer_and_a_valid_selector(sqlite_url, tmp_path, capsys, monkeypatch):
    load_into(sqlite_url, write_manifest(tmp_path / "m", _doc({"email": "Email"})))
    code, _, err = main_run(capsys, monkeypatch, "review", "--by", " ", "--db", sqlite_url)
    assert code == 1 and err == "Error: --by names who reviewed; it cannot be empty\n"
    code, _, err = main_run(capsys, monkeypatch, "review", "--by", "x", "--select", "nope", "--db", sqlite_url)
    assert code != 0 and err.startswith("Error: ") and len(err.splitlines()) == 1
    with ReadDB(sqlite_url) as db:
        assert reviews(db) == []


def test_audit_pack_shows_the_log_and_changes_since_the_last_review(sqlite_url, tmp_path):
    from daicho.catalog.review.report import write_report

    path = write_manifest(tmp_path / "m", _doc({"email": "Email"}))
    load_into(sqlite_url, path)
    record_review(sqlite_url, "Privacy <office>", None, "first")
    load_into(sqlite_url, write_manifest(tmp_path / "m", _doc({"email": "Email", "phone": "Phone"})))
    write_report(sqlite_url, tmp_path / "pack", "en")
    page = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    part = page[page.index('id="history"'):]
    assert "Privacy &lt;office&gt;" in part and "Changes since review 1 (version 1 → version 2)" in part
    assert "items/phone" in part


def test_request_disclosure_on_the_engoo_example(engoo_url, capsys, monkeypatch):
    code, out, err = main_run(capsys, monkeypatch, "request", "disclosure", "--subject", "members", "--json",
                              "--db", engoo_url)
    assert code == 0, err
    result = json.loads(out)
    assert result["article"] == "APPI 33" and "without delay" in result["deadline"]
    items = {i["key"]: i for i in result["items"]}
    assert [k["system"] for k in items["card_number"]["kept_in"]] == ["member_db"]
    assert {"payment_processor", "card_network"} <= set(items["card_number"]["contractors"])
    assert {c["key"] for c in result["contractors"]} >= {"payment_processor", "support_desk", "card_network"}
    assert "lesson_records_anonymised" in {n["key"] for n in result["not_covered"]}
    assert {f["flow"] for f in result["provision_records"]["flows"]} >= {"member_db__third_parties"}
    assert result["procedure"]["contact"]["email"] == "support-tr@engoo.com"
    code, out, _ = main_run(capsys, monkeypatch, "request", "deletion", "--subject", "members", "--items",
                            "card_number", "--lang", "ja", "--db", engoo_url)
    assert code == 0 and "遅滞なく" in out and "card_network" in out and "開示する第三者提供記録" not in out


def test_request_bad_input(any_url, tmp_path, capsys, monkeypatch):
    load_into(any_url, write_manifest(tmp_path / "m", _doc({"email": "Email"})))
    code, _, err = main_run(capsys, monkeypatch, "request", "stop", "--subject", "members", "--items", "card",
                            "--db", any_url)
    assert code == 1 and err == "Error: item 'card' is not an item of subject 'members'\n"
    code, _, err = main_run(capsys, monkeypatch, "request", "stop", "--subject", "visitors", "--db", any_url)
    assert code == 1 and err.startswith("Error: ") and len(err.splitlines()) == 1
    code, out, _ = main_run(capsys, monkeypatch, "request", "correction", "--subject", "members", "--json",
                            "--db", any_url)
    result = json.loads(out)
    assert [c["key"] for c in result["contractors"]] == ["mailer"] and "provision_records" not in result


def test_request_as_of_a_version(sqlite_url, tmp_path, capsys, monkeypatch):
    path = write_manifest(tmp_path / "m", _doc({"email": "Email"}))
    load_into(sqlite_url, path)
    load_into(sqlite_url, write_manifest(tmp_path / "m", _doc({"email": "Email", "phone": "Phone"})))
    code, out, _ = main_run(capsys, monkeypatch, "request", "disclosure", "--subject", "members", "--at", "1",
                            "--json", "--db", sqlite_url)
    assert code == 0 and [i["key"] for i in json.loads(out)["items"]] == ["email"]


def test_engoo_story(tmp_path, capsys, monkeypatch):
    """Issue 12's 'done when', as a new user would: load 2014 then 2021, history, diff, where --at 1, review,
    request."""
    db = str(tmp_path / "d.db")
    assert main_run(capsys, monkeypatch, "load", str(example_path("engoo-2014")), "--db", db)[0] == 0
    assert main_run(capsys, monkeypatch, "load", str(example_path("engoo")), "--db", db)[0] == 0
    code, out, _ = main_run(capsys, monkeypatch, "history", "--json", "--db", db)
    assert [v["number"] for v in json.loads(out)] == [1, 2]
    assert main_run(capsys, monkeypatch, "diff", "--db", db)[0] == 1
    assert main_run(capsys, monkeypatch, "where", "card_number", "--at", "1", "--db", db)[0] == 0
    assert main_run(capsys, monkeypatch, "review", "--by", "Privacy office", "--db", db)[0] == 0
    assert main_run(capsys, monkeypatch, "request", "disclosure", "--subject", "members", "--db", db)[0] == 0
