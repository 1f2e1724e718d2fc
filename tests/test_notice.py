"""The public notice (APPI 21, 32): its sections from a small inventory, escaping, and the Engoo policy's
per-item purposes reproduced."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.review.notice import build_notice
from daicho.catalog.review.notice_writers import md_text, one_line, render_json, render_markdown, render_text
from daicho.catalog.review.reach import ReviewFacts
from test_ledger import run_daicho
from test_ledger_data import SMALL, hostile, small


@pytest.fixture
def small_inventory(tmp_path, sqlite_url):
    load_into(sqlite_url, write_manifest(tmp_path / "m", SMALL))
    return ReviewFacts.load(sqlite_url)


def test_purposes_grouped_by_identical_purpose_lists(small_inventory):
    notice = build_notice(small_inventory, "en")
    groups = {tuple(g.item_keys): g.purposes for g in notice.purposes}
    assert groups == {("email", "name"): ["Customer support", "Payment", "Advertising"], ("card",): ["Payment"],
                      ("health",): ["Customer support"], ("email_hash",): ["Advertising"]}  # stats: anonymised


def test_operator_provision_joint_use_foreign_security(small_inventory):
    notice = build_notice(small_inventory, "en")
    assert notice.operator == {"name": "Acme K.K.", "address": "1-1 Chiyoda, Tokyo", "representative": "Taro Yamada"}
    assert [(p.recipient, p.country, p.items, p.basis) for p in notice.provision] == [
        ("AdPartner", "Germany (DE)", ["Hashed email"], ["consent"])]
    assert [(j.users, j.items, j.purposes, j.responsible) for j in notice.joint_use] == [
        ("Acme group companies", ["Name"], ["Customer support"], "Acme K.K.")]
    # per recipient, each with the items it receives and each flow's own bases (not merged per country)
    foreign = {f.key: f for f in notice.foreign}
    assert list(foreign) == ["cloudco", "mailco", "adpartner"]
    assert foreign["mailco"].recipient == "CloudCo > MailCo (sub-contractor)"
    assert [(f.items, f.basis, f.foreign_basis) for f in foreign["mailco"].flows] == [
        (["Hashed email"], "outsourcing", "compliant system")]  # stats: anonymised, not personal data
    assert foreign["cloudco"].items == ["Email address", "Name"]  # CloudCo runs the CRM the form fills
    assert [(f.basis, f.foreign_basis) for f in foreign["cloudco"].flows] == [("collection", "none recorded")]
    assert foreign["adpartner"].country == "Germany (DE)" and foreign["adpartner"].flows[0].foreign_basis == "consent"
    assert notice.requests == "Write to the privacy desk." and notice.contact == ["Privacy desk", "privacy@example.jp"]
    assert notice.security == "Access control and encryption."
    # the billing DB and the paper files have no country: where they keep data is unknown, and the notice
    # says so (never the home country by default); the CRM is CloudCo's (provided to it), so it is under the
    # foreign recipients, not the operator's own storage
    assert [(s.system, s.locations, s.provider) for s in notice.storage_abroad] == [
        ("Billing DB", ["location unknown"], ""), ("Paper files", ["location unknown"], "")]


def test_japanese_notice(small_inventory):
    text = render_markdown(build_notice(small_inventory, "ja"))
    assert text.startswith("# 個人情報の取扱いに関する公表事項\n")
    assert "- **メールアドレス、氏名**: 顧客対応、決済、広告" in text
    assert "## 5. 外国にある第三者への提供・外国での取扱い（第28条）" in text
    # 利用統計 (anonymised) is not personal data: APPI 28 does not list it
    assert ("- **クラウド社 > メール社 (再委託先)**: シンガポール (SG) — ハッシュ化メール "
            "\\[根拠: 委託; 移転の根拠: 基準適合体制\\]") in text
    assert "日本の国外にある提供先" in text


def test_missing_matters_are_named_not_hidden(tmp_path, sqlite_url):
    document = small()
    del document["organization"]["address"], document["organization"]["security_measures"]
    load_into(sqlite_url, write_manifest(tmp_path / "m", document))
    notice = build_notice(sqlite_url, "en")
    text = render_text(notice)
    assert "  Address: ⚠ NOT RECORDED in the inventory (APPI 32(1)(i))" in text
    assert "7. Security control measures (APPI Art. 23, Art. 32; Cabinet Order Art. 10(i))\n" \
           "------------------------------------------------------------------------------\n" \
           "  ⚠ NOT RECORDED in the inventory (Cabinet Order 10(i))\n" in text
    # every matter not recorded is printed where it belongs and listed, as check DAI030 names it
    # (the joint use also lacks the responsible party's address and representative: two more, APPI 27(5)(iii))
    assert text.count("⚠ NOT RECORDED") == len(notice.missing) + 2
    assert text.count("⚠ NOT RECORDED in the inventory (APPI 27(5)(iii))") == 2
    assert {"address", "security_measures", "request_fee", "discloses_provision_records", "complaints_desk",
            "accredited_organization"} <= {m["key"] for m in notice.missing}
    from daicho.catalog.checks import run_checks

    named = {f.message for f in run_checks(sqlite_url) if f.rule == "DAI030"}
    assert len(named) == len(notice.missing)
    assert all(any(m["what"] in message for message in named) for m in notice.missing)


def test_unknown_country_recipient_is_listed_as_unknown(tmp_path, sqlite_url):
    """A recipient whose country is not recorded is listed with its location unknown (it used to be left
    out): whether data leaves the home country is unknown, and the notice must not hide the transfer."""
    document = small()
    del document["recipients"][2]["country"]  # AdPartner: country unknown
    load_into(sqlite_url, write_manifest(tmp_path / "m", document))
    notice = build_notice(sqlite_url, "en")
    assert [(f.key, f.code, f.country) for f in notice.foreign][-1] == ("adpartner", "unknown", "location unknown")
    assert notice.provision[0].country == "location unknown"


def test_json_shape(small_inventory):
    data = json.loads(render_json(build_notice(small_inventory, "en")))
    assert set(data) == {"lang", "operator", "home", "home_name", "purposes", "provision", "joint_use", "foreign",
                         "requests", "contact", "security", "storage_abroad", "fee", "provision_records",
                         "environment", "complaints", "accredited", "unpurposed", "missing"}
    # the compliant-system route with no instrument recorded: `abroad`'s status, not "ok"
    assert data["foreign"][1]["flows"] == [{"flow": "crm__mailco", "items": ["Hashed email"], "basis": "outsourcing",
                                            "foreign_basis": "compliant system", "status": "incomplete"}]
    assert data["purposes"][0] == {"items": ["Email address", "Name"], "item_keys": ["email", "name"],
                                   "purposes": ["Customer support", "Payment", "Advertising"],
                                   "purpose_keys": ["support", "billing", "ads"], "personally_referable": False}


def test_hostile_names_are_escaped(tmp_path, sqlite_url):
    load_into(sqlite_url, write_manifest(tmp_path / "m", hostile(SMALL)))
    inventory = ReviewFacts.load(sqlite_url)
    from markdown_it import MarkdownIt

    for lang in ("en", "ja"):
        text = render_markdown(build_notice(inventory, lang))
        assert "<script>" not in text and "<img" not in text and "<b>" not in text
        # as a Markdown renderer reads it: no tag, no entity and no block opened by a name; the names read as written
        html = MarkdownIt().render(text)
        assert not re.search(r"<(?!/?(?:h1|h2|ul|li|strong|p)>)", html), html
        assert "<blockquote>" not in html and "<ol" not in html and html.count("<ul>") == html.count("<h2>")
        assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in html and "&quot;&gt;&lt;img src=x" in html
        plain = render_text(build_notice(inventory, lang))
        assert "\r" not in plain and "\t" not in plain.replace("\n", "")


def test_text_shows_control_characters(small_inventory):
    small_inventory.inventory.organization.representative = "Taro\x1b[31m Yamada"
    assert "  Representative: Taro\\x1b[31m Yamada\n" in render_text(build_notice(small_inventory, "en"))


def test_inline_helpers():
    # `<` could open HTML, `&` an entity: escaped; `>` and a plain `&` read as they are (no `&gt;` in the text)
    assert md_text("a_b *c* <x> & [l](u) # | \\ !") == "a\\_b \\*c\\* &lt;x> & \\[l\\](u) \\# \\| \\\\ \\!"
    assert md_text("AT&T &amp; A > B") == "AT&T &amp;amp; A > B"
    # what would open a block at the start of a list entry is escaped: a quote, a list, a thematic break
    assert [md_text(v) for v in ("> q", "- x", "+ x", "---", "1. x", "12) x", "2026 plan")] == \
        ["\\> q", "\\- x", "\\+ x", "\\---", "1\\. x", "12\\) x", "2026 plan"]
    assert one_line("Eng\nlish  and\tmore") == "Eng lish and more"
    # a folded YAML scalar breaks a line of Japanese prose: the break YAML made a space goes; a space the author
    # typed between words (a name, a title) stays
    prose = "個人データの取扱いに関する苦情及び相談を受け付ける窓口を設置し、"
    rest = "適切かつ迅速に対応する。 理事長 佐藤 花子"
    assert one_line(f"{prose}\n{rest}") == f"{prose}{rest}"
    assert one_line("代表取締役 佐藤 花子") == "代表取締役 佐藤 花子"


def test_command(small_inventory, sqlite_url, monkeypatch, capsysbinary):
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "notice", "--db", sqlite_url, "--format", "json",
                              "--lang", "en")
    assert code == 0 and json.loads(out)["operator"]["name"] == "Acme K.K."
    monkeypatch.setenv("DAICHO_LANG", "en")  # the notice is Japanese unless asked otherwise (as the ledger)
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "notice", "--db", sqlite_url, "-f", "json")
    assert code == 0 and json.loads(out)["lang"] == "ja"
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "notice", "--db", sqlite_url, "--lang", "ja", "-f", "text")
    assert code == 0 and out.decode().startswith("個人情報の取扱いに関する公表事項\n")


# ---- the Engoo policy --------------------------------------------------------------------------------------

POLICY = Path("/work/shared/seeds/001_8d81e8c636ed107a.txt")
#: "Forms and purposes of use of personal information regarding retained personal data", Engoo Privacy
#: Policy (revised 2021-08-19), groups (1)-(13), verbatim.
POLICY_GROUPS = {
    1: "Personal inquiries, product shipping, payment, customer support, prevention and investigation of and "
       "countermeasures against unauthorized use, provision to sellers as shipping address information for products "
       "in DMM Marketplace, notice of changes to our website, introducing new services on our website, performance "
       "of other tasks necessary for transactions, mailing and sending advertisements for our services and the like "
       "as well as those of other companies, provision to third parties.",
    2: "Personal inquiries, product shipping, payment, customer support, prevention and investigation of and "
       "countermeasures against unauthorized use, provision to sellers as shipping address information for products "
       "in DMM Marketplace, introducing new services on our website, performance of other tasks necessary for "
       "transactions, mailing and sending advertisements for.",
    3: "Personal inquiries, product shipping, payment, customer support, prevention and investigation of and "
       "countermeasures against unauthorized use, performance of other tasks necessary for transactions, provision "
       "to third parties.",
    4: "Personal inquiries, payment, customer support, prevention and investigation of and countermeasures against "
       "unauthorized use, performance of other tasks necessary for transactions, notice of changes to our website, "
       "notification messages for the user, provision to third parties.",
    5: "Personal inquiries, payment, customer support, prevention and investigation of and countermeasures against "
       "unauthorized use, performance of other tasks necessary for transactions, notice of changes to our website.",
    6: "Payment of advertising fees, proceeds, remuneration, and the like, customer support, performance of other "
       "tasks necessary for transactions.",
    7: "Identity verification, name verification.",
    8: "Product shipping, payment, customer support, prevention and investigation of and countermeasures against "
       "unauthorized use, other tasks necessary for transactions, provision to third parties.",
    9: "Prevention and investigation of and countermeasures against unauthorized use, responding to your questions or "
       "asking our own questions of you",
    10: "Prevention and investigation of and countermeasures against unauthorized use, responding to your questions "
        "or asking our own questions of you.",
    11: "Customer identification, provision of content from registration, provision to third parties.",
    12: "User authentication at login and logout, transfer of member information during any service transitions, "
        "multiple login detection, determining whether to allow use of sample videos, prevention and investigation "
        "of and countermeasures against unauthorized use.",
    13: "Limited to analysis of service usage, service improvement, and as reference for planning new services, as "
        "well as purposes of use indicated at the time the information is collected.",
}
#: The items of each group, as examples/engoo/README.md ("Items, purposes and policy sections") assigns them.
GROUP_ITEMS = {
    1: ["name"], 2: ["address"], 3: ["phone"], 4: ["email"], 5: ["card_holder_name", "card_number", "card_expiry"],
    6: ["bank_account"], 7: ["identity_documents"], 8: ["purchases", "shipping", "payments", "transaction_history"],
    9: ["ip_address"], 10: ["user_agent", "device_info"], 11: ["nickname", "gender", "occupation", "interests"],
    12: ["domain_name", "language", "location"],
    13: ["date_of_birth", "other_contact", "registration_requests", "member_registration", "support_inquiries",
         "newsletter_subscriptions", "statements", "other_provided_info"],
}
#: Words the policy uses between purposes ("…, and as reference for …, as well as …"; group 13 opens "Limited to").
CONNECTIVES = {"and", "as", "well", "limited", "to"}


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("\u201c", '"').replace("\u201d", '"').split())


def _find(name: str, text: str) -> str | None:
    """The part of `text` that states purpose `name`: the whole name, or — where the policy words it shorter
    (group 8 drops "performance of") or breaks off (group 2 ends "advertisements for.") — a run of at least
    five of its words."""
    if name in text:
        return name
    words = name.split()
    for size in range(len(words) - 1, 4, -1):
        for start in range(len(words) - size + 1):
            run = " ".join(words[start:start + size])
            if re.search(rf"(^|[ ,]){re.escape(run)}($|[ ,.])", text):
                return run
    return None


def test_policy_groups_are_the_seed_text():
    if not POLICY.exists():
        pytest.skip(f"the policy text is not at {POLICY}")
    seed = _norm(POLICY.read_text(encoding="utf-8"))
    for number, text in POLICY_GROUPS.items():
        assert _norm(text) in seed, number


@pytest.mark.parametrize("group", sorted(POLICY_GROUPS))
def test_engoo_notice_reproduces_the_policy_purposes_per_item(engoo_url, group):
    notice = build_notice(engoo_url, "en")
    by_item = {key: g.purposes for g in notice.purposes for key in g.item_keys}
    text = _norm(POLICY_GROUPS[group])
    for item in GROUP_ITEMS[group]:
        purposes = [_norm(p) for p in by_item[item]]
        rest = text
        for purpose in purposes:
            found = _find(purpose, rest)
            assert found, f"({group}) {item}: notice purpose {purpose!r} is not in the policy: {text!r}"
            rest = rest.replace(found, " ", 1)
        left = set(re.sub(r"[,.]", " ", rest).split()) - CONNECTIVES
        assert not left, f"({group}) {item}: the policy states more than the notice: {rest!r}"


def test_engoo_notice_groups_items_as_the_policy_does(engoo_url):
    """Items sharing one purpose list are one entry: the policy's groups, except that (9) IP address and
    (10) user agents have the same purposes, so the notice lists them together."""
    notice = build_notice(engoo_url, "en")
    retained = {frozenset(g.item_keys) for g in notice.purposes if not g.personally_referable}
    expected = {frozenset(items) for group, items in GROUP_ITEMS.items() if group not in (9, 10)}
    assert retained == expected | {frozenset(GROUP_ITEMS[9] + GROUP_ITEMS[10])}
    assert [g.item_keys for g in notice.purposes if g.personally_referable] == [["cookie_id", "browsing_history"]]


# --- issue 10: each foreign recipient's own basis (point 10) and the matters of APPI 32(1) (point 11) ---------

TWO_IN_US = {
    "organization": {"key": "op", "name": "Op", "country": "JP", "address": "Tokyo", "representative": "Rep",
                     "request_procedure": "Form", "request_fee": "Free", "discloses_provision_records": True,
                     "security_measures": "Access control", "complaints_desk": "desk@op.example",
                     "accredited_organization": {"member": True, "name": "JIPDEC", "complaints": "jipdec desk"},
                     "foreign_environment": [{"location": "US", "statement": "US: state laws; contract"}]},
    "purposes": [{"key": "p", "name": "P"}],
    "items": [{"key": "email", "name": "Email", "purposes": ["p"]}, {"key": "ip", "name": "IP", "purposes": ["p"]},
              {"key": "memo", "name": "Memo"}],
    "collection_points": [{"key": "form", "name": "Form"}],
    "systems": [{"key": "crm", "name": "CRM", "country": "JP", "items": ["email", "ip"]}],
    "recipients": [
        {"key": "analytics", "name": "Analytics", "kind": "contractor", "country": "US"},
        {"key": "mailer", "name": "Mailer", "kind": "contractor", "country": "US", "compliance_check": "2025-01-10",
         "compliant_system": {"instrument": "contract"}},
    ],
    "flows": [
        {"from": "form", "to": "crm", "items": ["email", "ip"], "basis": "collection"},
        {"from": "crm", "to": "analytics", "items": ["ip"], "basis": "outsourcing"},
        {"from": "crm", "to": "mailer", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
    ],
}


def test_each_foreign_recipient_states_its_own_basis(tmp_path, sqlite_url):
    """Two contractors in one country: one on the compliant-system route, one with no foreign basis. Each keeps its
    own basis ("none recorded" for the second): bases are never merged per country."""
    load_into(sqlite_url, write_manifest(tmp_path / "m", TWO_IN_US))
    notice = build_notice(sqlite_url, "en")
    bases = {f.key: [(x.foreign_basis, x.status) for x in f.flows] for f in notice.foreign}
    assert bases == {"analytics": [("none recorded", "missing")], "mailer": [("compliant system", "ok")]}
    text = render_text(notice)
    assert "Analytics (contractor): United States (US) — IP [Basis: outsourcing; Transfer basis: none recorded]" in text
    assert "Mailer (contractor): United States (US) — Email [Basis: outsourcing; Transfer basis: compliant system]" \
        in text


def test_every_matter_recorded_prints_no_warning(tmp_path, sqlite_url):
    """With every matter recorded, the notice prints each in its place and nothing as NOT RECORDED — except the
    retained item with no purpose, which it names."""
    load_into(sqlite_url, write_manifest(tmp_path / "m", TWO_IN_US))
    notice = build_notice(sqlite_url, "en")
    assert notice.missing == [] and notice.unpurposed == ["Memo"]
    text = render_text(notice)
    assert text.count("⚠ NOT RECORDED") == 1
    assert "  Items with no purpose recorded: Memo — ⚠ NOT RECORDED in the inventory (APPI 32(1)(ii))" in text
    for line in ("  Fee: Free", "  Disclosure of provision records: Disclosure of the third-party provision records "
                 "may also be requested", "  United States (US): US: state laws; contract", "  desk@op.example",
                 "  Name: JIPDEC", "  Its complaints desk: jipdec desk"):
        assert line in text
    ja = render_text(build_notice(sqlite_url, "ja"))
    assert "認定個人情報保護団体（施行令第10条第3号）" in ja and "外的環境の把握" in ja


def test_a_matter_not_recorded_is_printed_loudly(tmp_path, sqlite_url):
    document = json.loads(json.dumps(TWO_IN_US))
    org = document["organization"]
    for name in ("request_fee", "complaints_desk", "foreign_environment"):
        del org[name]
    org["accredited_organization"] = {"member": False}
    load_into(sqlite_url, write_manifest(tmp_path / "m", document))
    notice = build_notice(sqlite_url, "en")
    assert [m["key"] for m in notice.missing] == ["request_fee", "foreign_environment:US", "complaints_desk"]
    text = render_text(notice)
    assert "  Fee: ⚠ NOT RECORDED in the inventory (APPI 32(1)(iii), 38(2))" in text
    assert "  United States (US): ⚠ NOT RECORDED in the inventory (PPC General Guideline 10-7)" in text
    assert "  ⚠ NOT RECORDED in the inventory (Cabinet Order 10(ii))" in text
    assert "  The operator is not a member of one" in text


# --- issue 11: the notice in Japanese ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tsumiki_url(tmp_path_factory) -> str:
    from daicho.examples import example_path
    from daicho.inventory.store import resolve_url

    url = resolve_url(str(tmp_path_factory.mktemp("tsumiki-notice") / "daicho.db"))
    load_into(url, example_path("tsumiki"))
    return url


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_japanese_notice_has_no_english_of_the_tools_own(monkeypatch, capsysbinary, request, example):
    """`notice --lang ja` (text and Markdown): headings, labels, NOT RECORDED and the citations it names are
    Japanese; the inventory's own English is shown as it is."""
    from daicho.examples import example_path
    from test_words_checks import _inventory_strings, _run, english_runs

    url = request.getfixturevalue(f"{example}_url")
    inventory = _inventory_strings(example_path(example))
    shown = {f: _run(monkeypatch, capsysbinary, "notice", "--db", url, "--lang", "ja", "-f", f)[1]
             for f in ("text", "md")}
    data = json.loads(_run(monkeypatch, capsysbinary, "notice", "--db", url, "--lang", "ja", "-f", "json")[1])
    for fmt, text in shown.items():
        assert not english_runs(text.replace("\\", ""), inventory), fmt
        assert not re.search(r"APPI|Cabinet Order|PPC General|NOT RECORDED|&gt;", text), fmt
    assert not english_runs("\n".join(f"{m['what']} {m['cites']}" for m in data["missing"]), inventory)
    english = _run(monkeypatch, capsysbinary, "notice", "--db", url, "--lang", "en", "-f", "text")[1]
    assert len(english_runs(english, inventory)) > 10  # the scan does find the English it looks for


def test_japanese_notice_cites_as_japanese_readers_do(tmp_path, sqlite_url):
    document = small()
    del document["organization"]["address"], document["organization"]["security_measures"]
    load_into(sqlite_url, write_manifest(tmp_path / "m", document))
    ja = build_notice(sqlite_url, "ja")
    text = render_text(ja)
    assert "  住所: ⚠ 台帳に記載なし（法32条1項1号）" in text
    assert "  ⚠ 台帳に記載なし（政令10条3号）" in text and "  ⚠ 台帳に記載なし（政令10条1号）" in text
    assert "手数料: ⚠ 台帳に記載なし（法32条1項3号、法38条2項）" in text
    assert text.count("⚠ 台帳に記載なし（法27条5項3号）") == 2
    en = build_notice(sqlite_url, "en")
    # the same matters, keyed alike; what and provision in the notice's language
    assert [m["key"] for m in ja.missing] == [m["key"] for m in en.missing]
    by_key = {m["key"]: m for m in ja.missing}
    assert by_key["accredited_organization"]["cites"] == "政令10条3号"
    assert by_key["address"] == {"key": "address", "what": "事業者の住所", "cites": "法32条1項1号"}
    assert {m["key"]: m["cites"] for m in en.missing}["accredited_organization"] == "Cabinet Order 10(iii)"
