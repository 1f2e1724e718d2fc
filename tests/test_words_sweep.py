"""Issue 11's sweep: the last words outside the catalog. The demo's tour, the column headings (a context for
words said otherwise as a heading), `diff` and `request` in Japanese say codes and locations in words (JSON keeps
the codes), and writing a breach's citations in Japanese does not import the check engine."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from daicho.catalog.words import NC_, pt, t
from test_words_checks import english_runs

#: a tour as `catalog.review.tour.run_demo` returns it (the records' names in both languages)
TOUR = {"organization": "Acme", "organization_names": {"en": "Acme", "ja": "アクメ株式会社"}, "example": "engoo",
        "db": "/tmp/demo/daicho.db", "counts": {"items": 3, "collection-points": 1, "item-on-flow pairs": 4},
        "item": {"key": "email", "name": "Email address", "names": {"en": "Email address", "ja": "メールアドレス"},
                 "purposes": ["Customer support", "Payment"],
                 "purpose_names": [{"en": "Customer support", "ja": "カスタマーサポート"},
                                   {"en": "Payment", "ja": None}],
                 "recipients": [{"to": "helpdesk", "kind": "contractor", "country": None, "basis": "outsourcing",
                                 "hops": 2},
                                {"to": "sellers", "kind": "third_party", "country": "unknown", "basis": "consent",
                                 "hops": 1}]},
        "files": ["/tmp/demo/audit/index.html"], "try": ["daicho where email"]}


def _printed(renderable) -> str:
    from rich.console import Console

    console = Console(width=120, color_system=None)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def test_the_demo_tour_in_japanese():
    from daicho.cli.views import tour_view

    ja = _printed(tour_view(TOUR, "ja"))
    assert "アクメ株式会社" in ja and "メールアドレス" in ja and "カスタマーサポート" in ja
    assert "Payment" in ja  # a name the inventory holds in English only is shown as it is
    assert "helpdesk（委託先、?）" in ja and "sellers（第三者、" in ja and "根拠: 委託" in ja and "[2ホップ]" in ja
    assert "取得経路" in ja and "フロー上の項目の組" in ja and "試してみる" in ja
    assert not english_runs(ja, TOUR["try"])  # the commands to try are code
    en = _printed(tour_view(TOUR, "en"))
    assert "(contractor, ?)  basis: outsourcing  [2 hops]" in en and "purposes: Customer support; Payment" in en
    assert "collection-points" in en and "marks: ? location not recorded" in en


def test_the_tour_of_an_older_daicho_without_japanese_names():
    from daicho.cli.views import tour_view

    old = {**TOUR, "item": {k: v for k, v in TOUR["item"].items() if k not in ("names", "purpose_names")}}
    del old["organization_names"]
    ja = _printed(tour_view(old, "ja"))
    assert "Acme" in ja and "Email address" in ja and "利用目的: Customer support；Payment" in ja


def test_demo_takes_lang(tmp_path, monkeypatch, capsysbinary):
    from conftest import run_daicho

    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_daicho(monkeypatch, capsysbinary, "demo", "--out", str(tmp_path / "d"), "--no-files",
                                "--lang", "ja")
    shown = out.decode("utf-8")
    assert code == 0, err
    assert "同梱の例「engoo」を" in shown and "export DAICHO_LANG=ja" in shown
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "demo", "--out", str(tmp_path / "d"), "--no-files",
                              "--json", "--lang", "ja")
    tour = json.loads(out)
    assert tour["item"]["names"]["ja"] and tour["item"]["recipients"][0]["kind"] in ("contractor", "third_party",
                                                                                  "subcontractor")


def test_a_heading_is_said_in_its_context():
    from daicho.cli.views import heading

    assert t("ja", "registered in") == "所在国"
    assert heading("registered", "ja") == pt("ja", "heading", "registered in") == "所在国（登録）"
    assert heading("registered", "en") == "registered in" and heading("country", "en") == "location"
    assert heading("kind", "ja") == "種別" and t("ja", "kind") == "区分"
    assert pt("ja", "heading", "a heading nobody translated") == "a heading nobody translated"
    assert NC_("heading", "kind") == "kind"


def test_the_extractor_finds_words_in_a_context():
    import io

    from daicho.catalog.words.extract import extract

    source = b'x = NC_("heading", "kind")\ny = pt(lang, "heading", "name")\n'
    assert [m for _, _, m, _ in extract(io.BytesIO(source), [], [], {})] == ["heading|kind", "heading|name"]


#: a diff as `catalog.diff` returns it: a recipient's kind and location changed, a transfer abroad gained
DIFF = {"old": {"label": "version 1", "version": 1}, "new": {"label": "version 2", "version": 2}, "equal": False,
        "records": {"added": [], "removed": [], "flows_reordered": False,
                    "changed": [{"key": "recipients/clicktale", "fields": [
                        {"field": "kind", "old": "contractor", "new": "third_party"},
                        {"field": "country", "old": "PH", "new": "unknown"},
                        {"field": "contract.subcontracting", "old": "allowed", "new": "approved"}]}]},
        "lineage": {"items": [{"item": "email", "reached_gained": [], "reached_lost": [], "countries_gained": ["US"],
                               "countries_lost": ["unknown"], "recipients_gained": [], "recipients_lost": [],
                               "basis_changes": [{"flow": "f1", "old": "outsourcing", "new": "consent"}]}],
                    "recipients_added": [{"key": "clicktale", "kind": "third_party"}], "recipients_dropped": [],
                    "subprocessors_added": [], "subprocessors_dropped": [],
                    "transfers_abroad_gained": [{"flow": "f1", "from": "crm", "to": "clicktale",
                                                 "to_country": "unknown", "status": "unknown_country"}],
                    "transfers_abroad_lost": [],
                    "transfer_status_changes": [{"flow": "f2", "to_country": "US", "old": "ok", "new": "missing"}]}}


def test_diff_in_japanese_says_codes_and_places_in_words():
    from daicho.cli.history_views import diff_lines

    ja = "\n".join(line for line, _ in diff_lines(DIFF, "ja"))
    assert "版1 → 版2" in ja
    assert "種別: 委託先（contractor） → 第三者（third_party）" in ja
    assert "所在: フィリピン（PH） → 所在不明" in ja
    assert "clicktale（第三者（third_party））" in ja or "clicktale (第三者（third_party）)" in ja
    assert "所在不明（unknown_country）" in ja and "適合（ok） → 根拠なし（missing）" in ja
    assert "アメリカ合衆国（US）" in ja and "委託（outsourcing） → 本人同意（consent）" in ja
    assert not english_runs(ja, [])
    en = "\n".join(line for line, _ in diff_lines(DIFF, "en"))
    assert "kind: contractor → third_party" in en and "(unknown; unknown_country)" in en
    assert "f2 (US): ok → missing" in en and "basis changed: f1: outsourcing → consent" in en


def test_request_in_japanese_says_a_location_not_recorded():
    from daicho.cli.request_views import _holder

    holder = {"key": "sellers", "kind": "third_party", "location": "unknown", "items": ["name", "address"]}
    assert _holder(holder, "ja") == "sellers（第三者、不明）: name、address"
    assert _holder(holder, "en") == "sellers (third_party, unknown): name, address"


def test_japanese_citations_need_no_check_engine():
    """breach, notice and request write citations through catalog.words.citations: the check engine and its
    rule modules (~1 s to import on a busy machine) stay unimported."""
    code = ("import sys\n"
            "from daicho.catalog.breach.words import cited\n"
            "assert cited('APPI 26(1)', 'ja') == '法26条1項', cited('APPI 26(1)', 'ja')\n"
            "print(sorted(m for m in sys.modules if m.startswith('daicho.catalog.checks')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
    from daicho.catalog.checks.citations import cite
    from daicho.catalog.words.citations import cite as moved

    assert cite is moved  # the re-export the rule modules import


def test_export_schema_upgrade_and_fides_notes_in_japanese(engoo_url, tmp_path, monkeypatch, capsysbinary):
    """The lines `export`, `schema`, `upgrade` and `import fides` write for people follow --lang (the files they
    write are data, the same in any language)."""
    from conftest import run_daicho

    def run(*args: str) -> tuple[bytes, str]:
        code, out, err = run_daicho(monkeypatch, capsysbinary, *args)
        assert code == 0, err
        return out, err

    fides = tmp_path / "fides.yaml"
    _, err = run("export", "-f", "fides", "-o", str(fides), "--db", engoo_url, "--lang", "ja")
    assert "fideslang の分類にありません" in err and "に書き出しました" in err and not english_runs(err, [])
    english = run("export", "-f", "fides", "-o", str(tmp_path / "en.yaml"), "--db", engoo_url, "--lang", "en")[1]
    assert "is not in the fideslang taxonomy" in english and f"wrote {tmp_path / 'en.yaml'}" in english
    assert fides.read_bytes() == (tmp_path / "en.yaml").read_bytes()
    _, err = run("import", "fides", str(fides), "-o", str(tmp_path / "back"), "--lang", "ja")
    assert "meta.daicho から復元" in err and not english_runs(err, [])
    _, err = run("export", "-f", "edges", "-o", str(tmp_path / "e.csv"), "--db", engoo_url, "--lang", "ja")
    assert "行）" in err
    _, err = run("schema", "-o", str(tmp_path / "s.json"), "--lang", "ja")
    assert "に書き出しました" in err
    out, _ = run("upgrade", "--db", engoo_url, "--lang", "ja")
    # the line names the store, so where it wraps depends on the temporary folder's length: compare unwrapped
    assert "すでにこのdaichoのスキーマ版です" in "".join(out.decode("utf-8").split())


def test_every_command_takes_lang():
    """Every command that writes for people (all of them) has --lang; the ledger and the notice default to
    Japanese, the others to DAICHO_LANG, else the locale, else English."""
    import typer
    from daicho.cli.app import app

    def commands(command, prefix=""):
        for name, sub in getattr(command, "commands", {}).items():
            yield from commands(sub, f"{prefix}{name} ") if hasattr(sub, "commands") else [(f"{prefix}{name}", sub)]

    found = dict(commands(typer.main.get_command(app)))
    assert {"where", "demo", "diff", "upgrade", "export", "import fides", "import ledger"} <= set(found)
    missing = [name for name, command in found.items() if not any("--lang" in p.opts for p in command.params)]
    assert not missing


def test_errors_follow_the_commands_lang(engoo_url, tmp_path, monkeypatch, capsysbinary):
    """--lang chooses the language of the command's errors too, on every command (the option's callback)."""
    from conftest import run_daicho

    monkeypatch.delenv("DAICHO_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    for args in (("where", "nothing", "--db", engoo_url), ("path", "nothing", "email", "--db", engoo_url),
                 ("import", "ledger", str(tmp_path / "none.xlsx"), "-o", str(tmp_path / "out"))):
        code, _, err = run_daicho(monkeypatch, capsysbinary, *args, "--lang", "ja")
        assert code != 0 and err.startswith("エラー: "), (args, err)
        code, _, err = run_daicho(monkeypatch, capsysbinary, *args, "--lang", "en")
        assert code != 0 and err.startswith("Error: "), (args, err)


@pytest.mark.parametrize("command", ["ledger", "notice"])
def test_ledger_and_notice_errors_follow_the_documents_language(command, tmp_path, monkeypatch, capsysbinary):
    """The ledger and the notice are Japanese without --lang: so are their errors (not the general default);
    --lang en gives English."""
    from conftest import run_daicho

    monkeypatch.delenv("DAICHO_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    missing = tmp_path / "none.db"
    code, _, err = run_daicho(monkeypatch, capsysbinary, command, "--db", str(missing))
    assert code == 1 and err == f"エラー: sqlite:///{missing} に台帳がない。先に読み込む：daicho load PATH" \
                                         "（同梱の例は daicho demo）\n"
    code, _, err = run_daicho(monkeypatch, capsysbinary, command, "--db", str(missing), "--lang", "en")
    assert code == 1 and err.startswith("Error: no inventory in ")
    monkeypatch.setenv("DAICHO_LANG", "en")  # the general default does not choose a Japanese document's language
    code, _, err = run_daicho(monkeypatch, capsysbinary, command, "--db", str(missing))
    assert code == 1 and err.startswith("エラー: ")


def test_the_demo_tours_countries_are_named_in_japanese():
    from daicho.cli.views import tour_view

    hop = {"to": "psp", "kind": "contractor", "country": "US", "basis": "outsourcing", "hops": 1}
    tour = {**TOUR, "item": {**TOUR["item"], "recipients": [hop]}}
    assert "psp（委託先、アメリカ合衆国（US））" in _printed(tour_view(tour, "ja"))
    assert "psp (contractor, US)" in _printed(tour_view(tour, "en"))
