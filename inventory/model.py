"""The inventory model: what a manifest says and what the store keeps.

These pydantic models are the one definition of the manifest format. The JSON Schema
(`daicho schema`) is generated from them, validation runs them, and the store maps them
to tables (`inventory.tables`). Every record has a stable ``key``; keys are unique across
all kinds, so a key alone names a node of the lineage graph.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=200)]
#: where each fact comes from: a list of citations (one string is read as a list of one)
Evidence = Annotated[list[str], BeforeValidator(lambda value: [value] if isinstance(value, str) else value)]


def _country(value: str) -> str:
    from .locations import check_location

    return check_location(value, country_only=True)


def _registered(value: str) -> str:
    from .locations import check_location

    return check_location(value, hosting=False)


def _hosting(value: str) -> str:
    from .locations import check_location

    return check_location(value)


Country = Annotated[str, AfterValidator(_country), Field(description="ISO 3166-1 alpha-2, e.g. JP, US")]
#: where a party is established: a country, a region (EU, EEA) or 'unknown'
Registered = Annotated[str, AfterValidator(_registered),
                       Field(description="ISO 3166-1 alpha-2 country, EU, EEA or 'unknown'")]
#: where data is kept: a country, a region, 'unknown' or 'per_customer'
Hosting = Annotated[str, AfterValidator(_hosting),
                    Field(description="ISO 3166-1 alpha-2 country, EU, EEA, 'unknown' or 'per_customer'")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, populate_by_name=True)


#: The config of the models a read of the store never validates (`Inventory`; `Item`, `Flow` and their parts,
#: read as light records by `check`; the optional blocks): pydantic builds their validators when they are first
#: used (loading, validating manifests) instead of when this module is imported (~20 ms of a `check`'s start).
_LATER = ConfigDict(defer_build=True)


class LocalText(_Strict):
    """A text in English and Japanese; at least one must be given."""

    en: str | None = None
    ja: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"en": value}
        return value

    @model_validator(mode="after")
    def _one_language(self) -> LocalText:
        if not (self.en or self.ja):
            raise ValueError("give the text in at least one language (en or ja)")
        return self

    def get(self, lang: str = "en") -> str:
        """The text in `lang`, falling back to the other language."""
        first, second = (self.ja, self.en) if lang == "ja" else (self.en, self.ja)
        return first or second or ""


class Acquisition(StrEnum):
    """How an item is acquired (the Engoo policy's own four routes plus receipt)."""

    provided = "provided"  # provided by the person
    service_use = "service_use"  # collected through use of the service
    automatic = "automatic"  # collected automatically (logs, device data)
    cookie = "cookie"  # cookies and similar technologies
    third_party = "third_party"  # received from a third party


class Medium(StrEnum):
    electronic = "electronic"
    paper = "paper"


class SystemKind(StrEnum):
    database = "database"
    saas = "saas"
    application = "application"
    file_share = "file_share"
    paper_cabinet = "paper_cabinet"
    other = "other"


class RecipientKind(StrEnum):
    contractor = "contractor"  # 委託先 — APPI 27(5)(i)
    subcontractor = "subcontractor"  # 再委託先
    third_party = "third_party"  # 第三者
    joint_user = "joint_user"  # 共同利用者 — APPI 27(5)(iii)
    group_company = "group_company"


class Basis(StrEnum):
    """The legal basis of a flow. Outsourcing, succession and joint use are not provision to a third party."""

    internal = "internal"  # within the operator
    collection = "collection"  # acquisition from the person (APPI 20, 21)
    outsourcing = "outsourcing"  # 27(5)(i)
    succession = "succession"  # 27(5)(ii)
    joint_use = "joint_use"  # 27(5)(iii)
    consent = "consent"  # 27(1)
    exception = "exception"  # one of 27(1)(i)-(vii): name it in `exception`
    opt_out = "opt_out"  # 27(2)


class ForeignBasis(StrEnum):
    """Why a transfer to a recipient abroad is allowed (APPI 28)."""

    eu_uk = "eu_uk"  # country with an equivalent regime (Rules 15: EU/EEA, UK)
    compliant_system = "compliant_system"  # recipient with a compliant system (28(1), Rules 16)
    consent = "consent"  # the person's consent after information (Rules 17(2))


class DerivationMethod(StrEnum):
    copy = "copy"
    pseudonymisation = "pseudonymisation"
    anonymisation = "anonymisation"
    aggregation = "aggregation"


class RetentionAction(StrEnum):
    keep = "keep"
    delete = "delete"
    anonymise = "anonymise"
    stop_use = "stop_use"


class Subcontracting(StrEnum):
    not_allowed = "not_allowed"
    allowed = "allowed"  # allowed by contract, each sub-contractor to be approved
    approved = "approved"  # this sub-contracting was approved by the operator


class Residual(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class Record(_Strict):
    """Fields every record has."""

    key: Key
    name: LocalText
    description: LocalText | None = None
    evidence: Evidence = Field(default_factory=list, description="Where each fact comes from")
    illustrative: bool = Field(False, description="An example, not a fact stated by a source")


class Contact(_Strict):
    name: LocalText | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    url: str | None = None


class AccreditedOrganization(_Strict):
    """Membership of an accredited personal information protection organisation (認定個人情報保護団体,
    Cabinet Order Art. 10(iii)): published with its name and where it takes complaints."""

    member: bool = Field(description="whether the operator is a member of one")
    name: str | None = Field(None, description="the organisation's name (when a member)")
    complaints: str | None = Field(None, description="where it takes complaints (its complaints desk)")


class ForeignEnvironment(_Strict):
    """The foreign-environment statement (外的環境の把握, PPC general guideline 10-7) for one location where
    personal data is handled: that country's system for protecting personal information, as understood and
    reflected in the security measures — more than the country's name."""

    location: Hosting
    statement: LocalText = Field(description="what the published security measures say about that country")


class Organization(Record):
    """The business operator (個人情報取扱事業者)."""

    country: Country = "JP"
    address: str | None = None
    representative: str | None = None
    privacy_manager: str | None = None
    contact: Contact | None = None
    request_procedure: LocalText | None = Field(None, description="How persons make disclosure etc. requests")
    security_measures: LocalText | None = Field(None, description="Published security measures (APPI 32)")
    request_fee: LocalText | None = Field(None, description="the fee for requests, or that there is none "
                                                            "(APPI 32(1)(iii), 38(2))")
    discloses_provision_records: bool = Field(False, description="the request procedure covers disclosure of the "
                                                                 "third-party provision records (APPI 33(5))")
    complaints_desk: LocalText | None = Field(None, description="where complaints about the handling of retained "
                                                                "personal data are received (Cabinet Order 10(ii))")
    accredited_organization: AccreditedOrganization | None = Field(
        None, description="membership of an accredited personal information protection organisation "
                          "(Cabinet Order 10(iii)); not recorded: unknown")
    foreign_environment: list[ForeignEnvironment] = Field(
        default_factory=list, description="per foreign location: the foreign-environment statement of the security "
                                          "measures (PPC general guideline 10-7)")


class Subject(Record):
    """A category of data subjects (本人の区分)."""


class Process(Record):
    """A business process (業務): the ledger is kept per process and item."""

    department: str | None = None
    owner: str | None = None
    items: list[Key] = Field(default_factory=list)


class Retention(_Strict):
    model_config = _LATER

    period: str | None = Field(None, description="e.g. '3 years', 'until account deletion'")
    trigger: str | None = Field(None, description="the event the period runs from")


class Risk(_Strict):
    model_config = _LATER

    assessed: dt.date | None = None
    note: str | None = None
    residual: Residual | None = None


class Item(Record):
    """A personal-data item (個人情報の項目)."""

    model_config = _LATER

    category: str | None = Field(None, description="fideslang data category, e.g. user.contact.email")
    subjects: list[Key] = Field(default_factory=list)
    acquisition: list[Acquisition] = Field(default_factory=list)
    purposes: list[Key] = Field(default_factory=list)
    sensitive: bool = Field(False, description="要配慮個人情報 (APPI 2(3))")
    consent_obtained: bool = Field(False, description="consent to acquire a sensitive item (APPI 20(2))")
    sensitive_exception: str | None = Field(None, description="the APPI 20(2) exception a sensitive item is acquired "
                                                              "under without consent, e.g. '20(2)(i)' (laws)")
    financial: bool = Field(False, description="misuse may cause financial damage (Rules 7(2))")
    identification_code: bool = Field(False, description="個人識別符号 (APPI 2(2))")
    personally_referable: bool = Field(False, description="個人関連情報 (APPI 2(7), 31)")
    pseudonymised: bool = False
    anonymised: bool = False
    anonymised_items_published: bool = Field(False, description="APPI 43(3)")
    anonymisation_standard: bool | None = Field(
        None, description="for an anonymised item: true when processed to the standards of APPI 43(1) and Rules 34 "
                          "(匿名加工情報); false when only de-identified (e.g. at deletion); not recorded: unknown")
    retained: bool = Field(True, description="保有個人データ (APPI 16(4))")
    persons: int | None = Field(None, ge=0, description="estimated number of persons")
    medium: Medium = Medium.electronic.value  # a plain text, as use_enum_values makes a given one
    retention: Retention | None = None
    disposal: str | None = None
    risk: Risk | None = None
    last_reviewed: dt.date | None = None

    @field_validator("acquisition", mode="before")
    @classmethod
    def _acquisition_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Purpose(Record):
    """A purpose of use (利用目的); items name the purposes they serve."""

    published: bool = Field(True, description="stated in the published notice (APPI 21, 32)")


class EncryptionLevel(StrEnum):
    data = "data"
    storage = "storage"


class Encryption(_Strict):
    """How a system's stored data is encrypted — what the advanced-encryption exclusion of Rules 7(i)
    (高度な暗号化, PPC FAQ on APPI 26) turns on: a recognised algorithm, and the key kept apart from the data."""

    level: EncryptionLevel = Field(description="data: the values themselves are encrypted (field, column, file or "
                                               "application-level encryption; a leak through the application yields "
                                               "ciphertext); storage: disk, volume or database (TDE) encryption, "
                                               "which protects the medium but not a leak through the application")
    algorithm: str | None = Field(None, description="e.g. AES-256-GCM, Camellia-256")
    recognised: bool | None = Field(None, description="the algorithm is on the CRYPTREC list (電子政府推奨暗号リスト) "
                                                      "or in ISO/IEC 18033; AES and Camellia are read as recognised")
    key_separate: bool | None = Field(None, description="the decryption key is kept apart from the data (another "
                                                        "system, HSM or KMS), out of reach of whoever reaches the data")
    key_management: str | None = Field(None, description="where and how the key is kept")
    items: list[Key] = Field(default_factory=list, description="the items it covers; empty: every item stored")


class Security(_Strict):
    encryption_at_rest: bool | None = None
    encryption: list[Encryption] = Field(default_factory=list, description="how stored data is encrypted (Rules 7(i))")
    access: list[str] = Field(default_factory=list, description="who has access (roles)")
    logging: bool | None = None
    measures: str | None = None


class System(Record):
    """Where items are stored (保管場所)."""

    kind: SystemKind = SystemKind.database.value
    department: str | None = None
    country: Hosting | None = Field(None, description="where it is hosted; not recorded reads as unknown "
                                                      "(never the operator's country by default)")
    region: str | None = None
    operated_by: Key | None = Field(None, description="recipient key when a contractor operates it")
    handles_data: bool | None = Field(
        None, description="for a system operated by a recipient: false when the recipient only stores the data "
                          "and by contract and access control does not handle it (PPC Q&A 7-53); "
                          "default: the recipient's handles_data")
    personal_data: bool = Field(True, description="marked as holding personal data")
    disclosed_abroad: bool = Field(False, description="its foreign location is in the published measures")
    security: Security | None = None
    items: list[Key] = Field(default_factory=list)


class Instrument(StrEnum):
    """What the compliant-system route of APPI 28 rests on (Rules 16)."""

    contract = "contract"  # a contract, agreement or memorandum ensuring the measures (Rules 16(i))
    group_rules = "group_rules"  # rules or a privacy policy common to a corporate group (Rules 16(i))
    eu_scc = "eu_scc"  # EU standard contractual clauses used as the Rules 16(i) contract
    apec_cbpr = "apec_cbpr"  # recognition under the APEC CBPR system (Rules 16(ii))
    other = "other"


class CompliantSystem(_Strict):
    """The instrument of the compliant-system route (Rules 16): how the recipient abroad is bound to take
    measures equivalent to the APPI's."""

    instrument: Instrument
    reference: str | None = Field(None, description="the contract, clause or certificate")


class ConsentInformation(_Strict):
    """What the person was told before consenting to a transfer abroad (Rules 17(2))."""

    country: bool = Field(False, description="the name of the foreign country")
    regime: bool = Field(False, description="that country's system for protecting personal information")
    measures: bool = Field(False, description="the measures the recipient takes to protect personal information")
    reference: str | None = Field(None, description="where the information is given (consent screen, notice)")


class Contract(_Strict):
    date: dt.date | None = None
    protection_clauses: bool = False
    subcontracting: Subcontracting = Subcontracting.not_allowed.value
    scope_items: list[Key] = Field(default_factory=list, description="items the contract covers")
    reference: str | None = None


class Review(_Strict):
    date: dt.date | None = None
    result: str | None = None


class JointUse(_Strict):
    items: list[Key] = Field(default_factory=list)
    users: str | None = None
    purposes: list[Key] = Field(default_factory=list)
    responsible: str | None = None
    responsible_address: str | None = Field(None, description="the responsible party's address (APPI 27(5)(iii))")
    responsible_representative: str | None = Field(None, description="the responsible party's representative "
                                                                     "(APPI 27(5)(iii))")
    published: bool = False


class Recipient(Record):
    """A party outside the operator that receives personal data."""

    kind: RecipientKind
    country: Registered | None = Field(None, description="where it is established (registered); not recorded "
                                                         "reads as unknown")
    hosting: list[Hosting] = Field(default_factory=list, description="where it keeps the data (several allowed)")
    handles_data: bool = Field(True, description="false: it stores data for the operator under a contract that it "
                                                 "does not handle it (PPC Q&A 7-53): no provision to it")
    address: str | None = None
    representative: str | None = None
    parents: list[Key] = Field(default_factory=list,
                               description="for a sub-contractor: the contractors that sub-contract to it")
    parent: Key | None = Field(None, exclude=True, description="one contractor (older form of parents)")
    contract: Contract | None = None
    review: Review | None = Field(None, description="last supervision review (APPI 25)")
    compliance_check: dt.date | None = Field(None, description="last periodic check (Rules 18)")
    compliant_system: CompliantSystem | None = Field(None, description="the instrument of the compliant-system "
                                                                       "route (Rules 16)")
    consent_information: ConsentInformation | None = Field(
        None, description="what persons were told before consenting to transfers to it abroad (Rules 17(2))")
    joint_use: JointUse | None = None

    @field_validator("hosting", mode="before")
    @classmethod
    def _hosting_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _parent_into_parents(self) -> Recipient:
        if self.parent is not None:
            if self.parent not in self.parents:
                self.parents.insert(0, self.parent)
            self.parent = None
        return self


class CollectionPoint(Record):
    """Where the operator acquires items from persons (form, app, cookie, paper)."""

    subjects: list[Key] = Field(default_factory=list)
    channel: str | None = Field(None, description="web form, app, cookie, paper, phone …")
    notice: str | None = Field(None, description="where the purpose is notified or published (APPI 21)")
    written: bool | None = Field(None, description="items are acquired here directly from the person in writing "
                                                   "(forms, web forms, contracts): APPI 21(2), JIS Q 15001 "
                                                   "A.3.4.2.5 / J.8.5; not recorded when None")
    consent: bool | None = Field(None, description="the person's consent is obtained here (a checkbox, a "
                                                   "signature): the ledger's 本人同意 column; not recorded when None")


class ProvisionRecord(_Strict):
    model_config = _LATER

    kept: bool = False
    reference: str | None = None


class Confirmation(_Strict):
    model_config = _LATER

    provider_identity: bool = False
    acquisition_checked: bool = False
    date: dt.date | None = None


class Flow(_Strict):
    """Items moving from a collection point, system or recipient to a system or recipient."""

    model_config = _LATER

    key: Key | None = Field(None, description="defaults to FROM__TO")
    source: Key = Field(alias="from")
    target: Key = Field(alias="to")
    items: list[Key] = Field(min_length=1)
    purposes: list[Key] = Field(default_factory=list)
    basis: Basis
    exception: str | None = Field(None, description="the 27(1) exception, e.g. '27(1)(ii)'")
    foreign_basis: ForeignBasis | None = None
    mechanism: str | None = None
    frequency: str | None = None
    encrypted_in_transit: bool | None = None
    record: ProvisionRecord | None = Field(None, description="provision record (APPI 29)")
    confirmation: Confirmation | None = Field(None, description="confirmation on receipt (APPI 30)")
    referable_consent_confirmed: bool = Field(False, description="APPI 31")
    referable_information_confirmed: bool = Field(
        False, description="to a recipient abroad: confirmed that the persons were told the country, its system "
                           "and the recipient's measures when consenting (APPI 31(1)(ii))")
    consent_information: ConsentInformation | None = Field(
        None, description="what persons were told before consenting to this transfer abroad (Rules 17(2))")
    evidence: Evidence = Field(default_factory=list)
    illustrative: bool = False


class Derivation(_Strict):
    """Item `target` is made from item `source`."""

    source: Key = Field(alias="from")
    target: Key = Field(alias="to")
    method: DerivationMethod
    at: Key | None = Field(None, description="system where it happens")
    evidence: Evidence = Field(default_factory=list)
    illustrative: bool = False


class RetentionStep(_Strict):
    items: list[Key] = Field(min_length=1)
    action: RetentionAction
    period: str | None = None


class RetentionEvent(Record):
    """What happens to items when something happens (account stop, deletion …)."""

    steps: list[RetentionStep] = Field(min_length=1)


class GdprRole(StrEnum):
    """The operator's GDPR role (Art. 4(7), 4(8)): which Art. 30 record(s) it keeps."""

    controller = "controller"  # Art. 30(1)
    processor = "processor"  # Art. 30(2)
    both = "both"


class GdprBasis(StrEnum):
    """The lawful basis of processing, GDPR Art. 6(1)(a)-(f)."""

    consent = "consent"  # (a)
    contract = "contract"  # (b)
    legal_obligation = "legal_obligation"  # (c)
    vital_interests = "vital_interests"  # (d)
    public_task = "public_task"  # (e)
    legitimate_interests = "legitimate_interests"  # (f)


class GdprCondition(StrEnum):
    """The condition for processing a special category of personal data, GDPR Art. 9(2)(a)-(j)."""

    explicit_consent = "explicit_consent"  # (a)
    employment = "employment"  # (b) employment, social security and social protection law
    vital_interests = "vital_interests"  # (c)
    not_for_profit = "not_for_profit"  # (d)
    made_public = "made_public"  # (e) manifestly made public by the data subject
    legal_claims = "legal_claims"  # (f)
    substantial_public_interest = "substantial_public_interest"  # (g)
    health_care = "health_care"  # (h)
    public_health = "public_health"  # (i)
    archiving_research = "archiving_research"  # (j)


class GdprMechanism(StrEnum):
    """Why a transfer to a third country is allowed, GDPR Chapter V."""

    adequacy = "adequacy"  # Art. 45 adequacy decision
    scc = "scc"  # Art. 46(2)(c) standard contractual clauses
    bcr = "bcr"  # Art. 46(2)(b), 47 binding corporate rules
    code_of_conduct = "code_of_conduct"  # Art. 46(2)(e)
    certification = "certification"  # Art. 46(2)(f)
    ad_hoc_clauses = "ad_hoc_clauses"  # Art. 46(3)(a), authorised by the supervisory authority
    derogation = "derogation"  # Art. 49


class GdprDerogation(StrEnum):
    """The Art. 49(1) derogation a transfer rests on."""

    explicit_consent = "explicit_consent"  # (a)
    contract = "contract"  # (b) with the data subject
    contract_in_interest = "contract_in_interest"  # (c) in the data subject's interest
    public_interest = "public_interest"  # (d)
    legal_claims = "legal_claims"  # (e)
    vital_interests = "vital_interests"  # (f)
    public_register = "public_register"  # (g)
    compelling_interests = "compelling_interests"  # Art. 49(1) second subparagraph


class GdprPurpose(_Strict):
    """The Art. 6 basis of one purpose."""

    model_config = _LATER

    purpose: Key
    basis: GdprBasis
    legitimate_interest: str | None = Field(None, description="the interest pursued, for basis "
                                                              "legitimate_interests (Art. 6(1)(f))")
    note: str | None = None


class GdprSpecialCategory(_Strict):
    """The Art. 9(2) condition for an item that is a special category of personal data (Art. 9(1))."""

    model_config = _LATER

    item: Key
    condition: GdprCondition
    note: str | None = None


class GdprTransfer(_Strict):
    """The Chapter V mechanism of transfers to a third country: of one flow, or of every flow to a recipient."""

    model_config = _LATER

    flow: Key | None = Field(None, description="the flow (as `daicho abroad` names it)")
    recipient: Key | None = Field(None, description="every transfer to this recipient (a flow entry wins)")
    mechanism: GdprMechanism
    derogation: GdprDerogation | None = Field(None, description="for mechanism derogation: which of Art. 49(1)")
    reference: str | None = Field(None, description="the safeguard's document, e.g. 'SCC module 2, 2024-01-10'")

    @model_validator(mode="after")
    def _one_target(self) -> GdprTransfer:
        if (self.flow is None) == (self.recipient is None):
            raise ValueError("name either a `flow` or a `recipient`")
        if self.mechanism == GdprMechanism.derogation and self.derogation is None:
            raise ValueError("mechanism 'derogation' needs `derogation`: which of Art. 49(1)")
        return self


class GdprController(_Strict):
    """A controller on whose behalf the operator processes personal data (Art. 30(2)(a))."""

    model_config = _LATER

    key: Key
    name: LocalText
    contact: Contact | None = None
    representative: Contact | None = Field(None, description="the controller's representative in the EU (Art. 27)")
    dpo: Contact | None = Field(None, description="the controller's data protection officer")
    processing: LocalText | None = Field(None, description="categories of processing carried out on its behalf")
    items: list[Key] = Field(default_factory=list, description="the items processed on its behalf")
    processes: list[Key] = Field(default_factory=list, description="business processes serving it (their items "
                                                                   "count as processed on its behalf)")
    flows: list[Key] = Field(default_factory=list, description="the flows carrying its data (default: every "
                                                              "flow carrying its items)")


class Gdpr(_Strict):
    """The GDPR Art. 30 record's facts daicho cannot read from the APPI inventory (`daicho ropa`)."""

    model_config = _LATER

    role: GdprRole = GdprRole.controller.value
    contact: Contact | None = Field(None, description="the controller's contact for the record (default: "
                                                      "organization.contact)")
    representative: Contact | None = Field(None, description="the representative in the EU (Art. 27)")
    representative_exempt: str | None = Field(None, description="why no representative is designated "
                                                                "(Art. 27(2))")
    dpo: Contact | None = Field(None, description="the data protection officer (Art. 37-39)")
    purposes: list[GdprPurpose] = Field(default_factory=list, description="the Art. 6 basis of each purpose")
    special_categories: list[GdprSpecialCategory] = Field(default_factory=list,
                                                          description="the Art. 9(2) condition of each special "
                                                                      "category item")
    transfers: list[GdprTransfer] = Field(default_factory=list,
                                          description="the Chapter V mechanism of transfers to third countries")
    security: LocalText | None = Field(None, description="general description of the security measures "
                                                         "(Art. 32; default: organization.security_measures)")
    controllers: list[GdprController] = Field(default_factory=list,
                                              description="for a processor: the controllers it acts for")
    evidence: Evidence = Field(default_factory=list)
    illustrative: bool = False


class DataCategories(_Strict):
    """Item categories outside the fideslang taxonomy that the inventory declares on purpose."""

    model_config = _LATER

    custom_prefixes: list[str] = Field(default_factory=list, description="categories starting with one of these "
                                                                         "(e.g. 'acme.') are custom, not typos")


class Inventory(_Strict):
    """A whole inventory: what one manifest file or a directory of them describes."""

    model_config = _LATER

    daicho: int = Field(1, description="manifest format version")
    organization: Organization | None = None
    subjects: list[Subject] = Field(default_factory=list)
    processes: list[Process] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    purposes: list[Purpose] = Field(default_factory=list)
    systems: list[System] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
    collection_points: list[CollectionPoint] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    derivations: list[Derivation] = Field(default_factory=list)
    retention_events: list[RetentionEvent] = Field(default_factory=list)
    gdpr: Gdpr | None = Field(None, description="the GDPR Art. 30 record's own facts (optional)")
    data_categories: DataCategories | None = None


#: Optional one-per-inventory blocks, kept whole (store table `manifest_block`): section → model.
BLOCKS: dict[str, type[_Strict]] = {"gdpr": Gdpr, "data_categories": DataCategories}


#: Sections holding keyed records, in load order, with their record class.
KEYED_SECTIONS: dict[str, type[Record]] = {
    "subjects": Subject,
    "purposes": Purpose,
    "items": Item,
    "processes": Process,
    "recipients": Recipient,
    "systems": System,
    "collection_points": CollectionPoint,
    "retention_events": RetentionEvent,
}
SECTION_KIND = {
    "subjects": "subject",
    "purposes": "purpose",
    "items": "item",
    "processes": "process",
    "recipients": "recipient",
    "systems": "system",
    "collection_points": "collection_point",
    "retention_events": "retention_event",
    "flows": "flow",
    "organization": "organization",
}
