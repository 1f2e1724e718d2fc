"""Plain walks over adjacency maps, shared by the lineage queries that read their edges once and walk them in
Python (`batch`, `receiving`, `paths`): breadth-first hop counts, the set reachable from some keys, and the
simple paths between two nodes, shortest first."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from heapq import heappop, heappush
from itertools import count


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


Step = Callable[[str], Iterable[str]]


def simple_paths(succ: Step, pred: Step, source: str, target: str, limit: int) -> list[list[str]]:
    """At most `limit` simple paths from `source` to `target` as node lists, shortest first: Yen's algorithm
    with a bidirectional breadth-first search, step for step networkx's unweighted `shortest_simple_paths`
    (3.x), so the same paths come in the same order. `succ` and `pred` give a node's neighbours in the order a
    `networkx.DiGraph` would hold them (the order its edges were added); they are asked only for the nodes the
    searches reach, so the graph can be read as it is walked."""
    if source == target:
        return []
    found: list[list[str]] = []
    buffer: list[tuple[int, int, list[str]]] = []  # (length, counter, path): networkx's PathBuffer
    buffered: set[tuple[str, ...]] = set()
    counter = count()

    def push(length: int, path: list[str]) -> None:
        if tuple(path) not in buffered:
            heappush(buffer, (length, next(counter), path))
            buffered.add(tuple(path))

    first = _bidirectional(succ, pred, source, target, set(), set())
    if first is None:
        return []
    push(len(first), first)
    while buffer and len(found) < limit:
        path = heappop(buffer)[2]
        buffered.discard(tuple(path))
        found.append(path)
        if len(found) == limit:
            break
        ignore_nodes: set[str] = set()
        ignore_edges: set[tuple[str, str]] = set()
        for i in range(1, len(path)):
            root = path[:i]
            for done in found:
                if done[:i] == root:
                    ignore_edges.add((done[i - 1], done[i]))
            spur = _bidirectional(succ, pred, root[-1], target, ignore_nodes, ignore_edges)
            if spur is not None:
                push(len(root) + len(spur), root[:-1] + spur)
            ignore_nodes.add(root[-1])
    return found


def _bidirectional(succ: Step, pred: Step, source: str, target: str, ignore_nodes: set[str],
                   ignore_edges: set[tuple[str, str]]) -> list[str] | None:
    """A shortest path from `source` to `target` avoiding `ignore_nodes` and `ignore_edges`, found by networkx's
    `_bidirectional_pred_succ` (the same fringes, in the same order); None when there is none."""
    if source in ignore_nodes or target in ignore_nodes:
        return None
    before: dict[str, str | None] = {source: None}
    after: dict[str, str | None] = {target: None}
    forward, reverse = [source], [target]
    meet = None
    while forward and reverse and meet is None:
        if len(forward) <= len(reverse):
            level, forward = forward, []
            for v in level:
                for w in succ(v):
                    if w in ignore_nodes or (v, w) in ignore_edges:
                        continue
                    if w not in before:
                        forward.append(w)
                        before[w] = v
                    if w in after:
                        meet = w
                        break
                if meet is not None:
                    break
        else:
            level, reverse = reverse, []
            for v in level:
                for w in pred(v):
                    if w in ignore_nodes or (w, v) in ignore_edges:
                        continue
                    if w not in after:
                        after[w] = v
                        reverse.append(w)
                    if w in before:
                        meet = w
                        break
                if meet is not None:
                    break
    if meet is None:
        return None
    path: list[str] = []
    node: str | None = meet
    while node is not None:
        path.append(node)
        node = after[node]
    node = before[path[0]]
    while node is not None:
        path.insert(0, node)
        node = before[node]
    return path
