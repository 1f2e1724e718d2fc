"""References the checks cite: APPI articles, Enforcement Rules, JIS Q 15001, JIPDEC guideline items.

Every citation says whether its clause number is confirmed by the project's law notes
(/work/shared/DOMAIN.md). An unconfirmed one prints with "(unverified)", so a report never
states a guessed clause number as certain. The JIS Q 15001:2023 Annex A numbering is only
confirmed for A.1, A.2, A.3, A.13 and A.19 (公表等); any other 2023 Annex A item is
unverified whatever the caller says.
"""

from __future__ import annotations

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
    return Citation("Enforcement Rules Art.", clause, verified)


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
