"""Graph selectors: table-driven on a tiny known graph (the shop of test_lineage); invalid selectors raise."""

from __future__ import annotations

import json

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.lineage.selectors import Atom, parse, select_keys
from daicho.cli.app import app
from daicho.inventory.db import ReadDB
from daicho.inventory.errors import AmbiguousKey, SelectorError, UnknownKey
from test_lineage import SHOP
from typer.testing import CliRunner

# signup → crm → dwh → ads (email_hash) / eu (stats); crm → mailer ⇄ sub.
EMAIL_NODES = {"signup", "crm", "dwh", "mailer", "sub", "ads"}
EMAIL_FLOWS = {"signup__crm", "crm__dwh", "crm__mailer", "mailer__sub", "sub__mailer", "dwh__ads"}

ROWS = [
    ("email", {"email"}),
    ("email+", {"email"} | EMAIL_NODES | EMAIL_FLOWS),
    ("email+1", {"email", "signup", "crm", "dwh", "mailer", "signup__crm", "crm__dwh", "crm__mailer"}),
    ("email+0", {"email", "signup", "crm"}),
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
