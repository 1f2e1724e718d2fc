"""The audit pack's own words, in Japanese and English."""

from __future__ import annotations

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("個人情報 監査資料", "Personal data audit pack"),
    "created": ("作成日時", "Generated"),
    "as_of": ("判定基準日", "As of"),
    "summary": ("概要", "Summary"),
    "ledger": ("個人情報管理台帳", "Ledger"),
    "lineage": ("データの流れ", "Lineage"),
    "checks": ("チェック結果", "Check results"),
    "cross_border": ("外国への移転", "Cross-border flows"),
    "contractors": ("委託先の監督", "Contractor supervision"),
    "breach": ("漏えい等発生時の早見表", "Breach quick sheets"),
    "files": ("同梱ファイル", "Files in this pack"),
    "filter": ("絞り込み", "Filter"),
    "filter_hint": ("語を入力（空白区切りで AND）", "type words (all must match)"),
    "rows_shown": ("行を表示", "rows shown"),
    "items": ("個人情報の項目", "items"),
    "sensitive": ("要配慮個人情報", "sensitive items"),
    "financial": ("財産的被害のおそれ", "financial-damage items"),
    "systems": ("システム", "systems"),
    "systems_abroad": ("外国にあるシステム", "systems abroad"),
    "recipients": ("提供先・委託先", "recipients"),
    "contractor_count": ("委託先・再委託先", "contractors"),
    "third_parties": ("第三者", "third parties"),
    "flows": ("フロー", "flows"),
    "cross_border_count": ("外国への移転", "cross-border flows"),
    "countries": ("関係する外国", "foreign countries"),
    "unknown_country": ("所在不明の提供先・システムあり", "recipients or systems of unknown location"),
    "error": ("エラー", "errors"),
    "warning": ("警告", "warnings"),
    "info": ("情報", "notes"),
    "no_findings": ("指摘事項はありません。", "No findings."),
    "map": ("全体図", "Overall map"),
    "per_item": ("項目ごとの流れ", "Per item"),
    "svg_file": ("SVGファイル", "SVG file"),
    "too_large": ("図が大きいため埋め込んでいません。下のSVGファイルを開いてください。",
                  "This diagram is too large to show here; open the SVG file below."),
    "more_findings": ("{rule} はほかに{n}件あります（すべて checks.sarif にあります）。",
                      "{n} more findings of {rule} (all of them are in checks.sarif)."),
    "left_out": ("ほか{n}項目の図は省略しました（daicho diagram --item KEY で作成できます）。",
                 "Diagrams of {n} more items are left out; draw one with daicho diagram --item KEY."),
    "none": ("該当なし", "None"),
    "rows_left_out": ("ここには全{total}行のうち先頭の{shown}行を表示しています。すべての行は {files} にあります。",
                      "The first {shown} of {total} rows are shown here; every row is in {files}."),
    "systems_left_out": ("ほか{n}システムの早見表は省略しました（daicho breach SYSTEM で作成できます）。",
                         "Quick sheets of {n} more systems are left out; make one with daicho breach SYSTEM."),
    "big_left_out": ("{n}項目は{limit}を超えるノードに届くため、ここでは図にしていません（daicho diagram --item KEY で"
                     "集約した図を作成できます）。",
                     "{n} items reach more than {limit} nodes and are not drawn here; daicho diagram --item KEY "
                     "draws them aggregated."),
    "missing": ("この部分は作成できませんでした", "This part could not be produced"),
    "rule": ("ルール", "Rule"),
    "record": ("対象", "Record"),
    "where": ("定義箇所", "Declared at"),
    "message": ("内容", "Finding"),
    "fix": ("対応", "Fix"),
    "citations": ("根拠", "Citations"),
    "exposed": ("漏えいした場合に含まれる項目", "Items a leak would expose"),
    "persons": ("本人の数（推定）", "Persons (estimate)"),
    "criteria": ("施行規則第7条の報告対象事由", "Enforcement Rules Art. 7 criteria"),
    "downstream": ("さらに提供・委託している先", "Where the data goes on"),
    "yes": ("該当", "applies"),
    "no": ("非該当", "does not apply"),
}


def t(key: str, lang: str) -> str:
    """A label of the page in `lang`."""
    ja, en = _TEXT[key]
    return ja if lang == "ja" else en
