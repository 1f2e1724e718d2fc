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

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=200)]


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
    evidence: list[str] = Field(default_factory=list, description="Where each fact comes from")
    illustrative: bool = Field(False, description="An example, not a fact stated by a source")

    @field_validator("evidence", mode="before")
    @classmethod
    def _evidence_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Contact(_Strict):
    name: LocalText | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    url: str | None = None


class Organization(Record):
    """The business operator (個人情報取扱事業者)."""

    country: Country = "JP"
    address: str | None = None
    representative: str | None = None
    privacy_manager: str | None = None
    contact: Contact | None = None
    request_procedure: LocalText | None = Field(None, description="How persons make disclosure etc. requests")
    security_measures: LocalText | None = Field(None, description="Published security measures (APPI 32)")


class Subject(Record):
    """A category of data subjects (本人の区分)."""


class Process(Record):
    """A business process (業務): the ledger is kept per process and item."""

    department: str | None = None
    owner: str | None = None
    items: list[Key] = Field(default_factory=list)


class Retention(_Strict):
    period: str | None = Field(None, description="e.g. '3 years', 'until account deletion'")
    trigger: str | None = Field(None, description="the event the period runs from")


class Risk(_Strict):
    assessed: dt.date | None = None
    note: str | None = None
    residual: Residual | None = None


class Item(Record):
    """A personal-data item (個人情報の項目)."""

    category: str | None = Field(None, description="fideslang data category, e.g. user.contact.email")
    subjects: list[Key] = Field(default_factory=list)
    acquisition: list[Acquisition] = Field(default_factory=list)
    purposes: list[Key] = Field(default_factory=list)
    sensitive: bool = Field(False, description="要配慮個人情報 (APPI 2(3))")
    consent_obtained: bool = Field(False, description="consent to acquire a sensitive item (APPI 20(2))")
    financial: bool = Field(False, description="misuse may cause financial damage (Rules 7(2))")
    identification_code: bool = Field(False, description="個人識別符号 (APPI 2(2))")
    personally_referable: bool = Field(False, description="個人関連情報 (APPI 2(7), 31)")
    pseudonymised: bool = False
    anonymised: bool = False
    anonymised_items_published: bool = Field(False, description="APPI 43(3)")
    retained: bool = Field(True, description="保有個人データ (APPI 16(4))")
    persons: int | None = Field(None, ge=0, description="estimated number of persons")
    medium: Medium = Medium.electronic
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


class Security(_Strict):
    encryption_at_rest: bool | None = None
    access: list[str] = Field(default_factory=list, description="who has access (roles)")
    logging: bool | None = None
    measures: str | None = None


class System(Record):
    """Where items are stored (保管場所)."""

    kind: SystemKind = SystemKind.database
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


class Contract(_Strict):
    date: dt.date | None = None
    protection_clauses: bool = False
    subcontracting: Subcontracting = Subcontracting.not_allowed
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


class ProvisionRecord(_Strict):
    kept: bool = False
    reference: str | None = None


class Confirmation(_Strict):
    provider_identity: bool = False
    acquisition_checked: bool = False
    date: dt.date | None = None


class Flow(_Strict):
    """Items moving from a collection point, system or recipient to a system or recipient."""

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
    evidence: list[str] = Field(default_factory=list)
    illustrative: bool = False

    @field_validator("evidence", mode="before")
    @classmethod
    def _evidence_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Derivation(_Strict):
    """Item `target` is made from item `source`."""

    source: Key = Field(alias="from")
    target: Key = Field(alias="to")
    method: DerivationMethod
    at: Key | None = Field(None, description="system where it happens")
    evidence: list[str] = Field(default_factory=list)
    illustrative: bool = False

    @field_validator("evidence", mode="before")
    @classmethod
    def _evidence_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class RetentionStep(_Strict):
    items: list[Key] = Field(min_length=1)
    action: RetentionAction
    period: str | None = None


class RetentionEvent(Record):
    """What happens to items when something happens (account stop, deletion …)."""

    steps: list[RetentionStep] = Field(min_length=1)


class Inventory(_Strict):
    """A whole inventory: what one manifest file or a directory of them describes."""

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
