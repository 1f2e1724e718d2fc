"""Terminal escapes and bidi overrides never reach a terminal or a text file raw; JSON stays lossless (issue 15)."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import load_into, run_daicho, write_manifest
from daicho.inventory.export import to_json, to_yaml
from daicho.inventory.safe_text import json_text, visible
from daicho.inventory.store import resolve_url

ESCAPE = "\x1b]0;pwned\x07\x1b[31mRED"
BIDI = "evil\u202etxt.exe"
C1 = "del\x7f c1\x85\x9b"
RAW = ("\x1b", "\x07", "\u202e", "\x7f", "\x85", "\x9b")


def _hostile_store(tmp_path) -> str:
    db = str(tmp_path / "h.db")
    document = {
        "organization": {"key": "org", "name": {"en": ESCAPE}, "country": "JP",
                         "contact": {"email": "privacy@example.com"}},
        "purposes": [{"key": "billing", "name": {"en": BIDI}, "published": True}],
        "items": [{"key": "email", "name": {"en": ESCAPE}, "purposes": ["billing"]},
                  {"key": "phone", "name": {"en": C1, "ja": BIDI}, "purposes": ["billing"]}],
        "systems": [{"key": "db", "name": {"en": BIDI}, "items": ["email", "phone"]}],
        "recipients": [{"key": "psp", "name": {"en": ESCAPE + BIDI}, "kind": "contractor", "country": "US"}],
        "flows": [{"from": "db", "to": "psp", "items": ["email", "phone"], "basis": "outsourcing",
                   "purposes": ["billing"]}],
    }
    load_into(resolve_url(db), write_manifest(tmp_path / "m", document))
    return db


def _strings(data: object) -> set[str]:
    if isinstance(data, dict):
        return {s for v in data.values() for s in _strings(v)}
    if isinstance(data, list):
        return {s for v in data for s in _strings(v)}
    return {data} if isinstance(data, str) else set()


def _no_raw(text: str) -> None:
    found = [repr(ch) for ch in RAW if ch in text]
    assert not found, f"raw {found} in output"


@pytest.mark.parametrize(("text", "keep", "shown"), [
    (ESCAPE, "\n\t", "\\x1b]0;pwned\\x07\\x1b[31mRED"),
    (BIDI, "\n\t", "evil<U+202E>txt.exe"),
    (C1, "\n\t", "del\\x7f c1\\x85\\x9b"),
    ("a\u2066b\u2069\u200f\u061c", "\n\t", "a<U+2066>b<U+2069><U+200F><U+061C>"),
    ("two\nlines\tand\r", "\n\t", "two\nlines\tand\\x0d"),
    ("two\nlines", "", "two\\x0alines"),
    ("台帳 🙂 plain", "\n\t", "台帳 🙂 plain"),
])
def test_visible(text, keep, shown):
    assert visible(text, keep) == shown


def test_json_text_escapes_and_loads_back():
    data = {"k\u202e": [ESCAPE, BIDI, C1, "台帳"]}
    text = json_text(data)
    _no_raw(text)
    assert "台帳" in text and json.loads(text) == data


def test_show_header_and_fields_escape(tmp_path, monkeypatch, capsysbinary):
    db = _hostile_store(tmp_path)
    for key in ("email", "phone", "db"):
        code, out, err = run_daicho(monkeypatch, capsysbinary, "show", key, "--db", db)
        assert code == 0, err
        _no_raw(out.decode())
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "show", "email", "--db", db)
    assert "\\x1b]0;pwned\\x07\\x1b[31mRED" in out.decode()


@pytest.mark.parametrize("args", [
    ("notice",), ("notice", "-f", "text"), ("notice", "--lang", "ja"),
    ("ledger", "-f", "md"), ("ledger", "-f", "md", "--lang", "en"), ("ledger", "-f", "csv"),
    ("list", "items"), ("list", "systems"), ("list", "purposes"), ("list", "flows"), ("list", "recipients"),
    ("show", "psp"), ("where", "email"), ("receives", "psp"), ("path", "db", "psp"), ("holds", "db"), ("abroad",),
    ("breach", "psp"), ("check",), ("diagram", "-f", "dot"), ("diagram", "-f", "mermaid"),
])
def test_text_outputs_escape_controls_and_bidi(tmp_path, monkeypatch, capsysbinary, args):
    db = _hostile_store(tmp_path)
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args, "--db", db)
    assert code == 0 or (args == ("check",) and code == 1), err  # check exits 1 on findings
    _no_raw(err)
    _no_raw(out.decode("utf-8"))
    if args[0] in ("notice", "ledger", "show"):  # these show the names: escaped, not dropped
        assert "U+202E" in out.decode() or "\\x1b" in out.decode()


@pytest.mark.parametrize("args", [("show", "email", "--json"), ("list", "items", "--json"),
                                  ("notice", "-f", "json")])
def test_json_outputs_escape_and_keep_the_text(tmp_path, monkeypatch, capsysbinary, args):
    db = _hostile_store(tmp_path)
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args, "--db", db)
    assert code == 0, err
    _no_raw(out.decode("utf-8"))
    assert ESCAPE in _strings(json.loads(out))  # the text itself, once decoded


def test_file_outputs_escape_too(tmp_path, monkeypatch, capsysbinary):
    db = _hostile_store(tmp_path)
    for name in ("ledger.md", "ledger.csv", "notice.md"):
        command = "notice" if name.startswith("notice") else "ledger"
        code, _, err = run_daicho(monkeypatch, capsysbinary, command, "-o", str(tmp_path / name), "--db", db)
        assert code == 0, err
        _no_raw((tmp_path / name).read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_is_safe_to_show_and_loads_back(tmp_path, monkeypatch, capsysbinary, fmt):
    db = _hostile_store(tmp_path)
    code, out, err = run_daicho(monkeypatch, capsysbinary, "export", "-f", fmt, "--db", db)
    assert code == 0, err
    _no_raw(out.decode("utf-8"))
    exported = tmp_path / f"exported.{fmt}"
    exported.write_bytes(out)
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(exported), "--db", str(tmp_path / "again.db"))
    assert code == 0, err
    code, again, _ = run_daicho(monkeypatch, capsysbinary, "export", "-f", fmt, "--db", str(tmp_path / "again.db"))
    assert again == out


def test_export_writers_keep_every_character():
    document = {"daicho": 1, "items": [{"key": "a", "name": {"en": ESCAPE + BIDI + C1 + "\t\n\ufffe\uffff"}}]}
    assert json.loads(to_json(document)) == document
    assert yaml.safe_load(to_json(document)) == document  # manifests are read by a YAML parser
    assert yaml.safe_load(to_yaml(document)) == document
    _no_raw(to_json(document))
    _no_raw(to_yaml(document))


def test_errors_escape_what_the_user_typed(tmp_path, monkeypatch, capsysbinary):
    db = _hostile_store(tmp_path)
    code, _, err = run_daicho(monkeypatch, capsysbinary, "show", "no\u202esuch\x1b[2J", "--db", db)
    assert code != 0
    _no_raw(err)


def test_the_audit_pack_escapes_too(tmp_path, monkeypatch, capsysbinary):
    db = _hostile_store(tmp_path)
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(tmp_path / "audit"), "--db", db)
    assert code == 0, err
    for name in ("index.html", "ledger.csv", "checks.sarif"):
        text = (tmp_path / "audit" / name).read_text(encoding="utf-8-sig")
        _no_raw(text)
    assert "&lt;U+202E&gt;" in (tmp_path / "audit" / "index.html").read_text(encoding="utf-8")
