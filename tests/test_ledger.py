"""The ledger: rows per process and item, reach over the whole lineage, and the three file formats."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import load_into, run_daicho, write_manifest
from daicho.catalog.review.ledger import ReviewFacts, ledger_rows
from daicho.catalog.review.ledger_labels import COLUMNS, headers
from daicho.catalog.review.ledger_writers import (
    TITLE_ROWS,
    csv_bytes,
    ledger_book,
    markdown_bytes,
    row_height,
    xlsx_bytes,
)
from test_ledger_data import SMALL, small


@pytest.fixture
def small_url(tmp_path, sqlite_url) -> str:
    load_into(sqlite_url, write_manifest(tmp_path / "m", SMALL))
    return sqlite_url


@pytest.fixture(scope="module")
def chain_facts(tmp_path_factory) -> ReviewFacts:
    folder = tmp_path_factory.mktemp("chain")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder / "m", CHAIN))
    return ReviewFacts.load(url)


# ---- reach -------------------------------------------------------------------------------------------------

CHAIN = {
    "items": [{"key": k, "name": k} for k in ("a", "a_copy", "a_pseudo", "a_anon", "b")],
    "systems": [{"key": "db", "name": "db", "country": "JP", "items": ["a", "b"]},
                {"key": "dwh", "name": "dwh", "country": "JP"}],
    "recipients": [
        {"key": "c1", "name": "c1", "kind": "contractor", "country": "US"},
        {"key": "s1", "name": "s1", "kind": "subcontractor", "parent": "c1", "country": "IE"},
        {"key": "t1", "name": "t1", "kind": "third_party", "country": "JP"},
        {"key": "t2", "name": "t2", "kind": "third_party"},
        {"key": "t3", "name": "t3", "kind": "third_party", "country": "FR"},
    ],
    "flows": [
        {"from": "db", "to": "c1", "items": ["a"], "basis": "outsourcing"},
        {"from": "c1", "to": "s1", "items": ["a"], "basis": "outsourcing"},
        {"from": "db", "to": "dwh", "items": ["a_copy"], "basis": "internal"},
        {"from": "dwh", "to": "t1", "items": ["a_copy"], "basis": "consent"},
        {"from": "db", "to": "t2", "items": ["a_pseudo"], "basis": "consent"},
        {"from": "db", "to": "t3", "items": ["a_anon", "b"], "basis": "consent"},
    ],
    "derivations": [
        {"from": "a", "to": "a_copy", "method": "copy", "at": "db"},
        {"from": "a", "to": "a_pseudo", "method": "pseudonymisation"},
        {"from": "a", "to": "a_anon", "method": "anonymisation", "at": "db"},
    ],
}


@pytest.mark.parametrize(("item", "reached"), [
    ("a", {"db", "c1", "s1", "dwh", "t1", "t2"}),  # every hop, copies and pseudonymised data; not t3
    ("a_copy", {"db", "dwh", "t1"}),
    ("a_anon", {"db", "t3"}),
    ("b", {"db", "t3"}),
])
def test_reach_follows_flows_and_continuing_derivations(chain_facts, item, reached):
    assert set(chain_facts.reaches[item].hops) == reached


def test_reach_counts_hops_and_derived_items(chain_facts):
    reach = chain_facts.reaches["a"]
    assert reach.hops["db"] == 0 and reach.hops["c1"] == 1 and reach.hops["s1"] == 2 and reach.hops["t1"] == 2
    assert set(reach.trail) == {"a", "a_copy", "a_pseudo"}


def test_rows_show_contractor_chain_provision_and_countries(chain_facts):
    rows = {r.item_key: r for r in ledger_rows(chain_facts, "en")}
    a = rows["a"]
    assert a.outsourcing == ["Yes: c1", "c1 > s1"]
    assert a.provision == ["Yes: t1 (consent)", "t2 (consent)"]
    # one line per foreign flow's recipient, in words; t2 has no country: shown as unknown (never "Yes: unknown"),
    # not hidden
    assert a.foreign == ["Yes: c1: United States (US)", "s1: Ireland (IE)", "Unknown: t2: location unknown"]
    assert rows["b"].foreign == ["Yes: t3: France (FR)"] and rows["b"].outsourcing == ["No"]


# ---- rows of the small inventory ------------------------------------------------------------------------

def test_one_row_per_process_and_item_then_unplaced_items(small_url):
    rows = ledger_rows(ReviewFacts.load(small_url), "ja")
    assert [r.id for r in rows] == ["signup/email", "signup/name", "signup/card", "helpdesk/email",
                                    "helpdesk/health", "email_hash", "stats"]
    assert rows[0].process == "会員登録" and rows[0].item == "メールアドレス"


def test_row_values_in_japanese(small_url):
    email = ledger_rows(ReviewFacts.load(small_url), "ja")[0]
    assert email.outsourcing == ["有: クラウド社", "クラウド社 > メール社"]
    assert email.provision == ["有: 広告パートナー (本人同意)"]
    # the flows `daicho abroad` lists that carry the email address or its hash; the billing DB has no country
    # (unknown locations under 不明, never "有: 所在不明")
    assert email.foreign == ["有: クラウド社 (顧客管理システム): アメリカ合衆国 (US)", "メール社: シンガポール (SG)",
                             "広告パートナー: ドイツ (DE)", "不明: 決済DB: 所在不明"]
    assert email.purposes == ["顧客対応", "決済", "広告"]
    assert email.persons == 12000 and email.medium == "電子"
    assert "登録フォーム (web form)" in email.cell("acquisition")
    assert email.retention == ["3 years (契機: account deletion)", "アカウント削除: 削除"]
    assert email.risk == ["残存リスク: 中", "phishing", "評価日: 2024-04-01"]
    assert email.sensitive == "非該当" and email.retained == "該当" and email.last_reviewed == "2024-04-01"
    assert "顧客管理システム (SaaS; アメリカ合衆国 (US)/us-east-1; 暗号化)" in email.storage
    assert email.access == ["admins", "finance", "support staff"]


def test_joint_use_and_sensitive(small_url):
    rows = {r.id: r for r in ledger_rows(ReviewFacts.load(small_url), "en")}
    assert rows["signup/name"].joint_use == ["Yes: Sister Co"]
    assert rows["helpdesk/health"].sensitive == "Yes" and rows["helpdesk/health"].is_sensitive
    assert rows["helpdesk/health"].medium == "paper"


def test_no_processes_means_one_row_per_item(tmp_path, sqlite_url):
    load_into(sqlite_url, write_manifest(tmp_path / "m", small(processes=[])))
    assert [r.id for r in ledger_rows(ReviewFacts.load(sqlite_url))] == [i["key"] for i in SMALL["items"]]


# ---- files ---------------------------------------------------------------------------------------------------

def test_xlsx_sheets_header_filter_freeze_and_widths(small_url):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx_bytes(ledger_book(small_url, "ja"))))
    assert book.sheetnames == ["個人情報管理台帳", "委託先", "外国への移転"]
    sheet = book["個人情報管理台帳"]
    top = TITLE_ROWS + 1  # the P-Mark title block above the header
    assert [c.value for c in sheet[top]] == headers(COLUMNS, "ja")
    assert [c.value for c in sheet[top]][:3] == ["管理番号", "キー", "部門"]
    assert sheet[f"A{top}"].font.bold and sheet.freeze_panes == f"C{top + 1}"
    assert sheet.auto_filter.ref == f"A{top}:AA{sheet.max_row}" and sheet.max_row == top + 7
    col = {c.value: c.column_letter for c in sheet[top]}
    purposes, first = f"{col['利用目的']}{top + 1}", top + 1
    assert sheet.column_dimensions[col["利用目的"]].width == 30
    assert sheet[purposes].alignment.wrap_text and sheet[purposes].value == "顧客対応\n決済\n広告"
    assert sheet[f"{col['件数']}{first}"].value == 12000 and sheet[f"A{first}"].border.left.style == "thin"
    assert [sheet[f"A{first + n}"].value for n in range(7)] == list(range(1, 8))  # 管理番号: a running number
    assert sheet[f"B{first}"].value == "signup/email"  # beside the key
    health, card = f"{col['個人情報の項目']}{top + 5}", f"{col['個人情報の項目']}{top + 4}"
    assert sheet[f"{col['業務名']}{top + 5}"].value == "問合せ対応" and sheet[health].value == "健康情報"
    assert sheet[health].fill.fgColor.rgb.endswith("FCE4EC") and not sheet[card].fill.fgColor.rgb.endswith("FCE4EC")
    assert sheet.row_dimensions[first].height >= 3 * 15  # three purposes, three lines
    contractors = book["委託先"]
    assert [c.value for c in contractors["B"]][1:] == ["クラウド社", "クラウド社 > メール社"]
    assert contractors["G2"].value == "2023-01-10" and contractors["F3"].value == "クラウド社"
    assert contractors["D3"].value == "シンガポール (SG)" and contractors["E2"].value == "記録なし"
    cross = book["外国への移転"]
    # registered countries of the `daicho abroad` flows: the billing DB has no country (所在不明); the
    # joint user in Japan is not abroad
    assert [r[3] for r in cross.iter_rows(min_row=2, values_only=True)] == [
        "アメリカ合衆国 (US)", "所在不明", "シンガポール (SG)", "ドイツ (DE)"]


def test_xlsx_in_english(small_url):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx_bytes(ledger_book(small_url, "en"))))
    assert book.sheetnames == ["Ledger", "Contractors", "Cross-border flows"]
    sheet = book["Ledger"]
    head = [c.value for c in sheet[TITLE_ROWS + 1]]
    assert head[:3] == ["No.", "Key", "Department"] and "Personal-data item" in head
    # English headers are not cut: the header row is as tall as its longest wrapped header
    widths = [w for *_, w in COLUMNS]
    assert sheet.row_dimensions[TITLE_ROWS + 1].height >= row_height(head, widths, bold=True)
    assert max(len(h) / w for h, w in zip(head, widths, strict=True)) > 1  # some do wrap


def test_csv_has_bom_crlf_and_numbers(small_url):
    data = csv_bytes(ledger_book(small_url, "ja"))
    assert data.startswith(b"\xef\xbb\xbf\"\xe7\xae\xa1")  # BOM, then "管理番号"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["管理番号", "キー"] and len(rows) == 8 and rows[1][:2] == ["1", "signup/email"]
    assert rows[1][rows[0].index("件数")] == "12000"
    assert b"\r\n" in data


def test_markdown_tables(small_url):
    text = markdown_bytes(ledger_book(small_url, "en")).decode()
    assert text.startswith("# Personal information ledger\n")
    assert "| 1 | signup/email |  |  | Sign-up | Email address |" in text
    assert "## Contractors" in text and "CloudCo &gt; MailCo" in text and "## Cross-border flows" in text


# ---- the command ---------------------------------------------------------------------------------------------



def test_command_writes_each_format(small_url, tmp_path, monkeypatch, capsysbinary):
    for name in ("l.xlsx", "l.csv", "l.md"):
        code, _, err = run_daicho(monkeypatch, capsysbinary, "ledger", "--db", small_url, "-o", str(tmp_path / name))
        assert code == 0, err
        assert err == f"{tmp_path / name} に書き出しました\n"  # in the ledger's language
    assert (tmp_path / "l.xlsx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "l.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "ledger", "--db", small_url, "--format", "md", "--lang", "en")
    assert code == 0 and out.decode().startswith("# Personal information ledger")


def test_command_errors(tmp_path, monkeypatch, capsysbinary):
    code, _, err = run_daicho(monkeypatch, capsysbinary, "ledger", "--db", str(tmp_path / "none.db"), "--lang", "en")
    assert code == 1
    assert err == f"Error: no inventory in sqlite:///{tmp_path / 'none.db'}; load one first: daicho load PATH " \
                  "(or daicho demo for the bundled example)\n"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "ledger", "--lang", "fr")
    assert code == 2 and "'fr' is not one of en, ja" in err


def test_reach_agrees_with_daicho_where_on_engoo(engoo_url):
    """The ledger reads the walk of `daicho where`: the same nodes with the same hops, the same recipients."""
    from daicho.catalog.lineage.where import where
    from daicho.inventory.db import ReadDB

    facts = ReviewFacts.load(engoo_url)
    with ReadDB(engoo_url) as db:
        for item in facts.inventory.items:
            result = where(db, item.key)
            assert facts.reaches[item.key].hops == {n["key"]: n["hops"] for n in result["nodes"]}, item.key
            assert [p.party for p in facts.reaches[item.key].parties] == result["recipients"], item.key


def test_engoo_ledger_names_sub_contractors_and_countries(engoo_url):
    rows = {r.item_key: r for r in ledger_rows(ReviewFacts.load(engoo_url), "en")}
    card = rows["card_number"]
    assert any(" > " in line for line in card.outsourcing), card.outsourcing
    assert "US" in card.countries
