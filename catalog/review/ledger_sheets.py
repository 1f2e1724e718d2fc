"""The ledger's other sheets: contractor supervision (APPI 25) and cross-border flows (APPI 28).

Both read the resolved model (`catalog.review.reach`): the contractors' parents, registered country and
hosting from the resolved nodes, the items they handle from the walk of `daicho where`, and the
cross-border rows are exactly the flows of `daicho abroad` with its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from daicho.catalog.review.ledger import CONTRACTOR_KINDS, Index, basis_label, unique
from daicho.catalog.review.ledger_labels import country_name, word
from daicho.catalog.review.reach import PROVISIONS, ReviewFacts


@dataclass
class ContractorRow:
    key: str
    name: str
    kind: str
    country: str
    hosting: str
    parent: str
    contract_date: str
    protection_clauses: str
    subcontracting: str
    review_date: str
    review_result: str
    items: str
    note: str


def contractor_rows(facts: ReviewFacts, lang: str = "ja", index: Index | None = None) -> list[ContractorRow]:
    """The contractor-supervision sheet (APPI 25): every contractor and sub-contractor — each line of
    contractors above it ("CloudCo > MailCo", one a line), its parents, where it is registered and keeps
    data, its contract and review, and the items whose walk reaches it (as in the ledger's 委託先 column)."""
    index = index or Index(facts.inventory, facts)
    handled = facts.receivers()
    rows = []
    for r in sorted((r for r in facts.inventory.recipients if r.kind in CONTRACTOR_KINDS),
                    key=lambda r: index.recipient_path(r.key, "en")):
        node = facts.nodes[r.key]
        contract, review = r.contract, r.review
        lines = facts.chains.get(r.key) or [[]]
        notes = [word("named_only", lang)] * node["named_only"] + [word("storage_only", lang)] * (not node["handles"])
        rows.append(ContractorRow(
            key=r.key, name="\n".join(index.chain_label((*reversed(line), r.key), lang) for line in lines),
            kind=word(r.kind, lang), country=country_name(node["registered"], lang),
            hosting="\n".join(country_name(h, lang) for h in node["hosting"]) or word("none_recorded", lang),
            parent="\n".join(index.name(p, lang) for p in node["parents"]),
            contract_date=contract.date.isoformat() if contract and contract.date else "",
            protection_clauses=word("yes" if contract and contract.protection_clauses else "no", lang),
            subcontracting=word(contract.subcontracting, lang) if contract else "",
            review_date=review.date.isoformat() if review and review.date else "",
            review_result=(review.result or "") if review else "",
            items="\n".join(unique([index.name(i, lang) for i in handled.get(r.key, [])])),
            note="\n".join(notes),
        ))
    return rows


@dataclass
class CrossBorderRow:
    flow: str
    source: str
    target: str
    country: str
    hosting: str
    items: str
    basis: str
    foreign_basis: str
    status: str
    status_key: str = ""  # the `abroad` status (ok, missing, unknown_country …) the status words say


def cross_border_rows(facts: ReviewFacts, lang: str = "ja", index: Index | None = None) -> list[CrossBorderRow]:
    """Every flow `daicho abroad` lists (`FOREIGN_FLOWS`), with its status: provisions to a party established
    abroad or where it is not known, the operator's own storage abroad, onward transfers."""
    index = index or Index(facts.inventory, facts)
    return [cross_border_row(entry, index, lang) for entry in facts.abroad["flows"]]


def cross_border_row(entry: dict[str, Any], index: Index, lang: str) -> CrossBorderRow:
    """One `abroad` entry in `lang`: the registered location of a receiving party (a system's location for
    the operator's own storage) and where the data is kept."""
    recipient = (index.facts.nodes.get(entry["to_party"]) or {}).get("kind") == "recipient"
    registered = entry["registered"] if recipient else entry["to_country"]
    target = index.name(entry["to"], lang)
    if recipient and entry["to"] != entry["to_party"]:
        target = f"{index.name(entry['to_party'], lang)} ({target})"
    status = word(f"status_{entry['status']}", lang)
    if entry["disclosure"] in ("disclosed", "not_disclosed"):
        status += f"\n{word(entry['disclosure'], lang)}"
    foreign = word(entry["foreign_basis"], lang) if entry["foreign_basis"] else \
        word("none_recorded" if entry["boundary"] in PROVISIONS else "none", lang)
    return CrossBorderRow(
        flow=entry["flow"], source=index.name(entry["from"], lang), target=target,
        country=country_name(registered or "unknown", lang),
        hosting="\n".join(country_name(h, lang) for h in entry["hosting"]) or word("none_recorded", lang),
        items="\n".join(index.name(i, lang) for i in entry["items"]),
        basis=basis_label(entry["basis"], index.exception(entry["flow"]), lang),
        foreign_basis=foreign, status=status, status_key=entry["status"])
