"""The matters an operator puts in a state persons can know (APPI 32(1), Cabinet Order Art. 10), and which of
them the inventory does not record — one definition for the public notice (`notice`) and its check (DAI030).

APPI 32(1): (i) the operator's name, address and representative; (ii) the purposes of all retained personal
data; (iii) the procedures for requests (disclosure incl. the third-party provision records of APPI 33(5),
correction, stopping use) and the fee (APPI 38(2)); (iv) what the Cabinet Order adds — Art. 10: (i) the
security control measures (安全管理措置; including, per PPC general guideline 10-7, the foreign environment
of each country where personal data is handled: 外的環境の把握), (ii) the complaints desk, (iii) the
accredited personal information protection organisation (認定個人情報保護団体) the operator belongs to, if
any. Art. 32(1) is met also by answering without delay on request, so a matter missing from the inventory is a
gap to fill, not by itself a breach. The purposes are the concern of DAI003 and DAI020, not repeated here.

Where personal data is handled abroad (`environment_locations`) is read from the resolved model: the
operator's own systems, storage its provider does not handle and systems its contractors operate and handle
(their `foreign_hosting`), and outsourcing of personal data to a contractor abroad (where it is established
and keeps the data). Provision to a third party abroad is APPI 28's concern, not the operator's handling.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from daicho.catalog.words import Place, phrase

if TYPE_CHECKING:  # catalog.checks imports this module: its citations are imported where they are used
    from daicho.catalog.words.citations import Citation

#: party kinds on whose side the operator's data is handled for it
_KEEPERS = frozenset({"operator", "contractor", "subcontractor"})
#: boundaries where a contractor handles personal data for the operator
_ENTRUSTED = frozenset({"outsourcing", "subcontracting"})


@dataclass(frozen=True)
class Matter:
    """One matter of APPI 32(1) / Cabinet Order 10 the inventory does not record: a stable key, what it is in
    words (a phrase: English text, `say(what, lang)` in another language), the provision it rests on (ids:
    'APPI 32(1)(iii), 38(2)'; `cited(cites, lang)` writes them), and the manifest field that records it."""

    key: str
    what: str
    cites: str
    field: str


def environment_locations(nodes: dict[str, dict[str, Any]], holding: Iterable[str],
                          flows: Iterable[dict[str, Any]]) -> list[str]:
    """The foreign locations (codes; not unknown or per customer) where the operator's personal data is handled:
    the `foreign_hosting` of each system in `holding` (systems with personal data) on the operator's or a
    contractor's side, and for each flow that entrusts personal data to a contractor abroad (`flows`: resolved
    rows or `abroad` entries with `boundary`, `border`, `foreign_status`, `transfer_location`, `to_party`
    or `target_party`) where that contractor is established and keeps the data."""
    found: list[str] = []

    def add(codes: Iterable[str | None]) -> None:
        found.extend(c for c in codes if c and c not in ("unknown", "per_customer") and c not in found)

    for key in holding:
        node = nodes.get(key)
        if node and node["kind"] == "system" and node["party_kind"] in _KEEPERS:
            add(node["foreign_hosting"])
    for flow in flows:
        if flow["boundary"] in _ENTRUSTED and flow["border"] == "abroad" and flow["foreign_status"] != "referable":
            party = nodes.get(flow.get("target_party") or flow.get("to_party") or "")
            add([flow["transfer_location"], *(party["foreign_hosting"] if party else [])])
    return found


def missing_matters(org: Any, locations: Iterable[str]) -> list[Matter]:
    """The matters of APPI 32(1) and Cabinet Order 10 that organization `org` (None: none recorded) does not
    record, in the order of the law; `locations` are where personal data is handled abroad."""
    if org is None:
        return [Matter("organization", phrase("the operator itself (name, address, representative and every other "
                                              "matter)"), "APPI 32(1)", "organization")]
    out = []
    for key, present, what, cites in (
            ("address", org.address, "the operator's address", "APPI 32(1)(i)"),
            ("representative", org.representative, "the operator's representative", "APPI 32(1)(i)"),
            ("request_procedure", org.request_procedure, "the procedure for requests for disclosure, correction, "
                                                         "stopping use …", "APPI 32(1)(iii)"),
            ("request_fee", org.request_fee, "the fee for requests (or that there is none)",
             "APPI 32(1)(iii), 38(2)"),
            ("discloses_provision_records", org.discloses_provision_records,
             "that disclosure of the third-party provision records may be requested", "APPI 33(5)"),
            ("security_measures", org.security_measures, "the security control measures", "Cabinet Order 10(i)"),
    ):
        if not present:
            out.append(Matter(key, phrase(what), cites, key))
    stated = {e.location for e in org.foreign_environment}
    for code in locations:
        if code not in stated:
            out.append(Matter(f"foreign_environment:{code}",
                              phrase("the foreign-environment statement for {place} (that country's system, as the "
                                     "security measures take it into account)", place=Place(code)),
                              "PPC General Guideline 10-7", "foreign_environment"))
    if not org.complaints_desk:
        out.append(Matter("complaints_desk", phrase("the complaints desk"), "Cabinet Order 10(ii)", "complaints_desk"))
    accredited = org.accredited_organization
    if accredited is None:
        out.append(Matter("accredited_organization", phrase("whether the operator belongs to an accredited personal "
                                                         "information protection organisation (認定個人情報保護団体)"),
                          "Cabinet Order 10(iii)", "accredited_organization"))
    elif accredited.member and not (accredited.name and accredited.complaints):
        out.append(Matter("accredited_organization", phrase("the name and complaints desk of the accredited "
                                                         "personal information protection organisation it belongs "
                                                         "to"), "Cabinet Order 10(iii)", "accredited_organization"))
    return out


def citations(cites: str) -> tuple[Citation, ...]:
    """Citation ids as data: 'APPI 32(1)(iii), 38(2)' → APPI 32(1)(iii) and APPI 38(2) (a part without a source
    is of the source before it); an id of no known source is left out."""
    from daicho.catalog.words.citations import appi, order, ppc

    sources = (("Cabinet Order ", order), ("PPC General Guideline ", ppc), ("APPI ", appi))
    out: list[Citation] = []
    make = None
    for part in (p.strip() for p in cites.split(",")):
        for prefix, source in sources:
            if part.startswith(prefix):
                make, part = source, part[len(prefix):]
                break
        if make is not None and part:
            out.append(make(part))
    return tuple(out)


def cited(cites: str, lang: str) -> str:
    """Citation ids as a reader of `lang` writes them: English keeps the ids as they are ('Cabinet Order 10(iii)'),
    Japanese writes each with `catalog.words.citations.cite` (政令10条3号; several joined by 、)."""
    from daicho.catalog.words.citations import cite

    if lang == "en":
        return cites
    found = citations(cites)
    return "、".join(cite(c, lang) for c in found) if found else cites
