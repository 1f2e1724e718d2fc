"""Write a `Scene` as a Mermaid flowchart (for Markdown files, wikis and GitHub).

Node and subgraph ids are generated (n0, cluster_0, k0 …), never user keys, so a key such as `end`
cannot break the syntax. Every label is a double-quoted string in which any character outside a
small safe set is an entity code (`#34;` for a quote, `#60;` for `<`), so quotes, brackets, `|`,
`;`, `#`, backticks and `-->` in names are shown literally.
"""

from __future__ import annotations

import unicodedata

from daicho.catalog.diagram import styles
from daicho.catalog.diagram.dot import clean, flag_word
from daicho.catalog.diagram.layout import Arrow, Box, Cluster, Line, Scene, Span
from daicho.catalog.diagram.styles import HIGHLIGHT, word

_SAFE = frozenset(" .,:-_+/()")
_TAGS = {"bold": ("<b>", "</b>"), "financial": ("<b>", "</b>"), "sensitive": ("<b>", "</b>"),
         "abroad": ("<b>", "</b>"), "warning": ("<b>", "</b>"), "dim": ("<small>", "</small>")}


def _kept(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum() or ch in _SAFE
    return unicodedata.category(ch)[0] not in "CZ"  # Japanese, accents, emoji; not format or odd spaces


def mermaid_text(text: str) -> str:
    """User text for inside a quoted Mermaid label: ASCII letters, digits, a few marks and printable
    non-ASCII kept; everything else (quotes, brackets, `|`, `;`, `#`, `<`, backticks …) as #NNN;."""
    return "".join(ch if _kept(ch) else f"#{ord(ch)};" for ch in clean(text))


def _span(span: Span) -> str:
    body = mermaid_text(span.text)
    if not body:
        return ""
    start, end = _TAGS.get(span.style or "", ("", ""))
    return f"{start}{body}{end}"


def label(lines: list[Line]) -> str:
    """Lines of spans as one quoted Mermaid label."""
    rendered = ["".join(_span(s) for s in line) for line in lines]
    return '"' + ("<br/>".join(r for r in rendered if r) or " ") + '"'


def _node(box: Box) -> str:
    start, end = styles.NODE_STYLES[box.style].mermaid
    return f"{box.id}{start}{label(box.lines)}{end}"


def _arrow(arrow: Arrow) -> str:
    link = "-.->" if arrow.cross_border else "==>" if arrow.highlight else "-->"
    return f"  {arrow.src} {link}|{label(arrow.lines)}| {arrow.dst}"


def _link_style(n: int, arrow: Arrow) -> str:
    colour = HIGHLIGHT[arrow.highlight] if arrow.highlight else styles.basis_colour(arrow.basis)
    width = 3 if arrow.highlight else 2 if arrow.cross_border else 1.5
    dash = ",stroke-dasharray:6 4" if arrow.cross_border else ""
    return f"  linkStyle {n} stroke:{colour},stroke-width:{width}px{dash}"


def _subgraph(cluster: Cluster, scene: Scene, children: dict[str | None, list[Cluster]], indent: str) -> list[str]:
    out = [f"{indent}subgraph {cluster.id}[{label([(Span(cluster.label, 'bold'),)])}]"]
    out += [f"{indent}  {_node(box)}" for box in scene.boxes if box.cluster == cluster.id]
    for child in children.get(cluster.id, []):
        out += _subgraph(child, scene, children, indent + "  ")
    out.append(f"{indent}end")
    return out


def _legend(scene: Scene) -> tuple[list[str], dict[str, list[str]]]:
    """A legend subgraph: the title and notes, one sample node per kind, one line per basis and mark."""
    lang = scene.lang
    caption = [(Span(scene.title, "bold"),)] + [(Span(note),) for note in scene.notes]
    out = ["  subgraph legend[" + label([(Span(word("legend", lang), "bold"),)]) + "]",
           f"    k_title[{label(caption)}]"]
    members: dict[str, list[str]] = {}
    for n, key in enumerate(scene.legend_styles()):
        start, end = styles.NODE_STYLES[key].mermaid
        out.append(f"    k{n}{start}{label([(Span(styles.kind_word(key, lang)),)])}{end}")
        members.setdefault(key, []).append(f"k{n}")
    lines = [(Span(f"━━ {styles.basis_word(key, lang)}"),) for key in scene.legend_bases()]
    lines += [(Span(flag_word(flag, lang), "bold"),) for flag in scene.legend_flags()]
    if lines:
        out.append(f"    k_edges[{label(lines)}]")
    out.append("  end")
    return out, members


def to_mermaid(scene: Scene) -> str:
    """The Mermaid flowchart of a scene (left to right, subgraphs for clusters, a legend subgraph)."""
    lines = ["flowchart LR", f"  %% {mermaid_text(scene.title)}"]
    children: dict[str | None, list[Cluster]] = {}
    for cluster in scene.clusters:
        children.setdefault(cluster.parent, []).append(cluster)
    for cluster in children.get(None, []):
        lines += _subgraph(cluster, scene, children, "  ")
    lines += [f"  {_node(box)}" for box in scene.boxes if box.cluster is None]
    lines += [_arrow(arrow) for arrow in scene.arrows]
    lines += [f"  {link.src} -.-o {link.dst}" for link in scene.links]
    legend, members = _legend(scene)
    lines += legend
    for box in scene.boxes:
        members.setdefault(box.style, []).append(box.id)
    for key, ids in members.items():
        style = styles.NODE_STYLES[key]
        dash = ",stroke-dasharray:4 3" if style.dashed else ""
        lines.append(f"  classDef {key} fill:{style.fill},stroke:{style.border},color:#212121{dash}")
        lines.append(f"  class {','.join(ids)} {key}")
    for cluster in scene.clusters:
        border, fill = styles.CLUSTER_COLOURS[cluster.role]
        lines.append(f"  style {cluster.id} fill:{fill},stroke:{border}")
    lines += [f"  style {box.id} stroke-width:4px" for box in scene.boxes if box.focus]
    lines += [_link_style(n, arrow) for n, arrow in enumerate(scene.arrows)]
    lines += [f"  linkStyle {len(scene.arrows) + n} stroke:{styles.SUB_LINK},stroke-width:1px,stroke-dasharray:2 3"
              for n in range(len(scene.links))]
    return "\n".join(lines) + "\n"
