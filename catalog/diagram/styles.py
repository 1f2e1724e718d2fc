"""What a diagram looks like, in one place: shapes and colours by kind, colours by legal basis, its words.

Renderers (`dot`, `mermaid`) read these tables; nothing else in the package names a colour. The words are
English message ids marked `N_` and said in a language with `t` from the catalog (`catalog/words`); an id
written `diagram|…` is the diagram's own sense of a word another part of the tool says differently (the part
after `|` is the English).
"""

from __future__ import annotations

from dataclasses import dataclass

from daicho.catalog.resolved.countries import location_title
from daicho.catalog.words import N_, t

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


#: style key → its name, for node labels and the legend
KIND_WORDS: dict[str, str] = {
    "collection_point": N_("diagram|collection point"),
    "database": N_("database"),
    "saas": N_("SaaS"),
    "application": N_("application"),
    "file_share": N_("file share"),
    "paper_cabinet": N_("paper"),
    "system": N_("system"),
    "contractor": N_("contractor"),
    "subcontractor": N_("sub-contractor"),
    "third_party": N_("third party"),
    "joint_user": N_("joint user"),
    "group_company": N_("group company"),
    "recipient": N_("recipient"),
}

#: legal basis → (colour, its words)
BASIS: dict[str, tuple[str, str]] = {
    "collection": ("#2e7d32", N_("diagram|collection")),
    "internal": ("#546e7a", N_("internal")),
    "outsourcing": ("#1565c0", N_("outsourcing")),
    "succession": ("#00838f", N_("diagram|succession")),
    "joint_use": ("#6a1b9a", N_("joint use")),
    "consent": ("#c62828", N_("third party (consent)")),
    "exception": ("#c62828", N_("third party (exception)")),
    "opt_out": ("#c62828", N_("third party (opt-out)")),
}
OTHER_BASIS = ("#424242", "")

#: APPI 28 route → its words
FOREIGN_BASIS: dict[str, str] = {
    "eu_uk": N_("EU/UK"),
    "compliant_system": N_("compliant system"),
    "consent": N_("consent"),
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

#: Words in the picture (message ids; `word` says them in a language).
WORDS: dict[str, str] = {
    "operator": N_("Operator"),
    "outsourcing": N_("Contractors (outsourcing)"),
    "third_party": N_("Third parties and joint users"),
    "items": N_("items"),
    "item": N_("item"),
    "sensitive": N_("sensitive"),
    "financial": N_("financial damage"),
    "flows": N_("flows"),
    "n_item": N_("diagram|{n} item"),
    "n_items": N_("diagram|{n} items"),
    "n_financial": N_("{n} financial damage"),
    "n_sensitive": N_("{n} sensitive"),
    "n_flows": N_("diagram|{n} flows"),
    "operator_box": N_("{operator} ({role}, {home})"),
    "kind_shape": N_("{kind} ({shape})"),
    "foreign_basis": N_(" ({basis})"),
    "run_by": N_("run by {name}"),
    "stored_at": N_("stored at {name} (does not handle the data)"),
    "sub_of": N_("sub-contractor of {name}"),
    "kept_in": N_("data kept in {where}"),
    "party_box": N_("{name} ({kind})"),
    "legend": N_("Legend"),
    "cross_border": N_("leaves the home country, as daicho abroad lists (dashed, → where to)"),
    "missing_basis": N_("⚠ no foreign-transfer basis (APPI 28)"),
    "unknown_location": N_("⚠ recipient's location unknown (APPI 28)"),
    "mismatch": N_("⚠ eu_uk, but not in the EU/EEA or UK"),
    "cannot_apply": N_("⚠ the basis cannot apply to this transfer"),
    "not_disclosed": N_("⚠ storage abroad not in the published measures (APPI 32)"),
    "storage": N_("storage only: the provider does not handle the data (PPC Q&A 7-53)"),
    "party": N_("brown box: a recipient and the systems it runs for its own side"),
    "unknown": N_("grey box: location not recorded (never assumed to be the home country)"),
    "mark_missing_basis": N_("⚠ no APPI 28 basis"),
    "mark_unknown_location": N_("⚠ location unknown"),
    "mark_mismatch": N_("⚠ eu_uk does not fit"),
    "mark_cannot_apply": N_("⚠ basis cannot apply"),
    "mark_not_disclosed": N_("⚠ not disclosed (APPI 32)"),
    "mark_storage": N_("storage only, no provision"),
    "sub_link": N_("dotted brown line: contractor → its sub-contractor"),
    "sensitive_item": N_("sensitive item (要配慮)"),
    "financial_item": N_("financial-damage item (card etc.)"),
    "map_title": N_("Personal-data flow map"),
    "item_title": N_("Where {name} flows"),
    "node_title": N_("Flows around {name}"),
    "collapsed": N_("{n} recipients collapsed into {g} groups (over {limit} nodes)"),
    "engine": N_("laid out with sfdp, not dot: {n} nodes and {e} edges (dot up to {limit} nodes, {edges} "
                 "edges); clusters not drawn"),
    "dot_slow": N_("laid out with sfdp: dot took over {seconds} s; clusters not drawn"),
    "system_level": N_("system level: items shown as counts"),
    "aggregated": N_("aggregated: {n} nodes and {f} flows are more than a layout can draw (over {limit} nodes); "
                     "each box counts the collection points, systems or recipients of one kind in one place "
                     "(clusters: party, country), each arrow the flows between two boxes; narrow the picture "
                     "with --item, --system, --recipient or --depth to see single nodes"),
    "aggregated_systems": N_("+ {n} systems they run"),
    "aggregated_abroad": N_("{n} listed by daicho abroad"),
    "aggregated_left_out": N_("only the {shown} busiest arrows are drawn: {a} more ({f} flows) between smaller "
                              "groups are not"),
    "aggregated_inside": N_("{f} flows within a group not drawn"),
    "follows": N_("also follows {items}"),
    "derived": N_("{item} ({method} of {source})"),
    "ends": N_("trail ends: {source} → {item} by {method}"),
    "ends_at": N_("trail ends: {source} → {item} by {method} at {at}"),
    "depth": N_("limited to {n} hops"),
    "depth_1": N_("limited to {n} hop"),
}
#: between the notes of a caption's line ("; ", 。)
NOTE_SEP = N_("diagram|; ")

#: How a derived item is made (a trail's `method`), in words
METHODS: dict[str, str] = {"copy": N_("copy"), "pseudonymisation": N_("pseudonymisation"),
                           "anonymisation": N_("anonymisation"), "aggregation": N_("aggregation")}


#: Graphviz shape → its words, for the legend
SHAPE_WORDS: dict[str, str] = {
    "cds": N_("arrow"), "cylinder": N_("cylinder"), "component": N_("component"), "box": N_("box"),
    "folder": N_("folder"), "note": N_("diagram|note"), "hexagon": N_("hexagon"), "octagon": N_("octagon"),
    "house": N_("house"),
}


def said(lang: str, msgid: str, **params: object) -> str:
    """A word of the picture in `lang` from the catalog (`diagram|…`: the part after the bar in English)."""
    text = t(lang, msgid, **params)
    return text.split("|", 1)[1] if "|" in msgid and text.startswith("diagram|") else text


def shape_word(shape: str, lang: str) -> str:
    """A Graphviz shape in words, for the legend ('cylinder' / 円柱)."""
    msgid = SHAPE_WORDS.get(shape)
    return said(lang, msgid) if msgid else shape


def word(key: str, lang: str, **params: object) -> str:
    """A fixed word of the picture in `lang` (WORDS), its `{placeholders}` filled from `params` when given."""
    return said(lang, WORDS[key], **params)


def caption(notes: list[tuple[str, dict]], lang: str) -> str | None:
    """A slice's notes (`FlowGraph.notes`: codes and parameters) said in `lang` as one line of the caption: the
    derived items it also follows, where the trail ends, the depth limit; None when there are none."""
    def method(code: str) -> str:
        return t(lang, METHODS[code]) if code in METHODS else code

    out = []
    for code, p in notes:
        if code == "follows":
            items = t(lang, ", ").join(word("derived", lang, item=d["item"], method=method(d["method"]),
                                            source=d["from"]) for d in p["trail"])
            out.append(word("follows", lang, items=items))
        elif code == "ends":
            out.append(word("ends_at" if p["at"] else "ends", lang, source=p["from"], item=p["item"],
                            method=method(p["method"]), at=p["at"]))
        elif code == "depth":
            out.append(word("depth_1" if p["n"] == 1 else "depth", lang, n=p["n"]))
    return said(lang, NOTE_SEP).join(out) or None


def kind_word(key: str, lang: str) -> str:
    """A kind of node in words ('database' / データベース)."""
    return said(lang, KIND_WORDS[key])


def basis_colour(basis: str) -> str:
    return BASIS.get(basis, OTHER_BASIS)[0]


def basis_word(basis: str, lang: str) -> str:
    """The legal basis in `lang`: 委託, 第三者提供(同意), 共同利用 … (the raw value when unknown)."""
    msgid = BASIS.get(basis, OTHER_BASIS)[1]
    return said(lang, msgid) if msgid else basis


def foreign_basis_word(value: str, lang: str) -> str:
    """An APPI 28 route in words ('EU/UK' / EU・英国; the raw value when unknown)."""
    msgid = FOREIGN_BASIS.get(value)
    return said(lang, msgid) if msgid else value


def country_label(code: str, lang: str) -> str:
    """'US · United States' / 'US · アメリカ合衆国', 'EU · European Union'; the code alone when not known."""
    name = location_title(code, lang)
    return f"{code} · {name}" if name and name != code else code


def location_words(code: str, lang: str) -> str:
    """'location unknown' / '所在不明', 'chosen per customer' / '顧客ごとに選択'."""
    return location_title(code, lang) or code
