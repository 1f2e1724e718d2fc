"""`abroad` for the terminal: every foreign flow counted and sorted by status, the facts of the shown ones only.

`nodes.abroad(db)` builds the entry of every flow that may leave the home country — 155,000 on a large
inventory, with their items — which `--json` prints whole. The terminal shows the first flows of each status
(`cli/lineage_views_nodes.abroad_table`) and the summary. `abroad_brief` gives a result of the same shape for
that view: the summary, the named-only recipients and the full entries of the flows the view shows are those of
`abroad(db)`; every other flow is `{"flow": key, "status": status}` (the view only counts and sorts them).
Statuses come from a few columns per flow (`status_of`, the decision `nodes._status` makes, without its note);
tests/test_abroad_brief.py holds both equal to `abroad(db)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.nodes import _STATUS, FOREIGN_FLOWS, STATUSES, _abroad_entry, _unnamed_operator
from daicho.catalog.lineage.where import node_entry
from daicho.catalog.resolved.facts import flows_where, in_list
from daicho.inventory.db import ReadDB

#: boundaries of a flow that stays with the operator or a recipient (storage, own systems): no provision
_KEPT = ("internal", "storage", "acquisition", "return", "receipt", "within")


def status_of(boundary: str, to_recipient: bool, foreign_status: str) -> str:
    """A foreign flow's status in `abroad` (`nodes._status` without its note): from its boundary, whether
    the party it goes to is a recipient, and its resolved foreign status."""
    if boundary in _KEPT:
        if boundary == "storage":
            return "storage"
        return "recipient_system" if to_recipient else "own_system"
    if boundary == "onward":
        return "onward"
    return _STATUS.get(foreign_status, "ok")


def abroad_brief(db: ReadDB, order: Sequence[str], show: int) -> dict[str, Any]:
    """`abroad(db)` with full entries for the first `show` flows once sorted by status in `order` (stable:
    manifest order within a status); the other flows as `{"flow", "status"}`."""
    home = q.home_country(db)
    statuses: list[tuple[str, str]] = []  # (flow, status), in manifest order
    targets: set[tuple[str | None, str]] = set()  # (transfer location, target) of every flow
    for key, boundary, kind, foreign_status, location, target in db.tuples(
            "SELECT f.key, r.boundary, p.kind, r.foreign_status, r.transfer_location, r.target FROM flow f "
            "JOIN resolved_flow r ON r.key = f.key LEFT JOIN node p ON p.key = r.target_party "
            f"WHERE {FOREIGN_FLOWS} ORDER BY f.position"):
        statuses.append((key, status_of(boundary, kind == "recipient", foreign_status)))
        targets.add((location, target))
    rank = {status: n for n, status in enumerate(order)}
    shown = {key for key, _ in sorted(statuses, key=lambda s: rank.get(s[1], len(order)))[:show]}
    entries = _entries(db, shown, home)
    flows = [entries.get(key) or {"flow": key, "status": status} for key, status in statuses]
    nodes = q.node_facts(db, {target for _, target in targets})
    countries: set[str] = set()
    for location, target in targets:
        node = nodes.get(target) or _unnamed_operator(target)
        countries.update(c for c in [location or node["location"], *node["hosting"]] if c)
    named = [node_entry(n) for n in q.node_facts(db, [r["key"] for r in db.rows(
        "SELECT key FROM resolved_node WHERE named_only AND location_class <> 'home' ORDER BY key")]).values()]
    counts: dict[str, int] = defaultdict(int)
    for _, status in statuses:
        counts[status] += 1
    return {"home_country": home, "flows": flows, "named_only": named, "summary": {
        "flows": len(flows), "countries": sorted(c for c in countries if c not in ("unknown", "per_customer")
                                                 and c != home),
        **{s: counts.get(s, 0) for s in STATUSES}, "named_only": len(named)}}


def _entries(db: ReadDB, keys: set[str], home: str) -> dict[str, dict[str, Any]]:
    """The `abroad` entries of the flows `keys` (a few: those shown)."""
    if not keys:
        return {}
    params: dict[str, Any] = {}
    flows = flows_where(db, f"f.key IN ({in_list('k', sorted(keys), params)})", params, purposes=False)
    nodes = q.node_facts(db, {f[end] for f in flows for end in ("source", "target", "target_party")})
    for flow in flows:
        nodes.setdefault(flow["target_party"], _unnamed_operator(flow["target_party"]))
    return {flow["key"]: _abroad_entry(flow, nodes, home, {}, {}) for flow in flows}

