"""Words of the ledger, the notice and the audit pack in Japanese and English.

Column headers follow P-Mark practice (JIS Q 15001 A.3.3.1 / 6.1): the Japanese header is the
one auditors expect; the English one is for readers abroad.
"""

from __future__ import annotations

from daicho.catalog.resolved.countries import location_title

#: Ledger columns: (field of LedgerRow, Japanese header, English header, column width in characters).
COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("no", "管理番号", "No.", 9),
    ("id", "キー", "Key", 16),
    ("department", "部門", "Department", 12),
    ("owner", "管理責任者", "Owner", 12),
    ("process", "業務名", "Business process", 16),
    ("item", "個人情報の項目", "Personal-data item", 20),
    ("info_class", "情報の区分", "Kind of information", 12),
    ("subjects", "本人の区分", "Data subjects", 14),
    ("persons", "件数", "Persons", 9),
    ("medium", "媒体", "Medium", 8),
    ("acquisition", "取得方法・取得元", "Acquisition method and source", 24),
    ("written", "書面による直接取得", "Acquired directly in writing", 14),
    ("purposes", "利用目的", "Purposes of use", 30),
    ("notice", "利用目的の通知・公表", "Purpose notified or published", 22),
    ("consent", "本人同意の有無", "Consent of the person", 18),
    ("storage", "保管場所・保管方法", "Storage location and method", 26),
    ("access", "アクセス権者", "Who has access", 16),
    ("retention", "利用期限・保管期間", "Use deadline and retention", 20),
    ("disposal", "廃棄方法", "Disposal", 16),
    ("outsourcing", "委託の有無・委託先", "Outsourcing and contractors", 22),
    ("provision", "第三者提供の有無・提供先", "Third-party provision", 22),
    ("joint_use", "共同利用", "Joint use", 16),
    ("foreign", "外国での取扱い・国名", "Foreign handling and countries", 22),
    ("sensitive", "要配慮個人情報", "Sensitive (special care)", 10),
    ("retained", "保有個人データ", "Retained personal data", 11),
    ("risk", "リスク評価", "Risk assessment", 22),
    ("last_reviewed", "最終確認日", "Last reviewed", 11),
)

#: The ledger's columns printed on two A4 landscape pages: each part repeats the number, key and item.
PRINT_PARTS: tuple[tuple[str, ...], ...] = (
    ("no", "id", "department", "owner", "process", "item", "info_class", "subjects", "persons", "medium",
     "acquisition", "written", "purposes", "notice", "consent"),
    ("no", "id", "item", "storage", "access", "retention", "disposal", "outsourcing", "provision", "joint_use",
     "foreign", "sensitive", "retained", "risk", "last_reviewed"),
)

CONTRACTOR_COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("key", "キー", "Key", 16),
    ("name", "委託先", "Contractor", 30),
    ("kind", "区分", "Kind", 12),
    ("country", "所在国（登記）", "Registered in", 14),
    ("hosting", "保管場所", "Keeps data in", 14),
    ("parent", "委託元（親委託先）", "Parent contractors", 20),
    ("contract_date", "契約日", "Contract date", 12),
    ("protection_clauses", "安全管理条項", "Protection clauses", 12),
    ("subcontracting", "再委託", "Sub-contracting", 14),
    ("review_date", "最終評価日", "Last review", 12),
    ("review_result", "評価結果", "Review result", 24),
    ("items", "取り扱う項目", "Items handled", 36),
    ("note", "備考", "Note", 22),
)

CROSS_BORDER_COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("flow", "フロー", "Flow", 22),
    ("source", "移転元", "From", 24),
    ("target", "移転先", "To", 24),
    ("country", "移転先の所在国（登記）", "Registered in", 14),
    ("hosting", "保管場所", "Kept in", 14),
    ("items", "項目", "Items", 36),
    ("basis", "提供の根拠", "Basis", 18),
    ("foreign_basis", "外国移転の根拠", "Foreign-transfer basis", 22),
    ("status", "状況", "Status", 24),
)

SHEETS = {
    "ja": {"ledger": "個人情報管理台帳", "contractors": "委託先", "cross_border": "外国への移転"},
    "en": {"ledger": "Ledger", "contractors": "Contractors", "cross_border": "Cross-border flows"},
}

_WORDS: dict[str, tuple[str, str]] = {
    # acquisition
    "provided": ("本人からの提供", "provided by the person"),
    "service_use": ("サービス利用に伴う取得", "collected through use of the service"),
    "automatic": ("自動取得（ログ・端末情報）", "collected automatically"),
    "cookie": ("Cookie等", "cookies and similar technologies"),
    "third_party": ("第三者からの取得", "received from a third party"),
    # medium
    "electronic": ("電子", "electronic"),
    "paper": ("紙", "paper"),
    # basis
    "internal": ("社内", "internal"),
    "collection": ("取得", "collection"),
    "outsourcing": ("委託", "outsourcing"),
    "succession": ("事業承継", "succession"),
    "joint_use": ("共同利用", "joint use"),
    "consent": ("本人同意", "consent"),
    "exception": ("法令等による例外", "legal exception"),
    "opt_out": ("オプトアウト", "opt-out"),
    # foreign basis
    "eu_uk": ("EU・英国（同等の制度）", "EU/UK (equivalent regime)"),
    "compliant_system": ("基準適合体制", "compliant system"),
    # recipient kinds
    "contractor": ("委託先", "contractor"),
    "subcontractor": ("再委託先", "sub-contractor"),
    "joint_user": ("共同利用者", "joint user"),
    "group_company": ("グループ会社", "group company"),
    # sub-contracting
    "not_allowed": ("不可", "not allowed"),
    "allowed": ("可（都度承認）", "allowed with approval"),
    "approved": ("承認済み", "approved"),
    # residual risk
    "low": ("低", "low"),
    "medium": ("中", "medium"),
    "high": ("高", "high"),
    # retention actions
    "keep": ("保持", "keep"),
    "delete": ("削除", "delete"),
    "anonymise": ("匿名化", "anonymise"),
    "stop_use": ("利用停止", "stop use"),
    # system kinds
    "database": ("データベース", "database"),
    "saas": ("SaaS", "SaaS"),
    "application": ("アプリケーション", "application"),
    "file_share": ("ファイル共有", "file share"),
    "paper_cabinet": ("書庫（紙）", "paper cabinet"),
    "other": ("その他", "other"),
    # answers and small words
    "yes": ("有", "Yes"),
    "no": ("無", "No"),
    "applies": ("該当", "Yes"),
    "not_applies": ("非該当", "No"),
    "unknown": ("不明", "unknown"),
    "source": ("取得元", "source"),
    "encrypted": ("暗号化", "encrypted"),
    "assessed": ("評価日", "assessed"),
    "residual": ("残存リスク", "residual risk"),
    "on": ("契機", "on"),
    "derived_from": ("派生元", "derived from"),
    "none": ("—", "—"),
    "named_only": ("データの流れの記録なし", "named, no data flow recorded"),
    "storage_only": ("保管のみ・データを取り扱わない", "stores only, does not handle the data"),
    "kept_in": ("保管", "kept in"),
    "none_recorded": ("記録なし", "none recorded"),
    "not_recorded": ("記録なし", "not recorded"),
    "answer_unknown": ("不明", "Unknown"),
    # kinds of information (情報の区分)
    "class_personal": ("個人情報", "personal information"),
    "class_sensitive": ("要配慮個人情報", "sensitive personal information"),
    "class_personally_referable": ("個人関連情報", "personally referable information"),
    "class_pseudonymised": ("仮名加工情報", "pseudonymised information"),
    "class_anonymised": ("匿名加工情報", "anonymised information"),
    "not_personal_data": ("非該当（個人データではない）", "No (not personal data)"),
    "retained_excluded": ("適用除外（第41条第9項）", "excluded (APPI 41(9))"),
    # P-Mark columns
    "not_direct": ("非該当（第三者から取得）", "No (received from third parties)"),
    "purposes_published": ("利用目的を公表済み", "purposes in the public notice"),
    "purposes_unpublished": ("公表されていない利用目的", "purposes not in the public notice"),
    "at_acquisition": ("取得時", "at acquisition"),
    "sensitive_acquisition": ("要配慮個人情報の取得", "acquiring sensitive information"),
    "provision_to": ("第三者提供", "provision"),
    "transfer_abroad": ("外国にある第三者への提供", "transfer abroad"),
    # statuses of `daicho abroad`
    "status_ok": ("外国移転の根拠あり", "foreign-transfer basis recorded"),
    "status_missing": ("外国移転の根拠なし（第28条第1項）", "no foreign-transfer basis (APPI 28(1))"),
    "status_mismatch": ("根拠が移転先に合わない（規則第15条）", "basis does not fit the country (Rules 15)"),
    "status_incomplete": ("外国移転の根拠の裏付けが記録されていない（規則第16条〜第18条）",
                          "foreign-transfer basis named, what it rests on not recorded (Rules 16-18)"),
    "status_exempt": ("第27条第1項の場合（第28条の適用外）", "a 27(1) case: APPI 28 does not apply"),
    "status_referable": ("個人関連情報のみ（第31条）", "personally referable only (APPI 31)"),
    "status_unknown_country": ("提供先の所在不明", "recipient's location unknown"),
    "status_own_system": ("自社システム（外的環境の把握）", "own system (foreign environment)"),
    "status_recipient_system": ("委託先等のシステム（外的環境の把握）", "recipient's system (foreign environment)"),
    "status_storage": ("保管のみ・提供に当たらない（外的環境の把握）",
                       "storage only, not a provision (foreign environment)"),
    "status_onward": ("提供先による再提供", "passed on by the recipient"),
    "disclosed": ("安全管理措置に記載済み", "named in the security measures"),
    "not_disclosed": ("安全管理措置に未記載", "not named in the security measures"),
}


def word(key: str | None, lang: str = "ja") -> str:
    """A vocabulary word (enum value or small word) in `lang`; an unknown key comes back as it is."""
    if key is None:
        return ""
    pair = _WORDS.get(str(key))
    if pair is None:
        return str(key)
    return pair[0] if lang == "ja" else pair[1]


def headers(columns: tuple[tuple[str, str, str, int], ...], lang: str = "ja") -> list[str]:
    """The header row of a table in `lang`."""
    return [ja if lang == "ja" else en for _, ja, en, _ in columns]


def check_lang(lang: str) -> str:
    """`lang` if it is ja or en; otherwise a DaichoError naming the choices."""
    if lang not in ("ja", "en"):
        from daicho.inventory.errors import DaichoError

        raise DaichoError(f"unknown language '{lang}' (choose ja or en)")
    return lang


def country_name(code: str | None, lang: str = "ja") -> str:
    """`Name (CODE)` for a country, the words for a region, unknown or per customer (`location_title`);
    None reads as unknown: never a default country."""
    title = location_title(code or "unknown", lang) or code or ""
    return f"{title} ({code})" if code and len(code) == 2 and title != code else title
