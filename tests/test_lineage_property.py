"""Property tests: on random inventories (cycles, derivations incl. anonymisation, sub-contractor chains),
`where`, `receives` and `paths_between` equal a brute-force reference walk written plainly here."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from conftest import load_into, write_manifest
from daicho.catalog.lineage.nodes import paths_between
from daicho.catalog.lineage.where import MAX_PATHS, receives, where
from daicho.inventory.db import ReadDB
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

_FAST_TMP = "/dev/shm" if Path("/dev/shm").is_dir() else None  # a store per example: keep it in memory
METHODS = ["copy", "pseudonymisation", "anonymisation", "aggregation"]


@st.composite
def inventories(draw) -> dict[str, Any]:
    """A valid inventory: every flow's source holds what it carries (stores, receives or derives it)."""
    items = [f"i{n}" for n in range(draw(st.integers(1, 5)))]
    systems = [f"s{n}" for n in range(draw(st.integers(1, 4)))]
    points = [f"c{n}" for n in range(draw(st.integers(0, 2)))]
    recipients: list[dict[str, Any]] = []
    for n in range(draw(st.integers(0, 4))):
        contractors = [r["key"] for r in recipients if r["kind"] in ("contractor", "subcontractor")]
        kind = draw(st.sampled_from(["contractor", "third_party"] + (["subcontractor"] if contractors else [])))
        recipient = {"key": f"r{n}", "name": f"R{n}", "kind": kind, "country": draw(st.sampled_from([None, "JP",
                                                                                                       "US"]))}
        if kind == "subcontractor":
            recipient["parent"] = draw(st.sampled_from(contractors))
        recipients.append(recipient)
    targets = systems + [r["key"] for r in recipients]
    stored = {s: draw(st.lists(st.sampled_from(items), unique=True, max_size=3)) for s in systems}
    derivations = []
    if len(items) > 1:
        for _ in range(draw(st.integers(1, 4))):
            source, target = sorted(draw(st.lists(st.sampled_from(items), min_size=2, max_size=2, unique=True)))
            # from a lower item to a higher one: derivations never go round in a cycle (validate refuses that)
            derivations.append({"from": source, "to": target, "method": draw(st.sampled_from(METHODS)),
                                **({"at": draw(st.sampled_from(targets))} if draw(st.booleans()) else {})})
    held: dict[str, set[str]] = defaultdict(set, {s: set(i) for s, i in stored.items()})
    flows = []
    for n in range(draw(st.integers(1, 12))):
        source = draw(st.sampled_from(points + targets))
        target = draw(st.sampled_from([t for t in targets if t != source] or targets))
        if target == source:
            continue
        _derive(held[source], source, derivations)
        allowed = sorted(held[source]) if source not in points else items
        if not allowed:
            continue
        carried = draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=3, unique=True))
        flows.append({"key": f"f{n}", "from": source, "to": target, "items": carried,
                      "basis": "internal" if target in systems else "outsourcing"})
        held[target].update(carried)
        if source not in points and draw(st.booleans()):  # and back again: a cycle
            flows.append({"key": f"b{n}", "from": target, "to": source, "items": carried, "basis": "internal"})
            held[source].update(carried)
    return {
        "items": [{"key": i, "name": i.upper()} for i in items],
        "systems": [{"key": s, "name": s.upper(), "items": stored[s]} for s in systems],
        "recipients": recipients,
        "collection_points": [{"key": c, "name": c.upper()} for c in points],
        "flows": flows,
        "derivations": derivations,
    }


def _derive(held: set[str], node: str, derivations: list[dict]) -> None:
    changed = True
    while changed:
        changed = False
        for d in derivations:
            if d["from"] in held and d["to"] not in held and d.get("at") in (None, node):
                held.add(d["to"])
                changed = True


# --- The reference: plain walks over the manifest document.

def ref_trail(doc: dict, item: str) -> set[str]:
    trail, grew = {item}, True
    while grew:
        grew = False
        for d in doc["derivations"]:
            if d["from"] in trail and d["method"] in ("copy", "pseudonymisation") and d["to"] not in trail:
                trail.add(d["to"])
                grew = True
    return trail


def ref_walk(doc: dict, item: str) -> tuple[dict[str, int], list[tuple[str, str, str, str]]]:
    """(hops of every reached node, reached edges (item, src, dst, flow))."""
    trail = ref_trail(doc, item)
    edges = [(i, f["from"], f["to"], f["key"]) for f in doc["flows"] for i in f["items"] if i in trail]
    stored = {s["key"] for s in doc["systems"] if trail & set(s["items"])}
    starts = ({e[1] for e in edges} | stored) - {e[2] for e in edges}  # where the trail enters
    starts |= stored - set(_bfs(edges, starts))  # stored where no entry leads: starts too
    hops = _bfs(edges, starts)
    return hops, [e for e in edges if e[1] in hops]


def _bfs(edges: list, starts: set[str]) -> dict[str, int]:
    hops = {s: 0 for s in starts}
    frontier = sorted(starts)
    while frontier:
        following = []
        for node in frontier:
            for _, src, dst, _ in edges:
                if src == node and dst not in hops:
                    hops[dst] = hops[node] + 1
                    following.append(dst)
        frontier = following
    return hops


def ref_shortest_paths(hops: dict[str, int], edges: list, node: str) -> set[tuple[str, ...]]:
    if hops[node] == 0:
        return set()
    out = set()

    def back(current: str, suffix: tuple[str, ...]) -> None:
        if hops[current] == 0:
            out.add(suffix)
            return
        for flow, src in {(e[3], e[1]) for e in edges if e[2] == current and hops[e[1]] == hops[current] - 1}:
            back(src, (flow, *suffix))

    back(node, ())
    return out


def ref_simple_paths(doc: dict, a: str, b: str) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()

    def walk(path: list[str]) -> None:
        if path[-1] == b:
            out.add(tuple(path))
            return
        for nxt in sorted({f["to"] for f in doc["flows"] if f["from"] == path[-1]}):
            if nxt not in path:
                walk([*path, nxt])

    if a != b:
        walk([a])
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=inventories(), depth=st.one_of(st.none(), st.integers(0, 3)))
def test_where_receives_and_path_equal_the_reference(doc, depth):
    event(f"derivations: {len(doc['derivations'])}")
    event("has a cycle" if _has_cycle(doc) else "acyclic")
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        url = f"sqlite:///{Path(folder) / 'd.db'}"
        load_into(url, write_manifest(Path(folder), doc))
        with ReadDB(url) as db:
            _check(db, doc, depth)


def _has_cycle(doc: dict) -> bool:
    return any(ref_simple_paths(doc, f["to"], f["from"]) or f["to"] == f["from"] for f in doc["flows"])


def _check(db: ReadDB, doc: dict, depth: int | None) -> None:
    walks = {}
    for item in (i["key"] for i in doc["items"]):
        hops, edges = ref_walk(doc, item)
        walks[item] = (hops, edges)
        result = where(db, item)
        got = {n["key"]: n for n in result["nodes"]}
        assert {k: n["hops"] for k, n in got.items()} == hops, item
        assert {h["flow"] for h in result["hops"]} == {e[3] for e in edges}, item
        for key, node in got.items():
            expected = ref_shortest_paths(hops, edges, key)
            assert node["paths_total"] == len(expected), (item, key)
            assert {tuple(p) for p in node["paths"]} <= expected
            assert len(node["paths"]) == min(len(expected), MAX_PATHS)
        limited = where(db, item, depth)
        streamed = where(db, item, depth, stream=True)  # `--json`: the hops read as they are written
        assert list(streamed.pop("hops")) == limited["hops"]
        assert streamed == {k: v for k, v in limited.items() if k != "hops"}
        assert {n["key"]: n["hops"] for n in limited["nodes"]} == {
            k: h for k, h in hops.items() if depth is None or h <= depth}, (item, depth)
    nodes = [s["key"] for s in doc["systems"]] + [r["key"] for r in doc["recipients"]]
    for node in nodes:
        expected = {}
        stores = next((set(s["items"]) for s in doc["systems"] if s["key"] == node), set())
        for item, (hops, edges) in walks.items():
            into = [hops[e[1]] + 1 for e in edges if e[2] == node]
            if hops.get(node) == 0 and stores & ref_trail(doc, item):
                expected[item] = 0  # stored there with no way in: the walk starts there
            elif into:
                expected[item] = min(into)
        full = receives(db, node)
        assert {e["item"]: e["hops"] for e in full["items"]} == expected, node
        brief = receives(db, node, show=1)  # the terminal's: paths of the items it prints only
        assert brief["summary"] == full["summary"] and brief["items"][:1] == full["items"][:1], node
        assert [(e["item"], e["hops"], e["origins"]) for e in brief["items"]] == [
            (e["item"], e["hops"], e["origins"]) for e in full["items"]], node
    points = [c["key"] for c in doc["collection_points"]]
    for a in points + nodes[:3]:
        for b in nodes[:4]:
            got = paths_between(db, a, b, limit=10_000)
            assert {tuple(p["nodes"]) for p in got["paths"]} == ref_simple_paths(doc, a, b), (a, b)
