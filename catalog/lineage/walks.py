"""Plain walks over adjacency maps, shared by the lineage queries that read their edges once and walk them in
Python (`batch`, `receiving`, `paths`): breadth-first hop counts and the set reachable from some keys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def hop_counts(starts: Iterable[str], out: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Breadth-first hop counts from `starts` (hop 0, in the order given) over `out` (`sql.bfs` without a call
    per node)."""
    hops = dict.fromkeys(starts, 0)
    frontier = list(hops)
    depth = 0
    while frontier:
        depth += 1
        following = []
        for node in frontier:
            for nxt in out.get(node, ()):
                if nxt not in hops:
                    hops[nxt] = depth
                    following.append(nxt)
        frontier = following
    return hops


def closure(keys: Iterable[str], step: Mapping[str, Iterable[str]]) -> set[str]:
    """`keys` and everything reachable from them through `step`."""
    seen = set(keys)
    stack = list(seen)
    while stack:
        for nxt in step.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen
