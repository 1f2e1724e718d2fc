"""Every `Error: …` a user can meet, in Japanese (issue 11): the code that raises a DaichoError gives its message
as a phrase, the CLI says it in the command's language (DAICHO_LANG=ja or --lang ja). Japanese: `エラー: ` and no
run of the tool's own English; English: the same text as before, byte for byte."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import load_into, run_daicho, write_manifest
from daicho.inventory.store import resolve_url
from test_words_checks import english_runs

SMALL = {
    "organization": {"key": "org", "name": "Org", "country": "JP", "contact": {"email": "p@example.com"}},
    "purposes": [{"key": "billing", "name": "Billing", "published": True}],
    "items": [{"key": "email", "name": "Email", "purposes": ["billing"]},
              {"key": "email_work", "name": "Work email", "purposes": ["billing"]}],
    "systems": [{"key": "db", "name": "DB", "items": ["email", "email_work"]}],
    "recipients": [{"key": "psp", "name": "PSP", "kind": "contractor", "country": "US"}],
    "flows": [{"from": "db", "to": "psp", "items": ["email"], "basis": "outsourcing"}],
}
#: commands named in a message (`daicho load PATH`, `brew install graphviz`): code, not the tool's English
_COMMANDS = re.compile(r"\b(?:daicho|apt-get|brew|pip)(?: [-\w]+)+")


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, Path | str]:
    """A small store, its manifests, and the files the cases need (made once)."""
    tmp = tmp_path_factory.mktemp("errors-ja")
    manifests = write_manifest(tmp / "m", SMALL)
    db = tmp / "store" / "daicho.db"
    db.parent.mkdir()
    load_into(resolve_url(str(db)), manifests)
    (tmp / "empty.db").write_bytes(b"")
    (tmp / "garbage.db").write_bytes(b"this is not an SQLite database at all" * 10)
    site = tmp / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>mine</h1>")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    (tmp / "old.xls").write_bytes(ole + b"\0" * 64)
    (tmp / "locked.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    (tmp / "notes.xlsx").write_bytes(b"plain text, not a workbook")
    (tmp / "junk.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp / "bad").mkdir()
    (tmp / "bad" / "inventory.yaml").write_text("daicho: 1\nitems:\n  - key: x\n    nme: X\n")
    (tmp / "nodot").mkdir()
    return {"tmp": tmp, "db": str(db), "manifests": manifests}


def _cases(w: dict) -> dict[str, tuple[list[str], str]]:
    """name → (arguments, a Japanese part of the message)."""
    tmp, db = w["tmp"], w["db"]
    return {
        "store missing": (["show", "email", "--db", str(tmp / "none.db")], "に台帳がない"),
        "store folder missing": (["load", str(w["manifests"]), "--db", str(tmp / "nowhere" / "x.db")],
                                 "が存在しない"),
        "url without driver": (["list", "items", "--db", "foo://someone:s3cret@host/x"],
                               "ストア foo://someone:***@host/x を開けない："
                               "「foo」に対応するデータベースドライバがない"),
        "store is a directory": (["show", "email", "--db", str(tmp)], "ディレクトリである"),
        "empty file": (["load", str(w["manifests"]), "--db", str(tmp / "empty.db")], "空のファイル"),
        "not sqlite": (["show", "email", "--db", str(tmp / "garbage.db")], "SQLite データベースではない"),
        "manifest problems": (["load", str(tmp / "bad"), "--db", str(tmp / "other.db")], "マニフェストに問題が"),
        "folder not empty": (["report", "-o", str(tmp / "site"), "--db", db], "は空ではなく"),
        "unknown key": (["show", "emial", "--db", db], "「emial」はない（「email」のことですか？）"),
        "ambiguous key": (["show", "em", "--db", db], "「em」に当てはまる記録が 2 件ある"),
        "binary to stdout": (["diagram", "-f", "png", "--db", db], "-o FILE.png を指定する"),
        "no graphviz": (["diagram", "-f", "svg", "-o", str(tmp / "x.svg"), "--db", db],
                        "Graphviz の dot が必要である"),
        "selector": (["list", "items", "--select", "a+b+", "--db", db], "セレクタ「a+b+」の「a+b+」を読めない"),
        "write fails": (["export", "-o", "/proc/x.yaml", "--db", db],
                        "/proc/x.yaml に書き込めない：ファイルまたはディレクトリがない"),
        "ledger unreadable": (["import", "ledger", str(tmp / "none.xlsx"), "-o", str(tmp / "out")],
                              "を読み込めない：ファイルまたはディレクトリがない"),
        "ledger encrypted": (["import", "ledger", str(tmp / "locked.xlsx"), "-o", str(tmp / "out")],
                             "パスワードで保護（暗号化）されている"),
        "ledger xls": (["import", "ledger", str(tmp / "old.xls"), "-o", str(tmp / "out")], "Excel 97-2003 ブック"),
        "ledger not excel": (["import", "ledger", str(tmp / "notes.xlsx"), "-o", str(tmp / "out")],
                             "Excel ブック（.xlsx）でも CSV ファイルでもない"),
        "ledger no header": (["import", "ledger", str(tmp / "junk.csv"), "-o", str(tmp / "out")],
                             "台帳の見出し行と認められる行がない（1～2 行目）"),
        "version not found": (["show", "email", "--at", "99", "--db", db], "履歴に版 99 はない"),
        "not a version": (["show", "email", "--at", "soon", "--db", db], "は版の番号でも日付"),
        "no version so early": (["show", "email", "--at", "2000-01-01", "--db", db], "以前に読み込まれた版はない"),
        "diff not in git": (["diff", str(w["manifests"]), "--git", "HEAD", "--db", db],
                            "は git リポジトリの中にない"),
        "diff revision not found": (["diff", str(tmp / "repo"), "--git", "nosuch", "--db", db],
                                    "はリポジトリ"),
        "request subject": (["request", "disclosure", "--subject", "nobody", "--db", db], "「nobody」はない"),
        "breach unknown node": (["breach", "nosuch", "--db", db], "取得経路、システムまたは提供先「nosuch」はない"),
        "demo example": (["demo", "--example", "nope", "--out", str(tmp / "demo")], "同梱の例「nope」はない"),
    }


NAMES = list(_cases({"tmp": Path("/"), "db": "", "manifests": Path("/")}))


def _git_repo(folder: Path) -> None:
    if (folder / ".git").exists():
        return
    write_manifest(folder, SMALL)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(folder), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "m"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, env=env, capture_output=True)


def _run(monkeypatch, capsysbinary, world, name: str, lang: str) -> tuple[int, str]:
    args, _ = _cases(world)[name]
    if name == "no graphviz":
        monkeypatch.setenv("PATH", str(world["tmp"] / "nodot"))
    if name == "diff revision not found":
        if not shutil.which("git"):
            pytest.skip("needs git")
        _git_repo(world["tmp"] / "repo")
    monkeypatch.setenv("DAICHO_LANG", lang)
    code, _, err = run_daicho(monkeypatch, capsysbinary, *args)
    return code, err


def _scan(text: str) -> list[str]:
    return english_runs(_COMMANDS.sub(" ", text), ["Work email", "PSP", "Org", "Billing"])


@pytest.mark.parametrize("name", NAMES)
def test_the_error_in_japanese(world, monkeypatch, capsysbinary, name):
    code, err = _run(monkeypatch, capsysbinary, world, name, "ja")
    wanted = _cases(world)[name][1]
    last = err.splitlines()[-1]
    assert code != 0 and last.startswith("エラー: "), err
    assert wanted in last, err
    assert not _scan(err), (_scan(err), err)
    assert "Traceback" not in err and "s3cret" not in err


@pytest.mark.parametrize("name", NAMES)
def test_the_error_in_english_is_english(world, monkeypatch, capsysbinary, name):
    code, err = _run(monkeypatch, capsysbinary, world, name, "en")
    last = err.splitlines()[-1]
    assert code != 0 and last.startswith("Error: ") and _cases(world)[name][1] not in last, err
    assert "エラー" not in err and "ない" not in last, err


def test_english_messages_are_unchanged(world, monkeypatch, capsysbinary):
    """A few English messages, byte for byte as they were before they became phrases."""
    tmp = world["tmp"]
    expected = {
        "store missing": f"Error: no inventory in sqlite:///{tmp / 'none.db'}; load one first: daicho load PATH "
                         "(or daicho demo for the bundled example)",
        "url without driver": "Error: cannot open store foo://someone:***@host/x: Can't load plugin: "
                              "sqlalchemy.dialects:foo",
        "unknown key": "Error: no record 'emial'; did you mean 'email'?",
        "ambiguous key": "Error: 'em' matches 2 records: email, email_work",
        "version not found": "Error: no version 99 in the history (versions 1–1; see daicho history)",
        "not a version": "Error: --at 'soon' is neither a version number nor a date (YYYY-MM-DD)",
        "ledger xls": f"Error: {tmp / 'old.xls'}: an old Excel 97-2003 workbook (.xls); save it as .xlsx and "
                      "import that",
        "write fails": "Error: cannot write /proc/x.yaml: No such file or directory",
        "breach unknown node": "Error: no collection point or system or recipient 'nosuch'",
        "manifest problems": "Error: 2 problems in the manifests; nothing was loaded",
    }
    for name, line in expected.items():
        _, err = _run(monkeypatch, capsysbinary, world, name, "en")
        assert err.splitlines()[-1] == line, name


def test_lang_option_chooses_the_errors_language(world, monkeypatch, capsysbinary):
    """--lang ja on the command line wins over DAICHO_LANG=en; --lang en over DAICHO_LANG=ja."""
    monkeypatch.setenv("DAICHO_LANG", "en")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "-f", "png", "--db", world["db"], "--lang", "ja")
    assert code == 1 and err.startswith("エラー: PNG はバイナリ"), err
    monkeypatch.setenv("DAICHO_LANG", "ja")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "-f", "png", "--db", world["db"], "--lang", "en")
    assert code == 1 and err.startswith("Error: PNG is binary"), err


def test_an_import_that_does_not_validate_says_its_problems_in_japanese(tmp_path):
    """The problems listed in the refusal are said in the language the error is printed in (paths without the
    scratch folder)."""
    from daicho.catalog.words import say
    from daicho.inventory.errors import DaichoError
    from daicho.inventory.importer.writing import write_manifests

    with pytest.raises(DaichoError) as caught:
        write_manifests({"items": [{"key": "x", "nme": "X"}]}, tmp_path / "out")
    english, japanese = str(caught.value.message), say(caught.value.message, "ja")
    assert english.startswith("the imported manifests do not validate (2 problems: items.yaml:")
    assert japanese.startswith("取り込んだマニフェストが検証を通らない（問題 2 件：items.yaml:")
    assert "「nme」" in japanese and not _scan(japanese) and ".daicho-import-" not in japanese
    assert not (tmp_path / "out").exists()
