"""The GDPR Art. 30 record (`daicho ropa`) on a small inventory built here: the controller's activities and
the processor's controllers, transfers equal to `abroad`'s foreign flows to third countries, the files (xlsx
header, csv, md with hostile names escaped, json), and the `gdpr:` block validated and kept by load/export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import load_into, run_daicho, write_manifest
from daicho.catalog.interchange.ropa import ropa, third_country, transfers
from daicho.catalog.interchange.ropa_words import word
from daicho.catalog.interchange.ropa_writers import CONTROLLER_COLUMNS, WRITERS
from daicho.catalog.lineage.nodes import abroad
from daicho.inventory.db import ReadDB
from daicho.inventory.store import Store, resolve_url
from daicho.inventory.validate import validate_paths

HOSTILE = "=HYPERLINK(\"x\")[click](javascript:1)*bold*|<b>"

DOC = {
    "organization": {"key": "acme", "name": {"en": "Acme KK", "ja": "アクメ株式会社"}, "country": "JP",
                     "contact": {"email": "privacy@acme.example"}, "security_measures": "Access control."},
    "subjects": [{"key": "customers", "name": "Customers"}, {"key": "staff", "name": "Staff"}],
    "purposes": [{"key": "service", "name": "Service"}, {"key": "hr", "name": "Personnel"}],
    "items": [
        {"key": "email", "name": "Email", "subjects": ["customers"], "purposes": ["service"],
         "retention": {"period": "3 years", "trigger": "account deletion"}},
        {"key": "health", "name": "Health check", "subjects": ["staff"], "purposes": ["hr"], "sensitive": True,
         "consent_obtained": True},
        {"key": "stats", "name": "Stats", "purposes": ["service"], "anonymised": True},
    ],
    "systems": [{"key": "crm", "name": "CRM", "country": "JP", "items": ["email", "health", "stats"]},
                {"key": "own_us", "name": "Own US box", "country": "US", "items": ["email"]}],
    "recipients": [
        {"key": "us_mail", "name": HOSTILE, "kind": "contractor", "country": "US", "hosting": ["US"]},
        {"key": "de_pay", "name": "DE pay", "kind": "contractor", "country": "DE"},
        {"key": "sg_clinic", "name": "SG clinic", "kind": "third_party", "country": "SG"},
        {"key": "nobody", "name": "Named only", "kind": "contractor", "country": "US"},
    ],
    "flows": [
        {"key": "f_mail", "from": "crm", "to": "us_mail", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "consent"},
        {"key": "f_pay", "from": "crm", "to": "de_pay", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "eu_uk"},
        {"key": "f_clinic", "from": "crm", "to": "sg_clinic", "items": ["health"], "purposes": ["hr"],
         "basis": "consent", "foreign_basis": "consent"},
        {"key": "f_own", "from": "crm", "to": "own_us", "items": ["email"], "basis": "internal"},
    ],
    "gdpr": {
        "role": "both", "representative": {"name": "EU Rep", "email": "rep@example.eu"}, "dpo": {"email": "dpo@x"},
        "purposes": [{"purpose": "service", "basis": "contract"}],
        "special_categories": [{"item": "health", "condition": "employment"}],
        "transfers": [{"recipient": "us_mail", "mechanism": "scc", "reference": "SCC 2021 module 2"}],
        "controllers": [{"key": "client", "name": "Client GmbH", "contact": {"email": "c@client.example"},
                         "processing": "Mailing its customers", "items": ["email"]}],
    },
}


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("ropa")
    url = resolve_url(str(folder / "daicho.db"))
    load_into(url, write_manifest(folder / "m", DOC))
    return url


@pytest.fixture(scope="module")
def db(url):
    with ReadDB(url) as conn:
        yield conn


def test_controller_record_has_one_activity_per_purpose(db):
    record = ropa(db)
    assert record["role"] == "controller" and record["party"]["contact"] == "privacy@acme.example"
    assert record["party"]["representative"] == "EU Rep, rep@example.eu"
    service, hr = (next(a for a in record["activities"] if a["purpose"]["key"] == k) for k in ("service", "hr"))
    assert service["basis"]["code"] == "contract" and hr["basis"] is None  # not recorded: the check names it
    assert [d["key"] for d in service["data"]] == ["email"]  # anonymised stats are not personal data
    assert [s["key"] for s in service["subjects"]] == ["customers"]
    assert {r["key"] for r in service["recipients"]} == {"us_mail", "de_pay"}  # not the named-only one
    assert service["transfers"] == ["f_mail"] and service["third_countries"] == ["United States"]
    assert service["erasure"] == ["Email: 3 years (from account deletion)"]
    assert hr["data"][0]["special"]["condition"] == "employment"
    assert hr["transfers"] == ["f_clinic"] and hr["safeguards"] == ["SG clinic (Singapore): not recorded"]


def test_processor_record_has_one_entry_per_controller(db):
    record = ropa(db, "processor")
    [client] = record["controllers"]
    assert client["name"] == "Client GmbH" and client["contact"] == "c@client.example"
    assert [d["key"] for d in client["data"]] == ["email"] and client["transfers"] == ["f_mail"]
    assert client["safeguards"][0].endswith("Standard contractual clauses (Art. 46(2)(c)) (SCC 2021 module 2)")


def test_transfers_are_abroads_foreign_flows_to_third_countries(db):
    listed = [f for f in abroad(db)["flows"] if f["status"] not in ("own_system", "onward")
              and third_country(f["to_country"])]
    assert [t["flow"] for t in transfers(db)] == [f["flow"] for f in listed] == ["f_mail", "f_clinic"]
    assert "f_pay" in {f["flow"] for f in abroad(db)["flows"]}  # abroad, but in the EU


def test_xlsx_opens_with_the_templates_header(url, tmp_path, monkeypatch, capsysbinary):
    from openpyxl import load_workbook

    out = tmp_path / "ropa.xlsx"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "ropa", "--db", url, "-o", str(out))
    assert code == 0, err
    sheet = load_workbook(out)["Controller"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == word("purpose", "en"))
    assert header[:len(CONTROLLER_COLUMNS)] == [word(c, "en") for c in CONTROLLER_COLUMNS]
    assert rows[0][0].startswith("Record of processing activities")
    cells = [v for row in load_workbook(out)["Transfers to third countries"].iter_rows(values_only=True)
             for v in row if isinstance(v, str)]
    assert "'" + HOSTILE in cells and HOSTILE not in cells  # a formula cannot run


def test_processor_csv_md_json_and_japanese(db):
    data = ropa(db, "processor", "ja")
    text = WRITERS["csv"](data).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["取扱活動の記録 — 処理者（GDPR第30条第2項）"]
    assert next(r for r in rows if r and r[0] == "管理者")[:2] == ["管理者", "管理者の連絡先"]
    assert json.loads(WRITERS["json"](data))["controllers"][0]["key"] == "client"
    markdown = WRITERS["md"](ropa(db)).decode("utf-8")
    assert "[click](javascript" not in markdown and "\\[click\\]" in markdown and "<b>" not in markdown


def test_the_block_round_trips_and_bad_references_are_named(url, tmp_path):
    from daicho.inventory.export import inventory_document

    document = inventory_document(Store(url).inventory())
    assert document["gdpr"]["transfers"][0]["mechanism"] == "scc"
    typo = {**DOC, "gdpr": {**DOC["gdpr"], "purposes": [{"purpose": "servce", "basis": "contract"}]}}
    problems = [str(p) for p in validate_paths([write_manifest(tmp_path / "a", typo)]).problems]
    assert any("unknown purpose 'servce'" in p and "did you mean 'service'" in p for p in problems), problems
    vague = {**DOC, "gdpr": {**DOC["gdpr"], "transfers": [{"flow": "f_mail", "mechanism": "derogation"}]}}
    problems = [str(p) for p in validate_paths([write_manifest(tmp_path / "b", vague)]).problems]
    assert any("needs `derogation`" in p for p in problems), problems


def test_no_gdpr_block_still_gives_a_record_that_says_so(tmp_path):
    url = resolve_url(str(tmp_path / "d.db"))
    load_into(url, write_manifest(tmp_path / "m", {k: v for k, v in DOC.items() if k != "gdpr"}))
    with ReadDB(url) as conn:
        data = ropa(conn)
    assert not data["gdpr_block"] and all(t["mechanism"] is None for t in data["transfers"])
    assert "no `gdpr:` block" in WRITERS["md"](data).decode("utf-8")


def test_docs_examples_run(monkeypatch, capsysbinary, tmp_path):
    import re
    import shlex
    from pathlib import Path

    from daicho.cli.ropa_cmds import ropa as command

    text = (Path(__file__).parent.parent / "docs" / "interchange.md").read_text(encoding="utf-8")
    section = text[text.index("## The GDPR Art. 30 record"):text.index("## Item categories")]
    commands = [line[2:] for block in re.findall(r"```console\n(.*?)```", section, flags=re.S)
                for line in block.splitlines() if line.startswith("$ daicho ")]
    assert len(commands) >= 5
    monkeypatch.chdir(tmp_path)
    for line in commands:
        code, _, err = run_daicho(monkeypatch, capsysbinary, *shlex.split(line)[1:])
        assert code == 0, f"{line}: {err}"
    assert (tmp_path / "ropa.xlsx").stat().st_size > 0
    assert " ".join(command.__doc__.split()) in " ".join(section.split())
    assert "--role" in section and "--lang" in section
