"""A write that fails is one line, `Error: cannot write PATH: reason`, never "unexpected …" (issue 15);
`report -o` does not overwrite a folder daicho did not write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import load_into, run_daicho, write_manifest
from daicho.inventory.store import resolve_url

SMALL = {
    "organization": {"key": "org", "name": "Org", "country": "JP", "contact": {"email": "p@example.com"}},
    "purposes": [{"key": "billing", "name": "Billing", "published": True}],
    "items": [{"key": "email", "name": "Email", "purposes": ["billing"]}],
    "systems": [{"key": "db", "name": "DB", "items": ["email"]}],
    "recipients": [{"key": "psp", "name": "PSP", "kind": "contractor", "country": "US"}],
    "flows": [{"from": "db", "to": "psp", "items": ["email"], "basis": "outsourcing"}],
}


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "store" / "daicho.db"
    path.parent.mkdir()
    load_into(resolve_url(str(path)), write_manifest(tmp_path / "m", SMALL))
    return str(path)


def _cases(tmp: Path) -> list[tuple[list[str], Path, str]]:
    (tmp / "a-file").write_text("x")
    missing = tmp / "missing"
    return [
        (["export", "-o", "/proc/x.yaml"], Path("/proc/x.yaml"), "No such file or directory"),
        (["export", "-f", "json", "-o", str(missing / "x.json")], missing / "x.json", "No such file or directory"),
        (["export", "-o", str(tmp)], tmp, "Is a directory"),
        (["schema", "-o", str(missing / "s.json")], missing / "s.json", "No such file or directory"),
        (["ledger", "-o", str(missing / "l.csv")], missing / "l.csv", "No such file or directory"),
        (["ledger", "-o", str(tmp / "a-file" / "l.xlsx")], tmp / "a-file" / "l.xlsx", "Not a directory"),
        (["ledger", "-f", "md", "-o", str(missing / "l.md")], missing / "l.md", "No such file or directory"),
        (["notice", "-o", str(missing / "n.md")], missing / "n.md", "No such file or directory"),
        (["report", "-o", str(tmp / "a-file")], tmp / "a-file", "Not a directory"),  # mkdir: 'File exists'
        (["diagram", "-f", "svg", "-o", str(tmp / "a-file" / "m.svg")], tmp / "a-file", "Not a directory"),
        (["diagram", "-f", "dot", "-o", str(tmp / "a-file" / "m.dot")], tmp / "a-file", "Not a directory"),
        (["diagram", "-f", "dot", "-o", "/proc/x.dot"], Path("/proc/x.dot"), "No such file or directory"),
        (["diagram", "-f", "mermaid", "-o", "/proc/x.mmd"], Path("/proc/x.mmd"), "No such file or directory"),
        (["diagram", "-f", "svg", "-o", "/proc/x.svg"], Path("/proc/x.svg"), "No such file or directory"),
        (["demo", "--out", "/proc/demo"], Path("/proc/demo"), "No such file or directory"),
    ]


@pytest.mark.parametrize("index", range(15))
def test_a_failed_write_is_one_clear_line(db, tmp_path, monkeypatch, capsysbinary, index):
    (tmp_path / "out").mkdir()
    args, path, reason = _cases(tmp_path / "out")[index]
    if "svg" in args and not _has_dot():
        pytest.skip("Graphviz's dot is not installed")
    with_db = args if args[0] in ("schema", "demo") else [*args, "--db", db]
    if args[0] in ("ledger", "notice"):  # Japanese documents: their errors too, unless --lang en
        with_db.extend(["--lang", "en"])
    code, _, err = run_daicho(monkeypatch, capsysbinary, *with_db)
    assert (code, err.splitlines()[-1:]) == (1, [f"Error: cannot write {path}: {reason}"])
    assert "unexpected" not in err and "Traceback" not in err


def _has_dot() -> bool:
    import shutil

    return shutil.which("dot") is not None


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["export"], ["schema"], ["list", "--json"], ["ledger", "-f", "md", "--lang", "en"],
                                  ["notice", "--lang", "en"], ["show", "email"]])
def test_a_full_disk_on_stdout_is_one_clear_line(db, args):
    daicho = Path(sys.executable).with_name("daicho")
    command = [str(daicho), *args] + ([] if args == ["schema"] else ["--db", db])
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
                              env={**os.environ, "NO_COLOR": "1"})
    assert (done.returncode, done.stderr) == (1, "Error: cannot write standard output: No space left on device\n")


def test_report_refuses_a_folder_it_did_not_write(db, tmp_path, monkeypatch, capsysbinary):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("<h1>my own page</h1>")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(folder), "--db", db, "--lang", "en")
    assert (code, err) == (1, f"Error: {folder} is not empty and was not written by daicho report; give a new or "
                              "empty folder, or --force to write into it anyway\n")
    assert (folder / "index.html").read_text() == "<h1>my own page</h1>"
    assert sorted(p.name for p in folder.iterdir()) == ["index.html"]
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(folder), "--db", db, "--force")
    assert code == 0, err
    assert "my own page" not in (folder / "index.html").read_text()


def test_report_writes_again_into_its_own_folder(db, tmp_path, monkeypatch, capsysbinary):
    folder = tmp_path / "audit"
    folder.mkdir()  # an empty folder is fine
    for _ in range(2):
        code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(folder), "--db", db)
        assert code == 0, err
    assert (folder / ".daicho-report").exists() and (folder / "index.html").exists()


def test_everyday_errors_in_japanese(db, tmp_path, monkeypatch, capsysbinary):
    """With --lang ja (or DAICHO_LANG=ja) the Error: line is Japanese; a password in a URL stays hidden."""
    manifests = write_manifest(tmp_path / "ja", SMALL)
    missing = tmp_path / "nowhere"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(manifests), "--lang", "ja", "--db",
                              str(missing / "x.db"))
    assert code == 1 and err == f"エラー: ストア {missing / 'x.db'} を開けない：フォルダ {missing} が存在しない\n"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "load", str(manifests), "--lang", "ja", "--db",
                              "foo://someone:s3cret@host/x")
    assert code == 1 and "s3cret" not in err
    assert err.startswith("エラー: ストア foo://someone:***@host/x を開けない：") and "データベースドライバ" in err
    code, _, err = run_daicho(monkeypatch, capsysbinary, "validate", str(missing), "--lang", "ja")
    assert code == 2 and err.splitlines() == [f"{missing}: ファイルまたはディレクトリがない", "問題 1 件"]
    monkeypatch.setenv("DAICHO_LANG", "ja")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "export", "-o", "/proc/x.yaml", "--db", db)
    assert code == 1 and err == "エラー: /proc/x.yaml に書き込めない：ファイルまたはディレクトリがない\n"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "show", "x", "--db", str(tmp_path / "none.db"))
    assert code == 1 and err.startswith(f"エラー: sqlite:///{tmp_path / 'none.db'} に台帳がない。")
    monkeypatch.setenv("DAICHO_LANG", "en")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "export", "-o", "/proc/x.yaml", "--db", db)
    assert err == "Error: cannot write /proc/x.yaml: No such file or directory\n"


def test_unknown_and_ambiguous_keys_and_render_mistakes_in_japanese(db, monkeypatch, capsysbinary):
    monkeypatch.setenv("DAICHO_LANG", "ja")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "show", "emial", "--db", db)
    assert code == 1 and err.startswith("エラー: ") and "「emial」はない" in err
    code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "-f", "png", "--db", db)
    assert code == 1 and err == ("エラー: PNG はバイナリまたはファイルが必要な形式である：-o FILE.png を指定する"
                                 "（標準出力に書けるのは dot と mermaid のみ）\n")
    monkeypatch.setenv("DAICHO_LANG", "en")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "show", "emial", "--db", db)
    assert err.startswith("Error: no record 'emial'")


@pytest.mark.parametrize("args", [("ledger", "-o", "ledger.xls"), ("ledger", "-o", "ledger.pdf"),
                                  ("ropa", "-o", "ropa.pdf"), ("subprocessors", "-o", "list.docx")])
def test_an_output_name_of_another_format_is_refused(db, tmp_path, monkeypatch, capsysbinary, args):
    """ledger.xls is not written as Markdown under that name (Excel would not open it): said, as diagram says it."""
    monkeypatch.chdir(tmp_path)
    code, _, err = run_daicho(monkeypatch, capsysbinary, *args, "--db", db)
    assert code == 2 and f"cannot tell the format from '{args[-1]}'" in err and "--format" in err, err
    assert not (tmp_path / args[-1]).exists()


def test_an_output_name_says_its_format_in_any_case_and_none_means_markdown(db, tmp_path, monkeypatch,
                                                                              capsysbinary):
    monkeypatch.chdir(tmp_path)
    for name in ("LEDGER.XLSX", "plain"):
        code, _, err = run_daicho(monkeypatch, capsysbinary, "ledger", "-o", name, "--db", db)
        assert code == 0, err
    assert (tmp_path / "LEDGER.XLSX").read_bytes().startswith(b"PK")
    assert (tmp_path / "plain").read_text(encoding="utf-8").startswith("# ")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "ledger", "-f", "md", "-o", "ledger.txt", "--db", db)
    assert code == 0, err  # a format given: any name


def test_export_writes_the_format_its_name_says(db, tmp_path, monkeypatch, capsysbinary):
    """export -o inventory.json is JSON (it was YAML under a .json name); a name of no export format is refused."""
    import json

    monkeypatch.chdir(tmp_path)
    code, _, err = run_daicho(monkeypatch, capsysbinary, "export", "-o", "inventory.json", "--db", db)
    assert code == 0, err
    assert json.loads((tmp_path / "inventory.json").read_text(encoding="utf-8"))["items"][0]["key"] == "email"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "export", "-o", "inventory.yml", "--db", db)
    assert code == 0 and (tmp_path / "inventory.yml").read_text(encoding="utf-8").startswith("daicho: 1"), err
    code, _, err = run_daicho(monkeypatch, capsysbinary, "export", "-o", "inventory.txt", "--db", db)
    assert code == 2 and "cannot tell the format from 'inventory.txt'" in err, err
    code, _, err = run_daicho(monkeypatch, capsysbinary, "export", "-f", "yaml", "-o", "any.txt", "--db", db)
    assert code == 0, err


def test_notice_writes_the_format_its_name_says(db, tmp_path, monkeypatch, capsysbinary):
    import json

    monkeypatch.chdir(tmp_path)
    for name in ("notice.json", "notice.txt", "notice.md"):
        code, _, err = run_daicho(monkeypatch, capsysbinary, "notice", "-o", name, "--db", db)
        assert code == 0, err
    assert json.loads((tmp_path / "notice.json").read_text(encoding="utf-8"))
    assert (tmp_path / "notice.md").read_text(encoding="utf-8").startswith("# ")
    assert not (tmp_path / "notice.txt").read_text(encoding="utf-8").startswith("# ")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "notice", "-o", "notice.pdf", "--db", db)
    assert code == 2 and "cannot tell the format from 'notice.pdf'" in err, err
