"""The words on nodes and edges: styled spans in the chosen language, from the resolved facts a `FlowGraph`
carries (party, location, operator, contractors; boundary, border, statuses). No syntax: each writer escapes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from daicho.catalog.diagram import styles
from daicho.catalog.diagram.styles import word
from daicho.catalog.lineage.flowgraph import FlowGraph, GraphEdge, GraphNode
from daicho.catalog.resolved.countries import kept_besides

#: a label lists this many item names, then "+N"
ITEMS_SHOWN = 3
NAME_WIDTH = 28  # display columns of a node name line (a Japanese character is two)
_ITEM_WIDTH = 36
_OVERRUN = 6  # a name this many columns over the width stays on one line
_PURPOSE_ROOM = 44
#: foreign status → the mark an edge gets (the gaps `daicho abroad` reports on a provision abroad)
FOREIGN_MARKS = {"missing": "missing_basis", "unknown_location": "unknown_location", "mismatch": "mismatch"}
#: every edge mark, in legend order
MARKS = ("missing_basis", "unknown_location", "mismatch", "cannot_apply", "not_disclosed", "storage")


@dataclass(frozen=True)
class Span:
    """A run of label text; `style` is None, bold, dim, financial, sensitive, abroad or warning."""

    text: str
    style: str | None = None


Line = tuple[Span, ...]


def text_width(text: str) -> int:
    """Display width: a Japanese (wide) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def short(text: str, width: int) -> str:
    if text_width(text) <= width:
        return text
    while text_width(text) > width - 1:
        text = text[:-1]
    return text + "…"


def wrap(text: str, max_lines: int, width: int = NAME_WIDTH) -> list[str]:
    """Lines of about `width` display columns: a line may run a little over rather than leave a short
    last line; breaks go at a space, else after ・、 or before （ in Japanese, else anywhere."""
    lines: list[str] = []
    for chunk in text.splitlines() or [""]:
        rest = " ".join(chunk.split())
        while text_width(rest) > width + _OVERRUN:
            cut = _cut(rest, width)
            lines.append(rest[:cut].rstrip())
            rest = rest[cut:].lstrip()
        lines.append(rest)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = short(lines[-1] + "…", width)
    return lines


def _cut(text: str, width: int) -> int:
    """Where to break `text` so that the first line is at most `width` columns and not much shorter."""
    end = 0
    while end < len(text) and text_width(text[: end + 1]) <= width:
        end += 1
    for marks, after in ((" ", 0), ("・、，,/", 1), ("（(「", 0)):
        best = max((i + after for i in range(end) if text[i] in marks), default=0)
        if best > end // 2:
            return best
    return max(end, 1)


def place(code: str | None, lang: str) -> str:
    """A location in a label: its code, or the words for unknown / chosen per customer."""
    if code in (None, "unknown", "per_customer"):
        return styles.location_words(code or "unknown", lang)
    return code


def node_lines(node: GraphNode, graph: FlowGraph, lang: str) -> list[Line]:
    """Name, kind and where it is (when not at home), who runs it or stores it, whose sub-contractor it is."""
    lines: list[Line] = [(Span(part, "bold"),) for part in wrap(node.name(lang), 3)]
    about = [Span(styles.kind_word(styles.style_key(node.kind, node.subkind), lang), "dim")]
    if node.kind == "system" and node.foreign_hosting:  # where its data is kept
        about.append(Span(" · " + ", ".join(place(c, lang) for c in node.foreign_hosting), "abroad"))
    elif node.kind == "recipient" and node.location_class not in ("home", "none"):
        about.append(Span(f" · {place(node.location, lang)}", "abroad"))
    lines.append(tuple(about))
    kept = kept_besides(node.foreign_hosting, node.location)
    if node.kind == "recipient" and kept:
        lines.append((Span(word("kept_in", lang).format(where=", ".join(place(c, lang) for c in kept)), "abroad"),))
    if node.operated_by:
        name = _name(graph, node.operated_by, lang)
        key = "run_by" if node.handles else "stored_at"
        lines.append((Span(word(key, lang).format(name=name), "dim"),))
    for parent in node.parents:
        lines.append((Span(word("sub_of", lang).format(name=_name(graph, parent, lang)), "dim"),))
    return lines


def _name(graph: FlowGraph, key: str, lang: str) -> str:
    node = graph.node(key)
    return short(node.name(lang) if node else key, 40)


def edge_marks(edge: GraphEdge) -> tuple[str, ...]:
    """The marks an edge carries (see MARKS): APPI 28 gaps, a basis that cannot apply, storage abroad not
    disclosed, storage that is no provision."""
    marks = []
    if edge.foreign_status in FOREIGN_MARKS:
        marks.append(FOREIGN_MARKS[edge.foreign_status])
    if edge.basis_status == "cannot_apply":
        marks.append("cannot_apply")
    if edge.disclosure == "not_disclosed":
        marks.append("not_disclosed")
    if edge.boundary == "storage":
        marks.append("storage")
    return tuple(marks)


def edge_lines(graph: FlowGraph, edges: list[GraphEdge], lang: str, system_level: bool,
               purposes: Mapping[str, str]) -> tuple[list[Line], str | None]:
    """The label of merged `edges` (same ends, basis and facts) and its highlight (financial, sensitive)."""
    first = edges[0]
    items = list(dict.fromkeys(i for e in edges for i in e.items))
    financial = [i for i in items if i in graph.items and graph.items[i].financial]
    sensitive = [i for i in items if i in graph.items and graph.items[i].sensitive and i not in financial]
    ordered = financial + sensitive + [i for i in items if i not in financial and i not in sensitive]
    lines = [_item_line(graph, ordered, financial, sensitive, system_level, lang)]
    basis_line = [Span(styles.basis_word(first.basis, lang))]
    if first.foreign:
        dst = graph.node(first.dst)
        to = first.to_locations or ((dst.location,) if dst and dst.location else ("unknown",))
        basis_line.append(Span(" → " + ", ".join(place(c, lang) for c in to), "abroad"))
        if first.foreign_basis:
            basis_line.append(Span(word("foreign_basis", lang, basis=styles.foreign_basis_word(first.foreign_basis,
                                                                                   lang)), "abroad"))
    lines.append(tuple(basis_line))
    for mark in edge_marks(first):
        lines.append((Span(word(f"mark_{mark}", lang), "dim" if mark == "storage" else "warning"),))
    named = [purposes.get(p, p) for p in dict.fromkeys(p for e in edges for p in e.purposes)]
    if named and len(named) <= 2 and text_width("; ".join(named)) <= _PURPOSE_ROOM:
        lines.append((Span("; ".join(named), "dim"),))
    return lines, "financial" if financial else "sensitive" if sensitive else None


def _item_line(graph: FlowGraph, ordered: list[str], financial: list[str], sensitive: list[str],
               system_level: bool, lang: str) -> Line:
    """'card number, email +5' with highlighted names first, or '12 items (1 financial)' at system level."""
    if system_level:
        spans = [Span(word("n_item" if len(ordered) == 1 else "n_items", lang, n=len(ordered)))]
        marks = [Span(word("n_financial", lang, n=len(financial)), "financial")] if financial else []
        marks += [Span(word("n_sensitive", lang, n=len(sensitive)), "sensitive")] if sensitive else []
        if marks:
            spans.append(Span(" ("))
            for n, mark in enumerate(marks):
                spans += [Span(", ")] if n else []
                spans.append(mark)
            spans.append(Span(")"))
        return tuple(spans)
    spans: list[Span] = []
    for n, key in enumerate(ordered[:ITEMS_SHOWN]):
        name = graph.items[key].name(lang) if key in graph.items else key
        style = "financial" if key in financial else "sensitive" if key in sensitive else None
        spans += [Span(", ")] if n else []
        spans.append(Span(short(" ".join(name.split()), _ITEM_WIDTH), style))
    if len(ordered) > ITEMS_SHOWN:
        spans.append(Span(f" +{len(ordered) - ITEMS_SHOWN}"))
    return tuple(spans)
