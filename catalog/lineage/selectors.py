"""Graph selectors for `--select`, after dbt's: parsed into plain data first, then evaluated with set operations.

Grammar (spaces around `,` and `&` are ignored)::

    selector := term ("," term)*        union
    term     := atom ("&" atom)*        intersection (binds tighter than ",")
    atom     := [N] "+" KEY             KEY and what is upstream (N hops at most)
              | KEY "+" [N]             KEY and what is downstream (N hops at most)
              | [N] "+" KEY "+" [N]     both
              | KEY                     the record alone

KEY is a key, or an unambiguous key prefix, of any record. What "+" follows (docs/lineage.md, Selectors):

* item `X+` — the collection points, systems and recipients X's trail reaches (as `daicho where X`, hops from
  where X enters), the flows it takes, and every recipient on whose side it arrives: a recipient that
  operates (and handles) a reached system is selected, so `X+` holds exactly the recipients `daicho where X`
  lists and `daicho receives R` agrees with; `+X` — the items X is derived from (N derivation steps at most).
* collection point or system `K+` — the nodes downstream of K by flows of any item, those flows, and the
  recipients whose side a reached node is on; `+K` — the same upstream, and the items that reach K (as
  `daicho receives K`).
* recipient `R+` / `+R` — R stands for its whole side: walks start from R and the systems it operates and
  handles (hop 0), which are selected too; `+R` adds the items `daicho receives R` lists. Storage whose
  provider does not handle the data stays on the operator's side and does not select the provider.
* other records (purposes, subjects …) take no "+": that is a SelectorError, like any malformed selector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.graphs import flows_within, side_of, walk_from
from daicho.catalog.lineage.where import FLOW_NODE_KINDS, receives, where
from daicho.catalog.resolved.facts import node_facts
from daicho.catalog.resolved.records import resolve
from daicho.catalog.words import phrase
from daicho.inventory.db import ReadDB
from daicho.inventory.errors import SelectorError

_ATOM = re.compile(r"(?:(?P<up>\d*)(?P<plus_up>\+))?(?P<key>[A-Za-z0-9][A-Za-z0-9_.\-]*)(?:(?P<plus_down>\+)"
                   r"(?P<down>\d*))?")
_FORMS = "KEY, +KEY, KEY+, N+KEY or KEY+N"


@dataclass(frozen=True)
class Atom:
    """One selected record and how far to follow the graph from it (None = all the way)."""

    key: str
    parents: bool = False
    parents_depth: int | None = None
    children: bool = False
    children_depth: int | None = None


#: a parsed selector: a union of intersections of atoms
Selector = tuple[tuple[Atom, ...], ...]


def parse(text: str) -> Selector:
    """Parse a selector string into plain data; raises SelectorError saying what is wrong."""
    if not text or not text.strip():
        raise SelectorError(phrase("empty selector; expected e.g. email+, +crm, 2+crm, email+,ads or email+&+ads"))
    terms = []
    for term_text in text.split(","):
        atoms = []
        for atom_text in term_text.split("&"):
            atoms.append(_atom(atom_text.strip(), text))
        terms.append(tuple(atoms))
    return tuple(terms)


def _atom(part: str, whole: str) -> Atom:
    if not part:
        raise SelectorError(phrase("empty part in selector '{whole}': ',' and '&' join two selections", whole=whole))
    match = _ATOM.fullmatch(part)
    if not match:
        raise SelectorError(phrase("cannot read '{part}' in selector '{whole}': expected KEY, +KEY, KEY+, N+KEY or "
                                   "KEY+N", part=part, whole=whole))
    up, down = match["up"], match["down"]
    if up and not match["plus_up"]:
        raise SelectorError(phrase("cannot read '{part}' in selector '{whole}': expected KEY, +KEY, KEY+, N+KEY or "
                                   "KEY+N", part=part, whole=whole))
    return Atom(key=match["key"], parents=bool(match["plus_up"]), parents_depth=int(up) if up else None,
                children=bool(match["plus_down"]), children_depth=int(down) if down else None)


def evaluate(db: ReadDB, selector: Selector) -> set[str]:
    """The keys a parsed selector selects: the union of its terms, each the intersection of its atoms."""
    selected: set[str] = set()
    cache: dict[Atom, set[str]] = {}
    for term in selector:
        keys: set[str] | None = None
        for atom in term:
            if atom not in cache:
                cache[atom] = _atom_keys(db, atom)
            keys = set(cache[atom]) if keys is None else keys & cache[atom]
        selected |= keys or set()
    return selected


def select_keys(db: ReadDB, text: str) -> set[str]:
    """The keys (records and flows) selector `text` selects: `daicho list KIND --select TEXT`."""
    return evaluate(db, parse(text))


def _atom_keys(db: ReadDB, atom: Atom) -> set[str]:
    node = resolve(db, atom.key)
    key, kind = node["key"], node["kind"]
    keys = {key}
    if not (atom.parents or atom.children):
        return keys
    if kind == "item":
        if atom.children:
            result = where(db, key, atom.children_depth)
            keys |= {n["key"] for n in result["nodes"]} | {h["flow"] for h in result["hops"]}
            keys |= set(result["recipients"])  # the parties whose side the trail reaches
        if atom.parents:
            keys |= _ancestors(db, key, atom.parents_depth)
        return keys
    if kind not in FLOW_NODE_KINDS:
        raise SelectorError(phrase("'+' follows flows, and '{key}' is a {kind}: use an item, collection point, "
                                   "system or recipient", key=key, kind=phrase(kind.replace("_", " "))))
    side = side_of(db, key)
    keys |= set(side) if len(side) > 1 else set()
    for wanted, direction, depth in ((atom.children, "down", atom.children_depth),
                                     (atom.parents, "up", atom.parents_depth)):
        if wanted:
            reached = walk_from(db, side, direction, depth)
            keys |= _with_parties(db, set(reached)) | set(flows_within(db, reached, direction, depth))
    if atom.parents and kind != "collection_point":
        keys |= {entry["item"] for entry in receives(db, key)["items"]}
    return keys


def _with_parties(db: ReadDB, nodes: set[str]) -> set[str]:
    """`nodes` and the recipients whose side they are on (a system a recipient operates and handles)."""
    facts = node_facts(db, nodes)
    return nodes | {n["party"] for n in facts.values() if n["party_kind"] not in (None, "operator")}


def _ancestors(db: ReadDB, item: str, depth: int | None) -> set[str]:
    parents: dict[str, set[str]] = {}
    for row in q.all_derivations(db):
        parents.setdefault(row["target"], set()).add(row["source"])
    hops = q.bfs([item], lambda i: parents.get(i, ()))
    return {i for i, h in hops.items() if depth is None or h <= depth}
