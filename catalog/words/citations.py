"""References the checks cite: APPI articles, Enforcement Rules, JIS Q 15001, JIPDEC guideline items.

Every citation says whether its clause number is confirmed by the project's law notes
(/work/shared/DOMAIN.md). An unconfirmed one prints with "(unverified)", so a report never
states a guessed clause number as certain. `cite(citation, lang)` is the one place a citation is written,
in English ("APPI Art. 27(1)(i)") or Japanese (法27条1項1号). The JIS Q 15001:2023 Annex A numbering is only
confirmed for A.1, A.2, A.3, A.13 and A.19 (公表等); any other 2023 Annex A item is
unverified whatever the caller says.

The citations live with the words (not in `catalog.checks`) so that a command writing one — breach, notice,
request — imports neither the check engine nor its rule modules; `catalog.checks.citations` re-exports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: JIS Q 15001:2023 Annex A items the law notes confirm.
CONFIRMED_2023_ANNEX_A = frozenset({"A.1", "A.2", "A.3", "A.13", "A.19"})


@dataclass(frozen=True)
class Citation:
    """One reference: the source document, the clause in it, and whether the number is confirmed."""

    source: str
    clause: str
    verified: bool = True

    def __str__(self) -> str:
        return f"{self.source} {self.clause}" + ("" if self.verified else " (unverified)")


def appi(clause: str, verified: bool = True) -> Citation:
    """An article of the Act on the Protection of Personal Information (current numbering)."""
    return Citation("APPI Art.", clause, verified)


def rules(clause: str, verified: bool = True) -> Citation:
    """An article of the PPC Enforcement Rules (個人情報保護法施行規則)."""
    return Citation("Rules Art.", clause, verified)


def order(clause: str, verified: bool = True) -> Citation:
    """An article of the Cabinet Order (個人情報保護法施行令)."""
    return Citation("Cabinet Order Art.", clause, verified)


def jis2023(clause: str, verified: bool = True) -> Citation:
    """A clause of JIS Q 15001:2023; Annex A items outside the confirmed set are always unverified."""
    if clause.startswith("A.") and clause not in CONFIRMED_2023_ANNEX_A:
        verified = False
    return Citation("JIS Q 15001:2023", clause, verified)


def jis2017(clause: str, verified: bool = True) -> Citation:
    """A clause or Annex A item of JIS Q 15001:2017."""
    return Citation("JIS Q 15001:2017", clause, verified)


def jipdec(clause: str, verified: bool = True) -> Citation:
    """An item of JIPDEC's 構築・運用指針 for JIS Q 15001:2023 (J-numbers)."""
    return Citation("JIPDEC guideline", clause, verified)


def ppc(clause: str, verified: bool = True) -> Citation:
    """A section of the PPC General Guideline (通則編) or its Q&A."""
    return Citation("PPC General Guideline", clause, verified)


#: each source's words in Japanese (`cite`)
_JA_SOURCES = {"APPI Art.": "法", "Rules Art.": "規則", "Cabinet Order Art.": "政令",
               "JIPDEC guideline": "JIPDEC指針 ", "PPC General Guideline": "ガイドライン（通則編）"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
#: an article clause: article (or a range), paragraphs `(1)`, items `(i)`, anything after
_CLAUSE = re.compile(r"^(\d+)(?:[–-](\d+))?((?:\(\d+\))*)((?:\([ivx]+\))*)(.*)$")


#: a citation as `cite` writes it, in either language (and the breach's short ids, "Rules 8(2)"): a terminal keeps
#: each whole when it wraps a line (`cli.fit`); compiled as `WRITTEN` on first use (~1 ms of a start-up)
_WRITTEN = (
    r"(?:(?:APPI|Rules|Cabinet Order|GDPR)(?: Art\.)? \d+(?:[–-]\d+)?(?:\((?:\d+|[a-z]+)\))*"
    r"|JIS Q 15001(?::\d{4})? (?:[A-Z]\.)?\d+(?:\.\d+)*"
    r"|JIPDEC(?: guideline |指針 )J\.\d+(?:\.\d+)*(?: [a-z]\))?"
    r"|(?:PPC General Guideline |ガイドライン（通則編）|ガイドライン)(?:Q&A ?)?\d[\d-]*(?: \([^)]*\))?"
    r"|(?:法|規則|政令)\d+条(?:～\d+条)?(?:\d+項)*(?:\d+号)*)"
    r"(?: \(unverified\)|（未確認）)?")


def __getattr__(name: str) -> re.Pattern[str]:
    """`WRITTEN`: the pattern of a written citation, compiled when first asked for."""
    if name == "WRITTEN":
        global WRITTEN
        WRITTEN = re.compile(_WRITTEN)
        return WRITTEN
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def cite(citation: Citation, lang: str = "en") -> str:
    """A citation as a reader of `lang` writes it: "APPI Art. 27(1)(i)" / "法27条1項1号", "Rules Art. 7" / "規則7条",
    "JIPDEC guideline J.8.3" / "JIPDEC指針 J.8.3"; unconfirmed ones marked "(unverified)" / "（未確認）"."""
    if lang != "ja":
        return str(citation)
    mark = "" if citation.verified else "（未確認）"
    source = _JA_SOURCES.get(citation.source)
    if source is None:  # JIS Q 15001: the same in both languages
        return f"{citation.source} {citation.clause}{mark}"
    if citation.source in ("APPI Art.", "Rules Art.", "Cabinet Order Art."):
        return source + japanese_clause(citation.clause) + mark
    if citation.clause.startswith("Q&A"):
        return "ガイドラインQ&A" + citation.clause[3:] + mark
    return source + citation.clause + mark


def japanese_clause(clause: str) -> str:
    """`27(1)(i)` → 27条1項1号, `19–21` → 19条～21条; a clause of another shape as it is."""
    found = _CLAUSE.match(clause)
    if not found:
        return clause
    article, last, paragraphs, items, rest = found.groups()
    out = f"{article}条" + (f"～{last}条" if last else "")
    out += "".join(f"{p}項" for p in re.findall(r"\((\d+)\)", paragraphs))
    out += "".join(f"{_ROMAN.get(i, i)}号" for i in re.findall(r"\(([ivx]+)\)", items))
    return out + rest


def cite_all(citations: tuple[Citation, ...], lang: str = "en") -> tuple[str, ...]:
    """Each citation in `lang` (`cite`)."""
    return tuple(cite(c, lang) for c in citations)
