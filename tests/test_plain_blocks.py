"""cli.plain_blocks writes fields, tables, rules and indents line for line as rich does when rich writes no colour:
list of every kind, show of every record, holds of every node, abroad, and breach at every other node of the Engoo
example, at several widths, in both languages."""

from __future__ import annotations

import pytest
from daicho.catalog.breach.triage import breach
from daicho.catalog.lineage.abroad_brief import abroad_brief
from daicho.catalog.lineage.nodes import holds
from daicho.catalog.resolved.records import list_records, show_record
from daicho.cli import plain
from daicho.cli.fit import Column, Fields, FitTable
from daicho.cli.lineage_views_nodes import _ORDER, abroad_table, breach_view, holds_view
from daicho.cli.output import text
from daicho.cli.plain_blocks import Unmirrored
from daicho.cli.views import record_view, records_table
from daicho.inventory.db import ReadDB
from hypothesis import given, settings
from hypothesis import strategies as st
from renderers import plain_lines, rich_lines

WIDTHS = (24, 40, 60, 80, 120)
KINDS = ("items", "systems", "recipients", "purposes", "flows", "subjects", "processes", "collection-points",
         "retention-events")


def views(db: ReadDB):
    """(name, build) for every list, show and holds view of the example, its abroad view, breach views."""
    for lang in ("en", "ja"):
        for kind in KINDS:
            rows = list_records(db, kind)
            yield f"list {kind} {lang}", lambda rows=rows, kind=kind, lang=lang: records_table(kind, rows, lang)
            for row in rows:
                record = show_record(db, row["key"])
                yield f"show {row['key']} {lang}", lambda r=record, lang=lang: record_view(r, lang)
        for kind in ("systems", "recipients"):
            for row in list_records(db, kind):
                result = holds(db, row["key"])
                yield f"holds {row['key']} {lang}", lambda r=result, lang=lang: holds_view(r, lang)
        for kind in ("systems", "recipients", "collection-points"):
            for row in list_records(db, kind)[::2]:
                for flags in ({}, {"persons": 1200, "unlawful": True}, {"encrypted": True, "key_leaked": False}):
                    result = breach(db, row["key"], **flags).to_data()
                    yield f"breach {row['key']} {flags} {lang}", lambda r=result, lang=lang: breach_view(r, lang)
        result = abroad_brief(db, _ORDER, 100)
        yield f"abroad {lang}", lambda r=result, lang=lang: abroad_table(r, lang, 100)


def test_plain_blocks_equal_rich(engoo_url):
    with ReadDB(engoo_url) as db:
        built = list(views(db))
    assert len(built) > 200
    unmirrored = []
    for name, build in built:
        for width in WIDTHS:
            try:
                shown = plain_lines(build, width)
            except Unmirrored:  # printed through rich instead (a column squeezed to nothing at a narrow width)
                unmirrored.append((name, width))
                continue
            assert shown == rich_lines(build, width), (name, width)
    assert all(width < 40 for _, width in unmirrored), unmirrored


@pytest.mark.parametrize("value", ["x" * 130, "a " * 70, "名前" * 40 + " end", "line\n\nafter\n", "",
                                   "法27条1項1号 " * 8])
def test_fields_and_tables_of_long_and_wide_text(value):
    def fields():
        return Fields([(text("label"), text(value)), (text("長いラベル"), text("short")), (text(""), text(value))])

    def table():
        columns = [Column("key", "key"), Column("name"), Column("keys", "keys", drop=1), Column("more", drop=2)]
        rows = [[text("k1"), text(value), text("a, b, c"), text(value)], [text("k_2"), text("two"), text(""),
                                                                          text("x")]]
        return FitTable("2 things", columns, rows, text("a note"))

    for build in (fields, table):
        for width in (9, 13, 24, 40, 80):
            try:
                shown = plain_lines(build, width)
            except Unmirrored:  # printed through rich instead
                continue
            assert shown == rich_lines(build, width), (build.__name__, value, width)


#: text with what the layout's shortcuts tell apart: ASCII (printable or not), other one-cell characters, Japanese
#: (kinsoku), citations, joiners
MIXED = st.lists(st.sampled_from(["a", "key_1", " ", "  ", "\n", "x" * 23, "/", ".", "(", ")", "\t", "\x1b", "é",
                                  "名前", "、", "。", "（", "）", "ー", "法27条1項1号", "APPI Art. 27(1)(i)",
                                  " (unverified)", "\u200d", "\ufe0f", "👍", "ａ", "\u0301", " · ", "\xa0",
                                  "─"]), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(MIXED, min_size=1, max_size=3), width=st.integers(9, 50))
def test_the_layout_shortcuts_change_no_line(values, width):
    """The plain layout's shortcuts (a line that fits is not divided, a text of one-cell characters is measured
    and divided by its length, a line without wide characters is cut only between rich's words, a short ASCII
    value goes beside its label unmeasured) give the lines the full work gives,
    for any text at any width."""
    from daicho.cli import fit, one_cell, plain_blocks

    def tree():
        root = plain.tree(text(values[0]))
        for value in values[1:]:
            root.add(text(value))
        return plain.group(root, text(values[-1]))

    def fields():
        return Fields([(text(f"label {i}"), text(value)) for i, value in enumerate(values)])

    def table():
        rows = [[text(f"k{i}"), text(value), text(value)] for i, value in enumerate(values)]
        return FitTable("things", [Column("key", "key"), Column("name"), Column("more", drop=1)], rows)

    def laid_out(build):
        try:
            return plain_lines(build, width)
        except Unmirrored as exc:  # printed through rich instead
            return repr(exc)

    for build in (tree, fields, table):
        shown = laid_out(build)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(plain, "unbroken", lambda line, width: False)
            patch.setattr(plain_blocks, "one_cell_each", lambda value: False)
            patch.setattr(one_cell, "one_cell", lambda text: False)
            patch.setattr(fit, "narrow", lambda line: False)
            patch.setattr(fit, "short_ascii", lambda value, room: False)
            assert shown == laid_out(build), (build.__name__, values, width)


def test_check_views_equal_rich(engoo_url):
    """check's summary grid, rule headings and findings, in full, verbose, summary and past the digest's limit."""
    import datetime as dt

    from daicho.catalog.checks.context import load_context
    from daicho.catalog.checks.engine import Digest, iter_findings
    from daicho.catalog.words.checks import render_all
    from daicho.cli.check_views import Detail, findings_view

    day = dt.date(2026, 11, 21)
    context = load_context(engoo_url, day)
    findings = list(iter_findings(context))
    assert findings
    for lang in ("en", "ja"):
        shown = list(render_all(findings, lang))
        digest = Digest(shown, limit=10, per_rule=2)
        builds = [lambda d=d, shown=shown, lang=lang: findings_view(shown, day, d, lang) for d in Detail]
        builds.append(lambda digest=digest, lang=lang: findings_view(digest.shown, day, Detail.normal, lang,
                                                                      digest.tally))
        for build in builds:
            for width in (40, 60, 80, 120):
                assert plain_lines(build, width) == rich_lines(build, width), (lang, width)
