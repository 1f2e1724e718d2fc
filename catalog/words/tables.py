"""Message ids of words other modules keep in tables and hand to the checks as they are (the resolved model's
evidence words, the encryption shortfalls, the public-notice matters): listed here so that extraction finds
them. `tests/test_words.py` fails when one of those tables holds a text not listed here.
"""

from __future__ import annotations

from daicho.catalog.words import N_

#: catalog.resolved.build.EVIDENCE_WORDS
EVIDENCE = (
    N_("the country's name (Rules 17(2))"),
    N_("that country's system for protecting personal information (Rules 17(2))"),
    N_("the recipient's measures (Rules 17(2))"),
    N_("the instrument it rests on (Rules 16: a contract, group rules, APEC CBPR …)"),
    N_("a periodic check of the recipient (Rules 18)"),
)
#: catalog.breach.encryption.shortfall
SHORTFALLS = (
    N_("it encrypts the storage only (a leak through the application reads the data)"),
    N_("no recognised algorithm recorded (CRYPTREC list or ISO/IEC 18033)"),
    N_("the key is not recorded as kept apart from the data (key_separate)"),
)
#: catalog.review.matters.missing_matters: what is missing and what it rests on
MATTERS = (
    N_("the operator itself (name, address, representative and every other matter)"),
    N_("the operator's address"),
    N_("the operator's representative"),
    N_("the procedure for requests for disclosure, correction, stopping use …"),
    N_("the fee for requests (or that there is none)"),
    N_("that disclosure of the third-party provision records may be requested"),
    N_("the security control measures"),
    N_("the complaints desk"),
    N_("whether the operator belongs to an accredited personal information protection organisation "
       "(認定個人情報保護団体)"),
    N_("the name and complaints desk of the accredited personal information protection organisation it belongs to"),
    N_("APPI 32(1)"), N_("APPI 32(1)(i)"), N_("APPI 32(1)(iii)"), N_("APPI 32(1)(iii), 38(2)"), N_("APPI 33(5)"),
    N_("Cabinet Order 10(i)"), N_("Cabinet Order 10(ii)"), N_("Cabinet Order 10(iii)"),
    N_("PPC General Guideline 10-7"),
)
