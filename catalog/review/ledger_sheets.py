"""The ledger's other sheets: contractor supervision (APPI 25) and cross-border flows (APPI 28)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from daicho.catalog.review.ledger import CONTRACTOR_KINDS, Index, Reach, basis_label, item_reach, recipient_kind, unique
from daicho.catalog.review.ledger_labels import word
from daicho.inventory.model import Inventory


@dataclass
class ContractorRow:
    key: str
    name: str
    kind: str
    country: str
    parent: str
    contract_date: str
    protection_clauses: str
    subcontracting: str
    review_date: str
    review_result: str
    items: str


def contractor_rows(inventory: Inventory, lang: str = "ja", index: Index | None = None) -> list[ContractorRow]:
    """The contractor-supervision sheet (APPI 25): every contractor and sub-contractor, with its items."""
    index = index or Index(inventory)
    handled: dict[str, list[str]] = defaultdict(list)
    for item in inventory.items:
        reach = item_reach(index, item.key)
        for recipient in _contractor_keys(index, reach):
            handled[recipient].append(item.name.get(lang))
    rows = []
    for r in sorted((r for r in inventory.recipients if r.kind in CONTRACTOR_KINDS),
                    key=lambda r: index.recipient_path(r.key, "en")):
        contract, review = r.contract, r.review
        rows.append(ContractorRow(
            key=r.key, name=index.recipient_path(r.key, lang), kind=word(r.kind, lang),
            country=r.country or word("unknown", lang),
            parent=index.recipient_path(r.parent, lang) if r.parent else "",
            contract_date=contract.date.isoformat() if contract and contract.date else "",
            protection_clauses=word("yes" if contract and contract.protection_clauses else "no", lang),
            subcontracting=word(contract.subcontracting, lang) if contract else "",
            review_date=review.date.isoformat() if review and review.date else "",
            review_result=(review.result or "") if review else "",
            items="\n".join(unique(handled.get(r.key, []))),
        ))
    return rows


def _contractor_keys(index: Index, reach: Reach) -> list[str]:
    keys = [f.target for f, _ in reach.edges]
    keys += [index.systems[n].operated_by for n in reach.nodes if n in index.systems]
    keys += reach.nodes
    return unique([k for k in keys if k and recipient_kind(index, k) in CONTRACTOR_KINDS])


@dataclass
class CrossBorderRow:
    flow: str
    source: str
    target: str
    country: str
    items: str
    basis: str
    foreign_basis: str


def cross_border_rows(inventory: Inventory, lang: str = "ja", index: Index | None = None) -> list[CrossBorderRow]:
    """Flows to a node abroad: outside the operator's country, or in another country than their source."""
    index = index or Index(inventory)
    rows = []
    for flow in inventory.flows:
        src, dst = index.country(flow.source), index.country(flow.target)
        if dst is None or (dst == index.home and (src is None or src == dst)):
            continue
        rows.append(CrossBorderRow(
            flow=flow.key or "", source=_node_label(index, flow.source, lang),
            target=_node_label(index, flow.target, lang), country=dst,
            items="\n".join(index.name(i, lang) for i in flow.items), basis=basis_label(flow, lang),
            foreign_basis=word(flow.foreign_basis, lang) if flow.foreign_basis else ""))
    return rows


def _node_label(index: Index, key: str, lang: str) -> str:
    label = index.recipient_path(key, lang) if key in index.recipients else index.name(key, lang)
    return f"{label} ({index.country(key) or word('unknown', lang)})"
