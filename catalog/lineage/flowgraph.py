"""A slice of the flow map, as plain data: what lineage queries return and diagrams draw.

Lineage (`catalog.lineage`) builds a `FlowGraph` from the store; renderers (`catalog.diagram`)
draw one; neither needs the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GraphNode:
    """A collection point, system or recipient."""

    key: str
    kind: str  # collection_point | system | recipient
    subkind: str | None = None  # system kind (database, saas …) or recipient kind (contractor …)
    name_en: str | None = None
    name_ja: str | None = None
    country: str | None = None  # effective country; None = unknown (a recipient without one)
    parent: str | None = None  # a sub-contractor's contractor
    operated_by: str | None = None  # a system run by a recipient
    hops: int | None = None  # distance from the focus, when the slice comes from a lineage query

    def name(self, lang: str = "en") -> str:
        first, second = (self.name_ja, self.name_en) if lang == "ja" else (self.name_en, self.name_ja)
        return first or second or self.key


@dataclass(frozen=True)
class ItemInfo:
    key: str
    name_en: str | None = None
    name_ja: str | None = None
    sensitive: bool = False
    financial: bool = False

    def name(self, lang: str = "en") -> str:
        first, second = (self.name_ja, self.name_en) if lang == "ja" else (self.name_en, self.name_ja)
        return first or second or self.key


@dataclass(frozen=True)
class GraphEdge:
    """One flow (or the part of it that matters to the query: `items` may be a subset)."""

    flow: str
    src: str
    dst: str
    items: tuple[str, ...]
    basis: str
    foreign_basis: str | None = None
    purposes: tuple[str, ...] = ()
    mechanism: str | None = None
    crosses_border: bool = False  # both countries known and different


@dataclass
class FlowGraph:
    """Nodes, edges and the items they carry; `caption` says what was left out or collapsed."""

    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)
    items: dict[str, ItemInfo] = field(default_factory=dict)
    home_country: str = "JP"
    focus: str | None = None
    title: str | None = None
    caption: str | None = None
