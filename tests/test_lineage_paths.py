"""`daicho path` (catalog.lineage.paths: the graph read as the search walks it, the facts of the shown flows only,
its own copy of networkx's search) gives what a networkx graph of every flow among the nodes on some path gives —
the same paths in the same order, hops, flows, items and `more` — on the examples and random inventories, with and
without --item and with small limits."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from conftest import example_path, load_into, write_manifest
from daicho.catalog.lineage import paths
from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.walks import simple_paths
from daicho.catalog.lineage.where import FLOW_NODE_KINDS, node_entry, where
from daicho.catalog.resolved.records import resolve
from daicho.inventory.db import ReadDB
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_lineage_property import _FAST_TMP, inventories


def _same(db: ReadDB, a: str, b: str, item: str | None = None) -> None:
    for limit in (1, 2, 20):
        assert paths.paths_between(db, a, b, limit, item) == reference_paths(db, a, b, limit, item), (a, b, item)


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_paths_equal_on_the_examples(example, tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    load_into(url, example_path(example))
    with ReadDB(url) as db:
        keys = [r["key"] for r in db.rows("SELECT key FROM node WHERE kind IN ('collection_point', 'system', "
                                          "'recipient') ORDER BY key")]
        items = [r["key"] for r in db.rows("SELECT key FROM item ORDER BY key LIMIT 3")]
        for a in keys[:8]:
            for b in keys:
                _same(db, a, b)
        for item in items:
            _same(db, keys[0], keys[-1], item)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=inventories())
def test_paths_equal_on_random_inventories(doc):
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        url = f"sqlite:///{Path(folder) / 'd.db'}"
        load_into(url, write_manifest(Path(folder), doc))
        with ReadDB(url) as db:
            keys = [c["key"] for c in doc["collection_points"]] + [s["key"] for s in doc["systems"]] + [
                r["key"] for r in doc["recipients"]]
            for a in keys:
                for b in keys:
                    _same(db, a, b)
            for item in doc["items"][:2]:
                _same(db, keys[0], keys[-1], item["key"])


def reference_paths(db: ReadDB, a: str, b: str, limit: int = 20, item: str | None = None) -> dict[str, Any]:
    """`paths_between` as it was first written: the graph of every flow among the nodes on some path (all their
    facts read), built in networkx and searched by its `shortest_simple_paths`."""
    from daicho.catalog.lineage.graph import Graph

    start = resolve(db, a, FLOW_NODE_KINDS)["key"]
    end = resolve(db, b, FLOW_NODE_KINDS)["key"]
    if item is not None:
        result = where(db, item)
        item = result["item"]["item"]
        edges = [(h["from"], h["to"], h["flow"], h["items"]) for h in result["hops"]]
    else:
        down, up = q.node_walk(db, start, "down"), q.node_walk(db, end, "up")
        middle = set(down) & set(up)
        flows = q.flow_facts(db, [f["key"] for f in q.flows_among(db, middle)])
        edges = [(f["source"], f["target"], k, f["items"]) for k, f in flows.items()]
    between: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for src, dst, flow, items in edges:
        between[(src, dst)].append({"flow": flow, "items": items})
    found = Graph(edges=between).paths(start, end, limit + 1) if start != end else []
    found.sort(key=lambda p: (len(p), p))
    nodes = q.node_facts(db, {n for p in found[:limit] for n in p} | {start, end})
    flows = q.flow_facts(db, {f["flow"] for p in found[:limit] for u, v in zip(p, p[1:], strict=False)
                              for f in between[(u, v)]})
    home = q.home_country(db)
    shown = []
    for path in found[:limit]:
        hops = []
        for u, v in zip(path, path[1:], strict=False):
            ways = sorted(between[(u, v)], key=lambda f: flows[f["flow"]]["position"])
            hops.append({"from": u, "to": v, "border": flows[ways[0]["flow"]]["border"],
                         "flows": [{"flow": f["flow"], "items": f["items"], "basis": flows[f["flow"]]["basis"],
                                    "foreign_basis": flows[f["flow"]]["foreign_basis"],
                                    "boundary": flows[f["flow"]]["boundary"],
                                    "foreign_status": flows[f["flow"]]["foreign_status"]} for f in ways]})
        shown.append({"nodes": path, "hops": hops})
    return {"from": node_entry(nodes[start], home), "to": node_entry(nodes[end], home), "item": item,
            "paths": shown, "limit": limit, "more": len(found) > limit,
            "nodes": {k: node_entry(nodes[k], home) for k in sorted(nodes)}}


@settings(max_examples=300, deadline=None)
@given(edges=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=40),
       ends=st.tuples(st.integers(0, 9), st.integers(0, 9)), limit=st.integers(1, 30))
def test_simple_paths_are_networkx_own(edges, ends, limit):
    """walks.simple_paths yields networkx's shortest_simple_paths, path for path, on random small digraphs (cycles,
    self-loops, many paths of one length: the order ties come in is networkx's)."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from((f"n{u}", f"n{v}") for u, v in edges)
    a, b = (f"n{e}" for e in ends)
    expected: list[list[str]] = []
    if a in graph and b in graph and a != b:
        try:
            expected = list(islice(nx.shortest_simple_paths(graph, a, b), limit))
        except nx.NetworkXNoPath:
            expected = []
    got = simple_paths(lambda n: list(graph.successors(n)), lambda n: list(graph.predecessors(n)), a, b, limit) \
        if a in graph and b in graph else []
    assert got == expected
