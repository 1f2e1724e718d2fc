"""What a diagram looks like, in one place: shapes and colours by kind, colours by legal basis, words in en/ja.

Renderers (`dot`, `mermaid`) read these tables; nothing else in the package names a colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from daicho.catalog.resolved.countries import location_title

#: The font for every label; Noto Sans CJK JP draws both Latin and Japanese (fonts-noto-cjk).
FONT = "Noto Sans CJK JP"


@dataclass(frozen=True)
class NodeStyle:
    """How one kind of node is drawn: Graphviz shape, Mermaid shape brackets, fill and border colours."""

    shape: str
    mermaid: tuple[str, str]
    fill: str
    border: str
    dashed: bool = False


_SYSTEM_FILL, _SYSTEM_BORDER = "#e3f2fd", "#1565c0"

#: style key (node kind, or system/recipient subkind) → style
NODE_STYLES: dict[str, NodeStyle] = {
    "collection_point": NodeStyle("cds", (">", "]"), "#e8f5e9", "#2e7d32"),
    "database": NodeStyle("cylinder", ("[(", ")]"), _SYSTEM_FILL, _SYSTEM_BORDER),
    "saas": NodeStyle("component", ("[[", "]]"), _SYSTEM_FILL, _SYSTEM_BORDER),
    "application": NodeStyle("box", ("(", ")"), _SYSTEM_FILL, _SYSTEM_BORDER),
    "file_share": NodeStyle("folder", ("[/", "/]"), _SYSTEM_FILL, _SYSTEM_BORDER),
    "paper_cabinet": NodeStyle("note", ("[\\", "\\]"), _SYSTEM_FILL, _SYSTEM_BORDER),
    "system": NodeStyle("box", ("[", "]"), _SYSTEM_FILL, _SYSTEM_BORDER),
    "contractor": NodeStyle("box", ("[", "]"), "#fff8e1", "#ef6c00"),
    "subcontractor": NodeStyle("box", ("[", "]"), "#fffde7", "#ef6c00", dashed=True),
    "third_party": NodeStyle("hexagon", ("{{", "}}"), "#ffebee", "#c62828"),
    "joint_user": NodeStyle("octagon", ("([", "])"), "#f3e5f5", "#6a1b9a"),
    "group_company": NodeStyle("house", ("[/", "\\]"), "#ede7f6", "#4527a0"),
    "recipient": NodeStyle("box", ("[", "]"), "#fafafa", "#616161"),
}


def style_key(kind: str, subkind: str | None) -> str:
    """The NODE_STYLES key for a node: its subkind when it has a style of its own, else its kind."""
    if kind == "system":
        return subkind if subkind in NODE_STYLES and subkind != "other" else "system"
    if kind == "recipient":
        return subkind if subkind in NODE_STYLES else "recipient"
    return kind if kind in NODE_STYLES else "recipient"


#: style key → (English, Japanese) name, for node labels and the legend
KIND_WORDS: dict[str, tuple[str, str]] = {
    "collection_point": ("collection point", "取得窓口"),
    "database": ("database", "データベース"),
    "saas": ("SaaS", "SaaS"),
    "application": ("application", "アプリケーション"),
    "file_share": ("file share", "ファイル共有"),
    "paper_cabinet": ("paper", "紙媒体"),
    "system": ("system", "システム"),
    "contractor": ("contractor", "委託先"),
    "subcontractor": ("sub-contractor", "再委託先"),
    "third_party": ("third party", "第三者"),
    "joint_user": ("joint user", "共同利用者"),
    "group_company": ("group company", "グループ会社"),
    "recipient": ("recipient", "提供先"),
}

#: legal basis → (colour, English, Japanese)
BASIS: dict[str, tuple[str, str, str]] = {
    "collection": ("#2e7d32", "collection", "取得"),
    "internal": ("#546e7a", "internal", "社内"),
    "outsourcing": ("#1565c0", "outsourcing", "委託"),
    "succession": ("#00838f", "succession", "事業承継"),
    "joint_use": ("#6a1b9a", "joint use", "共同利用"),
    "consent": ("#c62828", "third party (consent)", "第三者提供(同意)"),
    "exception": ("#c62828", "third party (exception)", "第三者提供(例外)"),
    "opt_out": ("#c62828", "third party (opt-out)", "第三者提供(オプトアウト)"),
}
OTHER_BASIS = ("#424242", "", "")

#: APPI 28 route → (English, Japanese)
FOREIGN_BASIS: dict[str, tuple[str, str]] = {
    "eu_uk": ("EU/UK", "EU・英国"),
    "compliant_system": ("compliant system", "基準適合体制"),
    "consent": ("consent", "同意"),
}

#: highlight style → colour; used for item names, cross-border marks and warnings
HIGHLIGHT = {"financial": "#b71c1c", "sensitive": "#ad1457", "abroad": "#e65100", "dim": "#616161",
             "warning": "#d50000"}
#: the dotted line from a contractor to a sub-contractor it engages
SUB_LINK = "#8d6e63"

#: cluster role → (border colour, fill colour)
CLUSTER_COLOURS = {
    "operator": ("#2e7d32", "#fbfefb"),
    "outsourcing": ("#ef6c00", "#fffdf7"),
    "third_party": ("#c62828", "#fffafa"),
    "country": ("#e65100", "#fff3e0"),
    "unknown": ("#616161", "#f5f5f5"),
    "party": ("#8d6e63", "#fffaf3"),
}

#: Words in the picture, (English, Japanese).
WORDS: dict[str, tuple[str, str]] = {
    "operator": ("Operator", "事業者"),
    "outsourcing": ("Contractors (outsourcing)", "委託先"),
    "third_party": ("Third parties and joint users", "第三者・共同利用者"),
    "items": ("items", "項目"),
    "item": ("item", "項目"),
    "sensitive": ("sensitive", "要配慮"),
    "financial": ("financial damage", "財産的被害"),
    "flows": ("flows", "フロー"),
    "run_by": ("run by {name}", "{name} が運用"),
    "stored_at": ("stored at {name} (does not handle the data)", "{name} に保管（データの取扱いなし）"),
    "sub_of": ("sub-contractor of {name}", "{name} の再委託先"),
    "kept_in": ("data kept in {where}", "保管場所: {where}"),
    "party_box": ("{name} ({kind})", "{name}（{kind}）"),
    "legend": ("Legend", "凡例"),
    "cross_border": ("leaves the home country, as daicho abroad lists (dashed, → where to)",
                     "国外への移転・保管（daicho abroad と同じ。破線、→ 移転先）"),
    "missing_basis": ("⚠ no foreign-transfer basis (APPI 28)", "⚠ 外国移転の根拠なし（法28条）"),
    "unknown_location": ("⚠ recipient's location unknown (APPI 28)", "⚠ 提供先の所在国が不明（法28条）"),
    "mismatch": ("⚠ eu_uk, but not in the EU/EEA or UK", "⚠ EU・英国以外に eu_uk を適用"),
    "cannot_apply": ("⚠ the basis cannot apply to this transfer", "⚠ この移転に適用できない根拠"),
    "not_disclosed": ("⚠ storage abroad not in the published measures (APPI 32)",
                      "⚠ 外国での保管が安全管理措置の公表に未記載（法32条）"),
    "storage": ("storage only: the provider does not handle the data (PPC Q&A 7-53)",
                "保管のみ：事業者はデータを取り扱わない（Q&A 7-53）"),
    "party": ("brown box: a recipient and the systems it runs for its own side",
              "茶色の枠：提供先と、その提供先が運用するシステム"),
    "unknown": ("grey box: location not recorded (never assumed to be the home country)",
                "灰色の枠：所在地の記録なし（自国とはみなさない）"),
    "mark_missing_basis": ("⚠ no APPI 28 basis", "⚠ 法28条の根拠なし"),
    "mark_unknown_location": ("⚠ location unknown", "⚠ 所在不明"),
    "mark_mismatch": ("⚠ eu_uk does not fit", "⚠ eu_uk は不適合"),
    "mark_cannot_apply": ("⚠ basis cannot apply", "⚠ 根拠が不適合"),
    "mark_not_disclosed": ("⚠ not disclosed (APPI 32)", "⚠ 公表なし（法32条）"),
    "mark_storage": ("storage only, no provision", "保管のみ（提供に非該当）"),
    "sub_link": ("dotted brown line: contractor → its sub-contractor", "茶色の点線：委託先 → 再委託先"),
    "sensitive_item": ("sensitive item (要配慮)", "要配慮個人情報"),
    "financial_item": ("financial-damage item (card etc.)", "財産的被害のおそれがある項目"),
    "map_title": ("Personal-data flow map", "個人データの流れ（全体図）"),
    "item_title": ("Where {name} flows", "{name}の流れ"),
    "node_title": ("Flows around {name}", "{name}の周辺の流れ"),
    "collapsed": ("{n} recipients collapsed into {g} groups (over {limit} nodes)",
                  "提供先 {n} 件を {g} グループにまとめました（{limit} ノード超）"),
    "engine": ("laid out with sfdp, not dot: {n} nodes and {e} edges (dot up to {limit} nodes, {edges} edges); "
               "clusters not drawn", "{n} ノード・{e} 辺のため dot ではなく sfdp で配置（dot は {limit} ノード・"
               "{edges} 辺まで）。クラスタは省略"),
    "dot_slow": ("laid out with sfdp: dot took over {seconds} s; clusters not drawn",
                 "dot が {seconds} 秒を超えたため sfdp で配置。クラスタは省略"),
    "system_level": ("system level: items shown as counts", "システム単位：項目は件数で表示"),
    "aggregated": ("aggregated: {n} nodes and {f} flows are more than a layout can draw (over {limit} nodes); "
                   "each box counts the collection points, systems or recipients of one kind in one place "
                   "(clusters: party, country), each arrow the flows between two boxes; narrow the picture "
                   "with --item, --system, --recipient or --depth to see single nodes",
                   "集約表示：{n} ノード・{f} フローは描画できる上限（{limit} ノード）を超えるため、同じ種類・"
                   "同じ所在地の取得窓口・システム・提供先を件数付きの 1 つの箱に、箱の間のフローを件数付きの 1 本の"
                   "矢印にまとめました（枠：当事者・国）。個々のノードは --item・--system・--recipient・--depth "
                   "で絞り込んで表示"),
    "aggregated_systems": ("+ {n} systems they run", "＋ 運用するシステム {n} 件"),
    "aggregated_abroad": ("{n} listed by daicho abroad", "うち国外 {n} 件（daicho abroad）"),
    "aggregated_left_out": ("only the {shown} busiest arrows are drawn: {a} more ({f} flows) between smaller "
                            "groups are not",
                            "フローの多い {shown} 本の矢印のみ表示：ほかの {a} 本（{f} フロー）は省略"),
    "aggregated_inside": ("{f} flows within a group not drawn", "グループ内のフロー {f} 件は省略"),
}


#: Graphviz shape → (English, Japanese), for the legend
SHAPE_WORDS: dict[str, tuple[str, str]] = {
    "cds": ("arrow", "矢印形"), "cylinder": ("cylinder", "円柱"), "component": ("component", "部品形"),
    "box": ("box", "四角"), "folder": ("folder", "フォルダ形"), "note": ("note", "メモ形"),
    "hexagon": ("hexagon", "六角形"), "octagon": ("octagon", "八角形"), "house": ("house", "家形"),
}


def shape_word(shape: str, lang: str) -> str:
    en, ja = SHAPE_WORDS.get(shape, (shape, shape))
    return ja if lang == "ja" else en


def word(key: str, lang: str) -> str:
    """A fixed word of the picture in `lang` (ja or en)."""
    en, ja = WORDS[key]
    return ja if lang == "ja" else en


def kind_word(key: str, lang: str) -> str:
    en, ja = KIND_WORDS[key]
    return ja if lang == "ja" else en


def basis_colour(basis: str) -> str:
    return BASIS.get(basis, OTHER_BASIS)[0]


def basis_word(basis: str, lang: str) -> str:
    """The legal basis in `lang`: 委託, 第三者提供(同意), 共同利用 … (the raw value when unknown)."""
    _, en, ja = BASIS.get(basis, OTHER_BASIS)
    return (ja if lang == "ja" else en) or basis


def foreign_basis_word(value: str, lang: str) -> str:
    en, ja = FOREIGN_BASIS.get(value, (value, value))
    return ja if lang == "ja" else en


def country_label(code: str, lang: str) -> str:
    """'US · United States' / 'US · アメリカ合衆国', 'EU · European Union'; the code alone when not known."""
    name = location_title(code, lang)
    return f"{code} · {name}" if name and name != code else code


def location_words(code: str, lang: str) -> str:
    """'location unknown' / '所在不明', 'chosen per customer' / '顧客ごとに選択'."""
    return location_title(code, lang) or code
