"""Write a `Scene` as Graphviz DOT text.

Every label is an HTML-like label built from escaped text (`html_text`); attribute strings are quoted
with `quoted`. Node ids are generated (n0, n1 …), never user keys. No record shapes.
"""

from __future__ import annotations

import re
import unicodedata

from daicho.catalog.diagram import styles
from daicho.catalog.diagram.layout import Arrow, Box, Cluster, Line, Link, Scene, Span
from daicho.catalog.diagram.styles import FONT, HIGHLIGHT, word
from daicho.inventory.safe_text import visible

_NODE_SIZE, _EDGE_SIZE, _DIM_SIZE = 11, 9, 9
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.:\-]+")
_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def clean(text: str) -> str:
    """Text without control characters, lone surrogates or non-characters (Graphviz's XML parser rejects them);
    bidi overrides shown as <U+202E> (`visible`), so that neither the DOT text nor the picture reads reversed."""
    out = []
    for ch in str(text):
        if ch in "\t\r\n":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch in "\ufffe\uffff":
            continue
        elif unicodedata.category(ch) == "Cf" and visible(ch) != ch:
            out.append(visible(ch))
        else:
            out.append(ch)
    return "".join(out)


def html_text(text: str) -> str:
    """User text for the inside of an HTML-like label: escaped, one line. Graphviz expands \\G, \\N, \\E …
    in HTML labels after decoding entities, so a backslash is doubled (which Graphviz shows as one)."""
    return "".join(_HTML_ESCAPES.get(ch, ch) for ch in clean(text)).replace("\\", "\\\\")


def quoted(text: str) -> str:
    """A DOT double-quoted string that Graphviz shows literally (escString and entity decoding defused)."""
    body = clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return f'"{body}"'


def _span(span: Span) -> str:
    body = html_text(span.text)
    if not body:
        return ""
    if span.style == "bold":
        return f"<B>{body}</B>"
    if span.style == "dim":
        return f'<FONT COLOR="{HIGHLIGHT["dim"]}" POINT-SIZE="{_DIM_SIZE}">{body}</FONT>'
    if span.style in HIGHLIGHT:
        return f'<FONT COLOR="{HIGHLIGHT[span.style]}"><B>{body}</B></FONT>'
    return body


def _em(text: str, bold: bool) -> float:
    """Estimated width of `text` in ems (a Japanese character is one em)."""
    narrow = 0.62 if bold else 0.56
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else narrow for ch in text)


def _row(line: Line, size: int) -> str:
    """One label line as a table row with room to spare: Graphviz 2.43 under-measures the height of Noto
    CJK lines and the width of bold text, so each cell gets an explicit minimum height and, if bold, width."""
    body = "".join(_span(s) for s in line)
    if not body:
        return ""
    sizes = [_DIM_SIZE if s.style == "dim" else size for s in line]
    width = sum(_em(s.text, s.style not in (None, "dim")) * z for s, z in zip(line, sizes, strict=True))
    attrs = f' HEIGHT="{round(max(sizes) * 1.4)}"'
    if any(s.style not in (None, "dim") for s in line):
        attrs += f' WIDTH="{round(width * 1.04) + 2}"'
    return f"<TR><TD{attrs}>{body}</TD></TR>"


def html_label(lines: list[Line], size: int = 11, table: str = 'CELLPADDING="0"') -> str:
    """Lines of spans as an HTML-like label: a borderless table, one row per line (`table` adds attributes)."""
    rows = "".join(_row(line, size) for line in lines) or "<TR><TD> </TD></TR>"
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" {table}>{rows}</TABLE>>'


def _node(box: Box, indent: str) -> str:
    style = styles.NODE_STYLES[box.style]
    attrs = [f"label={html_label(box.lines)}", f"shape={style.shape}", f'fillcolor="{style.fill}"',
             f'color="{style.border}"']
    if _PLAIN_KEY.fullmatch(box.key):  # Graphviz expands escapes in tooltips unevenly: only plain keys
        attrs.append(f"tooltip={quoted(box.key)}")
    looks = ["filled"] + (["dashed"] if style.dashed else []) + (["rounded"] if style.shape == "box" else [])
    attrs.append(f'style="{",".join(looks)}"')
    if box.focus:
        attrs.append("penwidth=3")
    if box.members:
        attrs.append("peripheries=2")
    return f"{indent}{box.id} [{', '.join(attrs)}];"


def _edge_label(lines: list[Line]) -> str:
    """An edge label on a padded, nearly opaque white table: apart from its neighbours, readable over lines."""
    return html_label(lines, _EDGE_SIZE, 'CELLPADDING="1" BGCOLOR="#ffffffd9"')


def _edge_look(arrow: Arrow) -> list[str]:
    colour = styles.basis_colour(arrow.basis)
    width = 2.8 if arrow.highlight else 2.2 if arrow.cross_border else 1.2
    attrs = [f'color="{colour}"', f'fontcolor="{colour}"', f"penwidth={width}"]
    return attrs + (['style="dashed"'] if arrow.cross_border else [])


def _edge(arrow: Arrow) -> str:
    """An edge with its label (sfdp)."""
    return f"  {arrow.src} -> {arrow.dst} [{', '.join([f'label={_edge_label(arrow.lines)}', *_edge_look(arrow)])}];"


def _label_node(n: int, arrow: Arrow, indent: str) -> str:
    """The label of edge `n` as a node of its own (dot): dot sizes and spaces nodes exactly, while with
    rankdir=LR it lets neighbouring edge labels overlap."""
    colour = styles.basis_colour(arrow.basis)
    return f'{indent}e{n} [shape=plain, fontcolor="{colour}", fontsize={_EDGE_SIZE}, label={_edge_label(arrow.lines)}];'


def _label_edges(n: int, arrow: Arrow) -> list[str]:
    look = ", ".join(_edge_look(arrow))
    return [f"  {arrow.src} -> e{n} [arrowhead=none, {look}];", f"  e{n} -> {arrow.dst} [{look}];"]


def _home_cluster(scene: Scene) -> dict[int, str | None]:
    """Edge index → the innermost cluster holding both its ends (where its label node goes)."""
    parent = {c.id: c.parent for c in scene.clusters}
    where = {b.id: b.cluster for b in scene.boxes}

    def chain(cluster: str | None) -> list[str]:
        out = []
        while cluster is not None:
            out.append(cluster)
            cluster = parent[cluster]
        return out

    homes: dict[int, str | None] = {}
    for n, arrow in enumerate(scene.arrows):
        dst_chain = set(chain(where[arrow.dst]))
        homes[n] = next((c for c in chain(where[arrow.src]) if c in dst_chain), None)
    return homes


def _cluster(cluster: Cluster, scene: Scene, children: dict[str | None, list[Cluster]],
             homes: dict[int, str | None], indent: str) -> list[str]:
    border, fill = styles.CLUSTER_COLOURS[cluster.role]
    size, dashed = (11, ",dashed") if cluster.role in ("country", "unknown") else (13, "")
    size = 11 if cluster.role == "party" else size
    out = [f"{indent}subgraph {cluster.id} {{",
           f'{indent}  graph [label=<<B>{html_text(cluster.label)}</B>>, fontsize={size}, labelloc=t, '
           f'color="{border}", fillcolor="{fill}", style="rounded,filled{dashed}", fontcolor="{border}"];']
    out += [_node(box, indent + "  ") for box in scene.boxes if box.cluster == cluster.id]
    out += [_label_node(n, scene.arrows[n], indent + "  ") for n, home in homes.items() if home == cluster.id]
    for child in children.get(cluster.id, []):
        out += _cluster(child, scene, children, homes, indent + "  ")
    out.append(f"{indent}}}")
    return out


def flag_word(flag: str, lang: str) -> str:
    """The legend's words for a mark (Scene.legend_flags)."""
    return word({"financial": "financial_item", "sensitive": "sensitive_item"}.get(flag, flag), lang)


def flag_colour(flag: str) -> str:
    """The legend's colour for a mark: the colour it is drawn in."""
    if flag in ("financial", "sensitive"):
        return HIGHLIGHT[flag]
    if flag in ("party", "unknown"):
        return styles.CLUSTER_COLOURS[flag][0]
    return {"cross_border": HIGHLIGHT["abroad"], "storage": HIGHLIGHT["dim"],
            "sub_link": styles.SUB_LINK}.get(flag, HIGHLIGHT["warning"])


def _link(link: Link) -> str:
    """The dotted line from a contractor to a sub-contractor it engages (no data: not a flow)."""
    return (f'  {link.src} -> {link.dst} [style="dotted", color="{styles.SUB_LINK}", arrowhead=odot, '
            f'penwidth=1.2, constraint=false];')


def _legend(scene: Scene) -> str:
    """Title, notes and legend as one HTML table: the picture's caption, below it."""
    lang = scene.lang
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="15"><B>{html_text(scene.title)}</B></FONT></TD></TR>']
    rows += [f'<TR><TD ALIGN="LEFT"><I>{html_text(note)}</I></TD></TR>' for note in scene.notes]
    kinds = []
    for key in scene.legend_styles():
        style = styles.NODE_STYLES[key]
        text = word("kind_shape", lang, kind=styles.kind_word(key, lang), shape=styles.shape_word(style.shape, lang))
        kinds.append(f'<TD BGCOLOR="{style.fill}" COLOR="{style.border}" BORDER="1">{html_text(text)}</TD>')
    edges = []
    for key in scene.legend_bases():
        colour = styles.basis_colour(key)
        edges.append(f'<TD><FONT COLOR="{colour}">━━ {html_text(styles.basis_word(key, lang))}</FONT></TD>')
    marks = [f'<TD ALIGN="LEFT"><FONT COLOR="{flag_colour(flag)}"><B>{html_text(flag_word(flag, lang))}</B></FONT>'
             f'</TD>' for flag in scene.legend_flags()]
    marks = ["".join(marks[i:i + 3]) for i in range(0, len(marks), 3)]  # three to a row
    for n, cells in enumerate(c for c in (kinds, edges, *([m] for m in marks)) if c):
        head = f'<B>{html_text(word("legend", lang))}</B>' if n == 0 else " "
        rows.append(f'<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="4"><TR>'
                    f'<TD ALIGN="LEFT" WIDTH="40">{head}</TD>{"".join(cells)}</TR></TABLE></TD></TR>')
    return f'<<TABLE BORDER="0" CELLSPACING="2">{"".join(rows)}</TABLE>>'


def to_dot(scene: Scene) -> str:
    """The DOT source of a scene; dot (LR, clusters) or sfdp as `scene.engine` says."""
    graph = [f'fontname="{FONT}"', "fontsize=11", "labelloc=b", "labeljust=l", f"label={_legend(scene)}",
             'bgcolor="white"', "pad=0.3"]
    if scene.engine == "dot":
        graph += ["rankdir=LR", "nodesep=0.4", "ranksep=0.8", "newrank=true"]
    else:
        graph += ["overlap=prism", "splines=false", "outputorder=edgesfirst", "K=1.2"]
    lines = ["digraph daicho {", f"  graph [{', '.join(graph)}];",
             f'  node [fontname="{FONT}", fontsize={_NODE_SIZE}, margin="0.14,0.08"];',
             f'  edge [fontname="{FONT}", fontsize={_EDGE_SIZE}, arrowsize=0.8];']
    if scene.engine == "dot":
        children: dict[str | None, list[Cluster]] = {}
        for cluster in scene.clusters:
            children.setdefault(cluster.parent, []).append(cluster)
        homes = _home_cluster(scene)
        for cluster in children.get(None, []):
            lines += _cluster(cluster, scene, children, homes, "  ")
        lines += [_node(box, "  ") for box in scene.boxes if box.cluster is None]
        lines += [_label_node(n, scene.arrows[n], "  ") for n, home in homes.items() if home is None]
        lines += [line for n, arrow in enumerate(scene.arrows) for line in _label_edges(n, arrow)]
        lines += [_link(link) for link in scene.links]
    else:  # sfdp draws no clusters (the country is in each node's label) and keeps labels on edges
        lines += [_node(box, "  ") for box in scene.boxes]
        lines += [_edge(arrow) for arrow in scene.arrows]
        lines += [_link(link) for link in scene.links]
    lines.append("}")
    return "\n".join(lines) + "\n"
