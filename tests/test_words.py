"""The message catalogs (catalog/words): every message translated and not fuzzy, the compiled .mo agreeing with
the .po, placeholders kept, the rules' texts and the tables other modules hand over all in the catalog, the
tiny API (`t`, phrases, places, the default language) and the wheel shipping the .mo."""

from __future__ import annotations

import gettext as stdlib_gettext
import string
from pathlib import Path

import pytest
from daicho.catalog.words import LOCALE_DIR, default_lang, joined, phrase, say, t

PO = LOCALE_DIR / "ja" / "LC_MESSAGES" / "daicho.po"
MO = PO.with_suffix(".mo")
ROOT = Path(__file__).resolve().parents[1]


def _po():
    from babel.messages.pofile import read_po

    with PO.open("rb") as f:
        return read_po(f)


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_is_translated_and_not_fuzzy():
    catalog = _po()
    assert not catalog.fuzzy, "the catalog header is marked fuzzy"
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:5]}"


def test_translations_keep_the_placeholders():
    wrong = [(m.id, m.string) for m in _po() if m.id and _names(m.id) != _names(m.string)]
    assert not wrong, wrong[:3]


def test_the_compiled_catalog_agrees_with_the_po():
    """The .mo is committed (built with `make translations`): it must hold exactly the .po's translations."""
    with MO.open("rb") as f:
        compiled = stdlib_gettext.GNUTranslations(f)
    po = {m.id: m.string for m in _po() if m.id}
    assert {k: v for k, v in compiled._catalog.items() if k} == po, "run `make translations`"


def test_the_template_holds_every_message_of_the_sources():
    """Extraction (the project's Babel extractor over babel.cfg) finds nothing the .po lacks."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "catalog/words/babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {message for *_, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map)}
    missing = found - {m.id for m in _po()}
    assert not missing, f"not in the catalog (run `make translations`): {sorted(missing)[:5]}"


def test_every_rule_text_is_in_the_catalog():
    from daicho.catalog.checks.rules import RULES
    from daicho.catalog.words.checks import TEXT_FIELDS

    ids = {m.id for m in _po()}
    missing = [(r.id, part) for r in RULES for part in TEXT_FIELDS if getattr(r, part) and getattr(r, part) not in ids]
    # DAI050's reason names the bundled fideslang version: its two parts are in the catalog (WHY_PARTS)
    assert missing == [("DAI050", "why")]
    from daicho.catalog.checks.rules_categories import WHY_PARTS

    assert set(WHY_PARTS) <= ids


def test_tables_of_other_modules_are_listed_for_translation():
    """Texts other modules keep in tables and the checks hand over must be in catalog/words/tables.py."""
    from daicho.catalog.resolved.build import EVIDENCE_WORDS
    from daicho.catalog.words.tables import EVIDENCE, MATTERS

    assert set(EVIDENCE_WORDS.values()) <= set(EVIDENCE)
    from daicho.catalog.review.matters import missing_matters

    class Bare:  # an organization recording nothing
        def __getattr__(self, name):
            return [] if name == "foreign_environment" else None

    for matter in missing_matters(Bare(), []):
        assert matter.what in MATTERS and matter.cites in MATTERS, matter


def test_t_fills_placeholders_in_each_language():
    assert t("en", "{n} error", n=3) == "3 error"
    assert t("ja", "{n} error", n=3) == "エラー 3 件"
    assert t("ja", "an id nobody translated") == "an id nobody translated"
    assert t("ja", "") == ""


def test_phrases_are_english_text_and_say_themselves_in_japanese():
    from daicho.catalog.words import Place

    said = phrase("system '{system}' of {who}", system="s1",
                  who=phrase("{kind} '{key}'", kind=phrase("contractor"), key="acme"))
    assert said == "system 's1' of contractor 'acme'" and isinstance(said, str)
    assert say(said, "ja") == "委託先 'acme'のシステム 's1'"
    assert say(Place("US"), "en") == "United States" and say(Place("US"), "ja") == "アメリカ合衆国"
    listed = joined(" or ", [phrase("the provider's identity"), phrase("how it acquired the data")])
    assert listed == "the provider's identity or how it acquired the data"
    assert say(listed, "ja") == "提供者の氏名等または取得の経緯"


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "en"), ({"DAICHO_LANG": "ja"}, "ja"), ({"DAICHO_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"),
    ({"LANG": "ja_JP.UTF-8"}, "ja"), ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
    ({"DAICHO_LANG": "fr", "LANG": "ja_JP"}, "ja"),
])
def test_default_language(env, expected):
    assert default_lang(env) == expected


def test_the_wheel_ships_the_compiled_catalog():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "daicho.catalog.words" in data["packages"]
    assert "locale/*/LC_MESSAGES/*.mo" in data["package-data"]["daicho.catalog.words"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dev = project["optional-dependencies"]["dev"]
    assert any(d.lower().startswith("babel") for d in dev)
