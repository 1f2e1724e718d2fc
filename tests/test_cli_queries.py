"""Query commands as a newcomer meets them: every mistyped key gets a did-you-mean (by key or by name),
`where` shows purposes by name (keys stay in --json), and the marks (¥, 要配慮, ?) are explained in a legend."""

from __future__ import annotations

import json

import pytest
from conftest import run_daicho
from daicho.cli import output


def _run(monkeypatch, capsysbinary, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(output, "_console", None)
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args)
    return code, out.decode("utf-8"), err


@pytest.mark.parametrize(("args", "meant"), [
    (["where", "creditcard"], "card_number"),  # by name: "Credit card number"
    (["where", "emial"], "email"),
    (["receives", "analytics"], "google_analytics"),
    (["holds", "memberdb"], "member_db"),
    (["path", "purchase_form", "cardnetwork"], "card_network"),
    (["path", "purchase_form", "card_network", "--item", "creditcard"], "card_number"),
    (["breach", "paymentprocessor"], "payment_processor"),
    (["show", "cardnumber"], "card_number"),
    (["diagram", "--item", "creditcard", "-f", "mermaid"], "card_number"),
    (["diagram", "--recipient", "suport_desk", "-f", "mermaid"], "support_desk"),
    (["list", "recipients", "--select", "creditcard+"], "card_number"),
    (["where", "メール"], "email"),  # a Japanese name
])
def test_every_query_key_gets_a_did_you_mean(args, meant, engoo_url, monkeypatch, capsysbinary):
    code, _, err = _run(monkeypatch, capsysbinary, *args, "--db", engoo_url)
    assert code == 1
    assert err.startswith("Error: no ") and "; did you mean " in err and f"'{meant}'" in err, err
    assert err.count("\n") == 1


def test_where_names_purposes_and_keeps_keys_in_json(engoo_url, monkeypatch, capsysbinary):
    _, out, _ = _run(monkeypatch, capsysbinary, "where", "card_number", "--db", engoo_url)
    assert "purposes: Payment;" in out and "p03_payment" not in out
    _, ja, _ = _run(monkeypatch, capsysbinary, "where", "card_number", "--lang", "ja", "--db", engoo_url)
    assert "利用目的: 決済" in ja
    _, data, _ = _run(monkeypatch, capsysbinary, "where", "card_number", "--json", "--db", engoo_url)
    assert ["p03_payment"] in [hop["purposes"] for hop in json.loads(data)["hops"]]


@pytest.mark.parametrize("args", [["where", "card_number"], ["breach", "payment_processor"],
                                  ["holds", "member_db"], ["list", "items"]])
def test_marks_are_explained_in_a_legend(args, engoo_url, monkeypatch, capsysbinary):
    _, out, _ = _run(monkeypatch, capsysbinary, *args, "--db", engoo_url)
    assert " ¥" in out
    assert "marks: ¥ misuse may cause financial damage (Rules 7(ii))" in out
    _, ja, _ = _run(monkeypatch, capsysbinary, *args, "--lang", "ja", "--db", engoo_url)
    assert "凡例: ¥ 財産的被害のおそれ（規則7条2号）" in ja


def test_no_legend_without_marks(engoo_url, monkeypatch, capsysbinary):
    _, out, _ = _run(monkeypatch, capsysbinary, "where", "email", "--db", engoo_url)
    assert "marks:" not in out


def test_the_tour_explains_an_unknown_location():
    from daicho.cli.views import tour_view
    from rich.console import Console

    tour = {"organization": "Acme", "example": "x", "db": "d.db", "counts": {"items": 1},
            "item": {"key": "email", "name": "Email", "purposes": ["Support"],
                     "recipients": [{"to": "helpdesk", "kind": "contractor", "country": None, "basis": "outsourcing"}]},
            "try": ["daicho where email"]}
    console = Console(width=100, color_system=None)
    with console.capture() as captured:
        console.print(tour_view(tour))
    assert "(contractor, ?)" in captured.get() and "marks: ? location not recorded" in captured.get()
