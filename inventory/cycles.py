"""Cycles in the derivations of a manifest: item a made from b, and b (in the end) made from a.

An item cannot be its own ancestor: such a cycle is a mistake in the manifest (often a `from`/`to` written
the wrong way round), and lineage over it would have no start. Each cycle is reported once, at the first
of its derivations in manifest order, with the items it goes through.
"""

from __future__ import annotations

from collections.abc import Iterable


def find_cycles(derivations: Iterable[tuple[str, str, str, int]]) -> list[tuple[str, int, str]]:
    """Cycles among derivations given as (from, to, file, line): one (file, line, the cycle shown as
    'a → b → a') per cycle (per strongly connected group of items). A derivation of an item from itself is
    left to the caller."""
    edges: dict[str, list[str]] = {}
    first: list[tuple[str, str, str, int]] = []
    for source, target, file, line in derivations:
        if source != target:
            edges.setdefault(source, []).append(target)
            first.append((source, target, file, line))
    group_of = _strong_groups(edges)
    reported: set[int] = set()
    problems = []
    for source, target, file, line in first:  # manifest order: the first derivation of each cycle speaks for it
        group = group_of.get(source)
        if group is None or group != group_of.get(target) or group in reported:
            continue
        reported.add(group)
        path = _path(edges, target, source, {n for n, g in group_of.items() if g == group})
        shown = " → ".join([source, *path])
        problems.append((file, line, shown))
    return problems


def _strong_groups(edges: dict[str, list[str]]) -> dict[str, int]:
    """Tarjan's strongly connected components, iteratively: node → group number, for groups of two or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: dict[str, int] = {}
    counter = 0
    for root in list(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    groups.update(dict.fromkeys(members, len(set(groups.values()))))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def _path(edges: dict[str, list[str]], start: str, goal: str, allowed: set[str]) -> list[str]:
    """The shortest path start … goal inside `allowed` (breadth first), as the nodes from start to goal."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        if node == goal:
            break
        for target in edges.get(node, []):
            if target in allowed and target not in previous:
                previous[target] = node
                queue.append(target)
    path: list[str] = []
    node: str | None = goal
    while node is not None:
        path.append(node)
        node = previous.get(node)
    return path[::-1]
