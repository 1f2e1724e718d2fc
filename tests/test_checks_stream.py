"""`daicho check` read from the store with SQL and written as the findings come (issue 9) gives what the whole
pydantic inventory, one sorted list and one JSON document gave: the same findings, in the same order, and the
same JSON and SARIF text."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.checks import engine
from daicho.catalog.checks.base import Finding, Hit, Rule, Severity
from daicho.catalog.checks.context import CheckContext, Location, load_context, read_resolved
from daicho.catalog.checks.engine import Tally, check_context, fails, iter_findings, order_key, summary
from daicho.catalog.checks.rules import RULES
from daicho.catalog.checks.sarif import relative_path, to_sarif
from daicho.catalog.checks.writers import finding_dict, write_json, write_sarif
from daicho.catalog.review.review_log import last_reviews
from daicho.examples import example_path
from daicho.inventory.db import ReadDB
from daicho.inventory.export import indented_json
from daicho.inventory.safe_text import json_text
from daicho.inventory.store import Store, resolve_url
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import inventories

AS_OF = dt.date(2026, 12, 1)


def reference_findings(url: str, as_of: dt.date = AS_OF) -> list[Finding]:
    """The findings as the checks found them before: the whole inventory as pydantic models, every finding in
    one list, sorted once."""
    with ReadDB(url) as db:
        resolved = read_resolved(db)
        where = {k: Location(f, line) for k, f, line in db.tuples("SELECT key, file, line FROM record_source")}
        reviews = last_reviews(db)
    ctx = CheckContext(Store(url).inventory(), resolved, where, as_of, reviews)
    found = []
    for rule in RULES:
        for hit in rule.check(ctx):
            at = ctx.location(hit.key)
            found.append(rule.finding(hit, ctx.kinds.get(hit.key, "record"), at.file if at else None,
                                      at.line if at else None))
    return sorted(set(found), key=order_key)


def test_examples_give_the_same_findings_in_the_same_order(example_url):
    findings = check_context(load_context(example_url, AS_OF))
    assert findings and findings == reference_findings(example_url)


def test_json_and_sarif_are_the_documents_written_whole(example_url):
    findings = reference_findings(example_url)
    root = Path(example_url.removeprefix("sqlite:///")).parent  # any folder: paths relative to it or the cwd
    out = io.StringIO()
    write_json(iter_findings(load_context(example_url, AS_OF)), out, root)
    whole = [f.to_dict() | {"file": relative_path(f.file, root)[0] if f.file else None} for f in findings]
    assert out.getvalue() == json_text(whole, default=str) + "\n"
    assert [finding_dict(f, root) for f in findings] == whole
    out = io.StringIO()
    write_sarif(iter_findings(load_context(example_url, AS_OF)), out, "9.9", root)
    assert out.getvalue() == json_text(to_sarif(findings, version="9.9", root=root), default=str) + "\n"


def test_no_findings_write_empty_lists():
    out = io.StringIO()
    write_json(iter([]), out)
    assert out.getvalue() == "[]\n"
    out = io.StringIO()
    write_sarif(iter([]), out, "1")
    assert out.getvalue() == json_text(to_sarif([], version="1"), default=str) + "\n"


_text = st.text(st.characters(exclude_characters="\x00"), max_size=20) | st.sampled_from(
    ["\u202e evil", "\x1b[31mred", "a\u0085b", "quote \" back \\ slash", "日本語", "\ufffe", "%s {x}"])


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    severity = draw(st.sampled_from(list(Severity))).value
    return Finding(rule=draw(st.sampled_from([r.id for r in RULES] + ["DAI999"])), name=draw(_text),
                   severity=severity, title=draw(_text), kind=draw(_text), key=draw(_text),
                   file=draw(st.none() | st.sampled_from(["m/a b.yaml", "/elsewhere/x%.yaml", "z.yaml",
                                                          "m/\u202e\x85.yaml"])),
                   line=draw(st.none() | st.integers(1, 10**6)), message=draw(_text), fix=draw(_text),
                   citations=tuple(draw(st.lists(_text, max_size=3))))


@given(st.lists(findings(), max_size=5))
def test_written_text_equals_json_text_for_any_finding(found):
    root = Path("/tmp/manifests")
    out = io.StringIO()
    write_json(iter(found), out, root)
    whole = [f.to_dict() | {"file": relative_path(f.file, root)[0] if f.file else None} for f in found]
    assert out.getvalue() == json_text(whole, default=str) + "\n"
    out = io.StringIO()
    write_sarif(iter(found), out, None, root)
    assert out.getvalue() == json_text(to_sarif(found, root=root), default=str) + "\n"


def test_an_ascii_text_with_a_delete_is_escaped_as_json_text():
    """An all-ASCII batch is written without a scan, but for the one ASCII character `json_text` escapes."""
    found = Finding(rule="DAI001", name="n", severity="info", title="t", kind="item", key="del\x7f", file=None,
                    line=None, message="m", fix="f", citations=())
    out = io.StringIO()
    write_json(iter([found, found]), out)
    assert "del\\u007f" in out.getvalue()
    assert out.getvalue() == json_text([found.to_dict()] * 2, default=str) + "\n"


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
                     max_leaves=12)


@given(_json, st.integers(0, 3))
def test_indented_json_lays_out_as_json_text(value, level):
    whole = json_text({"a": [value]}) if level == 2 else None
    if whole is not None:  # nested two deep, as a list element of a list in a dict
        inner = indented_json(value, 2)
        assert whole == '{\n  "a": [\n    ' + inner + "\n  ]\n}"
    assert indented_json(value) == json_text(value)


def test_tally_counts_as_summary_and_fails(example_url):
    tally = Tally()
    found = list(tally.count(iter_findings(load_context(example_url, AS_OF))))
    assert tally.summary() == summary(found) and tally.total == len(found)
    assert tally.by_rule == {rule: sum(f.rule == rule for f in found) for rule in {f.rule for f in found}}
    for level in ("error", "warning"):
        assert tally.fails(level) == fails(found, level)


def test_a_rule_yielding_an_undeclared_severity_is_refused(example_url, monkeypatch):
    worse = Rule("DAI999", "made-up", Severity.info, "t", "m {key}", "f", "w", (),
                 lambda ctx: iter([Hit("x", {}, Severity.error)]))
    with pytest.raises(ValueError, match="DAI999"):
        list(engine.iter_findings(load_context(example_url, AS_OF), [worse]))


def test_a_rule_declaring_its_cases_is_run_first_and_ordered(example_url):
    mixed = Rule("DAI998", "mixed", Severity.info, "t", "m {key} {n}", "f", "w", (),
                 lambda ctx: iter([Hit("b", {"n": 1}), Hit("a", {"n": 2}, Severity.error), Hit("a", {"n": 2},
                                  Severity.error), Hit("a", {"n": 0}, Severity.error)]), severities="sometimes")
    found = list(engine.iter_findings(load_context(example_url, AS_OF), [mixed]))
    assert [(f.severity, f.key, f.message) for f in found] == [
        ("error", "a", "m a 0"), ("error", "a", "m a 2"), ("info", "b", "m b 1")]


@settings(max_examples=15)
@given(inventories())
def test_records_read_with_sql_give_the_findings_of_the_whole_inventory(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("inv")
    url = resolve_url(str(folder / "daicho.db"))
    load_into(url, write_manifest(folder, document))
    assert check_context(load_context(url, AS_OF)) == reference_findings(url)


def test_any_store_gives_the_same_findings(any_url):
    """PostgreSQL too: JSON columns come decoded, dates as dates, booleans as booleans."""
    load_into(any_url, example_path("tsumiki"))
    assert check_context(load_context(any_url, AS_OF)) == reference_findings(any_url)


def test_japanese_findings_are_written_as_the_whole_documents(example_url):
    from daicho.catalog.words.checks import render_all

    findings = list(render_all(iter(reference_findings(example_url)), "ja"))
    root = Path(example_url.removeprefix("sqlite:///")).parent
    out = io.StringIO()
    write_json(iter_findings(load_context(example_url, AS_OF), lang="ja"), out, root)
    whole = [f.to_dict() | {"file": relative_path(f.file, root)[0] if f.file else None} for f in findings]
    assert out.getvalue() == json_text(whole, default=str) + "\n"
    out = io.StringIO()
    write_sarif(iter_findings(load_context(example_url, AS_OF), lang="ja"), out, "9.9", root)
    assert out.getvalue() == json_text(to_sarif(findings, version="9.9", root=root), default=str) + "\n"


def test_findings_made_in_a_language_are_the_english_ones_rendered(example_url):
    """The engine says a finding in `lang` itself (no English text but to tell a record's findings apart):
    every field as `render` makes of the English finding, its parameters and language included."""
    from daicho.catalog.words.checks import render

    ctx = load_context(example_url, AS_OF)
    english = list(iter_findings(ctx))
    said = list(iter_findings(ctx, lang="ja"))
    assert [f.__dict__ for f in said] == [render(f, "ja").__dict__ for f in english]
    assert {f.lang for f in said} == {"ja"} and said != english


def test_digest_keeps_everything_up_to_its_limit_and_the_first_of_each_rule_past_it(example_url):
    every = check_context(load_context(example_url, AS_OF))
    whole = engine.Digest(iter(every), limit=len(every))
    assert whole.complete and whole.shown == every and whole.left_out == 0
    cut = engine.Digest(iter(every), limit=len(every) - 1, per_rule=1)
    assert not cut.complete and cut.tally.total == len(every)
    assert cut.shown == [f for i, f in enumerate(every) if f.rule not in {g.rule for g in every[:i]}]
    assert cut.left_out == len(every) - len({f.rule for f in every})


def test_text_past_the_limit_says_how_many_more(example_url, monkeypatch, capsysbinary):
    from conftest import run_daicho

    monkeypatch.setattr(engine.Digest.__init__, "__defaults__", (3, 1))  # limit 3, one finding per rule
    db = example_url.removeprefix("sqlite:///")
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "check", "--db", db, "--as-of", AS_OF.isoformat())
    every = check_context(load_context(example_url, AS_OF))
    text = " ".join(out.decode().split())
    assert f"{len(every)} findings" in text
    assert "more: daicho check --all, or --format json" in text
    code, out, _ = run_daicho(monkeypatch, capsysbinary, "check", "--db", db, "--as-of", AS_OF.isoformat(), "--all")
    assert "more: daicho check --all" not in out.decode()


def test_records_tables_match_the_model():
    """The section → table, linked lists and bilingual fields `records` spells out (to import no model) are
    the model's and the store's own."""
    from daicho.catalog.checks import records
    from daicho.inventory import rows
    from daicho.inventory.model import BLOCKS, KEYED_SECTIONS, SECTION_KIND

    assert {s: SECTION_KIND[s] for s in KEYED_SECTIONS} == records.TABLES
    assert list(records.TABLES) == list(KEYED_SECTIONS)
    assert records.LINKED == rows._LINKED
    assert records.LOCAL_TEXTS == rows._LOCAL_TEXT_FIELDS
    assert tuple(BLOCKS) == records.BLOCK_NAMES
