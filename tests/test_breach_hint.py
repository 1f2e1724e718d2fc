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


def _assessments():
    """Every state the flags can give, with a plain, a financial and an encrypted item, and without persons."""
    import itertools

    items = [_item("card_number", {"en": "Card number", "ja": "カード番号"}, financial=True),
             _item("health", {"en": "Health", "ja": "健康"}, sensitive=True, persons=None,
                   encryption={"text": "AES-256"})]
    for persons, unlawful, encrypted, key_leaked, in_transit in itertools.product(
            (None, 10), (None, True, False), (False, True), (None, True, False), (False, True)):
        exposure = Exposure({"key": "shop_db", "kind": "system"}, [dict(i, persons=None) for i in items], [])
        yield assess(exposure, persons=persons, unlawful=unlawful, encrypted=encrypted, key_leaked=key_leaked,
                     in_transit=in_transit)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_flag_in_any_reason_or_verdict_the_hints_have_them(lang):
    seen = set()
    for result in _assessments():
        said = breach_text(result, lang)
        for c in said["criteria"]:
            assert "--" not in c["reason"], c["reason"]
            seen.update(flag for flag in ("--key-safe", "--key-leaked", "--persons N", "--in-transit", "--encrypted")
                        if flag in c["hint"])
        assert "--" not in said["verdict"]["text"], said["verdict"]["text"]
        if said["verdict"]["settle"]:
            assert all(flag in said["verdict"]["hint"] for flag in ("--no-unlawful-purpose",)
                       if "unlawful" in said["verdict"]["settle"])
    assert seen == {"--key-safe", "--key-leaked", "--persons N", "--in-transit", "--encrypted"}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_pack_sheets_have_no_flags(lang):
    index = SimpleNamespace(name=lambda key, lang: key)
    html = breach_sheets(SimpleNamespace(lang=lang, index=index, breach=[r.to_dict() for r in _assessments()]))
    assert " --" not in html and "（--" not in html and "(--" not in html


def test_terminal_view_prints_the_verdicts_hint():
    import io

    from daicho.cli.lineage_views_nodes import breach_view
    from rich.console import Console

    for lang, hint in (("en", "once settled, run daicho breach with --key-safe, --no-unlawful-purpose"),
                       ("ja", "確認できたら daicho breach に --key-safe、--no-unlawful-purpose を付けて実行する")):
        console = Console(width=400, record=True, file=io.StringIO())
        exposure = Exposure({"key": "shop_db", "kind": "system"},
                            [_item("card_number", None, financial=True, encryption={"text": "AES"})], [])
        console.print(breach_view(assess(exposure, persons=10).to_data(), lang))
        assert hint in " ".join(console.export_text().split())
