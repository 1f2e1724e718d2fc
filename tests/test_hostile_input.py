"""Hostile or careless manifests (issue 15): no hang, and one clear message with the real place of each problem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from daicho.inventory import yamlread
from daicho.inventory.validate import validate_paths
from daicho.inventory.yamlread import read_yaml


def _bomb(levels: int, fanout: int = 10) -> str:
    """A billion-laughs manifest: each level repeats the one before `fanout` times; a backslash in a comment."""
    lines = ["# a backslash \\ anywhere used to make the NUL check walk every alias", "daicho: 1",
             "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fanout)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def _problems(path: Path) -> list[str]:
    return [str(p) for p in validate_paths([path]).problems]


def test_alias_bomb_is_refused_without_walking_it(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(6), encoding="utf-8")  # 10**7 values once expanded: over the budget, cheap to refuse
    document, problems = read_yaml(path)
    assert document is None
    assert [(p.line, p.message) for p in problems] == [
        (8, "aliases repeat this value until the document holds over 100,000 values (an alias bomb?); "
             "write the repeated parts out, or repeat less")]


def test_alias_bomb_validate_and_load_finish(tmp_path):
    """10**13 values: walking them would never end, so run in a subprocess with a generous timeout."""
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(12), encoding="utf-8")
    daicho = Path(sys.executable).with_name("daicho")
    for command in (["validate", str(path)], ["load", str(path), "--db", str(tmp_path / "d.db")]):
        done = subprocess.run([str(daicho), *command], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "NO_COLOR": "1"})
        assert done.returncode == 2, done.stderr
        assert "an alias bomb?" in done.stderr
    assert not (tmp_path / "d.db").exists()


def test_aliases_within_the_budget_still_work(tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text("daicho: 1\npurposes:\n  - {key: p, name: P}\nitems:\n"
                    "  - {key: a, name: A, purposes: &ps [p]}  # a backslash \\ in a comment\n"
                    "  - {key: b, name: B, purposes: *ps}\n", encoding="utf-8")
    result = validate_paths([path])
    assert result.ok, result.problems
    assert [i.purposes for i in result.inventory.items] == [["p"], ["p"]]


def test_nul_in_text_is_still_found_once_per_place(tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text('daicho: 1\nitems:\n  - key: a\n    name: &n "x\\0y"\n  - key: b\n    name: *n\n',
                    encoding="utf-8")
    assert _problems(path) == [f"{path}:{line}: text holds a NUL character (\\x00), which the store cannot keep"
                               for line in (4, 6)]


def test_merge_key_then_the_same_explicit_key_is_no_duplicate(tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text("daicho: 1\nitems:\n  - &email {key: email, name: Email, category: contact}\n"
                    "  - <<: *email\n    key: phone\n    name: Phone\n    name: Again\n", encoding="utf-8")
    document, problems = read_yaml(path)
    assert [(p.line, p.message) for p in problems] == [
        (7, "duplicate field 'name' in one mapping (first at line 6)")]  # explicit twice: still a duplicate
    phone = document["items"][1]
    assert (phone["key"], phone["category"], phone.key_lines["key"]) == ("phone", "contact", 5)


def test_invalid_utf8_gives_the_real_line_and_column(tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_bytes('daicho: 1\nitems:\n  - key: a\n    name: "日本'.encode() + b'\xff"\n')  # column in characters
    assert _problems(path) == [f"{path}:4: not UTF-8 text: byte 0xff at column 14 (invalid start byte); "
                               "save the file as UTF-8"]


def test_a_raw_control_character_is_reported_at_its_line(tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text('daicho: 1\nitems:\n  - key: a\n    name: "a\x7fb"\n', encoding="utf-8")
    assert _problems(path) == [f'{path}:4: character U+007F at column 13 is not allowed in YAML; '
                               'write it as "\\u007F" in a double-quoted string']


def test_paths_that_are_not_files_say_what_they_are(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    broken = tmp_path / "broken.yaml"
    broken.symlink_to(tmp_path / "gone.yaml")
    missing = tmp_path / "missing.yaml"
    problems = validate_paths([loop, fifo, Path("/dev/zero"), broken, missing]).problems
    assert sorted(str(p) for p in problems) == sorted([
        f"{loop}: a symbolic link loop (the link leads back to itself), not a manifest file",
        f"{fifo}: a named pipe (FIFO), not a manifest file",
        "/dev/zero: a device, not a manifest file",
        f"{broken}: a broken symbolic link (to {tmp_path / 'gone.yaml'}), not a manifest file",
        f"{missing}: no such file or directory",
    ])


@pytest.mark.parametrize(("entry", "expected"), [
    ("  -\n", "expected a mapping of fields, got nothing (an empty value)"),
    ("  - [a, b]\n", "expected a mapping of fields, got a list"),
    ("  - key: a\n    name: [x, y]\n",
     "'name': input should be a text, or a mapping of its fields (en, ja); got a list"),
    ("  - key: a\n    name: A\n    purposes: {x: 1}\n", "'purposes': input should be a valid list; got a mapping"),
])
def test_messages_name_yaml_kinds_not_python_types(tmp_path, entry, expected):
    path = tmp_path / "inventory.yaml"
    path.write_text("daicho: 1\nitems:\n" + entry, encoding="utf-8")
    problems = _problems(path)
    assert any(p.endswith(expected) for p in problems), problems
    assert not any(word in p for p in problems for word in ("LineList", "LineDict", "NoneType", "instance of"))


def test_cycles_in_derivations_are_problems_with_file_and_line(tmp_path):
    path = tmp_path / "inventory.yaml"
    items = "".join(f"  - {{key: {k}, name: {k}}}\n" for k in ("a", "b", "c", "d"))
    path.write_text("daicho: 1\nitems:\n" + items + "derivations:\n"
                    "  - {from: a, to: b, method: copy}\n"          # line 8
                    "  - {from: b, to: c, method: copy}\n"
                    "  - {from: c, to: a, method: aggregation}\n"
                    "  - {from: a, to: d, method: copy}\n", encoding="utf-8")
    assert _problems(path) == [f"{path}:8: derivations form a cycle: a → b → c → a (an item cannot be made "
                               "from itself, even through other items)"]


def test_acyclic_derivations_are_fine(tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text("daicho: 1\nitems:\n" + "".join(f"  - {{key: {k}, name: {k}}}\n" for k in "abc") +
                    "derivations:\n  - {from: a, to: b, method: copy}\n  - {from: a, to: c, method: copy}\n"
                    "  - {from: b, to: c, method: copy}\n", encoding="utf-8")
    assert _problems(path) == []


def test_alias_budget_is_a_module_setting():
    assert yamlread.ALIAS_BUDGET == 100_000


BRACKETED = {  # free texts that look like JSON: they are texts, never decoded
    "organization": {"key": "org", "name": "{org}", "country": "JP", "address": "[addr", "representative": "[1, 2]"},
    "purposes": [{"key": "billing", "name": "[p] x"}],
    "processes": [{"key": "sales", "name": "[s]", "department": "[dept", "owner": '{"a": 1}', "items": ["email"]}],
    "items": [{"key": "email", "name": "[x", "purposes": ["billing"], "disposal": "[1]"}],
    "systems": [{"key": "db", "name": "{S", "items": ["email"], "region": "[r"}],
    "recipients": [{"key": "psp", "name": "[R", "kind": "contractor", "country": "JP", "address": "{a"}],
    "flows": [{"from": "db", "to": "psp", "items": ["email"], "basis": "outsourcing", "purposes": ["billing"]}],
}


def test_texts_that_look_like_json_stay_texts(any_url, tmp_path, monkeypatch, capsysbinary):
    import json

    from conftest import load_into, run_daicho, write_manifest

    db = any_url
    load_into(db, write_manifest(tmp_path / "m", BRACKETED))
    for args in (("show", "org"), ("show", "db"), ("show", "psp"), ("show", "sales"), ("ledger", "-f", "csv"),
                 ("report", "-o", str(tmp_path / "audit"))):
        code, _, err = run_daicho(monkeypatch, capsysbinary, *args, "--db", db)
        assert code == 0, (args, err)
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "show", "org", "--json", "--db", db)
    assert json.loads(out)["representative"] == "[1, 2]"
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "ledger", "-f", "csv", "--lang", "en", "--db", db)
    assert all(text in out.decode("utf-8-sig") for text in ('"[dept"', '"{""a"": 1}"', '"[1]"'))


def test_a_count_of_one_or_none_is_a_count_not_yes_or_no(any_url, tmp_path, monkeypatch, capsysbinary):
    import json

    from conftest import load_into, run_daicho, write_manifest

    document = {"purposes": [{"key": "billing", "name": "B"}],
                "items": [{"key": "email", "name": "E", "purposes": ["billing"], "persons": 1, "sensitive": True},
                          {"key": "tel", "name": "T", "purposes": ["billing"], "persons": 0}],
                "systems": [{"key": "db", "name": "S", "items": ["email", "tel"]}]}
    load_into(any_url, write_manifest(tmp_path / "m", document))
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "list", "items", "--json", "--db", any_url)
    assert [(r["persons"], r["sensitive"]) for r in json.loads(out)] == [(1, True), (0, False)]
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "show", "email", "--json", "--db", any_url)
    assert json.loads(out)["persons"] == 1 and json.loads(out)["sensitive"] is True
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "show", "tel", "--db", any_url)
    assert [line.split()[1] for line in out.decode().splitlines() if line.startswith("persons")] == ["0"]
