"""Criterion (iii) says why in words and keeps the flags that tell `daicho breach` what is known in a field of
their own (`hint`): the terminal prints it, the audit pack's breach sheet leaves it out. Items are named by their
name in the output language (ja, else en, else the key); the keys stay in `items` (`--json`)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from daicho.catalog.breach.triage import Exposure, assess
from daicho.catalog.breach.words import breach_text
from daicho.catalog.review.report_breach import breach_sheets


def _item(key: str, names: dict | None, **marks) -> dict:
    item = {"item": key, "sensitive": False, "financial": False, "persons": 50, "how": ["stored"],
            "data_class": "personal", "encryption": None, **marks}
    if names is not None:
        item["name"] = names
    return item


ITEMS = [_item("card_number", {"en": "Card number", "ja": "カード番号"}, financial=True),
         _item("card_cvc", {"en": "Card CVC", "ja": None}, financial=True),
         _item("card_pin", None, financial=True)]


def _exposure() -> Exposure:
    return Exposure({"key": "shop_db", "kind": "system"}, [dict(i) for i in ITEMS], [])


def test_financial_reason_names_items_in_the_language_and_json_keeps_keys():
    result = assess(_exposure(), persons=10, unlawful=False)
    ja, en = breach_text(result, "ja")["criteria"][1], breach_text(result, "en")["criteria"][1]
    assert ja["reason"] == "財産的被害のおそれがある項目: カード番号、Card CVC、card_pin"
    assert en["reason"] == "items whose misuse may cause financial damage: Card number, Card CVC, card_pin"
    assert ja["items"] == en["items"] == ["card_number", "card_cvc", "card_pin"]
    assert result.to_data()["criteria"][1]["reason"] == en["reason"]  # the data's English text, copied safely


@pytest.mark.parametrize("unlawful, flag", [(None, "--no-unlawful-purpose"), (True, "--unlawful"),
                                            (False, "--no-unlawful-purpose")])
def test_unlawful_reason_has_no_flags_the_hint_has_them(unlawful, flag):
    result = assess(_exposure(), persons=10, unlawful=unlawful, in_transit=unlawful is True)
    for lang in ("en", "ja"):
        third = breach_text(result, lang)["criteria"][2]
        assert "--" not in third["reason"], third["reason"]
        assert flag in third["hint"]
    assert "daicho breach に --unlawful を付け" in breach_text(assess(_exposure()), "ja")["criteria"][2]["hint"]
    assert "--in-transit" in breach_text(result, "en")["criteria"][2]["hint"] or unlawful is not True


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_pack_sheet_shows_the_reason_not_the_hint(lang):
    assessed = [assess(_exposure(), persons=10, unlawful=unlawful).to_dict() for unlawful in (None, True, False)]
    index = SimpleNamespace(name=lambda key, lang: key)
    html = breach_sheets(SimpleNamespace(lang=lang, index=index, breach=assessed))
    hints = {breach_text(a, lang)["criteria"][2]["hint"] for a in assessed}
    assert all(hint and hint not in html for hint in hints)
    assert "--unlawful" not in html
    assert ("カード番号" if lang == "ja" else "Card number") in html


def test_terminal_view_prints_the_hint():
    import io

    from daicho.cli.lineage_views_nodes import breach_view
    from rich.console import Console

    console = Console(width=400, record=True, file=io.StringIO())
    for lang, hint in (("en", "run daicho breach with --unlawful"), ("ja", "daicho breach に --unlawful を付け")):
        console.print(breach_view(assess(_exposure(), persons=10).to_data(), lang))
        assert hint in " ".join(console.export_text().split())
