"""Diagrams on the resolved model: a small inventory built here, with a foreign contractor's operated system,
storage-only storage abroad, a two-parent sub-processor and a recipient of unknown location."""

from __future__ import annotations

import pytest
from conftest import load_into, write_manifest
from daicho.inventory.db import ReadDB

#: home JP. app_db → helpdesk (US SaaS run by a PH contractor, no foreign basis); app_db → backup (SG storage
#: whose US provider does not handle the data); app_db → mail_a (JP) / mail_b (DE) → sender (US, both engage
#: it); app_db → partner (a third party, location unknown); app_db → crm (the operator's, location unknown)
PARTIES = {
    "organization": {"key": "acme", "name": "Acme", "country": "JP"},
    "items": [
        {"key": "email", "name": {"en": "Email address", "ja": "メールアドレス"}},
        {"key": "name", "name": {"en": "Name", "ja": "氏名"}},
        {"key": "card", "name": {"en": "Card number", "ja": "カード番号"}, "financial": True},
    ],
    "collection_points": [{"key": "web_form", "name": {"en": "Web form", "ja": "Webフォーム"}}],
    "systems": [
        {"key": "app_db", "name": {"en": "App database", "ja": "アプリDB"}, "country": "JP",
         "items": ["email", "name", "card"]},
        {"key": "helpdesk", "name": {"en": "Helpdesk SaaS", "ja": "ヘルプデスク"}, "kind": "saas", "country": "US",
         "operated_by": "ph_support"},
        {"key": "backup", "name": {"en": "Backup storage", "ja": "バックアップ"}, "country": "SG",
         "operated_by": "cloud_store"},
        {"key": "crm", "name": {"en": "CRM", "ja": "顧客管理"}},
    ],
    "recipients": [
        {"key": "ph_support", "name": {"en": "PH Support Inc.", "ja": "PHサポート"}, "kind": "contractor",
         "country": "PH"},
        {"key": "cloud_store", "name": {"en": "Cloud Store LLC", "ja": "クラウドストア"}, "kind": "contractor",
         "country": "US", "handles_data": False},
        {"key": "mail_a", "name": {"en": "Mail A", "ja": "メールA"}, "kind": "contractor", "country": "JP"},
        {"key": "mail_b", "name": {"en": "Mail B GmbH", "ja": "メールB"}, "kind": "contractor", "country": "DE"},
        {"key": "sender", "name": {"en": "Sender Corp", "ja": "センダー"}, "kind": "subcontractor", "country": "US",
         "parents": ["mail_a", "mail_b"]},
        {"key": "partner", "name": {"en": "Partner", "ja": "提携先"}, "kind": "third_party"},
    ],
    "flows": [
        {"from": "web_form", "to": "app_db", "items": ["email", "name", "card"], "basis": "collection"},
        {"from": "app_db", "to": "helpdesk", "items": ["email", "name"], "basis": "outsourcing"},
        {"from": "app_db", "to": "backup", "items": ["email", "name", "card"], "basis": "internal"},
        {"from": "app_db", "to": "mail_a", "items": ["email"], "basis": "outsourcing"},
        {"from": "app_db", "to": "mail_b", "items": ["email"], "basis": "outsourcing", "foreign_basis": "eu_uk"},
        {"from": "mail_a", "to": "sender", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "mail_b", "to": "sender", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "app_db", "to": "partner", "items": ["name"], "basis": "consent"},
        {"from": "app_db", "to": "crm", "items": ["email"], "basis": "internal"},
    ],
}


@pytest.fixture(scope="module")
def parties_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("parties")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, PARTIES))
    return url


@pytest.fixture
def parties_db(parties_url):
    with ReadDB(parties_url) as conn:
        yield conn
