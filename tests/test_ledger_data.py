"""A small inventory shared by the ledger, notice and report tests (no tests of its own).

It has every ledger feature: two processes, a contractor with a sub-contractor abroad, a
third party by consent, a joint user, a pseudonymised copy that travels on, an anonymised
one that does not, and a foreign SaaS.
"""

from __future__ import annotations

import copy
from typing import Any

SMALL: dict[str, Any] = {
    "organization": {
        "key": "acme", "name": {"en": "Acme K.K.", "ja": "アクメ株式会社"}, "country": "JP",
        "address": "1-1 Chiyoda, Tokyo", "representative": "Taro Yamada",
        "contact": {"email": "privacy@example.jp", "name": {"en": "Privacy desk", "ja": "個人情報窓口"}},
        "request_procedure": {"en": "Write to the privacy desk.", "ja": "個人情報窓口へご連絡ください。"},
        "security_measures": {"en": "Access control and encryption.", "ja": "アクセス制御と暗号化。"},
    },
    "subjects": [{"key": "customers", "name": {"en": "Customers", "ja": "顧客"}}],
    "purposes": [
        {"key": "support", "name": {"en": "Customer support", "ja": "顧客対応"}},
        {"key": "billing", "name": {"en": "Payment", "ja": "決済"}},
        {"key": "ads", "name": {"en": "Advertising", "ja": "広告"}},
    ],
    "items": [
        {"key": "email", "name": {"en": "Email address", "ja": "メールアドレス"}, "subjects": ["customers"],
         "acquisition": ["provided"], "purposes": ["support", "billing", "ads"], "persons": 12000,
         "retention": {"period": "3 years", "trigger": "account deletion"}, "disposal": "deleted from DB",
         "risk": {"assessed": "2024-04-01", "residual": "medium", "note": "phishing"},
         "last_reviewed": "2024-04-01"},
        {"key": "name", "name": {"en": "Name", "ja": "氏名"}, "subjects": ["customers"],
         "acquisition": ["provided"], "purposes": ["support", "billing", "ads"]},
        {"key": "card", "name": {"en": "Card number", "ja": "クレジットカード番号"}, "financial": True,
         "acquisition": ["provided"], "purposes": ["billing"]},
        {"key": "health", "name": {"en": "Health note", "ja": "健康情報"}, "sensitive": True,
         "consent_obtained": True, "acquisition": ["provided"], "purposes": ["support"], "medium": "paper"},
        {"key": "email_hash", "name": {"en": "Hashed email", "ja": "ハッシュ化メール"}, "pseudonymised": True,
         "purposes": ["ads"]},
        {"key": "stats", "name": {"en": "Usage statistics", "ja": "利用統計"}, "anonymised": True,
         "retained": False},
    ],
    "processes": [
        {"key": "signup", "name": {"en": "Sign-up", "ja": "会員登録"}, "items": ["email", "name", "card"]},
        {"key": "helpdesk", "name": {"en": "Help desk", "ja": "問合せ対応"}, "items": ["email", "health"]},
    ],
    "recipients": [
        {"key": "cloudco", "name": {"en": "CloudCo", "ja": "クラウド社"}, "kind": "contractor", "country": "US",
         "contract": {"date": "2023-01-10", "protection_clauses": True, "subcontracting": "approved"},
         "review": {"date": "2024-02-01", "result": "ok"}},
        {"key": "mailco", "name": {"en": "MailCo", "ja": "メール社"}, "kind": "subcontractor", "country": "SG",
         "parent": "cloudco"},
        {"key": "adpartner", "name": {"en": "AdPartner", "ja": "広告パートナー"}, "kind": "third_party",
         "country": "DE"},
        {"key": "sister", "name": {"en": "Sister Co", "ja": "姉妹会社"}, "kind": "joint_user", "country": "JP",
         "joint_use": {"items": ["name"], "users": "Acme group companies", "purposes": ["support"],
                       "responsible": "Acme K.K.", "published": True}},
    ],
    "systems": [
        {"key": "crm", "name": {"en": "CRM", "ja": "顧客管理システム"}, "kind": "saas", "country": "US",
         "region": "us-east-1", "operated_by": "cloudco", "disclosed_abroad": True,
         "security": {"encryption_at_rest": True, "access": ["support staff", "admins"]},
         "items": ["email", "name", "health"]},
        {"key": "billing_db", "name": {"en": "Billing DB", "ja": "決済DB"}, "kind": "database",
         "security": {"access": ["finance"]}, "items": ["card", "email"]},
        {"key": "cabinet", "name": {"en": "Paper files", "ja": "書庫"}, "kind": "paper_cabinet",
         "items": ["health"]},
    ],
    "collection_points": [
        {"key": "web_form", "name": {"en": "Sign-up form", "ja": "登録フォーム"}, "channel": "web form",
         "subjects": ["customers"]},
    ],
    "flows": [
        {"from": "web_form", "to": "crm", "items": ["email", "name"], "basis": "collection"},
        {"from": "web_form", "to": "billing_db", "items": ["card", "email"], "basis": "collection"},
        {"from": "crm", "to": "mailco", "items": ["email_hash", "stats"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "crm", "to": "adpartner", "items": ["email_hash"], "basis": "consent", "foreign_basis": "consent"},
        {"from": "crm", "to": "sister", "items": ["name"], "basis": "joint_use"},
    ],
    "derivations": [
        {"from": "email", "to": "email_hash", "method": "pseudonymisation", "at": "crm"},
        {"from": "email", "to": "stats", "method": "anonymisation", "at": "crm"},
    ],
    "retention_events": [
        {"key": "account_deletion", "name": {"en": "Account deletion", "ja": "アカウント削除"},
         "steps": [{"items": ["email", "name"], "action": "delete"}]},
    ],
}

HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(1)", "\t=x", "\r=y", 'say "hi" \'there\'', "two\nlines",
           "<b>&amp;</b>", "emoji 😀", "日本語の名前", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def small(**changes: Any) -> dict[str, Any]:
    """A fresh copy of SMALL with top-level sections replaced."""
    document = copy.deepcopy(SMALL)
    document.update(changes)
    return document


def hostile(document: dict[str, Any]) -> dict[str, Any]:
    """A copy whose every name (en and ja), and several free-text fields, are hostile strings."""
    document = copy.deepcopy(document)
    n = 0
    for section, records in document.items():
        if isinstance(records, list):
            for record in records:
                if "name" in record:
                    record["name"] = {"en": HOSTILE[n % len(HOSTILE)], "ja": HOSTILE[(n + 1) % len(HOSTILE)]}
                    n += 1
        elif section == "organization":
            records["name"] = {"en": HOSTILE[0], "ja": HOSTILE[-1]}
            records["address"] = HOSTILE[-2]
    document["items"][0]["disposal"] = HOSTILE[0]
    document["items"][0]["risk"]["note"] = HOSTILE[-1]
    document["systems"][0]["security"]["access"] = HOSTILE[:4]
    return document
