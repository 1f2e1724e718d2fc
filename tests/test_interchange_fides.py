"""`daicho export --format fides` and `daicho import fides`: the manifest validates with fideslang's own models
(in a venv of its own: fideslang pins pydantic < 2.13, older than daicho's), every key it references is defined,
and export → import → validate → load gives back the same inventory."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import load_into, run_daicho, write_manifest
from daicho.catalog.interchange.fides_categories import (
    DATA_CATEGORIES,
    DATA_SUBJECTS,
    DATA_USES,
    closest,
    unknown_categories,
)
from daicho.catalog.interchange.fides_export import export_fides, to_fides_yaml
from daicho.catalog.interchange.fides_import import import_fides
from daicho.catalog.interchange.fides_import import write_manifest as write_daicho
from daicho.inventory.export import inventory_document
from daicho.inventory.store import Store, resolve_url
from hypothesis import given, settings
from hypothesis import strategies as st

FIDESLANG = "3.1.4"
#: made by `make test` (target fideslang-venv) before the tests run: the tests themselves download nothing
VENV = Path(__file__).resolve().parent.parent / ".venv-fideslang"
CHECK = """
import json, sys, yaml
from fideslang.models import Taxonomy
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
taxonomy = Taxonomy.model_validate(yaml.safe_load(open(sys.argv[1], encoding="utf-8")))
known = {kind: {r.fides_key for r in getattr(DEFAULT_TAXONOMY, kind) + getattr(taxonomy, kind)}
         for kind in ("data_category", "data_use", "data_subject")}
systems = {s.fides_key for s in taxonomy.system}
datasets = {d.fides_key for d in taxonomy.dataset}
problems = []
for s in taxonomy.system:
    for flow in (s.egress or []) + (s.ingress or []):
        if flow.type == "system" and flow.fides_key not in systems:
            problems.append(f"{s.fides_key}: data flow to unknown system {flow.fides_key}")
        problems += [f"{s.fides_key}: category {c}" for c in flow.data_categories or []
                     if c not in known["data_category"]]
    problems += [f"{s.fides_key}: dataset {d}" for d in s.dataset_references if d not in datasets]
    for d in s.privacy_declarations:
        if d.data_use not in known["data_use"]:
            problems.append(f"{s.fides_key}: data use {d.data_use}")
        problems += [f"{s.fides_key}: category {c}" for c in d.data_categories if c not in known["data_category"]]
        problems += [f"{s.fides_key}: subject {x}" for x in d.data_subjects if x not in known["data_subject"]]
for ds in taxonomy.dataset:
    for c in ds.collections:
        for f in c.fields:
            problems += [f"{ds.fides_key}.{f.name}: category {x}" for x in f.data_categories or []
                         if x not in known["data_category"]]
print(json.dumps({"counts": {k: len(getattr(taxonomy, k)) for k in ("system", "dataset", "data_use",
                 "data_subject", "data_category", "organization")}, "problems": problems}))
"""


@pytest.fixture(scope="session")
def fideslang_python() -> Path:
    """Python of the venv holding fideslang, which `make test` sets up (fideslang pins an older pydantic)."""
    python = VENV / "bin" / "python"
    if not python.exists() or subprocess.run([python, "-c", "import fideslang"], capture_output=True).returncode:
        pytest.skip(f"fideslang {FIDESLANG} is not installed in {VENV}: `make test` sets it up "
                    f"(make fideslang-venv)")
    return python


def fideslang_check(python: Path, manifest: Path) -> dict:
    done = subprocess.run([python, "-c", CHECK, str(manifest)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def engoo_fides(engoo_url, tmp_path_factory):
    manifest, report = export_fides(engoo_url)
    path = tmp_path_factory.mktemp("fides") / "fides.yaml"
    path.write_text(to_fides_yaml(manifest), encoding="utf-8")
    return manifest, report, path


def test_engoo_export_validates_with_fideslang(engoo_fides, fideslang_python):
    manifest, _, path = engoo_fides
    result = fideslang_check(fideslang_python, path)
    assert result["problems"] == []
    assert result["counts"]["system"] == len(manifest["system"]) == 4 + 10 + 8  # systems, recipients, points


def test_fideslang_check_catches_a_broken_manifest(engoo_fides, fideslang_python, tmp_path):
    manifest, _, _ = engoo_fides
    broken = json.loads(json.dumps(manifest))
    broken["system"][0]["privacy_declarations"] = [{"name": "x", "data_categories": ["user.nope"],
                                                    "data_use": "no_such_use"}]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert len(fideslang_check(fideslang_python, path)["problems"]) == 2
    del broken["system"][0]["system_type"]
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    done = subprocess.run([fideslang_python, "-c", CHECK, str(path)], capture_output=True, text=True)
    assert done.returncode != 0 and "system_type" in done.stderr


def test_recipients_are_systems_with_their_responsibility(engoo_fides, engoo_url):
    from daicho.catalog.lineage.nodes import FOREIGN_FLOWS
    from daicho.catalog.resolved.facts import flows_where
    from daicho.inventory.db import ReadDB

    manifest, _, _ = engoo_fides
    systems = {s["fides_key"]: s for s in manifest["system"]}
    assert systems["payment_processor"]["responsibility"] == ["Processor"]
    assert systems["card_network"]["responsibility"] == ["Sub-Processor"]
    assert systems["marketplace_sellers"]["responsibility"] == ["Controller"]
    assert systems["member_db"]["responsibility"] == ["Controller"]
    assert {"fides_key": "user", "type": "user"}.items() <= systems["registration_form"]["ingress"][0].items()
    assert "payment_processor" in [f["fides_key"] for f in systems["member_db"]["egress"]]
    assert systems["payment_processor"]["does_international_transfers"] is True  # to card_network (US)
    assert systems["payment_processor"]["legal_basis_for_transfers"] == ["Other"]  # compliant_system
    with ReadDB(engoo_url) as db:  # the same cross-border flows as `daicho abroad`
        sources = {f["source"] for f in flows_where(db, FOREIGN_FLOWS)}
    assert {k for k, s in systems.items() if s.get("does_international_transfers")} == sources
    sellers = [d for d in systems["member_db"]["privacy_declarations"] if d.get("data_shared_with_third_parties")]
    assert sellers and all("marketplace_sellers" in d["third_parties"] or "third_parties" in d["third_parties"]
                           for d in sellers)
    assert systems["member_db"]["meta"]["daicho"]["resolved"]["party_kind"] == "operator"


def test_report_names_unknown_categories_with_a_hint(engoo_fides):
    manifest, report, _ = engoo_fides
    assert ("user.settings", "user.account.settings") in report.unknown_categories
    custom = {c["fides_key"]: c["parent_key"] for c in manifest["data_category"]}
    assert custom["user.settings"] == "user"
    assert any("did you mean 'user.account.settings'" in line for line in report.lines())


def test_unknown_categories():
    assert unknown_categories(["user.contact.email", None, "", "user.contact.emial", "zzz", "zzz"]) == [
        ("user.contact.emial", "user.contact.email"), ("zzz", None)]
    assert "user.financial.credit_card" in DATA_CATEGORIES and "marketing" in DATA_USES
    assert "customer" in DATA_SUBJECTS and "default_organization" not in DATA_SUBJECTS


def test_export_import_load_keeps_the_inventory(engoo_url, engoo_fides, fideslang_python, tmp_path):
    _, _, path = engoo_fides
    document, report = import_fides(path)
    assert not report.defaulted and not report.not_said
    folder = tmp_path / "back"
    write_daicho(document, folder)
    url = resolve_url(str(tmp_path / "back.db"))
    load_into(url, folder)  # validates: no problem
    before = inventory_document(Store(engoo_url).inventory())
    after = inventory_document(Store(url).inventory())
    for section in ("items", "systems", "recipients", "collection_points", "flows", "purposes", "subjects"):
        assert after[section] == before[section], section
    assert after == before
    manifest, _ = export_fides(url)  # and the reloaded store exports a valid manifest again
    again = tmp_path / "again.yaml"
    again.write_text(to_fides_yaml(manifest), encoding="utf-8")
    assert fideslang_check(fideslang_python, again)["problems"] == []


def test_edits_made_in_fides_win(engoo_fides, tmp_path):
    manifest, _, _ = engoo_fides
    edited = json.loads(json.dumps(manifest))
    member_db = next(s for s in edited["system"] if s["fides_key"] == "member_db")
    member_db["name"] = "Customer DB"
    items = next(d for d in edited["dataset"] if d["fides_key"] == "daicho_items")
    email = next(f for f in items["collections"][0]["fields"] if f["name"] == "email")
    email["data_categories"] = ["user.contact"]
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
    document, _ = import_fides(path)
    system = next(s for s in document["systems"] if s["key"] == "member_db")
    assert system["name"]["en"] == "Customer DB" and system["name"]["ja"]
    assert next(i for i in document["items"] if i["key"] == "email")["category"] == "user.contact"


NATIVE = {
    "organization": [{"fides_key": "acme", "name": "ACME"}],
    "dataset": [{"fides_key": "app_db", "name": "App DB", "collections": [{"name": "users", "fields": [
        {"name": "email", "data_categories": ["user.contact.email"]},
        {"name": "id", "data_categories": []},
        {"name": "ip", "data_categories": ["user.device.ip_address"]}]}]}],
    "system": [
        {"fides_key": "web", "name": "Web app", "system_type": "Application", "dataset_references": ["app_db"],
         "ingress": [{"fides_key": "user", "type": "user", "data_categories": ["user.contact.email"]}],
         "egress": [{"fides_key": "mailer", "type": "system", "data_categories": ["user.contact.email"]},
                    {"fides_key": "ads", "type": "system", "data_categories": ["user.device.ip_address"]}],
         "privacy_declarations": [{"name": "Service", "data_use": "essential.service",
                                   "data_categories": ["user.contact.email", "user.device.ip_address"],
                                   "data_subjects": ["customer"]}]},
        {"fides_key": "mailer", "name": "Mailer", "system_type": "Service", "responsibility": ["Processor"],
         "privacy_declarations": []},
        {"fides_key": "ads", "name": "Ad network", "system_type": "Third Party", "responsibility": ["Controller"],
         "privacy_declarations": [{"name": "Ads", "data_use": "marketing.advertising",
                                   "data_categories": ["user.device.ip_address"], "legal_basis_for_processing":
                                   "Consent"}]},
    ],
    "policy": [{"fides_key": "p", "rules": []}],
}


def test_a_native_fides_manifest_imports_with_a_report(tmp_path, monkeypatch, capsysbinary):
    source = tmp_path / "fides"
    source.mkdir()
    (source / "resources.yml").write_text(yaml.safe_dump(NATIVE), encoding="utf-8")
    code, out, err = run_daicho(monkeypatch, capsysbinary, "import", "fides", str(source), "-o",
                                str(tmp_path / "inv"), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert any("basis of flow web → ads: guessed 'consent'" in x for x in report["not_said"])
    assert any("where system 'web' is hosted" in x for x in report["not_said"])
    assert any("policies" in x for x in report["dropped"])
    assert any("legal_basis_for_processing" in x for x in report["dropped"])
    document = yaml.safe_load((tmp_path / "inv" / "inventory.yaml").read_text(encoding="utf-8"))
    kinds = {r["key"]: r["kind"] for r in document["recipients"]}
    assert kinds == {"mailer": "contractor", "ads": "third_party"}
    assert [s["key"] for s in document["systems"]] == ["web"]
    assert sorted(document["systems"][0]["items"]) == ["email", "ip"]
    bases = {(f["from"], f["to"]): f["basis"] for f in document["flows"]}
    assert bases == {("user", "web"): "collection", ("web", "mailer"): "outsourcing", ("web", "ads"): "consent"}
    assert all(f["illustrative"] for f in document["flows"])
    email = next(i for i in document["items"] if i["key"] == "email")
    assert email["category"] == "user.contact.email" and email["purposes"] == ["essential.service"]
    assert email["subjects"] == ["customer"]
    load_into(resolve_url(str(tmp_path / "native.db")), tmp_path / "inv")  # it validates and loads


@pytest.mark.parametrize(("text", "expected"), [
    (b"system:\n  - fides_key: [unclosed\n", "bad.yml:3: YAML syntax"),  # the line, not a traceback
    (b"system:\n  - fides_key: caf\xe9\n", "bad.yml:2: not UTF-8 text"),
    (b"system:\n  - fides_key: \"a\x1b[31m\"\n", "bad.yml:2: character U+001B"),
    (b"system:\n  - fides_key: a\n    egress: x\n    privacy_declarations: 3\n", "bad.yml: not a Fides manifest"),
    (b"", "bad.yml: no Fides resources"), (b"- 1\n- 2\n", "bad.yml: no Fides resources"),
    (b"system: 3\n", "bad.yml: no Fides resources"),
])
def test_a_broken_fides_manifest_is_one_clear_message(tmp_path, monkeypatch, capsysbinary, text, expected):
    (tmp_path / "bad.yml").write_bytes(text)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_daicho(monkeypatch, capsysbinary, "import", "fides", "bad.yml", "-o", "inv")
    assert code == 2 and expected in err, err
    assert "unexpected" not in err and "Traceback" not in err and "\x1b" not in err
    assert not (tmp_path / "inv").exists()  # nothing written
    if "YAML syntax" in expected:  # an import writes files, it loads nothing
        assert err.splitlines()[-1] == "Error: 1 problem in the input; nothing was written"


def test_cli_export_fides_notes_go_to_stderr(tmp_path, sqlite_url, monkeypatch, capsysbinary):
    load_into(sqlite_url, write_manifest(tmp_path / "m", {
        "organization": {"key": "acme", "name": "ACME", "country": "JP"},
        "purposes": [{"key": "billing", "name": "Billing"}],
        "items": [{"key": "email", "name": "Email", "category": "user.contact.emial", "purposes": ["billing"]},
                  {"key": "note", "name": "Note"}],
        "systems": [{"key": "db", "name": "DB", "country": "JP", "items": ["email", "note"]}],
    }))
    code, out, err = run_daicho(monkeypatch, capsysbinary, "export", "--format", "fides", "--db", sqlite_url)
    assert code == 0, err
    assert "note: category 'user.contact.emial' is not in the fideslang taxonomy (did you mean " \
           "'user.contact.email'?)" in err
    assert "items without a category, written as 'user': note" in err
    manifest = yaml.safe_load(out)
    assert [u["fides_key"] for u in manifest["data_use"]] == ["billing"]
    [system] = manifest["system"]
    assert system["privacy_declarations"][0]["data_use"] == "billing"


@settings(max_examples=300, deadline=None)
@given(word=st.one_of(st.sampled_from(sorted(DATA_CATEGORIES)), st.text("user.contactemailsgnx_", max_size=30)),
       drop=st.sets(st.integers(0, 120), max_size=60), cutoff=st.sampled_from([0.0, 0.3, 0.6, 0.8]))
def test_closest_is_difflibs_close_match(word, drop, cutoff):
    """`closest` (the did-you-mean of DAI050, pruned by a bound of difflib's ratio) gives what
    `difflib.get_close_matches` gives, ties included."""
    import difflib

    known = [key for n, key in enumerate(sorted(DATA_CATEGORIES)) if n not in drop] + ["user.a", "user.b"]
    expected = next(iter(difflib.get_close_matches(word, known, n=1, cutoff=cutoff)), None)
    assert closest(word, known, cutoff) == expected


@settings(max_examples=300, deadline=None)
@given(text=st.text("ab.c_", max_size=25), word=st.text("ab.d_", max_size=25))
def test_common_subsequence_is_the_longest(text, word):
    """The bit-parallel longest common subsequence that bounds `closest`'s ratios is the one dynamic programming
    finds (a longer one would prune nothing, a shorter one a match)."""
    from daicho.catalog.interchange.fides_categories import common_subsequence

    masks: dict[str, int] = {}
    for i, char in enumerate(word):
        masks[char] = masks.get(char, 0) | 1 << i
    table = [[0] * (len(word) + 1) for _ in range(len(text) + 1)]
    for i, a in enumerate(text):
        for j, b in enumerate(word):
            table[i + 1][j + 1] = table[i][j] + 1 if a == b else max(table[i][j + 1], table[i + 1][j])
    assert common_subsequence(text, masks, len(word)) == table[-1][-1]


def test_import_fides_keeps_existing_manifests_unless_force(tmp_path, monkeypatch, capsysbinary):
    (tmp_path / "resources.yml").write_text(yaml.safe_dump(NATIVE), encoding="utf-8")
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    (inventory / "inventory.yaml").write_text("daicho: 1\n# my own, hand-written\n", encoding="utf-8")
    args = ("import", "fides", str(tmp_path / "resources.yml"), "-o", str(inventory))
    code, _, err = run_daicho(monkeypatch, capsysbinary, *args)
    assert code == 2 and "already holds manifests (inventory.yaml)" in err and "--force" in err, err
    assert "hand-written" in (inventory / "inventory.yaml").read_text(encoding="utf-8")
    code, _, err = run_daicho(monkeypatch, capsysbinary, *args, "--force")
    assert code == 0, err
    assert "web" in (inventory / "inventory.yaml").read_text(encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = run_daicho(monkeypatch, capsysbinary, *args[:-1], str(tmp_path / "file"))
    assert code == 2 and "not a folder" in err and len(err.splitlines()) == 1, err
