"""`daicho diff` (issue 12.2): stored versions, manifest paths, git revisions; records and lineage; exit 0/1/2."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import load_into, write_manifest
from daicho.examples import example_path
from test_history import _doc, main_run


def test_bundled_examples_show_the_policys_real_changes(capsys, monkeypatch, sqlite_url):
    code, out, err = main_run(capsys, monkeypatch, "diff", str(example_path("engoo-2014")),
                              str(example_path("engoo")), "--json", "--db", sqlite_url)
    assert code == 1, err
    result = json.loads(out)
    records = result["records"]
    org = {f["field"]: f for c in records["changed"] if c["key"] == "organization" for f in c["fields"]}
    assert org["name.en"]["new"] == "DMM.com LLC." and org["name.en"]["old"] == "DMM.com Co., Ltd."
    assert org["contact.email"]["new"] == "support-tr@engoo.com"  # the request contact
    assert org["representative"]["new"].startswith("CEO")
    assert {"retention_events/account_deletion", "retention_events/account_stop"} <= set(records["added"])
    provision = next(c for c in records["changed"] if c["key"] == "flows/member_db__third_parties")
    items = next(f for f in provision["fields"] if f["field"] == "items")
    assert "address" in items["old"] and "address" not in items["new"]
    address = next(i for i in result["lineage"]["items"] if i["item"] == "address")
    assert address["reached_lost"] == ["third_parties"] and address["recipients_lost"] == ["third_parties"]


def test_stored_versions_default_to_the_last_two_and_equal_states_exit_0(any_url, tmp_path, capsys, monkeypatch):
    path = write_manifest(tmp_path / "m", _doc({"email": "Email"}, "JP"))
    load_into(any_url, path)
    code, out, _ = main_run(capsys, monkeypatch, "diff", "1", str(path), "--db", any_url)
    assert code == 0 and "No differences." in out
    doc = _doc({"email": "Email", "phone": "Phone"}, "US")
    doc["recipients"].append({"key": "mailer_cloud", "name": "Mailer Cloud", "kind": "subcontractor",
                              "country": "US", "parents": ["mailer"]})
    doc["flows"].append({"from": "mailer", "to": "mailer_cloud", "items": ["email"], "basis": "outsourcing",
                         "foreign_basis": "consent"})
    load_into(any_url, write_manifest(tmp_path / "m", doc))
    code, out, err = main_run(capsys, monkeypatch, "diff", "--json", "--db", any_url)
    assert code == 1, err
    result = json.loads(out)
    assert (result["old"]["version"], result["new"]["version"]) == (1, 2)
    assert result["records"]["added"] == ["flows/mailer__mailer_cloud", "items/phone", "recipients/mailer_cloud"]
    lineage = result["lineage"]
    assert lineage["subprocessors_added"] == ["mailer_cloud"]
    assert {t["to_party"] for t in lineage["transfers_abroad_gained"]} == {"mailer", "mailer_cloud"}
    email = next(i for i in lineage["items"] if i["item"] == "email")
    assert email["countries_gained"] == ["US"] and email["countries_lost"] == ["JP"]
    assert email["reached_gained"] == ["mailer_cloud"]
    code, md, _ = main_run(capsys, monkeypatch, "diff", "--format", "md", "--db", any_url)
    assert code == 1 and md.startswith("### daicho diff: version 1 → version 2")
    assert "**Sub-processors added**" in md and "`recipients/mailer_cloud`" in md
    code, ja, _ = main_run(capsys, monkeypatch, "diff", "--lang", "ja", "--db", any_url)
    assert "追加された再委託先" in ja


def test_markdown_escapes_user_text(tmp_path, capsys, monkeypatch, sqlite_url):
    old = write_manifest(tmp_path / "a", _doc({"email": "Email"}))
    new = write_manifest(tmp_path / "b", _doc({"email": "<img src=x> **bold** [l](http://x)"}))
    code, md, _ = main_run(capsys, monkeypatch, "diff", str(old), str(new), "--format", "md", "--db", sqlite_url)
    assert code == 1
    assert "\\<img" in md and "<img" not in md.replace("\\<img", "") and "\\*\\*bold\\*\\*" in md and "\\[l\\]" in md


def _git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin"})


def test_git_revisions_of_a_manifest_folder(tmp_path, capsys, monkeypatch, sqlite_url):
    repo = tmp_path / "repo"
    write_manifest(repo / "inventory", _doc({"email": "Email"}))
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "one")
    write_manifest(repo / "inventory", _doc({"email": "Email", "phone": "Phone"}))
    code, out, err = main_run(capsys, monkeypatch, "diff", str(repo / "inventory"), "--git", "HEAD", "--json",
                              "--db", sqlite_url)
    assert code == 1, err
    assert json.loads(out)["records"]["added"] == ["items/phone"]
    _git(repo, "commit", "-qam", "two")
    code, out, _ = main_run(capsys, monkeypatch, "diff", str(repo / "inventory"), "--git", "HEAD~1", "--git",
                            "HEAD", "--json", "--db", sqlite_url)
    assert code == 1 and json.loads(out)["old"]["label"] == "inventory@HEAD~1"


@pytest.mark.parametrize("case", ["unknown_version", "unknown_revision", "not_git", "invalid_path", "no_store"])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(case, tmp_path, capsys, monkeypatch, sqlite_url):
    good = write_manifest(tmp_path / "good", _doc({"email": "Email"}))
    if case != "no_store":
        load_into(sqlite_url, good)
    before = (tmp_path / "daicho.db").read_bytes() if case != "no_store" else None
    bad = write_manifest(tmp_path / "bad", {"items": [{"key": "x", "name": "X", "purposes": ["nope"]}]})
    args = {
        "unknown_version": ["diff", "9", "1"],
        "unknown_revision": ["diff", str(tmp_path), "--git", "no-such-rev"],
        "not_git": ["diff", str(tmp_path / "good"), "--git", "HEAD"],
        "invalid_path": ["diff", str(good), str(bad)],
        "no_store": ["diff"],
    }[case]
    if case == "unknown_revision":
        _git(tmp_path, "init", "-q")
    code, out, err = main_run(capsys, monkeypatch, *args, "--db", sqlite_url)
    assert code == 2 and out == ""
    assert err.splitlines()[-1].startswith("Error: ")
    if case != "invalid_path":
        assert len(err.splitlines()) == 1
    expected = {"unknown_version": "no version 9 in the history", "unknown_revision": "git revision 'no-such-rev' "
                "is not in the repository", "not_git": "is not in a git repository", "invalid_path": "problem",
                "no_store": "no inventory in"}[case]
    assert expected in err
    if before is not None:
        assert (tmp_path / "daicho.db").read_bytes() == before
