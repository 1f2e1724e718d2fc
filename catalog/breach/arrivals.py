"""What reaches a system, for sheets that do not list paths or subjects (the audit pack's breach quick sheets).

`Arriving.at(db, system)` gives, per item whose `daicho where` walk reaches the system, the entry of
`where.receives` reduced to what `triage.exposure` reads when it leaves out the data subjects: the item, the
items it arrives as, and whether it is only stored there. `receives` works out, for each system and each item
that may reach it, the back slice of the system (every node that can lead to it) and the shortest paths; here
each item's walk is made once — the nodes its trail reaches from where it starts, the walk of `where` — and
kept for every system asked about (on the large inventory every system holds the popular items, each riding
tens of thousands of flows).

Why the answer is the same: a node of a system's back slice is reached from the slice's starts exactly when
the whole walk reaches it (every node on a path to a node of the slice is in the slice, and a node with no way
in starts both walks); a storing system the entries do not reach starts both walks alike.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from daicho.catalog.lineage.receiving import Arrivals, Trails
from daicho.catalog.lineage.walks import closure
from daicho.inventory.db import ReadDB


class Arriving:
    """Items reaching systems, each item's walk made once across the systems asked about (one store)."""

    def __init__(self, db: ReadDB) -> None:
        self._db = db
        self._trails = Trails(db)
        self._walks: dict[tuple[str, ...], tuple[set[str], set[str]]] = {}

    def at(self, system: str) -> list[dict[str, Any]]:
        """The items reaching `system`, in item order, each as {"item", "as", "stored"} (`receives`' entries:
        `as` the trail items arriving there, sorted; `stored` when the item only sits there)."""
        arrivals = Arrivals(self._db, system, self._trails)
        out = []
        for origin in arrivals.candidates:
            trail = arrivals.trails[origin]
            entry = self._entry(origin, trail, arrivals)
            if entry is not None:
                out.append(entry)
        return out

    def _entry(self, origin: str, trail: list[str], arrivals: Arrivals) -> dict[str, Any] | None:
        key, known = arrivals.key, self._trails
        into = known.into(trail) if set(trail) & arrivals.arriving else {}
        stored_entry = {"item": origin, "as": sorted(set(trail) & arrivals.stored_here), "stored": True}
        if key not in into:  # nothing of the trail arrives: only what the system stores
            return stored_entry if key in known.stored(trail) else None
        reached, unreached = self._walk(trail, into, known.stored(trail))
        if key in unreached:  # stored there, and no entry of the trail leads there
            return stored_entry
        if key not in reached:
            return None
        return {"item": origin, "as": sorted({e[0] for e in into[key] if e[1] in reached}), "stored": False}

    def _walk(self, trail: list[str], into: dict[str, list], stored: set[str]) -> tuple[set[str], set[str]]:
        """The nodes the trail's walk reaches (from the nodes with no way in, then from the storing systems
        those do not reach), and those storing systems."""
        found = self._walks.get(tuple(trail))
        if found is None:
            out: dict[str, list[str]] = defaultdict(list)
            for node, edges in into.items():
                for edge in edges:
                    out[edge[1]].append(node)
            starts = {n for n in out if n not in into}
            reached = closure(starts, out)
            unreached = stored - reached
            found = self._walks[tuple(trail)] = (reached | closure(unreached, out), unreached)
        return found
