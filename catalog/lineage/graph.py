"""A small graph wrapper: the one module that imports networkx (lazily, inside functions).

Used on the small slices lineage queries return — paths between two nodes, parents and children within a
number of hops, and subsets that keep the transitive edges across hidden nodes (for drawing).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Graph:
    """A directed graph of nodes (keys) and flows; several flows between two nodes make one edge."""

    def __init__(self, nodes: Iterable[str] = (), edges: Iterable[tuple[str, str]] = ()) -> None:
        import networkx as nx

        self._g: Any = nx.DiGraph()
        self._g.add_nodes_from(nodes)
        self._g.add_edges_from(edges)

    @classmethod
    def from_flowgraph(cls, graph: Any) -> Graph:
        """The graph of a `FlowGraph` (its nodes and its edges' src → dst)."""
        return cls(graph.nodes, ((e.src, e.dst) for e in graph.edges))

    @property
    def nodes(self) -> set[str]:
        return set(self._g.nodes)

    @property
    def edges(self) -> set[tuple[str, str]]:
        return set(self._g.edges)

    def children(self, ids: Iterable[str], depth: int | None = None) -> set[str]:
        """Nodes reachable from `ids` within `depth` hops (all of them without), `ids` excluded."""
        return self._walk(ids, depth, self._g.successors)

    def parents(self, ids: Iterable[str], depth: int | None = None) -> set[str]:
        """Nodes from which `ids` can be reached within `depth` hops, `ids` excluded."""
        return self._walk(ids, depth, self._g.predecessors)

    def _walk(self, ids: Iterable[str], depth: int | None, step) -> set[str]:
        start = [i for i in ids if i in self._g]
        seen = set(start)
        frontier, hops = start, 0
        while frontier and (depth is None or hops < depth):
            hops += 1
            frontier = [n for node in frontier for n in step(node) if n not in seen and not seen.add(n)]
        return seen - set(start)

    def subset(self, ids: Iterable[str]) -> Graph:
        """The graph on `ids` only, with an edge a → b wherever b can be reached from a through hidden nodes
        (nodes not in `ids`): hiding a node keeps the flow of data across it visible."""
        keep = {i for i in ids if i in self._g}
        edges = set()
        for node in keep:
            stack, seen = list(self._g.successors(node)), set()
            while stack:
                nxt = stack.pop()
                if nxt in seen:
                    continue
                seen.add(nxt)
                if nxt in keep:
                    edges.add((node, nxt))
                else:
                    stack.extend(self._g.successors(nxt))
        return Graph(keep, edges)

    def paths(self, a: str, b: str, limit: int | None = None) -> list[list[str]]:
        """Simple paths from a to b as node lists, shortest first; at most `limit` of them."""
        import networkx as nx

        if a not in self._g or b not in self._g or a == b:
            return []
        out: list[list[str]] = []
        try:
            for path in nx.shortest_simple_paths(self._g, a, b):
                out.append(path)
                if limit is not None and len(out) >= limit:
                    break
        except nx.NetworkXNoPath:
            return []
        return out
