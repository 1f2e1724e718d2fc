"""Words for the resolved model in the terminal (English and Japanese): locations, boundaries, parties.

Pure functions of the facts `catalog.resolved` decided (a node's party, operator and location; a flow's
boundary and statuses): they only say them, never re-derive them.
"""

from __future__ import annotations

from typing import Any

from daicho.catalog.words import N_, t

#: the boundary a flow crosses (catalog/resolved/build.py), as a label (the catalog says it in Japanese)
BOUNDARIES = {
    "acquisition": N_("acquisition"), "receipt": N_("receipt"), "internal": N_("internal"),
    "return": N_("return"), "within": N_("within the recipient"),
    "storage": N_("storage only (no provision)"),
    "outsourcing": N_("outsourcing"), "subcontracting": N_("sub-contracting"),
    "provision": N_("provision"), "joint_use": N_("joint use"),
    "onward": N_("onward by the recipient"),
}
_WORDS = {
    "unknown": N_("unknown"), "per_customer": N_("per customer"),
    "location unknown": N_("location unknown"),
    "per customer": N_("location chosen per customer"),
    "abroad": N_("abroad"), "no handling": N_("does not handle the data"),
    "kept in": N_("kept in"), "registered": N_("registered in"),
    "named only": N_("named, no data flow recorded"),
    "cannot apply": N_("cannot apply"), "also at": N_("also receives at"), "stored at": N_("stored at"),
    "keeps": N_("kept for the operator without handling the data, not a provision"), "reaches": N_("reaches"),
    "yes": N_("yes"), "no": N_("no"),
}


def say(key: str, lang: str) -> str:
    """A label of this module in `lang` (en or ja); the key itself (with spaces) when there is none."""
    return t(lang, _WORDS.get(key) or BOUNDARIES.get(key) or key.replace("_", " "))


def place(code: str | None, lang: str = "en") -> str:
    """A location as a short code: the country or region code, `unknown`, `per customer`; `-` for none."""
    if code is None:
        return "-"
    if code in ("unknown", "per_customer"):
        return say(code, lang)
    return code


def place_words(code: str | None, lang: str = "en") -> str:
    """A location standing alone: the code (in Japanese the name with it, `place_named`), or `location unknown` /
    `location chosen per customer`."""
    if code is None or code == "unknown":
        return say("location unknown", lang)
    return say("per customer", lang) if code == "per_customer" else place_named(code, lang)


def place_title(code: str | None, lang: str = "en") -> str:
    """A location by name with its code: `United States (US)`, `location unknown`, `-` for none."""
    from daicho.catalog.resolved.countries import location_title

    if code is None:
        return "-"
    title = location_title(code, lang) or code
    if code in ("unknown", "per_customer") or title == code:
        return title
    return t(lang, "{title} ({code})", title=title, code=code)


def places(codes: list[str], lang: str = "en") -> str:
    """Several locations as short codes."""
    return ", ".join(place(c, lang) for c in codes)


def place_named(code: str | None, lang: str = "en") -> str:
    """A location in a line of text as its reader reads it: English keeps the code (`US`, `place`); Japanese
    names it with the code (アメリカ合衆国（US）, `place_title`; unknown / per customer in words). A column of
    codes keeps `place`."""
    if lang == "en" or code in (None, "unknown", "per_customer"):
        return place(code, lang)
    return place_title(code, lang)


def places_named(codes: list[str], lang: str = "en") -> str:
    """Several locations as `place_named` says each (`, ` / 、 between)."""
    return (", " if lang == "en" else t(lang, ", ")).join(place_named(c, lang) for c in codes)


def extra_hosting(node: dict[str, Any]) -> list[str]:
    """Where a node keeps data, when that is not just its location (a recipient's hosting, a contractor's system
    kept elsewhere than where the contractor is established)."""
    from daicho.catalog.resolved.countries import kept_besides

    return kept_besides(node.get("hosting") or [], node.get("country", node.get("location")))


def operator_note(node: dict[str, Any], lang: str) -> str | None:
    """`operated by X` for a system on a recipient's side; `stored by X, which does not handle the data` for
    storage its provider does not handle (PPC Q&A 7-53); None for the operator's own systems."""
    operator = node.get("operated_by")
    if not operator:
        return None
    if node.get("handles", node.get("handles_data", True)):
        return t(lang, "operated by {operator}", operator=operator)
    return t(lang, "stored by {operator}, which does not handle the data", operator=operator)


#: boundaries said in another language by another message id than their English word (that one means
#: something else elsewhere: "acquisition" is also the item's acquisition method)
_SAID_AS = {"acquisition": N_("acquisition from the person")}


def boundary_word(boundary: str | None, lang: str) -> str:
    """A flow's boundary as a label."""
    if boundary is None:
        return "-"
    if lang != "en" and boundary in _SAID_AS:
        return t(lang, _SAID_AS[boundary])
    return t(lang, BOUNDARIES.get(boundary) or boundary.replace("_", " "))
