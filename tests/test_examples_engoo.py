"""The bundled Engoo examples: they validate, every record is sourced and bilingual, and the 2021 example
says exactly what the Engoo Privacy Policy (revised 2021-08-19) says about items and purposes."""

from __future__ import annotations

import pytest
from daicho.examples import EXAMPLES as BUNDLED
from daicho.examples import example_path
from daicho.inventory.model import KEYED_SECTIONS, Inventory
from daicho.inventory.validate import validate_paths

POLICY_2021 = "Privacy Policy 2021-08-19"
POLICY_2014 = "Privacy Policy 2014 (Russian translation)"
SOURCE = {"engoo": POLICY_2021, "engoo-2014": POLICY_2014}
EXAMPLES = tuple(name for name in BUNDLED if name in SOURCE)  # the Engoo examples (tsumiki has its own test)


def _load(name: str) -> Inventory:
    result = validate_paths([example_path(name)])
    assert result.ok, "\n".join(map(str, result.problems))
    return result.inventory


@pytest.fixture(scope="module")
def inventories() -> dict[str, Inventory]:
    return {name: _load(name) for name in EXAMPLES}


def _keyed(inventory: Inventory):
    yield "organization", inventory.organization
    for section in KEYED_SECTIONS:
        for record in getattr(inventory, section):
            yield section, record


def _by_key(records) -> dict:
    return {r.key: r for r in records}


# --- Transcribed from the policy: "Forms and purposes of use of personal information regarding retained
# personal data", groups (1)-(13), in the policy's own words and order. The right-hand column is the
# policy's wording of each purpose; the example's purpose names must say the same.
P_INQUIRIES = "Personal inquiries"
P_SHIPPING = "Product shipping"
P_PAYMENT = "Payment"
P_SUPPORT = "Customer support"
P_FRAUD = "Prevention and investigation of and countermeasures against unauthorized use"
P_MARKETPLACE = "Provision to sellers as shipping address information for products in DMM Marketplace"
P_CHANGES = "Notice of changes to our website"
P_NEW = "Introducing new services on our website"
P_TASKS = "Performance of other tasks necessary for transactions"  # (8) says "other tasks necessary for transactions"
P_ADS = "Mailing and sending advertisements for our services and the like as well as those of other companies"
P_THIRD = "Provision to third parties"
P_QUESTIONS = "Responding to your questions or asking our own questions of you"
GROUP_13 = ["Analysis of service usage", "Service improvement", "Reference for planning new services",
            "Purposes of use indicated at the time the information is collected"]

POLICY_GROUPS_2021: dict[str, tuple[list[str], list[str]]] = {
    "(1) Name": (
        ["name"],
        [P_INQUIRIES, P_SHIPPING, P_PAYMENT, P_SUPPORT, P_FRAUD, P_MARKETPLACE, P_CHANGES, P_NEW, P_TASKS, P_ADS,
         P_THIRD]),
    # The policy's text for (2) ends "mailing and sending advertisements for." (truncated): read as P_ADS.
    # No notice of changes, no provision to third parties.
    "(2) Address": (
        ["address"],
        [P_INQUIRIES, P_SHIPPING, P_PAYMENT, P_SUPPORT, P_FRAUD, P_MARKETPLACE, P_NEW, P_TASKS, P_ADS]),
    "(3) Telephone number": (
        ["phone"],
        [P_INQUIRIES, P_SHIPPING, P_PAYMENT, P_SUPPORT, P_FRAUD, P_TASKS, P_THIRD]),
    "(4) Email address": (
        ["email"],
        [P_INQUIRIES, P_PAYMENT, P_SUPPORT, P_FRAUD, P_TASKS, P_CHANGES, "Notification messages for the user",
         P_THIRD]),
    "(5) Credit card information (name, number, expiration date)": (
        ["card_holder_name", "card_number", "card_expiry"],
        [P_INQUIRIES, P_PAYMENT, P_SUPPORT, P_FRAUD, P_TASKS, P_CHANGES]),
    "(6) Bank account information (name, account number, etc.)": (
        ["bank_account"],
        ["Payment of advertising fees, proceeds, remuneration, and the like", P_SUPPORT, P_TASKS]),
    "(7) Official documents for identity verification or age verification": (
        ["identity_documents"],
        ["Identity verification", "Name verification"]),
    "(8) Transaction details": (
        ["purchases", "shipping", "payments", "transaction_history"],
        [P_SHIPPING, P_PAYMENT, P_SUPPORT, P_FRAUD, P_TASKS, P_THIRD]),
    "(9) IP address": (
        ["ip_address"],
        [P_FRAUD, P_QUESTIONS]),
    "(10) User agents (browser used, device information, etc.)": (
        ["user_agent", "device_info"],
        [P_FRAUD, P_QUESTIONS]),
    "(11) Any information voluntarily entered by you": (
        ["nickname", "gender", "occupation", "interests"],
        ["Customer identification", "Provision of content from registration", P_THIRD]),
    "(12) Other information collected automatically when you visit our website": (
        ["domain_name", "language", "location"],
        ["User authentication at login and logout", "Transfer of member information during any service transitions",
         "Multiple login detection", "Determining whether to allow use of sample videos", P_FRAUD]),
    # Our reading: the collection bullets that no group names fall to this catch-all (see items.yaml).
    "(13) Any other information provided with your advance consent": (
        ["date_of_birth", "other_contact", "registration_requests", "member_registration", "support_inquiries",
         "newsletter_subscriptions", "statements", "other_provided_info"],
        GROUP_13),
    # Not a group: "Matters concerning the collection", (4) Cookies and (5) third-party tracking systems.
    "(4) Cookies / (5) tracking": (
        ["cookie_id", "browsing_history"],
        ["To access registration information held by DMM and provide you with individualized information like "
         "My Page when you log in",
         "To display products and services that you have purchased for easy viewing after you log in",
         "To analyze DMM's traffic and number of users",
         "To improve DMM's content and services",
         "To verify your information for license authentication of downloaded files",
         "To analyze user trends"]),
    # Lesson information appears only in the Account Stop / Deletion lines, with no purpose.
    "Account Stop / Deletion": (["lesson_records", "lesson_records_anonymised"], []),
}
ITEM_ROWS_2021 = [(group, item, purposes) for group, (items, purposes) in POLICY_GROUPS_2021.items()
                  for item in items]


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_validates_without_problems(name):
    result = validate_paths([example_path(name)])
    assert result.problems == []
    assert result.inventory.organization is not None


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_record_and_flow_names_its_source(inventories, name):
    inventory = inventories[name]
    records = [(section, r.key, r.evidence) for section, r in _keyed(inventory)]
    records += [("flows", f.key, f.evidence) for f in inventory.flows]
    records += [("derivations", f"{d.source}->{d.target}", d.evidence) for d in inventory.derivations]
    unsourced = [(section, key) for section, key, evidence in records if not [e for e in evidence if e.strip()]]
    assert unsourced == []
    foreign = [(section, key, e) for section, key, evidence in records for e in evidence
               if not (e.startswith(SOURCE[name]) or e.startswith("illustrative:"))]
    assert foreign == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_illustrative_records_say_so_in_their_evidence(inventories, name):
    inventory = inventories[name]
    records = [r for _, r in _keyed(inventory)] + list(inventory.flows) + list(inventory.derivations)
    silent = [getattr(r, "key", None) for r in records
              if r.illustrative and not any(e.startswith("illustrative:") for e in r.evidence)]
    assert silent == []
    assert all(system.illustrative for system in inventory.systems)  # the policy names no system


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_record_has_english_and_japanese_names(inventories, name):
    missing = [(section, r.key) for section, r in _keyed(inventories[name])
               if not (r.name.en and r.name.en.strip() and r.name.ja and r.name.ja.strip())]
    assert missing == []
    organization = inventories[name].organization
    assert organization.contact.name.en and organization.contact.name.ja


@pytest.mark.parametrize("name", EXAMPLES)
def test_marketplace_sellers_receive_exactly_name_and_address_with_consent(inventories, name):
    flows = [f for f in inventories[name].flows if f.target == "marketplace_sellers"]
    assert flows
    assert sorted(i for f in flows for i in f.items) == ["address", "name"]
    assert {f.basis for f in flows} == {"consent"}  # provision to a third party, not outsourcing
    assert {p for f in flows for p in f.purposes} == {"p06_marketplace_shipping_address"}
    assert _by_key(inventories[name].recipients)["marketplace_sellers"].kind == "third_party"


@pytest.mark.parametrize("name", EXAMPLES)
def test_card_number_is_financial(inventories, name):
    items = _by_key(inventories[name].items)
    assert items["card_number"].financial is True
    assert [k for k, i in items.items() if i.financial] == ["card_number"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_cookie_items_are_personally_referable_not_retained(inventories, name):
    items = _by_key(inventories[name].items)
    for key in ("cookie_id", "browsing_history"):
        assert items[key].personally_referable and not items[key].retained
        assert items[key].acquisition == ["cookie"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_tracking_systems_receive_cookie_data(inventories, name):
    inventory = inventories[name]
    for tool in ("adobe_sitecatalyst", "google_analytics", "clicktale"):
        stated = [f for f in inventory.flows if f.target == tool and not f.illustrative]
        assert [(f.source, sorted(f.items)) for f in stated] == [
            ("cookies_and_tags", ["browsing_history", "cookie_id"])]
        assert _by_key(inventory.recipients)[tool].kind == "contractor"
    # What a tag request really carries: illustrative, foreign_basis deliberately missing (the policy states none).
    ga = [f for f in inventory.flows if f.target == "google_analytics" and f.illustrative]
    assert [(f.source, sorted(f.items), f.foreign_basis) for f in ga] == [
        ("site_access", ["ip_address", "user_agent"], None)]
    assert all(f.foreign_basis is None for f in inventory.flows if f.target == "google_analytics")


def test_organizations_differ_as_the_texts_do(inventories):
    new, old = inventories["engoo"].organization, inventories["engoo-2014"].organization
    assert (new.key, new.name.en, new.name.ja) == ("dmm_com_llc", "DMM.com LLC.", "合同会社DMM.com")
    assert (old.key, old.name.en, old.name.ja) == ("dmm_com_co_ltd", "DMM.com Co., Ltd.", "株式会社DMM.com")
    assert new.contact.email == "support-tr@engoo.com"
    assert old.contact.email == "info@engoo.com"
    assert "Kameyama Keishi" in new.representative
    assert "Tatsuya Matsue" in old.representative
    assert "Account Deletion" in new.request_procedure.en
    assert "Account Deletion" not in old.request_procedure.en
    assert new.address is None and old.address is None  # neither text states one


@pytest.mark.parametrize(("group", "item", "purposes"), ITEM_ROWS_2021)
def test_2021_item_purposes_equal_the_policy(inventories, group, item, purposes):
    inventory = inventories["engoo"]
    names = {p.key: p.name.en for p in inventory.purposes}
    record = _by_key(inventory.items)[item]
    assert [names[p] for p in record.purposes] == purposes, group


def test_2021_items_are_all_in_the_policy_table(inventories):
    assert sorted(i.key for i in inventories["engoo"].items) == sorted(item for _, item, _ in ITEM_ROWS_2021)


def test_2021_purposes_are_published_and_each_used(inventories):
    inventory = inventories["engoo"]
    used = {p for item in inventory.items for p in item.purposes}
    assert {p.key for p in inventory.purposes} == used
    assert all(p.published for p in inventory.purposes)


def test_2014_differs_from_2021_only_where_the_texts_do(inventories):
    new, old = (_by_key(inventories[n].items) for n in ("engoo", "engoo-2014"))
    assert set(new) - set(old) == {"lesson_records_anonymised"}
    assert set(old) <= set(new)
    differing = {k for k in old if old[k].purposes != new[k].purposes}
    assert differing == {"address"}
    assert old["address"].purposes == new["address"].purposes + ["p11_third_party_provision"]
    assert old["lesson_records"].illustrative and not new["lesson_records"].illustrative


@pytest.mark.parametrize("name", EXAMPLES)
def test_third_parties_receive_exactly_the_items_whose_group_lists_provision(inventories, name):
    inventory = inventories[name]
    flows = [f for f in inventory.flows if f.target == "third_parties"]
    assert {f.basis for f in flows} == {"consent"}
    with_provision = {i.key for i in inventory.items if "p11_third_party_provision" in i.purposes}
    assert {i for f in flows for i in f.items} == with_provision
    assert ("address" in with_provision) is (name == "engoo-2014")


def test_2021_retention_events_follow_account_stop_and_deletion(inventories):
    inventory = inventories["engoo"]
    events = _by_key(inventory.retention_events)
    assert set(events) == {"account_stop", "account_deletion"}
    stop = {step.action: set(step.items) for step in events["account_stop"].steps}
    deletion = {step.action: set(step.items) for step in events["account_deletion"].steps}
    assert set(stop) == {"keep"} and "lesson_records" in stop["keep"]
    assert set(deletion) == {"delete", "anonymise"}
    assert deletion["anonymise"] == {"lesson_records"}
    assert stop["keep"] == deletion["delete"] | deletion["anonymise"]
    assert [(d.source, d.target, d.method) for d in inventory.derivations] == [
        ("lesson_records", "lesson_records_anonymised", "anonymisation")]


def test_2014_states_no_retention_events(inventories):
    assert inventories["engoo-2014"].retention_events == []
    assert inventories["engoo-2014"].derivations == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_consent_exceptions_are_not_flows_except_the_illustrative_one(inventories, name):
    inventory = inventories[name]
    exceptions = [f for f in inventory.flows if f.basis == "exception"]
    assert [(f.target, f.exception, f.illustrative) for f in exceptions] == [("public_authorities", "27(1)(i)", True)]
    description = inventory.organization.description.en
    for clause in ("27(1)(i)", "27(1)(iv)", "no APPI 27(1)"):
        assert clause in description


@pytest.mark.parametrize("name", EXAMPLES)
def test_illustrative_chains_are_multi_hop_and_abroad(inventories, name):
    inventory = inventories[name]
    recipients = _by_key(inventory.recipients)
    assert recipients["card_network"].parents == ["payment_processor"]
    assert recipients["support_desk_ph"].parents == ["support_desk"]
    assert (recipients["card_network"].country, recipients["support_desk_ph"].country) == ("US", "PH")
    edges = {(f.source, f.target) for f in inventory.flows}
    assert {("member_db", "payment_processor"), ("payment_processor", "card_network"),
            ("support_ticketing", "support_desk"), ("support_desk", "support_desk_ph")} <= edges
    card = next(f for f in inventory.flows if f.target == "card_network")
    assert card.foreign_basis == "compliant_system"
