"""Words for the resolved model in the terminal (English and Japanese): locations, boundaries, parties.

Pure functions of the facts `catalog.resolved` decided (a node's party, operator and location; a flow's
boundary and statuses): they only say them, never re-derive them.
"""

from __future__ import annotations

from typing import Any

#: the boundary a flow crosses (catalog/resolved/build.py), as a label
BOUNDARIES = {
    "acquisition": ("acquisition", "取得"), "receipt": ("receipt", "受領"), "internal": ("internal", "社内"),
    "return": ("return", "返却"), "within": ("within the recipient", "提供先内"),
    "storage": ("storage only (no provision)", "保管のみ（提供に当たらない）"),
    "outsourcing": ("outsourcing", "委託"), "subcontracting": ("sub-contracting", "再委託"),
    "provision": ("provision", "第三者提供"), "joint_use": ("joint use", "共同利用"),
    "onward": ("onward by the recipient", "提供先による再提供"),
}
_WORDS = {
    "unknown": ("unknown", "不明"), "per_customer": ("per customer", "顧客ごと"),
    "location unknown": ("location unknown", "所在不明"),
    "per customer": ("location chosen per customer", "所在は顧客ごとに選択"),
    "abroad": ("abroad", "外国"), "operated by": ("operated by", "運用"), "stored by": ("stored by", "保管"),
    "no handling": ("does not handle the data", "データを取り扱わない"),
    "handles": ("handles the data", "データを取り扱う"),
    "kept in": ("kept in", "保管場所"), "registered": ("registered in", "所在国"),
    "named only": ("named, no data flow recorded", "名称のみ（データの流れの記録なし）"),
    "cannot apply": ("cannot apply", "適用不可"), "basis": ("basis", "根拠"), "to": ("to", "宛先"),
    "parents": ("sub-contractor of", "再委託元"), "operates": ("operates", "運用するシステム"),
    "party": ("party", "主体"), "also at": ("also receives at", "受領する場所"),
    "stored at": ("stored at", "保管先"),
    "keeps": ("kept for the operator without handling the data, not a provision",
              "取り扱わずに保管（提供に当たらない）"), "reaches": ("reaches", "到達先"),
    "yes": ("yes", "はい"), "no": ("no", "いいえ"),
}


def say(key: str, lang: str) -> str:
    """A label of this module in `lang` (en or ja); the key itself when there is none."""
    en, ja = _WORDS.get(key) or BOUNDARIES.get(key) or (key.replace("_", " "),) * 2
    return ja if lang == "ja" else en


def place(code: str | None, lang: str = "en") -> str:
    """A location as a short code: the country or region code, `unknown`, `per customer`; `-` for none."""
    if code is None:
        return "-"
    if code in ("unknown", "per_customer"):
        return say(code, lang)
    return code


def place_words(code: str | None, lang: str = "en") -> str:
    """A location standing alone: the code, or `location unknown` / `location chosen per customer`."""
    if code is None or code == "unknown":
        return say("location unknown", lang)
    return say("per customer", lang) if code == "per_customer" else code


def place_title(code: str | None, lang: str = "en") -> str:
    """A location by name with its code: `United States (US)`, `location unknown`, `-` for none."""
    from daicho.catalog.resolved.countries import location_title

    if code is None:
        return "-"
    title = location_title(code, lang) or code
    if code in ("unknown", "per_customer") or title == code:
        return title
    return f"{title}（{code}）" if lang == "ja" else f"{title} ({code})"


def places(codes: list[str], lang: str = "en") -> str:
    """Several locations as short codes."""
    return ", ".join(place(c, lang) for c in codes)


def extra_hosting(node: dict[str, Any]) -> list[str]:
    """Where a node keeps data, when that is not just its location (a recipient's hosting, a contractor's system
    kept elsewhere than where the contractor is established)."""
    hosting = node.get("hosting") or []
    return [] if hosting == [node.get("country", node.get("location"))] else list(hosting)


def operator_note(node: dict[str, Any], lang: str) -> str | None:
    """`operated by X` for a system on a recipient's side; `stored by X, which does not handle the data` for
    storage its provider does not handle (PPC Q&A 7-53); None for the operator's own systems."""
    operator = node.get("operated_by")
    if not operator:
        return None
    if node.get("handles", node.get("handles_data", True)):
        return f"{operator} が運用" if lang == "ja" else f"operated by {operator}"
    if lang == "ja":
        return f"{operator} が保管のみ・取扱いなし"
    return f"stored by {operator}, which does not handle the data"


def boundary_word(boundary: str | None, lang: str) -> str:
    """A flow's boundary as a label."""
    if boundary is None:
        return "-"
    en, ja = BOUNDARIES.get(boundary, (boundary.replace("_", " "),) * 2)
    return ja if lang == "ja" else en
