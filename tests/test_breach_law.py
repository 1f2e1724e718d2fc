"""Breach triage says only what the law supports (issue 10, points 1–6), on a small inventory of its own, through
the library, `daicho breach` (text in English and Japanese, and JSON), the pack's breach sheets and check DAI022.

Each point has a case where the corrected statement shows and one where it does not."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.breach.encryption import advanced, shortfall
from daicho.catalog.breach.triage import Exposure, assess, breach
from daicho.catalog.breach.words import cite_ja
from daicho.catalog.review.report_breach import breach_sheets
from daicho.catalog.words import t
from daicho.cli.app import app
from daicho.inventory.db import ReadDB
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

KMS = {"level": "data", "algorithm": "AES-256-GCM", "key_separate": True, "key_management": "KMS, separate account"}
LAW = {
    "organization": {"key": "acme", "name": "Acme", "country": "JP"},
    "subjects": [{"key": "customer", "name": "Customer"}],
    "items": [
        {"key": "email", "name": {"en": "Email", "ja": "メールアドレス"}, "subjects": ["customer"], "persons": 300},
        {"key": "health", "name": "Health", "subjects": ["customer"], "sensitive": True, "consent_obtained": True,
         "persons": 50},
        {"key": "card", "name": "Card number", "subjects": ["customer"], "financial": True, "persons": 50},
        {"key": "cookie_id", "name": "Cookie ID", "personally_referable": True, "persons": 2_400_000},
        {"key": "email_hash", "name": "Email hash", "pseudonymised": True, "persons": 2_400_000},
        {"key": "stats", "name": "Statistics", "anonymised": True, "persons": 2_400_000},
    ],
    "collection_points": [{"key": "checkout", "name": "Checkout form", "subjects": ["customer"]}],
    "systems": [
        {"key": "shop_db", "name": "Shop DB", "country": "JP", "security": {"encryption_at_rest": True},
         "items": ["email", "cookie_id", "email_hash", "stats"]},
        {"key": "vault", "name": "Vault", "country": "JP", "security": {"encryption": [KMS]},
         "items": ["health", "card"]},
        {"key": "disk_db", "name": "Disk-encrypted DB", "country": "JP",
         "security": {"encryption_at_rest": True, "encryption": [{**KMS, "level": "storage"}]}, "items": ["health"]},
    ],
    "recipients": [
        {"key": "ads", "name": "Ad network", "kind": "third_party", "country": "JP"},
        {"key": "analytics", "name": "Analytics", "kind": "contractor", "country": "JP"},
        {"key": "mailer", "name": "Mailer", "kind": "contractor", "country": "JP"},
    ],
    "flows": [
        {"from": "checkout", "to": "shop_db", "items": ["email"], "basis": "collection"},
        {"from": "checkout", "to": "vault", "items": ["health", "card"], "basis": "collection"},
        {"from": "shop_db", "to": "mailer", "items": ["email"], "basis": "outsourcing"},
        {"from": "shop_db", "to": "ads", "items": ["cookie_id"], "basis": "consent"},
        {"from": "shop_db", "to": "analytics", "items": ["email_hash", "stats"], "basis": "outsourcing"},
    ],
}


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("law")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, LAW))
    return url


def run(url: str, *args: str) -> str:
    result = CliRunner(env={"COLUMNS": "1000"}).invoke(app, ["breach", *args, "--db", url])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def data(url: str, *args: str) -> dict:
    return json.loads(CliRunner().invoke(app, ["breach", *args, "--db", url, "--json"]).stdout)


def met(result: dict) -> list:
    return [c["met"] for c in result["criteria"]]


# --- 1. (iii) is not known until ruled out -------------------------------------------------------------------

def test_iii_is_not_known_until_ruled_out(url):
    open_ = data(url, "mailer")  # 300 plain email addresses: nothing else is met
    assert met(open_) == [False, False, None, False] and open_["reportable"] is None
    assert open_["verdict"]["code"] == "report_unless" and open_["verdict"]["settle"] == ["unlawful"]
    text = run(url, "mailer")
    assert "report to the PPC and notify the persons unless (iii) is ruled out" in text
    assert "? not known" in text and "no report required" not in text
    ja = run(url, "mailer", "--lang", "ja")
    assert "次が確認されない限り報告・本人通知が必要" in ja and "報告不要" not in ja
    assert not re.search(r"unless|not known|ruled out", ja)  # Japanese stays Japanese


def test_ruling_iii_out_or_in(url):
    ruled_out = data(url, "mailer", "--no-unlawful-purpose")
    assert met(ruled_out) == [False, False, False, False] and ruled_out["reportable"] is False
    assert "no report required under APPI 26(1)" in run(url, "mailer", "--no-unlawful-purpose")
    assert "報告不要" in run(url, "mailer", "--no-unlawful-purpose", "--lang", "ja")
    unlawful = data(url, "mailer", "--unlawful")
    assert met(unlawful) == [False, False, True, False] and unlawful["report"]["final_days"] == 60


# --- 2. only personal data counts ------------------------------------------------------------------------------

def test_cookie_ids_alone_trigger_no_report(url):
    ads = data(url, "ads")
    assert ads["reportable"] is False and ads["verdict"]["code"] == "no_personal_data"
    assert met(ads) == [False, False, False, False] and ads["report"]["preliminary"] is None
    assert [(n["item"], n["data_class"]) for n in ads["not_personal"]] == [("cookie_id", "referable")]
    text = run(url, "ads")
    assert "no personal data (個人データ) is exposed" in text and "notify the persons" not in text
    assert t("ja", "personally referable information: not personal data") in run(url, "ads", "--lang", "ja")


def test_pseudonymised_and_anonymised_are_carved_out(url):
    analytics = data(url, "analytics")
    assert {n["item"]: n["data_class"] for n in analytics["not_personal"]} == {"email_hash": "pseudonymised",
                                                                               "stats": "anonymised"}
    assert analytics["reportable"] is False and "APPI 41(9)" in analytics["report"]["citations"]
    # the shop database's 2,400,000 cookie IDs and pseudonyms do not count towards (iv): its personal data is 300
    shop = data(url, "shop_db", "--no-unlawful-purpose")
    assert shop["persons"] == 300 and met(shop)[3] is False


def test_the_same_items_as_personal_data_are_reportable():
    item = {"item": "cookie_id", "name": {"en": "Cookie ID", "ja": None}, "sensitive": False, "financial": False,
            "persons": 2_400_000, "how": ["received"], "encryption": None}
    node = {"key": "ads", "kind": "recipient", "subkind": "third_party"}
    personal = assess(Exposure(node, [{**item, "data_class": "personal"}], []), unlawful=False)
    assert personal.reportable is True and personal.criteria[3].met is True
    referable = assess(Exposure(node, [{**item, "data_class": "referable"}], []), unlawful=True)
    assert referable.reportable is False  # even an unlawful act: no personal data leaked


# --- 3. advanced encryption, modelled on the data, the key asked for -----------------------------------------

def test_recorded_advanced_encryption_asks_whether_the_key_leaked(url):
    vault = data(url, "vault", "--no-unlawful-purpose")
    assert {i["item"]: bool(i["encryption"]) for i in vault["items"]} == {"health": True, "card": True}
    assert met(vault) == [None, None, False, False] and vault["verdict"]["settle"] == ["key"]
    assert "--key-safe" in vault["verdict"]["hint"] and "--key-safe" not in vault["verdict"]["text"]
    assert "AES-256-GCM, KMS, separate account" in run(url, "vault")
    safe = data(url, "vault", "--no-unlawful-purpose", "--key-safe")
    assert met(safe) == [False, False, False, False] and safe["reportable"] is False
    leaked = data(url, "vault", "--no-unlawful-purpose", "--key-leaked")
    assert met(leaked) == [True, True, False, False] and leaked["reportable"] is True
    assert "復号鍵が漏えいしていない場合に限り対象外" in run(url, "vault", "--no-unlawful-purpose", "--lang", "ja")


def test_storage_encryption_does_not_exclude_a_leak(url):
    disk = data(url, "disk_db", "--no-unlawful-purpose", "--key-safe")
    assert disk["items"][0]["encryption"] is None and met(disk)[0] is True and disk["reportable"] is True


def test_encrypted_flag_needs_the_key(url):
    asked = data(url, "disk_db", "--no-unlawful-purpose", "--encrypted")
    assert met(asked)[0] is None and asked["verdict"]["settle"] == ["key"]
    assert data(url, "disk_db", "--no-unlawful-purpose", "--encrypted", "--key-safe")["reportable"] is False
    assert data(url, "disk_db", "--no-unlawful-purpose", "--encrypted", "--key-leaked")["reportable"] is True


def test_advanced_encryption_rule():
    assert advanced({"encryption": [KMS]}, "x") == KMS
    assert advanced({"encryption": [{**KMS, "items": ["y"]}]}, "x") is None
    assert advanced({"encryption_at_rest": True}, "x") is None
    assert advanced({"encryption": [{**KMS, "algorithm": "Camellia-128"}]}, "x")
    assert advanced({"encryption": [{**KMS, "algorithm": "SEED", "recognised": True}]}, "x")
    assert advanced({"encryption": [{**KMS, "algorithm": "AES", "recognised": False}]}, "x") is None
    assert len(shortfall({"level": "storage", "algorithm": "ROT13"})) == 3 and shortfall(KMS) == []


def test_dai022_reads_advanced_encryption(url):
    from daicho.catalog.checks import run_checks

    found = {f.key: f.message for f in run_checks(url) if f.rule == "DAI022"}
    assert set(found) == {"disk_db"}  # the vault's encryption is advanced; the shop DB holds nothing reportable
    assert "it encrypts the storage only" in found["disk_db"]


# --- 4. deadlines, each with its source ------------------------------------------------------------------------

def test_deadlines_name_their_sources(url):
    report = data(url, "mailer", "--unlawful")["report"]
    assert report["preliminary"].startswith("promptly (速やかに, Rules 8(1)); the PPC guideline's rule of thumb")
    assert "within 60 days" in report["final"]
    ja = run(url, "mailer", "--unlawful", "--lang", "ja")
    assert "速報: 速やかに（規則8条1項）。目安は知った時点から概ね3〜5日以内（ガイドライン通則編3-5-3-3）" in ja
    assert "根拠: 法26条1項" in ja and "規則8条2項" in ja
    assert "30 days" in data(url, "vault", "--no-unlawful-purpose", "--key-leaked")["report"]["final"]
    open_ = data(url, "vault", "--key-leaked")["report"]["final"]
    assert "60 days if it is a (iii) situation" in open_
    assert data(url, "mailer", "--no-unlawful-purpose")["report"]["preliminary"] is None  # not reportable


def test_citations_in_japanese():
    assert [cite_ja(c) for c in ("APPI 26(1)", "Rules 7(iii)", "Rules 9", "APPI 41(9)")] == \
        ["法26条1項", "規則7条3号", "規則9条", "法41条9項"]


# --- 5. information being acquired (web skimming) ------------------------------------------------------------

def test_skimming_reaches_only_iii(url):
    skim = data(url, "checkout", "--in-transit")
    assert met(skim) == [False, False, None, False] and skim["verdict"]["settle"] == ["unlawful"]
    assert "not information not yet acquired" in skim["criteria"][0]["reason"]
    # encryption of stored data does not cancel (iii) for plaintext captured in transit
    captured = data(url, "checkout", "--in-transit", "--unlawful", "--encrypted", "--key-safe")
    assert met(captured) == [False, False, True, False] and captured["report"]["final_days"] == 60
    assert "encryption of stored data does not exclude it" in captured["criteria"][2]["reason"]
    assert "取得しようとしている個人情報" in run(url, "checkout", "--in-transit", "--lang", "ja")


def test_stored_data_is_not_in_transit(url):
    held = data(url, "checkout", "--no-unlawful-purpose")  # the same form, not as information being acquired
    assert met(held)[:2] == [True, True]
    stored = data(url, "vault", "--unlawful", "--key-safe")  # encrypted stored data, key safe: (iii) excluded
    assert met(stored)[2] is False and stored["reportable"] is False


# --- 6. a leak at a contractor ---------------------------------------------------------------------------------

def test_contractor_note_only_when_reportable(url):
    note = data(url, "mailer", "--unlawful")["report"]
    assert "promptly" in note["contractor_note"] and "known at the time (Rules 9)" in note["contractor_note"]
    assert "Rules 9" in note["citations"]
    assert "規則9条" in run(url, "mailer", "--unlawful", "--lang", "ja")
    quiet = data(url, "mailer", "--no-unlawful-purpose")["report"]
    assert quiet["contractor_note"] is None and "Rules 9" not in quiet["citations"]
    assert "26(1) proviso" not in run(url, "mailer", "--no-unlawful-purpose")
    assert data(url, "vault", "--unlawful")["report"]["contractor_note"] is None  # not at a contractor


# --- the pack's breach sheets ----------------------------------------------------------------------------------

def _sheets(url: str, lang: str) -> str:
    with ReadDB(url) as db:
        assessed = [breach(db, key).to_dict() for key in ("mailer", "ads", "vault")]
    index = SimpleNamespace(name=lambda key, lang: key)
    return breach_sheets(SimpleNamespace(lang=lang, index=index, breach=assessed))


def test_pack_sheets_say_report_unless_in_each_language(url):
    en = _sheets(url, "en")
    assert "reportable unless ruled out" in en and "not reportable (no personal data)" in en
    assert "personally referable information" in en and "advanced encryption recorded" in en
    ja = _sheets(url, "ja")
    assert "確認されない限り報告対象" in ja and "報告対象外（個人データなし）" in ja and "概ね3〜5日以内" in ja
    assert "unless" not in ja and "promptly" not in ja


# --- a property: knowing more never makes the verdict stricter than the open question allowed ----------------

ORDER = {False: 0, None: 1, True: 2}
ITEM = st.fixed_dictionaries({"sensitive": st.booleans(), "financial": st.booleans(),
                              "persons": st.none() | st.integers(0, 3000),
                              "data_class": st.sampled_from(["personal", "personal", "referable", "pseudonymised"]),
                              "encryption": st.none() | st.just({"text": "AES, KMS"})})


@given(items=st.lists(ITEM, max_size=4), encrypted=st.booleans(), in_transit=st.booleans(),
       unlawful=st.sampled_from([True, None, False]), key=st.sampled_from([True, None, False]))
def test_an_open_question_lies_between_its_answers(items, encrypted, in_transit, unlawful, key):
    exp = Exposure({"key": "x", "kind": "system", "subkind": "database"},
                   [{"item": f"i{n}", "name": {"en": None, "ja": None}, "how": ["stored"], **i}
                    for n, i in enumerate(items)], [])

    def verdict(**change) -> int:
        args = {"unlawful": unlawful, "key_leaked": key, "encrypted": encrypted, "in_transit": in_transit, **change}
        return ORDER[assess(exp, **args).reportable]

    assert verdict(unlawful=False) <= verdict(unlawful=None) <= verdict(unlawful=True)
    assert verdict(key_leaked=False) <= verdict(key_leaked=None) <= verdict(key_leaked=True)
    result = assess(exp, unlawful=unlawful, key_leaked=key, encrypted=encrypted, in_transit=in_transit)
    assert (result.reportable is None) == (result.verdict["code"] == "report_unless")
    assert all(c.met is False for c in result.criteria if in_transit and c.number != 3)
