"""What reaches one node (`where.receives`, one node of a recipient's side at a time): each item whose walk
reaches it, with its hops, origins and shortest paths.

Per candidate item (arriving at the node, stored there, or an item they were copied or pseudonymised from), the
edges of its trail are fetched once by primary-key prefix (all candidates in one pass, as tuples) and walked
here: the back slice (every node that can lead to the node), its starts (where the trail enters, and a storing
system no entry reaches), a breadth-first walk from them, and the shortest paths into the node, worked out only
for the nodes on them. The busy recipient of the large inventory is reached by 274 items, 8 of them riding on
tens of thousands of flows each: a recursive back-walk joined to a table of every trail cost ~20 s there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.walks import closure, hop_counts
from daicho.inventory.db import ReadDB

#: the most shortest paths listed per item (as `where.MAX_PATHS`)
MAX_PATHS = 5
Edge = q.Edge  # item, src, dst, flow
_FIRST, _SRC, _DST = itemgetter(0), itemgetter(1), itemgetter(2)


class Trails:
    """The edges (as tuples, indexed by their target) and storing systems of trails, fetched once per item and
    kept across the nodes of a recipient's side."""

    def __init__(self, db: ReadDB) -> None:
        self._db = db
        self._edges: dict[str, list[Edge]] = {}
        self._pairs: dict[str, list[tuple[str, str]]] = {}
        self._stored: dict[str, set[str]] = {}
        self._into: dict[tuple[str, ...], dict[str, list[Edge]]] = {}
        self._back: dict[tuple[str, ...], dict[str, list[tuple[str, str]]]] = {}

    def fetch(self, edges_of: list[str], stored_of: list[str], pairs: bool = False) -> None:
        """Read the edges of items `edges_of` (with `pairs`, only their (dst, src): what a walk back needs) and the
        storing systems of items `stored_of` not read yet."""
        for item in edges_of:  # one query an item, in the order of the (item, dst) index: no step per edge here
            if pairs and item not in self._pairs:
                self._pairs[item] = self._db.all_tuples(
                    "SELECT dst, src FROM lineage_edge WHERE item = :i ORDER BY dst, src", {"i": item})
            elif not pairs and item not in self._edges:
                self._edges[item] = self._db.all_tuples(
                    "SELECT item, src, dst, flow FROM lineage_edge WHERE item = :i ORDER BY dst, src, flow",
                    {"i": item})
        missing = [i for i in stored_of if i not in self._stored]
        for item in missing:
            self._stored[item] = set()
        for marks, params in q.in_chunks("t", missing):
            for system, item in self._db.all_tuples(f"SELECT system, item FROM system_item WHERE item IN ({marks})",
                                                    params):
                self._stored[item].add(system)

    def into(self, trail: list[str]) -> dict[str, list[Edge]]:
        """The edges of trail items, by the node they arrive at."""
        found = self._into.get(tuple(trail))
        if found is None:
            found = self._into[tuple(trail)] = _by_target((self._edges[item] for item in trail), _DST)
        return found

    def back(self, trail: list[str]) -> dict[str, list[tuple[str, str]]]:
        """The (dst, src) pairs of trail items' edges, by the node they arrive at: `into` for a walk back, which
        reads only the sources (index 1 in both)."""
        found = self._back.get(tuple(trail))
        if found is None:
            self.fetch(trail, [], pairs=True)
            found = self._back[tuple(trail)] = _by_target((self._pairs[item] for item in trail), _FIRST)
        return found

    def stored(self, trail: list[str]) -> set[str]:
        """The systems storing a trail item."""
        return set().union(*(self._stored[i] for i in trail))


def receives_at(db: ReadDB, key: str, known: Trails | None = None, whole: bool = True
                ) -> tuple[list[dict[str, Any]], list[Edge]]:
    """The items reaching node `key` (each with hops, origins, shortest paths) and the edges of those paths.
    `known`: trails already read (for the other nodes of a recipient's side). Not `whole`: see `Arrivals.entry`.

    Exactly the items whose `where` walk reaches `key`: the back slice of an origin's trail (every edge that
    can lead to `key`) is closed under predecessors, so its starts are the walk's starts that matter."""
    return Arrivals(db, key, known or Trails(db)).entries(whole)


def _by_target(per_item: Iterable[list], target: Callable[[Any], str]) -> dict[str, list]:
    """Rows of several items filed by their `target` node; each item's rows come sorted by it (`Trails.fetch`):
    one step per target, not per row."""
    found: dict[str, list] = {}
    for rows in per_item:
        for node, group in groupby(rows, target):
            if node in found:
                found[node].extend(group)
            else:
                found[node] = list(group)
    return found


class Arrivals:
    """What may reach node `key`: the items arriving or stored there and the items they were copied or
    pseudonymised from (the candidates), each with its trail (read through `known`)."""

    def __init__(self, db: ReadDB, key: str, known: Trails, counted: bool = False) -> None:
        """`counted`: most entries will be asked for not `whole` (their edges' sources are read first, the whole
        edges of a trail when its entry is asked for whole)."""
        self.key, self.known = key, known
        self.arriving = {e["item"] for e in q.edges_into(db, key)}
        self.stored_here = {r["item"] for r in db.rows("SELECT item FROM system_item WHERE system = :k", {"k": key})}
        keep = [d for d in q.all_derivations(db) if d["method"] in q.KEEPS_TRAIL]
        parents, children = defaultdict(set), defaultdict(set)
        for d in keep:
            parents[d["target"]].add(d["source"])
            children[d["source"]].add(d["target"])
        self.candidates = sorted(closure(self.arriving | self.stored_here, parents))
        self.trails = {c: sorted(closure({c}, children)) for c in self.candidates}
        known.fetch(sorted({i for t in self.trails.values() if set(t) & self.arriving for i in t}),
                    sorted({i for t in self.trails.values() for i in t}), pairs=counted)

    def entries(self, whole: bool = True) -> tuple[list[dict[str, Any]], list[Edge]]:
        """The entries of the candidates that reach the node, and the edges of their paths."""
        entries, used = [], []
        for origin in self.candidates:
            entry, path_edges = self.entry(origin, whole)
            if entry is not None:
                entries.append(entry)
                used.extend(path_edges)
        return entries, used

    def entry(self, origin: str, whole: bool = True) -> tuple[dict[str, Any] | None, list[Edge]]:
        """Candidate `origin`'s entry (None when its walk does not reach the node) and the edges of its paths.
        Not `whole`: hops and origins only (no paths, `as` empty; what a view counts of the items it does not
        print), from one backward walk."""
        trail = self.trails[origin]
        if not set(trail) & self.arriving:
            into: dict[str, list] = {}
        elif whole:
            self.known.fetch(trail, [])
            into = self.known.into(trail)
        else:
            into = self.known.back(trail)
        walk = _origin if whole else _reached
        return walk(origin, trail, into, self.known.stored(trail), self.key, self.arriving, self.stored_here)


def _reached(origin: str, trail: list[str], into: dict[str, list], stored: set[str], key: str,
             arriving: set[str], stored_here: set[str]) -> tuple[dict[str, Any] | None, list[Edge]]:
    """`_origin` without the paths: the hops to `key` are the fewest from any start, found walking back (`into`:
    edges or `Trails.back`'s (dst, src) pairs: only the source, index 1 of both, is read)."""
    far = {key: 0}  # the back slice, each node with its fewest hops to `key`
    frontier, step = {key}, 0
    while frontier:
        step += 1
        following: set[str] = set()
        for node in frontier:
            edges = into.get(node)
            if edges:
                following.update(map(_SRC, edges))
        following = following - far.keys()  # iterates the new nodes, not the slice
        far.update(dict.fromkeys(following, step))
        frontier = following
    starts = {n for n in far if n != key and n not in into}
    pending = (stored & far.keys()) - starts
    if pending:  # stored where no entry leads: the walk starts there too
        starts |= _unreached(sorted(pending), into, key)
    if key in starts:
        return _entry(origin, [key], 0, [], 0, key, arriving, as_items=sorted(set(trail) & stored_here),
                      stored=True), []
    if not starts:
        return None, []
    return _entry(origin, sorted(starts), min(far[n] for n in starts), [], 0, key, arriving, as_items=[]), []


def _origin(origin: str, trail: list[str], into: dict[str, list[Edge]], stored: set[str], key: str,
            arriving: set[str], stored_here: set[str]) -> tuple[dict[str, Any] | None, list[Edge]]:
    """One candidate's entry (None when its walk does not reach `key`) and the edges of its shown paths."""
    back = {key}  # the back slice: every node that can lead to `key`
    stack = [key]
    while stack:
        for edge in into.get(stack.pop(), ()):
            if edge[1] not in back:
                back.add(edge[1])
                stack.append(edge[1])
    out: dict[str, list[str]] = defaultdict(list)
    for node in back:
        for edge in into.get(node, ()):
            out[edge[1]].append(node)
    starts = {n for n in back if n != key and n not in into}
    hops = hop_counts(sorted(starts), out)
    unreached = (stored & back) - set(hops)  # stored where no entry leads: the walk starts there too
    if unreached:
        starts |= unreached
        hops = hop_counts(sorted(starts), out)
    if key in starts:
        return _entry(origin, [key], 0, [], 0, key, arriving, as_items=sorted(set(trail) & stored_here),
                      stored=True), []
    last = [e for e in into.get(key, ()) if e[1] in hops]
    if not last:
        return None, []  # only a closed cycle leads here, and nothing on it starts the walk
    far = min(hops[e[1]] for e in last) + 1
    finals = sorted({(e[1], e[3]) for e in last if hops[e[1]] == far - 1})
    walk = _Paths(into, hops)
    paths, total = walk.through(finals)
    flows = {f for p in paths for f in p}
    path_edges = [e for n in {walk.target.get(f, key) for f in flows} for e in into.get(n, ()) if e[3] in flows]
    return _entry(origin, sorted(starts), far, paths, total, key, arriving,
                  as_items=sorted({e[0] for e in last})), path_edges


def _unreached(nodes: list[str], into: dict[str, list], key: str) -> set[str]:
    """Those of `nodes` (of the back slice of `key`) that no start reaches, a start being a node with no way in
    (`key` aside). Each is walked back, nearest first, only until a start or a node known reached: the nodes on
    the way found are reached too (a stored system on a busy item's slice is one or two hops from a start)."""
    reached: set[str] = set()
    out = set()
    for node in nodes:
        if node in reached:
            continue
        parent: dict[str, str | None] = {node: None}
        frontier, found = [node], None
        while frontier and found is None:
            following = []
            for current in frontier:
                for edge in into.get(current, ()):
                    src = edge[1]
                    if src in parent:
                        continue
                    parent[src] = current
                    if src in reached or (src not in into and src != key):
                        found = src
                        break
                    following.append(src)
                if found is not None:
                    break
            frontier = following
        if found is None:
            out.add(node)
            continue
        step: str | None = found
        while step is not None:
            reached.add(step)
            step = parent[step]
    return out


class _Paths:
    """Shortest paths from the starts (hop 0) into a node, worked out backwards for the nodes on them only
    (the same paths, order and counts as `where.Walk`)."""

    def __init__(self, into: dict[str, list[Edge]], hops: dict[str, int]) -> None:
        self._into, self._hops = into, hops
        self._preds: dict[str, list[tuple[str, str]]] = {}
        self._counts: dict[str, int] = {}
        self.target: dict[str, str] = {}  # flow → the node it arrives at, for the hops looked at

    def preds(self, node: str) -> list[tuple[str, str]]:
        found = self._preds.get(node)
        if found is None:
            want = self._hops[node] - 1
            found = self._preds[node] = list(dict.fromkeys(
                (e[1], e[3]) for e in self._into.get(node, ()) if self._hops.get(e[1], -2) == want))
            for _, flow in found:
                self.target[flow] = node
        return found

    def count(self, node: str) -> int:
        """How many shortest paths lead to `node` (1 for a start)."""
        if node in self._counts:
            return self._counts[node]
        order, stack = [], [node]  # every node above `node` on its shortest paths, counted from the top
        seen = {node}
        while stack:
            current = stack.pop()
            order.append(current)
            for prev, _ in self.preds(current):
                if prev not in seen and prev not in self._counts:
                    seen.add(prev)
                    stack.append(prev)
        for current in sorted(order, key=self._hops.__getitem__):
            preds = self.preds(current)
            self._counts[current] = sum(self._counts[p] for p, _ in preds) if preds else 1
        return self._counts[node]

    def _paths(self, node: str):
        preds = self.preds(node)
        if not preds:
            yield []
            return
        for prev, flow in sorted(preds):
            for path in self._paths(prev):
                yield [*path, flow]

    def through(self, lasts: list[tuple[str, str]]) -> tuple[list[list[str]], int]:
        """Up to MAX_PATHS shortest paths ending with one of the hops `lasts` ((src, flow), sorted), and how
        many there are."""
        total = sum(self.count(src) for src, _ in lasts)
        paths: list[list[str]] = []
        for src, flow in lasts:
            for path in self._paths(src):
                paths.append([*path, flow])
                if len(paths) == MAX_PATHS:
                    return paths, total
        return paths, total


def _entry(origin: str, origins: list[str], hops: int, paths: list, total: int, at: str, arriving: set[str],
           as_items: list[str], stored: bool = False) -> dict[str, Any]:
    return {"item": origin, "name": None, "sensitive": False, "financial": False, "persons": None,
            "as": as_items, "derived": origin not in arriving and origin not in as_items, "hops": hops,
            "origins": origins, "paths": paths, "paths_total": total, "at": at, "stored": stored}
