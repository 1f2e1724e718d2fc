"""`daicho report --lang ja`: a pack a Japanese P-Mark auditor reads without meeting the tool's English. The
visible text of index.html (no script, style, tags or attributes), less the inventory's own text and citation
ids, holds no run of three English words; the pack's own words, dates and page counter are Japanese; the English
pack keeps its words."""

from __future__ import annotations

import re

import pytest
from conftest import load_into, run_daicho
from daicho.catalog.review.report import write_report
from daicho.catalog.review.report_words import _TEXT, day, label
from daicho.examples import example_path
from daicho.inventory.store import resolve_url
from ja_scan import inventory_strings, page_english_runs, visible_text

AS_OF = "2026-11-21"


@pytest.fixture(scope="module")
def tsumiki_url(tmp_path_factory) -> str:
    url = resolve_url(str(tmp_path_factory.mktemp("tsumiki-pack") / "daicho.db"))
    load_into(url, example_path("tsumiki"))
    return url


@pytest.fixture(scope="module")
def packs(tmp_path_factory, engoo_url, tsumiki_url) -> dict[tuple[str, str], str]:
    """index.html of the Engoo and Tsumiki packs in Japanese and English."""
    import datetime as dt

    urls = {"engoo": engoo_url, "tsumiki": tsumiki_url}
    out = {}
    for example, url in urls.items():
        for lang in ("ja", "en"):
            folder = tmp_path_factory.mktemp(f"{example}-{lang}")
            write_report(url, folder, lang, dt.date.fromisoformat(AS_OF))
            out[(example, lang)] = (folder / "index.html").read_text(encoding="utf-8")
    return out


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_japanese_pack_has_no_english_of_the_tools_own(packs, example):
    inventory = inventory_strings(example_path(example))
    runs = page_english_runs(packs[(example, "ja")], inventory)
    assert not runs, sorted(set(runs))
    assert len(page_english_runs(packs[(example, "en")], inventory)) > 50  # the scan finds the English it seeks


def test_visible_text_leaves_out_scripts_styles_and_attributes():
    page = ('<html><head><style>p { content: "Page one of many" }</style></head>'
            '<body title="three English words"><script>var some = "English words here";</script>'
            '<p>見出し</p><p class="a b c">本文 <b>太字</b></p></body>')
    assert visible_text(page).split("\n") == ["見出し", "本文", "太字"]


def test_the_packs_words_are_japanese(packs):
    """Headings, table of contents, counts' labels, dates, the filter, the footer: the catalog's Japanese."""
    page = packs[("engoo", "ja")]
    text = visible_text(page)
    for key in ("title", "summary", "ledger", "lineage", "checks", "cross_border", "contractors", "breach", "files",
                "filter", "as_of", "created", "error", "warning"):
        assert label(key, "ja") in text, key
    assert "判定基準日: 2026年11月21日" in text and re.search(r"作成日時: \d{4}年\d{1,2}月\d{1,2}日 ", text)
    assert "見直しの記録と前回の見直し以降の変更" in text and "行を表示" in text
    assert "規則7条1号" in text and "Rules 7(i)" not in text  # the breach sheets' criteria (breach_text)
    assert re.search(r"<footer>daicho · 個人情報 監査資料</footer>", page)
    assert '<html lang="ja">' in page


def test_findings_are_written_in_japanese(packs):
    """Each finding's title, message, fix and citations come from the catalog in Japanese, its record's kind in
    words; rule ids and keys stay as they are."""
    text = visible_text(packs[("engoo", "ja")])
    assert "対応:" in text and "定義箇所:" in text and "根拠: 法" in text
    assert re.search(r"^DAI\d{3}$", text, re.M)
    assert re.search(r"^項目 \w+", text, re.M)  # the record's kind said in Japanese, its key as it is
    assert "Fix:" not in text and "Citations:" not in text and "APPI Art." not in text


def test_every_word_of_the_pack_has_its_japanese():
    """Each of the pack's own words is in the compiled catalog (`make translations`), placeholders kept."""
    untranslated = [msgid for msgid in _TEXT.values() if label_ja(msgid) == msgid]
    assert untranslated == []
    said = label("more_findings", "ja", n=3, rule="DAI024")
    assert said == "DAI024 はほかに3件ある（すべて checks.sarif にある）。"


def label_ja(msgid: str) -> str:
    from daicho.catalog.words import t

    return t("ja", msgid)


def test_dates_and_page_counter_per_language(packs):
    import datetime as dt

    assert day(dt.date(2025, 4, 1), "ja") == "2025年4月1日" and day(dt.date(2025, 4, 1), "en") == "2025-04-01"
    ja, en = packs[("engoo", "ja")], packs[("engoo", "en")]
    assert re.search(r'@bottom-center \{ content: counter\(page\) "[^"]+" counter\(pages\) "[^"]+"; \}', ja)
    assert '@bottom-center { content: "Page " counter(page) " of " counter(pages); }' in en
    assert f"As of: {AS_OF}" in en and "Check results" in en and "作成日時" not in en


def test_report_command_in_japanese(monkeypatch, capsysbinary, engoo_url, tmp_path):
    """`daicho report --lang ja -o DIR`: the pack and the command's own lines in Japanese; without --lang the
    language is DAICHO_LANG's."""
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(tmp_path / "ja"), "--lang", "ja",
                              "--db", engoo_url, "--as-of", AS_OF)
    assert code == 0 and "に書き出しました" in err and "wrote " not in err
    assert '<html lang="ja">' in (tmp_path / "ja" / "index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("DAICHO_LANG", "ja")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(tmp_path / "default"),
                              "--db", engoo_url, "--as-of", AS_OF)
    assert code == 0 and '<html lang="ja">' in (tmp_path / "default" / "index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("DAICHO_LANG", "en")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(tmp_path / "en"),
                              "--db", engoo_url, "--as-of", AS_OF)
    assert code == 0 and err.startswith("wrote ")
    assert '<html lang="en">' in (tmp_path / "en" / "index.html").read_text(encoding="utf-8")


def test_a_missing_part_is_said_in_japanese(monkeypatch, tmp_path, engoo_url):
    """A part the pack cannot make (here the breach assessment) is named and explained in Japanese, on the page
    and in the notes the command prints."""
    import sys

    from daicho.catalog.words import say

    monkeypatch.setitem(sys.modules, "daicho.catalog.breach.triage", None)
    pack = write_report(engoo_url, tmp_path / "pack", "ja")
    page = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    assert "この部分は作成できなかった" in page and "漏えい等の判定機能を利用できない" in page
    assert [str(n).split(":")[0] for n in pack.notes] == ["breach"]
    assert say(pack.notes[0], "ja").startswith("漏えい等の早見表：漏えい等の判定機能を利用できない")


def test_scanner_sees_english_in_a_japanese_page():
    page = "<p>見出し</p><p>This part could not be produced</p><p>DAI024 法27条</p>"
    assert page_english_runs(page, []) == ["This part could not be produced"]
    assert page_english_runs(page, ["This part could not be produced"]) == []



def test_printed_ledger_headers_are_not_broken_inside_a_word():
    """A printed column is at least as wide as five characters of its header (管理番号, 管理責任者 on one line)."""
    from daicho.catalog.review.report_sections import PRINT_WIDTH_EM, print_widths

    shares = print_widths([9, 16, 12, 200], ["管理番号", "キー", "管理責任者", "Note"])
    em = PRINT_WIDTH_EM / sum(shares)
    assert shares[0] * em > 4.99 and shares[2] * em > 5.99 and shares[1] == 16 and shares[3] == 200


def test_history_in_japanese(monkeypatch, capsysbinary, tmp_path):
    """The review log and the changes since the last review: headers, the review's time and the change rows in
    Japanese; English keeps the stored timestamp."""
    import shutil

    url = resolve_url(str(tmp_path / "daicho.db"))
    load_into(url, example_path("engoo"))
    code, _, err = run_daicho(monkeypatch, capsysbinary, "review", "--by", "山田", "--db", url)
    assert code == 0, err
    changed = tmp_path / "engoo"
    shutil.copytree(example_path("engoo"), changed)
    items = changed / "items.yaml"
    items.write_text(items.read_text(encoding="utf-8").replace("ja: 住所}", "ja: 住所（配送先を含む）}"),
                     encoding="utf-8")
    load_into(url, changed)
    write_report(url, tmp_path / "ja", "ja")
    text = visible_text((tmp_path / "ja" / "index.html").read_text(encoding="utf-8"))
    history = text[text.index("見直しの記録\n"):text.rindex("同梱ファイル\n")]
    assert "見直し日時\n実施者\n対象\n版\nメモ" in history and "台帳全体 (" in history
    assert re.search(r"\n\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d:\d\d UTC\n山田\n", history)
    assert "見直し 1 以降の変更（版 1 → 版 2）" in history and "\n変更\nitems/address: name.ja" in history
    write_report(url, tmp_path / "en", "en")
    english = visible_text((tmp_path / "en" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r"\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\n山田\n", english)
    assert "\nchanged\nitems/address" in english


def test_a_folder_not_ours_is_refused_in_japanese(monkeypatch, capsysbinary, engoo_url, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x", encoding="utf-8")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(tmp_path / "mine"), "--lang", "ja",
                              "--db", engoo_url)
    assert code == 1 and err.startswith("エラー: ") and "daicho report が書き出した" in err and "--force" in err, err
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(tmp_path / "mine"), "--lang", "en",
                              "--db", engoo_url)
    assert code == 1 and "is not empty and was not written by daicho report" in err


def test_graphviz_missing_is_said_in_japanese(monkeypatch, tmp_path, engoo_url):
    """Without Graphviz's dot the lineage section says why in the page's language (the renderer's phrase)."""
    import shutil

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "dot" else real(name, *a, **k))
    pack = write_report(engoo_url, tmp_path / "pack", "ja")
    page = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    lineage = visible_text(page[page.index('<section id="lineage">'):page.index('<section id="checks">')])
    assert "この部分は作成できなかった" in lineage and "graphviz" in lineage
    commands = lineage.replace("apt-get install graphviz", " ").replace("brew install graphviz", " ")  # code
    assert not page_english_runs(commands, []), lineage
    assert [str(n).split(":")[0] for n in pack.notes] == ["diagrams"]
