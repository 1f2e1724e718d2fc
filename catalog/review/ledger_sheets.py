"""The ledger's other sheets: contractor supervision (APPI 25) and cross-border flows (APPI 28).

Both read the resolved model (`catalog.review.reach`): the contractors' parents, registered country and
hosting from the resolved nodes, the items they handle from the walk of `daicho where`, and the
cross-border rows are exactly the flows of `daicho abroad` with its status.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from daicho.catalog.review.ledger import CONTRACTOR_KINDS, Index, basis_label, unique
from daicho.catalog.review.ledger_cells import Cat, Country, Lines, W, lines
from daicho.catalog.review.reach import PROVISIONS, ReviewFacts


class _Said:
    """A sheet's row in no language (`ledger_cells` values), said in one by `said(lang)`."""

    def said(self, lang: str) -> Any:
        """The row in `lang` as plain text."""
        return type(self)(**{f.name: _text(getattr(self, f.name), lang) for f in fields(self)})  # type: ignore

    def cell(self, column: str, lang: str = "ja") -> Any:
        """A column's value for a writer in `lang`."""
        return _text(getattr(self, column), lang)


def _text(value: Any, lang: str) -> Any:
    said = lines(value, lang)
    return "\n".join(said) if said.__class__ is list else said


@dataclass
class ContractorRow(_Said):
    key: str
    name: Any
    kind: Any
    country: Any
    hosting: Any
    parent: Any
    contract_date: str
    protection_clauses: Any
    subcontracting: Any
    review_date: str
    review_result: str
    items: Any
    note: Any


def contractor_rows(facts: ReviewFacts, lang: str | None = None, index: Index | None = None) -> list[ContractorRow]:
    """The contractor-supervision sheet (APPI 25): every contractor and sub-contractor — each line of
    contractors above it ("CloudCo > MailCo", one a line), its parents, where it is registered and keeps
    data, its contract and review, and the items whose walk reaches it (as in the ledger's 委託先 column);
    in no language, or with `lang` said in it."""
    index = index or Index(facts.inventory, facts)
    handled = facts.receivers()
    rows = []
    for r in sorted((r for r in facts.inventory.recipients if r.kind in CONTRACTOR_KINDS),
                    key=lambda r: index.recipient_path(r.key, "en")):
        node = facts.nodes[r.key]
        contract, review = r.contract, r.review
        chains = facts.chains.get(r.key) or [[]]
        notes = [W("named_only")] * node["named_only"] + [W("storage_only")] * (not node["handles"])
        rows.append(ContractorRow(
            key=r.key, name=[index.chain((*reversed(line), r.key)) for line in chains],
            kind=W(r.kind), country=Country(node["registered"]),
            hosting=Lines([Country(h) for h in node["hosting"]], once=False, empty=W("none_recorded")),
            parent=[index.named(p) for p in node["parents"]],
            contract_date=contract.date.isoformat() if contract and contract.date else "",
            protection_clauses=W("yes" if contract and contract.protection_clauses else "no"),
            subcontracting=W(contract.subcontracting) if contract else "",
            review_date=review.date.isoformat() if review and review.date else "",
            review_result=(review.result or "") if review else "",
            items=Lines([index.named(i) for i in unique(handled.get(r.key, []))]),
            note=notes,
        ))
    return rows if lang is None else [row.said(lang) for row in rows]


@dataclass
class CrossBorderRow(_Said):
    flow: str
    source: Any
    target: Any
    country: Any
    hosting: Any
    items: Any
    basis: Any
    foreign_basis: Any
    status: Any
    status_key: str = ""  # the `abroad` status (ok, missing, unknown_country …) the status words say


def cross_border_rows(facts: ReviewFacts, lang: str | None = None, index: Index | None = None
                      ) -> list[CrossBorderRow]:
    """Every flow `daicho abroad` lists (`FOREIGN_FLOWS`), with its status: provisions to a party established
    abroad or where it is not known, the operator's own storage abroad, onward transfers; in no language, or
    with `lang` said in it."""
    index = index or Index(facts.inventory, facts)
    rows = [cross_border_row(entry, index) for entry in facts.abroad["flows"]]
    return rows if lang is None else [row.said(lang) for row in rows]


def cross_border_row(entry: dict[str, Any], index: Index) -> CrossBorderRow:
    """One `abroad` entry: the registered location of a receiving party (a system's location for the operator's
    own storage) and where the data is kept."""
    recipient = (index.facts.nodes.get(entry["to_party"]) or {}).get("kind") == "recipient"
    registered = entry["registered"] if recipient else entry["to_country"]
    target: Any = index.named(entry["to"])
    if recipient and entry["to"] != entry["to_party"]:
        target = Cat(index.named(entry["to_party"]), " (", target, ")")
    status = [W(f"status_{entry['status']}")]
    if entry["disclosure"] in ("disclosed", "not_disclosed"):
        status.append(W(entry["disclosure"]))
    foreign = W(entry["foreign_basis"]) if entry["foreign_basis"] else \
        W("none_recorded" if entry["boundary"] in PROVISIONS else "none")
    return CrossBorderRow(
        flow=entry["flow"], source=index.named(entry["from"]), target=target,
        country=Country(registered or "unknown"),
        hosting=Lines([Country(h) for h in entry["hosting"]], once=False, empty=W("none_recorded")),
        items=[index.named(i) for i in entry["items"]],
        basis=basis_label(entry["basis"], index.exception(entry["flow"])),
        foreign_basis=foreign, status=status, status_key=entry["status"])
