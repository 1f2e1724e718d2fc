"""Diagrams in Japanese: the picture's own words (title, captions, legend, cluster titles, edge marks, counts of
an aggregated picture) come from the catalog; no English of the tool's own is left in `--lang ja`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from daicho.catalog.diagram import styles
from daicho.catalog.diagram.aggregate import aggregate_scene
from daicho.catalog.diagram.dot import to_dot
from daicho.catalog.diagram.mermaid import to_mermaid
from daicho.catalog.diagram.source import diagram_scene
from daicho.catalog.words import t
from daicho.inventory.db import ReadDB
from ja_scan import english_runs, inventory_strings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
#: DOT's syntax and the few codes a picture shows (country codes, basis codes in the aggregated legend)
_DOT_SYNTAX = re.compile(r"<[^>]*>|\b\w+=(\"[^\"]*\"|[\w.#-]+)|&\w+;|\[|\]|->")


def visible_dot(dot: str) -> str:
    """The text a reader sees in a DOT source: the labels without tags, attributes and syntax."""
    labels = re.findall(r"label=(<.*?>|\"(?:[^\"\\\\]|\\\\.)*\")\s*[,\]]", dot, flags=re.S)
    return "\n".join(_DOT_SYNTAX.sub(" ", label) for label in labels)


def visible_mermaid(text: str) -> str:
    """The text a reader sees in Mermaid: the quoted labels without tags and entities."""
    return "\n".join(re.sub(r"<[^>]*>|#\w+;", " ", label) for label in re.findall(r'"([^"]*)"', text))


def test_every_word_of_the_picture_is_in_japanese():
    tables = [*styles.WORDS.values(), *styles.KIND_WORDS.values(), *(b for _, b in styles.BASIS.values()),
              *styles.FOREIGN_BASIS.values(), *styles.SHAPE_WORDS.values()]
    for msgid in tables:
        if msgid in ("SaaS", "EU/UK") or not re.sub(r"\{\w+\}|[ ()]", "", msgid):
            continue
        ja = t("ja", msgid)
        assert JAPANESE.search(ja), msgid
    assert styles.basis_word("collection", "en") == "collection" and styles.basis_word("collection", "ja") == "取得"
    assert styles.shape_word("note", "en") == "note" and styles.shape_word("note", "ja") == "メモ形"
    assert styles.word("n_items", "en", n=6) == "6 items" and styles.word("n_items", "ja", n=6) == "6 項目"


@pytest.fixture(scope="module")
def engoo_db(engoo_url):
    with ReadDB(engoo_url) as db:
        yield db


@pytest.mark.parametrize("focus", [{}, {"item": "card_number"}, {"system": "member_db"}])
def test_japanese_pictures_have_no_english_of_the_tools_own(engoo_db, focus):
    inventory = inventory_strings(EXAMPLES / "engoo")
    scene = diagram_scene(engoo_db, lang="ja", **focus)
    for text in (visible_dot(to_dot(scene)), visible_mermaid(to_mermaid(scene))):
        runs = english_runs(text, inventory)
        assert runs == [], runs
    assert scene.title and JAPANESE.search(scene.title)
    assert all(JAPANESE.search(c.label) for c in scene.clusters if c.role in ("operator", "outsourcing",
                                                                               "third_party"))


def test_an_aggregated_picture_in_japanese(engoo_db):
    from daicho.catalog.diagram.aggregate import all_flows, node_rows

    nodes = node_rows(engoo_db)
    scene = aggregate_scene(nodes, sorted(nodes), all_flows(engoo_db), "ja", styles.word("map_title", "ja"),
                            "合同会社DMM.com", "JP")
    assert scene.notes[0].startswith("集約表示：")
    assert scene.clusters[0].label == "合同会社DMM.com（事業者・JP）"
    counts = [span.text for arrow in scene.arrows for line in arrow.lines for span in line]
    assert any(re.fullmatch(r"\d+ フロー", text) for text in counts), counts
    runs = english_runs(visible_dot(to_dot(scene)), inventory_strings(EXAMPLES / "engoo"))
    assert runs == [], runs
    en = aggregate_scene(nodes, sorted(nodes), all_flows(engoo_db), "en", "map", "DMM.com", "JP")
    assert en.clusters[0].label == "DMM.com (Operator, JP)"
    assert any(re.fullmatch(r"\d+ flows", span.text) for arrow in en.arrows for line in arrow.lines
               for span in line)
