"""Graph selectors: table-driven on a tiny known graph (the shop of test_lineage); invalid selectors raise."""

from __future__ import annotations

import json

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.lineage.selectors import Atom, parse, select_keys
from daicho.catalog.lineage.where import receives
from daicho.cli.app import app
from daicho.inventory.db import ReadDB
from daicho.inventory.errors import AmbiguousKey, SelectorError, UnknownKey
from test_diagram_parties import PARTIES
from test_lineage import SHOP
from typer.testing import CliRunner

# signup → crm → dwh → ads (email_hash) / eu (stats); crm → mailer ⇄ sub. Hops count from entry (signup).
EMAIL_NODES = {"signup", "crm", "dwh", "mailer", "sub", "ads"}
EMAIL_FLOWS = {"signup__crm", "crm__dwh", "crm__mailer", "mailer__sub", "sub__mailer", "dwh__ads"}

ROWS = [
    ("email", {"email"}),
    ("email+", {"email"} | EMAIL_NODES | EMAIL_FLOWS),
    # hops count from where email enters (the sign-up form), as `daicho where` counts them: crm is 1 hop
    ("email+1", {"email", "signup", "crm", "signup__crm"}),
    ("email+2", {"email", "signup", "crm", "dwh", "mailer", "signup__crm", "crm__dwh", "crm__mailer"}),
    ("email+0", {"email", "signup"}),
    ("+email_hash", {"email_hash", "email"}),
    ("+stats", {"stats", "email"}),
    ("1+email", {"email"}),
    ("crm+", {"crm", "dwh", "mailer", "sub", "ads", "eu", "crm__dwh", "crm__mailer", "mailer__sub", "sub__mailer",
              "dwh__ads", "dwh__eu"}),
    ("crm+1", {"crm", "dwh", "mailer", "crm__dwh", "crm__mailer"}),
    ("+ads", {"ads", "dwh", "crm", "signup", "signup__crm", "crm__dwh", "dwh__ads", "email", "email_hash"}),
    ("1+ads", {"ads", "dwh", "dwh__ads", "email", "email_hash"}),
    ("1+dwh+1", {"dwh", "crm", "ads", "eu", "crm__dwh", "dwh__ads", "dwh__eu", "email"}),
    ("+signup", {"signup"}),
    ("mailer,ads", {"mailer", "ads"}),
    ("mailer , ads", {"mailer", "ads"}),
    ("email+&crm+", {"crm", "dwh", "mailer", "sub", "ads", "crm__dwh", "crm__mailer", "mailer__sub", "sub__mailer",
                     "dwh__ads"}),
    ("email+&+ads", {"email", "signup", "crm", "dwh", "ads", "signup__crm", "crm__dwh", "dwh__ads"}),
    ("card+&email+", {"signup", "crm", "mailer", "signup__crm", "crm__mailer"}),
    ("memo+", {"memo"}),
    ("memo+,clinic+", {"memo", "clinic"}),
    ("memo&clinic", set()),
    ("billing", {"billing"}),
]

INVALID = [
    ("", "empty selector"),
    ("   ", "empty selector"),
    ("email,", "empty part"),
    ("a,,b", "empty part"),
    ("&email", "empty part"),
    ("email++", "cannot read 'email\\+\\+'"),
    ("++email", "cannot read"),
    ("+", "cannot read"),
    ("email+x", "cannot read"),
    ("Email address+1", "cannot read"),  # names are not selector syntax: keys and prefixes are
    ("email+-1", "cannot read"),
    ("billing+", "'billing' is a purpose"),
    ("+customer", "'customer' is a subject"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("selectors")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, SHOP))
    with ReadDB(url) as conn:
        yield conn


@pytest.mark.parametrize(("selector", "expected"), ROWS)
def test_selector_selects(db, selector, expected):
    assert select_keys(db, selector) == expected


@pytest.mark.parametrize(("selector", "message"), INVALID)
def test_invalid_selector_raises(db, selector, message):
    with pytest.raises(SelectorError, match=message):
        select_keys(db, selector)


def test_parse_gives_plain_data():
    assert parse("2+crm+,email&ads+3") == (
        (Atom("crm", parents=True, parents_depth=2, children=True),),
        (Atom("email"), Atom("ads", children=True, children_depth=3)),
    )


def test_unknown_and_ambiguous_keys(db):
    with pytest.raises(UnknownKey, match="did you mean 'email'"):
        select_keys(db, "emial+")
    with pytest.raises(AmbiguousKey):
        select_keys(db, "e+")
    assert select_keys(db, "mail+1") == {"mailer", "sub", "mailer__sub"}  # an unambiguous prefix


def test_list_select_uses_the_selector(db):
    result = CliRunner().invoke(app, ["list", "recipients", "--select", "email+", "--db", db.url, "--json"])
    assert result.exit_code == 0, result.output
    assert {r["key"] for r in json.loads(result.stdout)} == {"mailer", "sub", "ads"}


# --- parties: a recipient stands for its side (test_diagram_parties.PARTIES) -----------------------------------
# web_form → app_db → helpdesk (run by ph_support) / backup (stored at cloud_store, which does not handle it) /
# mail_a, mail_b → sender (both engage it) / partner (name only) / crm

EMAIL_FLOWS_P = {"web_form__app_db", "app_db__helpdesk", "app_db__backup", "app_db__mail_a", "app_db__mail_b",
                 "mail_a__sender", "mail_b__sender", "app_db__crm"}
PARTY_ROWS = [
    # ph_support operates helpdesk, which email reaches: selected with it; cloud_store only stores: not selected
    ("email+", {"email", "web_form", "app_db", "helpdesk", "ph_support", "backup", "crm", "mail_a", "mail_b",
                "sender"} | EMAIL_FLOWS_P),
    ("card+", {"card", "web_form", "app_db", "backup", "web_form__app_db", "app_db__backup"}),
    ("name+", {"name", "web_form", "app_db", "helpdesk", "ph_support", "backup", "partner", "web_form__app_db",
               "app_db__helpdesk", "app_db__backup", "app_db__partner"}),
    ("email+&ph_support", {"ph_support"}),
    ("card+&cloud_store", set()),
    ("ph_support", {"ph_support"}),  # no "+": the record alone
    ("ph_support+", {"ph_support", "helpdesk"}),  # its side
    ("+ph_support", {"ph_support", "helpdesk", "app_db", "web_form", "web_form__app_db", "app_db__helpdesk",
                     "email", "name"}),  # upstream of its side, and what `receives ph_support` lists
    ("helpdesk+", {"helpdesk", "ph_support"}),  # the system and the party whose side it is on
    ("+backup", {"backup", "app_db", "web_form", "web_form__app_db", "app_db__backup", "email", "name", "card"}),
    ("cloud_store+", {"cloud_store"}),  # storage it does not handle is not on its side
    ("app_db+1", {"app_db", "helpdesk", "ph_support", "backup", "crm", "mail_a", "mail_b", "partner",
                  "app_db__helpdesk", "app_db__backup", "app_db__crm", "app_db__mail_a", "app_db__mail_b",
                  "app_db__partner"}),
    ("+sender", {"sender", "mail_a", "mail_b", "app_db", "web_form", "web_form__app_db", "app_db__mail_a",
                 "app_db__mail_b", "mail_a__sender", "mail_b__sender", "email"}),  # both contractors
    ("1+sender", {"sender", "mail_a", "mail_b", "mail_a__sender", "mail_b__sender", "email"}),
]


@pytest.fixture(scope="module")
def parties(tmp_path_factory):
    folder = tmp_path_factory.mktemp("selector_parties")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, PARTIES))
    with ReadDB(url) as conn:
        yield conn


@pytest.mark.parametrize(("selector", "expected"), PARTY_ROWS)
def test_selector_selects_parties(parties, selector, expected):
    assert select_keys(parties, selector) == expected


@pytest.mark.parametrize("fixture", ["db", "parties", "engoo_db"])
def test_item_plus_selects_exactly_the_recipients_receives_names(request, fixture):
    """`X+` holds recipient R exactly when `daicho receives R` lists X (party semantics, on three inventories)."""
    conn = request.getfixturevalue(fixture)
    recipients = [r["key"] for r in conn.rows("SELECT key FROM recipient ORDER BY key")]
    gets = {r: {e["item"] for e in receives(conn, r)["items"]} for r in recipients}
    for item in [r["key"] for r in conn.rows("SELECT key FROM item ORDER BY key")]:
        selected = select_keys(conn, f"{item}+") & set(recipients)
        assert selected == {r for r in recipients if item in gets[r]}, item


@pytest.fixture
def engoo_db(engoo_url):
    with ReadDB(engoo_url) as conn:
        yield conn


def test_list_recipients_select_names_the_recipients_that_receive(parties):
    result = CliRunner().invoke(app, ["list", "recipients", "--select", "email+", "--db", parties.url, "--json"])
    assert result.exit_code == 0, result.output
    assert {r["key"] for r in json.loads(result.stdout)} == {"ph_support", "mail_a", "mail_b", "sender"}
