"""Words of the ledger (and of the notice and audit pack that share them): English message ids marked `N_`,
said in a language through the gettext catalog (`catalog.words`) where the ledger is written.

Column headers follow P-Mark practice (JIS Q 15001 A.3.3.1 / 6.1): the Japanese header in the catalog is the
one auditors expect; the English one is for readers abroad. A short word that means different things in
different places carries a context before a bar, as glib's `Q_` does ("answer|Yes": 有, "applies|Yes": 該当);
English shows the part after the bar. `tr(lang, msgid)` looks a word up once per language and keeps it, so a
ledger of 100,000 rows pays a dict lookup per word.
"""

from __future__ import annotations

from functools import lru_cache

from daicho.catalog.resolved.countries import location_title
from daicho.catalog.words import N_, t

#: Ledger columns: (field of LedgerRow, English header (message id), column width in characters).
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("no", N_("column|No."), 9),
    ("id", N_("column|Key"), 16),
    ("department", N_("column|Department"), 12),
    ("owner", N_("column|Owner"), 12),
    ("process", N_("Business process"), 16),
    ("item", N_("Personal-data item"), 20),
    ("info_class", N_("Kind of information"), 12),
    ("subjects", N_("Data subjects"), 14),
    ("persons", N_("column|Persons"), 9),
    ("medium", N_("column|Medium"), 8),
    ("acquisition", N_("Acquisition method and source"), 24),
    ("written", N_("Acquired directly in writing"), 14),
    ("purposes", N_("Purposes of use"), 30),
    ("notice", N_("Purpose notified or published"), 22),
    ("consent", N_("Consent of the person"), 18),
    ("storage", N_("Storage location and method"), 26),
    ("access", N_("Who has access"), 16),
    ("retention", N_("Use deadline and retention"), 20),
    ("disposal", N_("column|Disposal"), 16),
    ("outsourcing", N_("Outsourcing and contractors"), 22),
    ("provision", N_("Third-party provision"), 22),
    ("joint_use", N_("column|Joint use"), 16),
    ("foreign", N_("Foreign handling and countries"), 22),
    ("sensitive", N_("Sensitive (special care)"), 10),
    ("retained", N_("Retained personal data"), 11),
    ("risk", N_("Risk assessment"), 22),
    ("last_reviewed", N_("column|Last reviewed"), 11),
)

#: The ledger's columns printed on two A4 landscape pages: each part repeats the number, key and item.
PRINT_PARTS: tuple[tuple[str, ...], ...] = (
    ("no", "id", "department", "owner", "process", "item", "info_class", "subjects", "persons", "medium",
     "acquisition", "written", "purposes", "notice", "consent"),
    ("no", "id", "item", "storage", "access", "retention", "disposal", "outsourcing", "provision", "joint_use",
     "foreign", "sensitive", "retained", "risk", "last_reviewed"),
)

CONTRACTOR_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("key", N_("column|Key"), 16),
    ("name", N_("column|Contractor"), 30),
    ("kind", N_("column|Kind"), 12),
    ("country", N_("contractor|Registered in"), 14),
    ("hosting", N_("Keeps data in"), 14),
    ("parent", N_("Parent contractors"), 20),
    ("contract_date", N_("column|Contract date"), 12),
    ("protection_clauses", N_("column|Protection clauses"), 12),
    ("subcontracting", N_("Sub-contracting"), 14),
    ("review_date", N_("column|Last review"), 12),
    ("review_result", N_("column|Review result"), 24),
    ("items", N_("column|Items handled"), 36),
    ("note", N_("column|Note"), 22),
)

CROSS_BORDER_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("flow", N_("column|Flow"), 22),
    ("source", N_("column|From"), 24),
    ("target", N_("column|To"), 24),
    ("country", N_("recipient|Registered in"), 14),
    ("hosting", N_("column|Kept in"), 14),
    ("items", N_("column|Items"), 36),
    ("basis", N_("column|Basis"), 18),
    ("foreign_basis", N_("Foreign-transfer basis"), 22),
    ("status", N_("column|Status"), 24),
)

#: Sheet names of the XLSX ledger (and the Markdown ledger's section titles).
SHEETS = {"ledger": N_("sheet|Ledger"), "contractors": N_("sheet|Contractors"),
          "cross_border": N_("Cross-border flows")}

#: Values the ledger writes: a vocabulary key (an enum value of the inventory, or a word of the tool's) → its
#: English message id.
WORDS: dict[str, str] = {
    # acquisition
    "provided": N_("provided by the person"),
    "service_use": N_("collected through use of the service"),
    "automatic": N_("collected automatically"),
    "cookie": N_("acquisition|cookies and similar technologies"),
    "third_party": N_("acquisition|received from a third party"),
    # medium
    "electronic": N_("medium|electronic"),
    "paper": N_("medium|paper"),
    # basis
    "internal": N_("basis|internal"),
    "collection": N_("basis|collection"),
    "outsourcing": N_("basis|outsourcing"),
    "succession": N_("basis|succession"),
    "joint_use": N_("basis|joint use"),
    "consent": N_("basis|consent"),
    "exception": N_("legal exception"),
    "opt_out": N_("basis|opt-out"),
    # foreign basis
    "eu_uk": N_("EU/UK (equivalent regime)"),
    "compliant_system": N_("compliant system"),
    # recipient kinds
    "contractor": N_("kind|contractor"),
    "subcontractor": N_("kind|sub-contractor"),
    "joint_user": N_("kind|joint user"),
    "group_company": N_("kind|group company"),
    # sub-contracting
    "not_allowed": N_("sub-contracting|not allowed"),
    "allowed": N_("allowed with approval"),
    "approved": N_("sub-contracting|approved"),
    # residual risk
    "low": N_("risk|low"),
    "medium": N_("risk|medium"),
    "high": N_("risk|high"),
    # retention actions
    "keep": N_("retention|keep"),
    "delete": N_("retention|delete"),
    "anonymise": N_("retention|anonymise"),
    "stop_use": N_("retention|stop use"),
    # system kinds
    "database": N_("system|database"),
    "saas": N_("system|SaaS"),
    "application": N_("system|application"),
    "file_share": N_("system|file share"),
    "paper_cabinet": N_("system|paper cabinet"),
    "other": N_("system|other"),
    # answers and small words
    "yes": N_("answer|Yes"),
    "no": N_("answer|No"),
    "applies": N_("applies|Yes"),
    "not_applies": N_("applies|No"),
    "unknown": N_("answer|unknown"),
    "encrypted": N_("storage|encrypted"),
    "none": N_("none|—"),
    "named_only": N_("ledger|named, no data flow recorded"),
    "storage_only": N_("stores only, does not handle the data"),
    "none_recorded": N_("none recorded"),
    "not_recorded": N_("ledger|not recorded"),
    "answer_unknown": N_("answer|Unknown"),
    # kinds of information (情報の区分)
    "class_personal": N_("personal information"),
    "class_sensitive": N_("sensitive personal information"),
    "class_personally_referable": N_("personally referable information"),
    "class_pseudonymised": N_("pseudonymised information"),
    "class_anonymised": N_("anonymised information"),
    "not_personal_data": N_("No (not personal data)"),
    "retained_excluded": N_("excluded (APPI 41(9))"),
    # P-Mark columns
    "not_direct": N_("No (received from third parties)"),
    "purposes_published": N_("purposes in the public notice"),
    "purposes_unpublished": N_("purposes not in the public notice"),
    "at_acquisition": N_("at acquisition"),
    "sensitive_acquisition": N_("acquiring sensitive information"),
    "provision_to": N_("consent|provision"),
    "transfer_abroad": N_("consent|transfer abroad"),
    # statuses of `daicho abroad`
    "status_ok": N_("foreign-transfer basis recorded"),
    "status_missing": N_("no foreign-transfer basis (APPI 28(1))"),
    "status_mismatch": N_("basis does not fit the country (Rules 15)"),
    "status_incomplete": N_("foreign-transfer basis named, what it rests on not recorded (Rules 16-18)"),
    "status_exempt": N_("a 27(1) case: APPI 28 does not apply"),
    "status_referable": N_("personally referable only (APPI 31)"),
    "status_unknown_country": N_("recipient's location unknown"),
    "status_own_system": N_("own system (foreign environment)"),
    "status_recipient_system": N_("recipient's system (foreign environment)"),
    "status_storage": N_("storage only, not a provision (foreign environment)"),
    "status_onward": N_("passed on by the recipient"),
    "disclosed": N_("named in the security measures"),
    "not_disclosed": N_("not named in the security measures"),
}

#: Sentence parts the ledger wraps around recorded values.
SOURCE = N_("source: {source}")
DERIVED_FROM = N_("derived from: {name}")
ON = N_("(on: {trigger})")
KEPT_IN = N_("(kept in: {places})")
RESIDUAL = N_("residual risk: {level}")
ASSESSED = N_("assessed: {date}")
#: the separator of a list inside one line ("、" in Japanese)
LIST = N_("list|, ")

#: The title block of the ledger: title, operator, date made, edition, the approval boxes (承認欄) stamped on
#: paper, the page number of the printed footer.
TITLE = N_("Personal information ledger")
OPERATOR = N_("Operator: {name}")
CREATED = N_("Created: {date}")
EDITION = N_("Edition: {edition}")
BOXES = (N_("box|Approved"), N_("box|Checked"), N_("box|Prepared"))
PAGE = N_("Page &P of &N")

_SAID: dict[str, dict[str, str]] = {}


def tr(lang: str, msgid: str) -> str:
    """`msgid` in `lang` (a context before a bar left out), looked up once per language and kept."""
    said = _SAID.get(lang)
    if said is None:
        said = _SAID[lang] = {}
    text = said.get(msgid)
    if text is None:
        text = t(lang, msgid)
        if text == msgid and "|" in msgid:
            text = msgid.split("|", 1)[1]
        said[msgid] = text
    return text


def word(key: str | None, lang: str = "ja") -> str:
    """A vocabulary word (enum value or small word) in `lang`; an unknown key comes back as it is."""
    if key is None:
        return ""
    msgid = WORDS.get(str(key))
    return str(key) if msgid is None else tr(lang, msgid)


def headers(columns: tuple[tuple[str, str, int], ...], lang: str = "ja") -> list[str]:
    """The header row of a table in `lang`."""
    return [tr(lang, header) for _, header, _ in columns]


def sheet_name(sheet: str, lang: str = "ja") -> str:
    """The name of a sheet of the ledger (`SHEETS`: ledger, contractors, cross_border) in `lang`."""
    return tr(lang, SHEETS[sheet])


def check_lang(lang: str) -> str:
    """`lang` if it is ja or en; otherwise a DaichoError naming the choices."""
    if lang not in ("ja", "en"):
        from daicho.inventory.errors import DaichoError

        raise DaichoError(f"unknown language '{lang}' (choose ja or en)")
    return lang


@lru_cache(maxsize=4096)
def country_name(code: str | None, lang: str = "ja") -> str:
    """`Name (CODE)` for a country, the words for a region, unknown or per customer (`location_title`);
    None reads as unknown: never a default country."""
    title = location_title(code or "unknown", lang) or code or ""
    return f"{title} ({code})" if code and len(code) == 2 and title != code else title
