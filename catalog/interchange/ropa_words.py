"""The words of the GDPR Art. 30 record, in English and Japanese (the PPC's Japanese translation of the GDPR:
取扱活動の記録, 管理者, 処理者, 代理人, データ保護オフィサー, 取得者の類型 …), and the countries with an
adequacy decision (Art. 45)."""

from __future__ import annotations

#: Countries the European Commission has found adequate (Art. 45): Andorra, Argentina, Canada (commercial
#: organisations), Faroe Islands, Guernsey, Israel, Isle of Man, Japan, Jersey, New Zealand, Republic of Korea,
#: Switzerland, the United Kingdom, Uruguay, and the United States for organisations certified under the EU-US
#: Data Privacy Framework only (record `adequacy` for a US recipient only when it is certified).
ADEQUATE = frozenset({"AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY", "US"})

_BASES = {
    "consent": ("Consent (Art. 6(1)(a))", "同意（第6条第1項(a)）"),
    "contract": ("Contract (Art. 6(1)(b))", "契約の履行（第6条第1項(b)）"),
    "legal_obligation": ("Legal obligation (Art. 6(1)(c))", "法的義務（第6条第1項(c)）"),
    "vital_interests": ("Vital interests (Art. 6(1)(d))", "生命に関する利益（第6条第1項(d)）"),
    "public_task": ("Public task (Art. 6(1)(e))", "公共の利益・公的権限（第6条第1項(e)）"),
    "legitimate_interests": ("Legitimate interests (Art. 6(1)(f))", "正当な利益（第6条第1項(f)）"),
}
_CONDITIONS = {
    "explicit_consent": ("Explicit consent (Art. 9(2)(a))", "明示的な同意（第9条第2項(a)）"),
    "employment": ("Employment and social security law (Art. 9(2)(b))", "雇用・社会保障法上の義務（第9条第2項(b)）"),
    "vital_interests": ("Vital interests (Art. 9(2)(c))", "生命に関する利益（第9条第2項(c)）"),
    "not_for_profit": ("Not-for-profit body (Art. 9(2)(d))", "非営利団体の正当な活動（第9条第2項(d)）"),
    "made_public": ("Manifestly made public (Art. 9(2)(e))", "本人が明白に公開（第9条第2項(e)）"),
    "legal_claims": ("Legal claims (Art. 9(2)(f))", "訴訟上の請求（第9条第2項(f)）"),
    "substantial_public_interest": ("Substantial public interest (Art. 9(2)(g))",
                                    "重要な公共の利益（第9条第2項(g)）"),
    "health_care": ("Health or social care (Art. 9(2)(h))", "予防医学・医療（第9条第2項(h)）"),
    "public_health": ("Public health (Art. 9(2)(i))", "公衆衛生（第9条第2項(i)）"),
    "archiving_research": ("Archiving, research or statistics (Art. 9(2)(j))",
                           "公益のための保管・研究・統計（第9条第2項(j)）"),
}
_MECHANISMS = {
    "adequacy": ("Adequacy decision (Art. 45)", "十分性認定（第45条）"),
    "scc": ("Standard contractual clauses (Art. 46(2)(c))", "標準契約条項（第46条第2項(c)）"),
    "bcr": ("Binding corporate rules (Art. 46(2)(b), 47)", "拘束的企業準則（第46条第2項(b)、第47条）"),
    "code_of_conduct": ("Approved code of conduct (Art. 46(2)(e))", "承認された行動規範（第46条第2項(e)）"),
    "certification": ("Approved certification (Art. 46(2)(f))", "承認された認証（第46条第2項(f)）"),
    "ad_hoc_clauses": ("Authorised contractual clauses (Art. 46(3)(a))", "承認を受けた契約条項（第46条第3項(a)）"),
    "derogation": ("Derogation (Art. 49(1))", "特定の状況における例外（第49条第1項）"),
}
_DEROGATIONS = {
    "explicit_consent": ("(a) explicit consent", "(a) 明示的な同意"),
    "contract": ("(b) contract with the data subject", "(b) データ主体との契約"),
    "contract_in_interest": ("(c) contract in the data subject's interest", "(c) データ主体の利益のための契約"),
    "public_interest": ("(d) important public interest", "(d) 重要な公共の利益"),
    "legal_claims": ("(e) legal claims", "(e) 訴訟上の請求"),
    "vital_interests": ("(f) vital interests", "(f) 生命に関する利益"),
    "public_register": ("(g) public register", "(g) 公的な登録簿"),
    "compelling_interests": ("compelling legitimate interests (second subparagraph)",
                             "やむを得ない正当な利益（第2段）"),
}
_KINDS = {
    "contractor": ("Processor (contractor)", "処理者（委託先）"),
    "subcontractor": ("Sub-processor (sub-contractor)", "再処理者（再委託先）"),
    "storage": ("Processor storing data it does not handle", "保管のみの処理者（データを取り扱わない）"),
    "third_party": ("Third party (controller)", "第三者（管理者）"),
    "joint_user": ("Joint user (joint use)", "共同利用者"),
    "group_company": ("Group company", "グループ会社"),
}
_WORDS = {
    "controller_title": ("Record of processing activities — controller (GDPR Art. 30(1))",
                         "取扱活動の記録 — 管理者（GDPR第30条第1項）"),
    "processor_title": ("Record of processing activities — processor (GDPR Art. 30(2))",
                        "取扱活動の記録 — 処理者（GDPR第30条第2項）"),
    "controller_sheet": ("Controller", "管理者"), "processor_sheet": ("Processor", "処理者"),
    "controller": ("Name and contact details of the controller", "管理者の名称及び連絡先"),
    "processor": ("Name and contact details of the processor", "処理者の名称及び連絡先"),
    "representative": ("Representative in the EU (Art. 27)", "EU域内の代理人（第27条）"),
    "dpo": ("Data protection officer", "データ保護オフィサー"),
    "security": ("General description of security measures (Art. 32)",
                 "技術上及び組織上の安全管理措置の概要（第32条）"),
    "purpose": ("Purpose of the processing", "取扱いの目的"),
    "basis": ("Lawful basis (Art. 6)", "適法性の根拠（第6条）"),
    "subjects": ("Categories of data subjects", "データ主体の類型"),
    "data": ("Categories of personal data", "個人データの類型"),
    "special": ("Special categories and Art. 9 condition", "特別な種類の個人データ及び第9条の要件"),
    "recipients": ("Categories of recipients", "取得者の類型"),
    "countries": ("Transfers to third countries", "第三国への移転"),
    "safeguards": ("Safeguards (Art. 45/46/49)", "適切な保護措置（第45条・第46条・第49条）"),
    "erasure": ("Time limits for erasure", "消去の期限"),
    "controller_name": ("Controller", "管理者"),
    "controller_contact": ("Controller's contact details", "管理者の連絡先"),
    "controller_rep": ("Controller's representative", "管理者の代理人"),
    "controller_dpo": ("Controller's data protection officer", "管理者のデータ保護オフィサー"),
    "processing": ("Categories of processing", "取扱いの種類"),
    "transfers_title": ("Transfers to third countries", "第三国への移転"),
    "flow": ("Flow", "フロー"), "from": ("from", "起算"), "source": ("From", "移転元"),
    "party": ("Recipient", "取得者"), "kind": ("Kind", "区分"), "country": ("Third country", "第三国"),
    "items": ("Personal data", "個人データ"), "mechanism": ("Mechanism", "移転の根拠"),
    "reference": ("Reference", "参照"), "appi": ("APPI 28 basis", "個人情報保護法28条の根拠"),
    "not_recorded": ("not recorded", "未記録"), "none": ("none", "なし"),
    "exempt": ("not designated", "指定なし"), "field": ("Field", "項目"), "value": ("Value", "内容"),
    "illustrative": ("Illustrative: the GDPR facts of this record are examples, not statements of a source.",
                     "例示：この記録のGDPRに関する事項は例であり、出典に基づくものではありません。"),
    "no_block": ("The inventory has no `gdpr:` block: the Art. 6 bases, Art. 9 conditions and transfer "
                 "mechanisms are not recorded.",
                 "インベントリに `gdpr:` ブロックがありません：第6条の根拠、第9条の要件及び移転の根拠は未記録です。"),
}


def _pick(table: dict[str, tuple[str, str]], key: str | None, lang: str) -> str:
    if key is None:
        return ""
    pair = table.get(key)
    return (pair[1] if lang == "ja" else pair[0]) if pair else key


def word(key: str, lang: str) -> str:
    """A heading or phrase of the record in `lang`."""
    return _pick(_WORDS, key, lang)


def basis_text(code: str, lang: str) -> str:
    """An Art. 6(1) basis by name."""
    return _pick(_BASES, code, lang)


def condition_text(code: str, lang: str) -> str:
    """An Art. 9(2) condition by name."""
    return _pick(_CONDITIONS, code, lang)


def mechanism_text(code: str, derogation: str | None, lang: str) -> str:
    """A Chapter V mechanism by name, with the Art. 49(1) point of a derogation."""
    text = _pick(_MECHANISMS, code, lang)
    return f"{text} {_pick(_DEROGATIONS, derogation, lang)}" if derogation else text


def kind_text(kind: str | None, lang: str) -> str:
    """A recipient's kind as a category of recipient."""
    return _pick(_KINDS, kind, lang)
