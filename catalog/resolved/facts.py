"""Read the resolved model: the facts of nodes and flows as `catalog.resolved.build` decided them.

Every command reads a node's party, operator and location, and a flow's boundary, border and basis status
here; none re-derives them. Results are plain dicts (they feed the `--json` of every command).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from daicho.inventory.db import ReadDB, Row, decode
from daicho.inventory.errors import StoreError

CHUNK = 500  # values per IN list: one query per run, well under SQLite's parameter limit

#: the flows `abroad` lists (and the ledger, notice, diagrams, checks and pack mark): data going to a location that
#: is not (known to be) home — except moves inside a recipient or back up its chain, which left home before (here,
#: not in `catalog.lineage.nodes`, so that `check` reads them without importing the lineage queries)
#: a flow's foreign-transfer statuses that are flagged: no basis, or eu_uk where it does not fit (APPI 28(1));
#: `check` (DAI015), `abroad` and the terminal `where` flag the same ones
FLAGGED_FOREIGN_STATUSES = ("missing", "mismatch")
FOREIGN_FLOWS = ("(r.border IN ('abroad', 'unknown', 'per_customer') AND NOT (r.boundary IN ('within', 'return') "
                 "AND r.target_party IN (SELECT key FROM resolved_node WHERE kind = 'recipient'))) "
                 "OR r.disclosure <> 'not_applicable'")

#: group a node is shown in, by the kind of its party (a node abroad is shown under "abroad")
GROUP_BY_PARTY = {"operator": "internal", "contractor": "outsourced", "subcontractor": "outsourced",
                  "joint_user": "joint_use", "third_party": "third_party", "group_company": "third_party"}
_JSON_NODE = ("hosting", "foreign_hosting", "parents")


def in_list(prefix: str, values: Iterable[str], params: dict[str, Any]) -> str:
    """`:p0, :p1, …` for an IN list, adding the values to `params`."""
    names = []
    for i, value in enumerate(values):
        params[f"{prefix}{i}"] = value
        names.append(f":{prefix}{i}")
    return ", ".join(names) or "NULL"


def in_chunks(prefix: str, values: Iterable[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(`:p0, :p1, …`, parameters) for each run of at most CHUNK values: one query per run."""
    values = list(values)
    for start in range(0, len(values), CHUNK):
        params: dict[str, Any] = {}
        yield in_list(prefix, values[start:start + CHUNK], params), params


def require(db: ReadDB) -> None:
    """Raise a clear error when the store was loaded without its resolved facts."""
    if db.value("SELECT value FROM meta WHERE key = 'resolved'") is None:
        from daicho.catalog.words import phrase

        raise StoreError(phrase("this store holds no resolved facts (it was loaded by an older daicho or without "
                                "them); load the inventory again: daicho load PATH"))


def home_country(db: ReadDB) -> str:
    """The operator's home country, from which every border is judged."""
    home = db.value("SELECT value FROM meta WHERE key = 'home_country'")
    if home is None:
        require(db)
    return home or "JP"


def node_facts(db: ReadDB, keys: Iterable[str]) -> dict[str, Row]:
    """Each node's kind, names, party, operator, location, hosting and parents; a recipient's contract scope."""
    keys = sorted(set(keys))
    out: dict[str, Row] = {}
    for marks, params in in_chunks("k", keys):
        for row in db.rows(f"SELECT n.key, n.kind, n.subkind, n.name_en, n.name_ja, r.party, r.party_kind, "
                           f"r.operated_by, r.handles, r.location, r.location_class, r.registered, r.hosting, "
                           f"r.foreign_hosting, r.parents, r.named_only FROM node n "
                           f"LEFT JOIN resolved_node r ON r.key = n.key WHERE n.key IN ({marks})", params):
            out[row["key"]] = _node(row)
        for row in db.rows(f"SELECT key, contract FROM recipient WHERE key IN ({marks})", params):
            contract = decode(row["contract"]) or {}
            out[row["key"]]["scope_items"] = contract.get("scope_items") or None
    return out


def _node(row: Row) -> Row:
    node = dict(row)
    for field in _JSON_NODE:
        node[field] = decode(node[field]) or []
    node["handles"] = bool(node["handles"]) if node["handles"] is not None else True
    node["named_only"] = bool(node["named_only"])
    node["country"] = node["location"]
    node["scope_items"] = None
    node["parent"] = node["parents"][0] if node["parents"] else None
    return node


def all_nodes(db: ReadDB, kinds: tuple[str, ...] = ("collection_point", "system", "recipient")) -> dict[str, Row]:
    """Every node of `kinds`, resolved (a few thousand rows at most: systems and recipients, not items)."""
    marks = ", ".join(f"'{k}'" for k in kinds)
    keys = [r["key"] for r in db.rows(f"SELECT key FROM resolved_node WHERE kind IN ({marks}) ORDER BY key")]
    return node_facts(db, keys)


def group_of(node: Row) -> str:
    """internal, outsourced, joint_use, third_party — or abroad when the node's location is abroad."""
    if node.get("location_class") == "abroad":
        return "abroad"
    if node["kind"] == "organization":
        return "internal"
    return GROUP_BY_PARTY.get(node.get("party_kind") or "", "internal")


_FLOW_COLUMNS = ("f.key, f.source, f.target, f.basis, f.exception, f.foreign_basis, f.mechanism, f.position, "
                 "r.source_party, r.target_party, r.boundary, r.entry, r.basis_status, r.border, "
                 "r.transfer_location, r.foreign_status, r.foreign_missing, r.disclosure, r.disclose_locations, "
                 "r.personal")


def flow_facts(db: ReadDB, flows: Iterable[str], items: Iterable[str] | None = None) -> dict[str, Row]:
    """Each flow's recorded facts (basis, exception, foreign basis, mechanism, items, purposes) and its
    resolved ones (parties, boundary, border, basis and foreign status, disclosure). With `items`, a flow's
    `items` is left for the caller to fill (it knows them from its walk)."""
    flows = sorted(set(flows))
    out: dict[str, Row] = {}
    for marks, params in in_chunks("f", flows):
        for row in db.rows(f"SELECT {_FLOW_COLUMNS} FROM flow f JOIN resolved_flow r ON r.key = f.key "
                           f"WHERE f.key IN ({marks})", params):
            out[row["key"]] = _flow(row)
        if items is None:
            for row in db.rows(f"SELECT flow, item FROM flow_item WHERE flow IN ({marks}) ORDER BY flow, position",
                               params):
                out[row["flow"]]["items"].append(row["item"])
        for row in db.rows(f"SELECT flow, purpose FROM flow_purpose WHERE flow IN ({marks}) "
                           "ORDER BY flow, position", params):
            out[row["flow"]]["purposes"].append(row["purpose"])
    return out


def flow_rows(rows: Iterable[tuple], decoded: dict[Any, list]) -> Iterator[Row]:
    """Rows of `_FLOW_COLUMNS` as flow facts (items and purposes empty, to be filled); `decoded`: the JSON values
    decoded so far (few distinct ones: each decoded once), shared across calls by the caller."""
    names = [c.split(".")[1] for c in _FLOW_COLUMNS.split(", ")]
    for values in rows:
        flow = dict(zip(names, values, strict=True))
        flow["items"], flow["purposes"] = [], []
        flow["entry"] = bool(flow["entry"])
        flow["personal"] = bool(flow["personal"])
        for field in ("disclose_locations", "foreign_missing"):
            raw = flow[field]
            if raw is not None and not isinstance(raw, str):  # a driver that decodes JSON itself
                flow[field] = decode(raw) or []
                continue
            found = decoded.get(raw)
            if found is None:
                found = decoded[raw] = decode(raw) or []
            flow[field] = list(found)
        yield flow


def flows_where(db: ReadDB, condition: str, params: dict[str, Any] | None = None, purposes: bool = True
                ) -> list[Row]:
    """Resolved flows matching an SQL condition over `r` (resolved_flow) and `f` (flow), in manifest order,
    with their items and (unless `purposes` is False: left empty) purposes. Three set-based queries, whatever
    the number of flows (`flow_facts` of the matching keys gives the same)."""
    joined = f"FROM flow f JOIN resolved_flow r ON r.key = f.key WHERE {condition}"
    out: dict[str, Row] = {}
    decoded: dict[Any, list] = {None: []}
    for flow in flow_rows(db.tuples(f"SELECT {_FLOW_COLUMNS} {joined} ORDER BY f.position", params), decoded):
        out[flow["key"]] = flow
    _fill(out, db.tuples(f"SELECT fi.flow, fi.item FROM flow_item fi WHERE fi.flow IN (SELECT f.key {joined}) "
                         "ORDER BY fi.flow, fi.position", params), "items")
    if purposes:
        _fill(out, db.tuples(f"SELECT fp.flow, fp.purpose FROM flow_purpose fp WHERE fp.flow IN "
                             f"(SELECT f.key {joined}) ORDER BY fp.flow, fp.position", params), "purposes")
    return list(out.values())


def flows_where_no_items(db: ReadDB, condition: str, params: dict[str, Any] | None = None) -> list[Row]:
    """`flows_where` with `purposes=False` and the items left empty too: one query, for a reader that never
    reads a flow's items (the csv ledger's foreign flows)."""
    joined = f"FROM flow f JOIN resolved_flow r ON r.key = f.key WHERE {condition}"
    decoded: dict[Any, list] = {None: []}
    return list(flow_rows(db.tuples(f"SELECT {_FLOW_COLUMNS} {joined} ORDER BY f.position", params), decoded))


def _fill(flows: dict[str, Row], pairs: Iterable[tuple[str, str]], field: str) -> None:
    """Append each (flow, value) pair's value to the flow's `field` list (pairs grouped by flow, in order)."""
    current, values = None, None
    for flow, value in pairs:
        if flow != current:
            current, values = flow, flows[flow][field]
        values.append(value)


def _flow(row: Row) -> Row:
    flow = {**row, "items": [], "purposes": []}
    flow["entry"] = bool(flow["entry"])
    flow["personal"] = bool(flow["personal"])
    flow["disclose_locations"] = decode(flow["disclose_locations"]) or []
    flow["foreign_missing"] = decode(flow["foreign_missing"]) or []
    return flow


def parties_of(db: ReadDB, recipient: str) -> list[str]:
    """The nodes on a recipient's side: the recipient and the systems it operates and handles."""
    return [r["key"] for r in db.rows("SELECT key FROM resolved_node WHERE party = :p ORDER BY kind, key",
                                      {"p": recipient})]


class Text:
    """A bilingual text read back from the store (`name_en`, `name_ja`), read as `inventory.model.LocalText.get`
    reads it: `en`, `ja` and `get(lang)`, without the manifest model."""

    __slots__ = ("en", "ja")

    def __init__(self, en: str | None, ja: str | None) -> None:
        self.en, self.ja = en, ja

    def get(self, lang: str = "en") -> str:
        """The text in `lang`, falling back to the other language."""
        first, second = (self.ja, self.en) if lang == "ja" else (self.en, self.ja)
        return first or second or ""
