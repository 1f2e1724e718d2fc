"""daicho import ledger: daicho's own ledger imports back; a P-Mark style workbook made here imports to a valid
inventory that `where` answers on; bad files give one clear message, exit 2 and write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import load_into, run_daicho
from daicho.inventory.importer import LedgerImportError, import_ledger
from daicho.inventory.importer.headers import LEDGER_FIELDS, match
from daicho.inventory.importer.keys import KeyMaker, slug, valid_key
from daicho.inventory.importer.values import country, persons, split_list
from daicho.inventory.store import Store
from daicho.inventory.validate import validate_paths


def _records(folder: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for path in sorted(folder.glob("*.yaml")):
        for section, value in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if section != "daicho":
                out.setdefault(section, []).extend(value)
    return out


def _names(records: list[dict], lang: str) -> set[str]:
    return {r["name"].get(lang) or r["name"].get("en") or r["name"].get("ja") for r in records}


# ---- round trip: daicho's own ledger ---------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "lang"), [("xlsx", "ja"), ("csv", "en")])
def test_daichos_own_ledger_imports_back(monkeypatch, capsysbinary, tmp_path, engoo_url, fmt, lang):
    ledger = tmp_path / f"ledger.{fmt}"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "ledger", "--db", engoo_url, "-o", str(ledger),
                              "--lang", lang)
    assert code == 0, err
    out = tmp_path / "imported"
    code, stdout, err = run_daicho(monkeypatch, capsysbinary, "import", "ledger", str(ledger), "-o", str(out),
                                   "--json")
    assert code == 0, err
    report = json.loads(stdout)
    assert validate_paths([out]).ok
    original = Store(engoo_url).inventory()
    imported = _records(out)
    assert _names(imported["items"], lang) == {i.name.get(lang) for i in original.items}
    used = {p for i in original.items for p in i.purposes}
    assert _names(imported["purposes"], lang) == {p.name.get(lang) for p in original.purposes if p.key in used}
    stored = {s.name.get(lang) for s in original.systems if s.items}
    assert stored <= _names(imported["systems"], lang)
    contractors = {r.name.get(lang) for r in original.recipients if r.kind in ("contractor", "subcontractor")}
    got = {r["name"].get(lang) or r["name"].get("en") or r["name"].get("ja"): r for r in imported["recipients"]}
    assert contractors <= set(got)
    for record in [r for s in imported.values() for r in s]:
        evidence = record["evidence"] if isinstance(record["evidence"], list) else [record["evidence"]]
        assert all(e.startswith(f"ledger.{fmt}") and " row" in e for e in evidence)
    if fmt == "xlsx":  # the contractor sheet brings kinds, countries and who engaged each sub-contractor
        assert {s["sheet"]: s["table"] for s in report["sheets"]}["委託先"] == "contractors"
        by_key = {r["key"]: r for r in imported["recipients"]}
        assert by_key["support_desk_ph"]["kind"] == "subcontractor"
        assert by_key["support_desk_ph"]["parents"] == ["support_desk"]
        assert by_key["support_desk_ph"]["country"] == "PH"
        assert {i["key"] for i in imported["items"]} == {i.key for i in original.items}  # keys from 管理番号


# ---- a P-Mark style workbook ---------------------------------------------------------------------------------

def pmark_workbook(path: Path) -> Path:
    """A ledger as offices keep it: a title block, merged cells, line-broken and two-tier headers, free text,
    a note row, and a contractor list on a second sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台帳"
    sheet["A1"] = "個人情報管理台帳"
    sheet.merge_cells("A1:L1")
    sheet["A2"] = "株式会社サンプル　作成日 2025年4月1日"
    sheet.merge_cells("A2:L2")
    head = ["管理\n番号", "部署", "業務名", "個人情報の\n名称", "利用目的", "件数\n（概数）", "保管場所",
            "保存期間\n（利用期限）", "委託", None, "要配慮\n個人情報", "備考"]
    for col, value in enumerate(head, start=1):
        sheet.cell(row=4, column=col, value=value)
        if col not in (9, 10):
            sheet.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    sheet.merge_cells("I4:J4")
    sheet["I5"], sheet["J5"] = "有無", "委託先"
    rows = [
        ["A-001", "営業部", "顧客管理", "顧客名簿", "商品の発送、お問い合わせ対応", "約1,200件",
         "顧客管理システム\n営業部キャビネット", "取引終了後5年", "有", "配送株式会社", "無", "年1回棚卸"],
        ["A-002", "営業部", "顧客管理", "問い合わせ記録", "お問い合わせ対応・品質向上", "300",
         "顧客管理システム", "3年", "有", "サポート株式会社", "非該当", ""],
        ["B-001", "人事部", "採用", "応募者情報", "採用選考", "50名", "人事ファイルサーバ", "選考終了後1年",
         "無", "", "該当", "健康情報を含む"],
        ["※ 件数は概数", None, None, None, None, None, None, None, None, None, None, None],
    ]
    for n, values in enumerate(rows, start=6):
        for col, value in enumerate(values, start=1):
            sheet.cell(row=n, column=col, value=value)
    sheet.merge_cells("C6:C7")  # one business process over its two records
    contractors = book.create_sheet("委託先一覧")
    contractors.append(["委託先一覧"])
    contractors.append([])
    contractors.append(["委託先名", "所在国", "委託業務", "契約締結日", "再委託先"])
    contractors.append(["配送株式会社", "日本", "商品の配送", "2024/4/1", "軽貨物有限会社"])
    contractors.append(["サポート株式会社", "米国", "問い合わせ窓口", "2023年10月1日", ""])
    book.save(path)
    return path


def test_pmark_workbook_imports_and_where_answers(monkeypatch, capsysbinary, tmp_path, sqlite_url):
    source = pmark_workbook(tmp_path / "台帳.xlsx")
    out = tmp_path / "inventory"
    report = import_ledger(source, out)
    assert validate_paths([out]).ok
    imported = _records(out)
    items = {i["name"]["ja"]: i for i in imported["items"]}
    assert set(items) == {"顧客名簿", "問い合わせ記録", "応募者情報"}
    assert all(valid_key(i["key"]) and i["key"].isascii() for i in imported["items"])
    assert items["顧客名簿"]["persons"] == 1200 and items["応募者情報"]["persons"] == 50
    assert items["応募者情報"]["sensitive"] is True and "sensitive" not in items["顧客名簿"]
    assert items["顧客名簿"]["evidence"] == "台帳.xlsx [台帳] row 6"
    assert "備考: 年1回棚卸" in items["顧客名簿"]["description"]["ja"]
    assert "管理番号: A-001" in items["顧客名簿"]["description"]["ja"]
    assert _names(imported["purposes"], "ja") == {"商品の発送", "お問い合わせ対応", "品質向上", "採用選考"}
    assert _names(imported["systems"], "ja") == {"顧客管理システム", "営業部キャビネット", "人事ファイルサーバ"}
    processes = {p["name"]["ja"]: p for p in imported["processes"]}
    assert set(processes["顧客管理"]["items"]) == {items["顧客名簿"]["key"], items["問い合わせ記録"]["key"]}
    assert processes["顧客管理"]["department"] == "営業部"
    recipients = {r["name"]["ja"]: r for r in imported["recipients"]}
    assert recipients["サポート株式会社"]["country"] == "US"
    assert recipients["配送株式会社"]["contract"] == {"date": "2024-04-01"}
    assert recipients["軽貨物有限会社"]["kind"] == "subcontractor"
    assert recipients["軽貨物有限会社"]["parents"] == [recipients["配送株式会社"]["key"]]
    sheets = {s["sheet"]: s for s in report["sheets"]}
    assert sheets["台帳"]["header_row"] == 4 and sheets["台帳"]["rows"] == 3
    fields = {c["header"]: c["field"] for c in sheets["台帳"]["columns"]}
    assert fields["委託 委託先"] == "contractors" and fields["個人情報の\n名称"] == "item"
    assert fields["保存期間\n（利用期限）"] == "retention" and fields["備考"] is None
    assert report["skipped_rows"] == [{"row": 9, "sheet": "台帳", "reason": "a note, not a ledger row: ※ 件数は概数"}]
    assert sheets["委託先一覧"]["table"] == "contractors"

    load_into(sqlite_url, out)
    key = items["顧客名簿"]["key"]
    code, stdout, err = run_daicho(monkeypatch, capsysbinary, "where", key, "--db", sqlite_url, "--json")
    assert code == 0, err
    reached = json.loads(stdout)
    assert recipients["配送株式会社"]["key"] in reached["recipients"]
    assert {n["key"] for n in reached["nodes"]} >= {s["key"] for s in imported["systems"] if key in s["items"]}


def test_text_report_names_columns_and_rows(monkeypatch, capsysbinary, tmp_path):
    source = pmark_workbook(tmp_path / "ledger.xlsx")
    code, stdout, err = run_daicho(monkeypatch, capsysbinary, "import", "ledger", str(source), "-o",
                                   str(tmp_path / "out"))
    assert code == 0, err
    text = stdout.decode("utf-8")
    assert "Sheet 台帳: ledger, header on row 4, 3 rows read" in text
    assert "L 備考 → kept in the description" in text
    assert "ledger.xlsx [台帳] row 9: a note, not a ledger row" in text


def test_text_report_in_japanese(monkeypatch, capsysbinary, tmp_path):
    """--lang ja: the report's own words in Japanese (no run of three English words of the tool's own); the
    ledger's headers and text as they are."""
    from test_words_checks import english_runs

    source = pmark_workbook(tmp_path / "ledger.xlsx")
    code, stdout, err = run_daicho(monkeypatch, capsysbinary, "import", "ledger", str(source), "-o",
                                   str(tmp_path / "out"), "--lang", "ja")
    assert code == 0, err
    text = stdout.decode("utf-8")
    assert "シート 台帳：台帳、見出しは4行目、3行を読み込み" in text
    assert "L 備考 → 説明に保持" in text
    assert "ledger.xlsx [台帳] 9行目: 台帳の行ではなく注記です：※ 件数は概数" in text
    assert text.startswith(f"{source} を ") and not english_runs(text, [str(source), str(tmp_path / "out")])


# ---- bad input ------------------------------------------------------------------------------------------------

def _fails(monkeypatch, capsysbinary, tmp_path, source: Path, *extra: str) -> str:
    out = tmp_path / "out"
    code, stdout, err = run_daicho(monkeypatch, capsysbinary, "import", "ledger", str(source), "-o", str(out), *extra)
    assert code == 2, err
    assert not out.exists() and not list(tmp_path.glob(".daicho-import-*"))
    assert stdout == b"" and err.count("\n") == 1 and err.startswith("Error: ")
    return err


def test_unreadable_workbook(monkeypatch, capsysbinary, tmp_path):
    bad = tmp_path / "ledger.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip file")
    err = _fails(monkeypatch, capsysbinary, tmp_path, bad)
    assert f"{bad}: the workbook cannot be read" in err


def test_encrypted_workbook(monkeypatch, capsysbinary, tmp_path):
    locked = tmp_path / "locked.xlsx"  # what Excel writes for a password-protected workbook: OLE2 + EncryptedPackage
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"))
    err = _fails(monkeypatch, capsysbinary, tmp_path, locked)
    assert f"{locked}: the workbook is password-protected (encrypted)" in err


def test_old_xls_workbook(monkeypatch, capsysbinary, tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert "save it as .xlsx" in _fails(monkeypatch, capsysbinary, tmp_path, old)


def test_sheet_without_a_header(monkeypatch, capsysbinary, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "メモ"
    book.active.append(["会議メモ", "2025-04-01"])
    book.active.append(["出席者", "山田"])
    path = tmp_path / "memo.xlsx"
    book.save(path)
    err = _fails(monkeypatch, capsysbinary, tmp_path, path)
    assert f"{path} [メモ]: no recognisable ledger header (rows 1-2)" in err
    err = _fails(monkeypatch, capsysbinary, tmp_path, path, "--sheet", "台帳")
    assert "no sheet named '台帳' (sheets: メモ)" in err


def test_header_but_no_rows(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("個人情報の項目,利用目的,保管場所\n", encoding="utf-8")
    with pytest.raises(LedgerImportError, match=r"empty.csv: the header is on row 1, but no row below it"):
        import_ledger(path, tmp_path / "out")


def test_shift_jis_csv_is_read(tmp_path):
    path = tmp_path / "sjis.csv"
    path.write_bytes("個人情報の項目,利用目的,保管場所,委託先\n氏名,発送、請求,基幹システム,運送株式会社\n".encode("cp932"))
    report = import_ledger(path, tmp_path / "out")
    assert report["encoding"] == "cp932"
    imported = _records(tmp_path / "out")
    assert _names(imported["purposes"], "ja") == {"発送", "請求"}
    assert imported["items"][0]["evidence"] == "sjis.csv row 2"


def test_a_csv_cell_longer_than_the_csv_modules_limit_is_read(tmp_path):
    path = tmp_path / "long.csv"
    storage = "基幹システム" + "。" * 200_000  # Python's csv refuses a field over 131,072 characters by default
    path.write_text(f"個人情報の項目,利用目的,保管場所\n氏名,発送,{storage}\n", encoding="utf-8")
    import_ledger(path, tmp_path / "out")
    assert _records(tmp_path / "out")["systems"][0]["name"]["ja"].startswith("基幹システム。")


def test_a_nul_in_a_csv_cell_is_dropped(tmp_path):
    path = tmp_path / "nul.csv"  # a broken export: NUL means nothing in a cell, and no store keeps it
    path.write_text("個人情報の項目,利用目的,保管場所\n氏\x00名,発送,基幹システム\n", encoding="utf-8")
    import_ledger(path, tmp_path / "out")
    assert _records(tmp_path / "out")["items"][0]["name"]["ja"] == "氏名"


def test_undecodable_csv(monkeypatch, capsysbinary, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\x80\x81\xfd\xfe\xff")
    assert "neither UTF-8 nor Shift_JIS" in _fails(monkeypatch, capsysbinary, tmp_path, path)


def test_existing_manifests_are_kept_unless_force(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("個人情報の項目,利用目的,保管場所\n氏名,発送,基幹システム\n", encoding="utf-8")
    out = tmp_path / "out"
    import_ledger(path, out)
    with pytest.raises(LedgerImportError, match="already holds manifests"):
        import_ledger(path, out)
    assert import_ledger(path, out, force=True)["counts"]["items"] == 1


# ---- parts -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("商品の発送、お問い合わせ対応", ["商品の発送", "お問い合わせ対応"]),
    ("発送\n請求\n", ["発送", "請求"]),
    ("DM送付・アンケート", ["DM送付", "アンケート"]),
    ("不正利用の防止・調査・対策", ["不正利用の防止・調査・対策"]),
    ("有: 会員DB (JP/Tokyo; 暗号化)", ["会員DB (JP/Tokyo; 暗号化)"]),
    ("無", []),
    ("-", []),
    ("a, b; c / d", ["a", "b", "c", "d"]),
    ("有", []), ("○", []), ("あり", []), ("有\n運送会社", ["運送会社"]),  # a yes names no one
])
def test_split_list(cell, expected):
    assert split_list(cell) == expected


def test_party_names_keep_commas_and_dots():
    assert split_list("Acme, Inc.", dots=False) == ["Acme, Inc."]
    assert split_list("有", dots=False) == [] and split_list("○", dots=False) == []  # a yes is no party's name
    assert split_list("国の機関・地方公共団体、運送会社", dots=False) == ["国の機関・地方公共団体", "運送会社"]


@pytest.mark.parametrize(("header", "field"), [
    ("個人情報の項目", "item"), ("項目名", "item"), ("個人情報の\n名称", "item"), ("利用目的", "purposes"),
    ("保管場所・保管方法", "storage"), ("媒体", "medium"), ("委託の有無・委託先", "contractors"),
    ("第三者提供の有無・提供先", "provision"), ("保存期間", "retention"), ("廃棄・消去方法", "disposal"),
    ("外国での取扱い・国名", "foreign"), ("取得方法・取得元", "acquisition"), ("部署", "department"),
    ("Outsourcing and contractors", "contractors"), ("Use deadline and retention", "retention"),
    ("ID", "id"), ("Provision", "provision"), ("備考", None),
])
def test_header_synonyms(header, field):
    assert match(header, LEDGER_FIELDS) == field


def test_keys_are_stable_ascii_and_unique():
    keys = KeyMaker()
    assert slug("氏名") == "shimei" and slug("クレジットカード番号") == "kurejittokaado_bangou"
    first = keys.key("items", "氏名")
    assert keys.key("items", "氏名") == first == "shimei"
    other = keys.key("systems", "ｼﾒｲ")  # romanises the same: the hash of its name tells it apart
    assert other.startswith("shimei_") and other != first
    assert KeyMaker().key("systems", "ｼﾒｲ") == "shimei"
    assert valid_key(keys.key("items", "！？"))


@pytest.mark.parametrize(("text", "code"), [("日本", "JP"), ("米国", "US"), ("アメリカ合衆国 (US)", "US"),
                                            ("Germany", "DE"), ("ドイツ", "DE"), ("fr", "FR"), ("所在不明", "unknown"),
                                            ("どこか", None)])
def test_country_names(text, code):
    assert country(text) == code


@pytest.mark.parametrize(("text", "count"), [("185000", 185000), ("約1,200件", 1200), ("3万人", 30000),
                                             ("1.5万", 15000), ("多数", None), ("1.5", None), ("1.23456万", None),
                                             ("0.5千人", 500)])
def test_persons(text, count):
    assert persons(text) == count


def test_docs_examples_run(monkeypatch, capsysbinary, tmp_path):
    import re
    import shlex

    text = (Path(__file__).parent.parent / "docs" / "interchange.md").read_text(encoding="utf-8")
    section = text[text.index("## The personal-information ledger"):]
    commands = [line[2:] for block in re.findall(r"```console\n(.*?)```", section, flags=re.S)
                for line in block.splitlines() if line.startswith("$ daicho ")]
    assert commands[0] == "daicho demo --out demo --no-files" and len(commands) >= 12
    monkeypatch.chdir(tmp_path)
    for command in commands:
        code, _, err = run_daicho(monkeypatch, capsysbinary, *shlex.split(command)[1:])
        assert code == 0, f"{command}: {err}"
    assert (tmp_path / "subprocessors.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    for option in ("--sheet", "--force", "--json", "-o, --output"):
        assert option in section


def test_dates_as_excel_day_numbers_are_read_and_other_text_is_kept(tmp_path):
    """A date cell not formatted as a date holds Excel's day number (45748 is 2025-04-01): it is read as the date.
    A contract date that is no date at all (令和5年度) is kept in the description, never dropped."""
    from openpyxl import load_workbook

    source = pmark_workbook(tmp_path / "台帳.xlsx")
    book = load_workbook(source)
    book["委託先一覧"]["D4"], book["委託先一覧"]["D5"] = 45748, "令和5年度"
    book.save(source)
    import_ledger(source, tmp_path / "out")
    recipients = {r["name"]["ja"]: r for r in _records(tmp_path / "out")["recipients"]}
    assert recipients["配送株式会社"]["contract"] == {"date": "2025-04-01"}
    support = recipients["サポート株式会社"]
    assert "contract" not in support and "契約日: 令和5年度" in support["description"]["ja"]


def test_a_quote_never_closed_is_refused_naming_its_row_and_a_stray_quote_reads(tmp_path):
    """An unclosed quote would read every later row into one cell ("1 rows read"): refused, naming the row it
    opens on, nothing written. A quote inside an unquoted cell reads as Excel reads it."""
    header = "個人情報の名称,利用目的,保管場所\n"
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text(header + '顧客名簿,"発送,顧客DB\n問い合わせ,対応,CRM\n', encoding="utf-8")
    with pytest.raises(LedgerImportError, match=r"row 2 opens a quoted cell that is never closed"):
        import_ledger(unclosed, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    stray = tmp_path / "stray.csv"
    stray.write_text(header + '顧客名簿,発"送,顧客DB\n問い合わせ,対応,CRM\n', encoding="utf-8")
    report = import_ledger(stray, tmp_path / "out2")
    assert report["sheets"][0]["rows"] == 2
