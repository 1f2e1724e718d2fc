"""A slice of the flow map, as plain data: what lineage queries return and diagrams draw.

Lineage (`catalog.lineage.graphs`) builds a `FlowGraph` from the store's resolved facts
(`catalog.resolved`); renderers (`catalog.diagram`) draw one; neither needs the other's internals. Every fact
here — a node's party and location, a flow's boundary, border and statuses, whether it counts as foreign —
is copied from the resolved model, never re-derived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OPERATOR = "operator"


@dataclass(frozen=True)
class GraphNode:
    """A collection point, system or recipient, with its resolved party and location."""

    key: str
    kind: str  # collection_point | system | recipient
    subkind: str | None = None  # system kind (database, saas …) or recipient kind (contractor …)
    name_en: str | None = None
    name_ja: str | None = None
    #: where APPI 28 judges it: a country, EU/EEA, unknown, per_customer; None for a collection point
    location: str | None = None
    #: home, abroad, unknown, per_customer or none, seen from the operator's home country
    location_class: str = "none"
    registered: str | None = None  # where a recipient (or a system's operator) is established
    hosting: tuple[str, ...] = ()  # where data is kept
    foreign_hosting: tuple[str, ...] = ()  # the hosting locations not (known to be) at home
    #: whose side the node is on: the operator's key, or a recipient's key (a system it operates and handles)
    party: str | None = None
    party_kind: str | None = None  # operator, contractor, subcontractor, third_party, joint_user, group_company
    operated_by: str | None = None  # the recipient that runs a system
    handles: bool = True  # False: storage whose provider does not handle the data (PPC Q&A 7-53)
    parents: tuple[str, ...] = ()  # the contractors that engage a sub-contractor
    hops: int | None = None  # distance from the focus or from entry, when the slice comes from a lineage query

    def name(self, lang: str = "en") -> str:
        first, second = (self.name_ja, self.name_en) if lang == "ja" else (self.name_en, self.name_ja)
        return first or second or self.key

    @property
    def parent(self) -> str | None:
        """The first contractor engaging a sub-contractor (older name; `parents` has them all)."""
        return self.parents[0] if self.parents else None

    @property
    def side(self) -> str | None:
        """The recipient whose side the node is on, or None for the operator's side."""
        if self.party_kind is None:  # a graph made by hand without parties: recipients are their own side
            return self.key if self.kind == "recipient" else None
        return None if self.party_kind == OPERATOR else self.party

    @property
    def side_kind(self) -> str:
        """operator, or the kind of the recipient whose side the node is on."""
        if self.party_kind is None:
            return (self.subkind or "recipient") if self.kind == "recipient" else OPERATOR
        return self.party_kind


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
    """One flow (or the part of it that matters to the query: `items` may be a subset), with its resolved
    boundary, border and statuses."""

    flow: str
    src: str
    dst: str
    items: tuple[str, ...]
    basis: str
    foreign_basis: str | None = None
    purposes: tuple[str, ...] = ()
    mechanism: str | None = None
    boundary: str | None = None  # acquisition, internal, storage, outsourcing, provision … (catalog.resolved)
    border: str | None = None  # home, abroad, unknown, per_customer
    basis_status: str | None = None  # recorded, not_needed, cannot_apply
    foreign_status: str | None = None  # recorded, missing, mismatch, exempt, referable, unknown_location …
    transfer_location: str | None = None  # where the receiving party is, for a provision
    disclose_locations: tuple[str, ...] = ()  # foreign places data is kept, for storage
    disclosure: str | None = None  # disclosed, not_disclosed, not_applicable
    #: one of the flows `daicho abroad` lists (catalog.lineage.nodes.FOREIGN_FLOWS)
    foreign: bool = False

    @property
    def crosses_border(self) -> bool:
        """Older name of `foreign`."""
        return self.foreign

    @property
    def to_locations(self) -> tuple[str, ...]:
        """Where the data goes for the border mark: the receiving party's location for a provision, else the
        foreign places it is kept."""
        if self.transfer_location:
            return (self.transfer_location,)
        return self.disclose_locations


@dataclass
class FlowGraph:
    """Nodes, edges and the items they carry; `notes` say what the slice follows or leaves out, each a code and
    its parameters (`("follows", {"trail": [...]})`, `("ends", {...})`, `("depth", {"n": 2})`), said in a
    language by the diagram's writer (`catalog.diagram.styles.caption`).

    `refs` holds the recipients the drawn nodes refer to (their party, operator or contractors) whether or
    not they are drawn, so a cluster or label can name them."""

    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)
    items: dict[str, ItemInfo] = field(default_factory=dict)
    home_country: str = "JP"
    focus: str | None = None
    title: str | None = None
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    refs: dict[str, GraphNode] = field(default_factory=dict)

    def node(self, key: str) -> GraphNode | None:
        """A drawn node or a referenced recipient."""
        return self.nodes.get(key) or self.refs.get(key)
