"""receiving's brief walk (`_reached`: one walk back, what a terminal counts of the items it does not print)
against its whole walk (`_origin`) on random graphs with cycles and storing systems."""

from __future__ import annotations

from collections import defaultdict

from daicho.catalog.lineage.receiving import _origin, _reached
from hypothesis import given, settings
from hypothesis import strategies as st

NODES = [f"n{i}" for i in range(8)]


@st.composite
def graphs(draw):
    pairs = draw(st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), max_size=20))
    edges = [("i", src, dst, f"f{n}") for n, (src, dst) in enumerate(pairs) if src != dst]
    stored = set(draw(st.lists(st.sampled_from(NODES), max_size=4)))
    return edges, stored, draw(st.sampled_from(NODES))


@given(graphs())
@settings(max_examples=500, deadline=None)
def test_brief_walk_finds_what_the_whole_walk_finds(graph):
    edges, stored, key = graph
    into = defaultdict(list)
    for edge in edges:
        into[edge[2]].append(edge)
    into = dict(into)
    stored_here = {"i"} if key in stored else set()
    whole, _ = _origin("i", ["i"], into, stored, key, {"i"}, stored_here)
    brief, path_edges = _reached("i", ["i"], into, stored, key, {"i"}, stored_here)
    if whole is None:
        assert brief is None
        return
    assert path_edges == []
    assert (brief["hops"], brief["origins"], brief["stored"]) == (whole["hops"], whole["origins"], whole["stored"])
