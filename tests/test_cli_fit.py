"""Terminal output fits 60, 80, 100 and 140 columns: no line is wider, no key is split, wrapped lines keep their
indent (check's file:line never alone at column 0, the Japanese breach note stays beside its label)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import load_into, run_daicho
from daicho.cli import output
from daicho.cli.fit import Column, FitTable, pieces
from daicho.cli.output import THEME
from daicho.examples import example_path
from daicho.inventory.store import resolve_url
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from rich.theme import Theme

WIDTHS = (60, 80, 100, 140)
WIDE = 400  # nothing wraps: the reference every narrower rendering is compared with
TOKEN = re.compile(r"[A-Za-z0-9_]{3,}")
GUIDES = re.compile(r"^[\s│├└─•]*")


@pytest.fixture(scope="module", params=["engoo", "tsumiki"])
def example(request, tmp_path_factory) -> tuple[str, str]:
    url = resolve_url(str(tmp_path_factory.mktemp(request.param) / "daicho.db"))
    load_into(url, example_path(request.param))
    return request.param, url


def _run(monkeypatch, capsysbinary, width: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(output, "_console", None)
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args)
    assert code in (0, 1), err  # check exits 1 on errors
    return out.decode("utf-8")


def _commands(monkeypatch, capsysbinary, url: str) -> list[tuple[str, ...]]:
    """The commands a newcomer tries, on records of this store."""
    recipients = json.loads(_run(monkeypatch, capsysbinary, WIDE, "list", "recipients", "--json", "--db", url))
    systems = json.loads(_run(monkeypatch, capsysbinary, WIDE, "list", "systems", "--json", "--db", url))
    flows = json.loads(_run(monkeypatch, capsysbinary, WIDE, "list", "flows", "--json", "--db", url))
    recipient = next(r["key"] for r in recipients if not r.get("named_only"))
    system = systems[0]["key"]
    commands = [("where", "email"), ("receives", recipient), ("holds", system), ("abroad",),
                ("breach", recipient), ("breach", recipient, "--lang", "ja"),
                ("path", flows[0]["from"], flows[-1]["to"]),
                ("show", "email"), ("show", recipient), ("check", "--as-of", "2026-11-21")]
    commands += [("list", kind) for kind in ("items", "systems", "recipients", "purposes", "flows",
                                             "collection-points", "subjects")]
    return commands


def _keys(monkeypatch, capsysbinary, url: str) -> set[str]:
    keys: set[str] = set()
    for kind in ("items", "systems", "recipients", "purposes", "flows", "collection-points"):
        keys |= {r["key"] for r in json.loads(_run(monkeypatch, capsysbinary, WIDE, "list", kind, "--json",
                                                   "--db", url))}
    return keys


def split_keys(out: str, keys: set[str]) -> list[str]:
    """Keys cut across two lines: a line ending in the start of a key, the next beginning with its rest."""
    lines = [line.rstrip() for line in out.splitlines()]
    found = []
    for before, after in zip(lines, lines[1:], strict=False):
        head = re.search(r"\w+$", before)
        tail = re.match(r"\w+", GUIDES.sub("", after))
        if not head or not tail:
            continue
        for key in keys:
            cut = len(head.group())
            if cut < len(key) and key.startswith(head.group()) and tail.group().startswith(key[cut:]) and \
                    head.group() not in keys:
                found.append(f"{key}: {before!r} / {after!r}")
    return found


def test_every_command_fits_and_keeps_keys_whole(example, monkeypatch, capsysbinary):
    name, url = example
    keys = _keys(monkeypatch, capsysbinary, url)
    for command in _commands(monkeypatch, capsysbinary, url):
        wide = _run(monkeypatch, capsysbinary, WIDE, *command, "--db", url)
        known = set(TOKEN.findall(wide))
        for width in WIDTHS:
            out = _run(monkeypatch, capsysbinary, width, *command, "--db", url)
            where = f"{name}: daicho {' '.join(command)} at {width} columns"
            assert max(cell_len(line) for line in out.splitlines()) <= width, where
            body = re.sub(r"not shown at .*?--json\)", "", out, flags=re.S)  # the note on left-out columns
            fragments = set(TOKEN.findall(body)) - known  # a key cut in a table cell leaves pieces no key has
            assert not fragments, (where, sorted(fragments)[:5], out)
            assert not split_keys(out, keys), (where, split_keys(out, keys)[:3])
            if command[0] == "check":
                assert not [line for line in out.splitlines() if re.match(r"\S+\.ya?ml:\d+", line)], where


def test_the_japanese_breach_keeps_the_contractor_note_beside_its_label(monkeypatch, capsysbinary, engoo_url):
    for width in WIDTHS:
        out = _run(monkeypatch, capsysbinary, width, "breach", "payment_processor", "--lang", "ja", "--db",
                   engoo_url)
        [line] = [line for line in out.splitlines() if "委託先での漏えい等:" in line]
        assert line.split("委託先での漏えい等:")[1].strip(), (width, out)
        criteria = [line for line in out.splitlines() if re.match(r"\(\d\)", line)]
        assert len(criteria) == 4
        follow = out.splitlines()[out.splitlines().index(criteria[0]) + 1]
        assert follow.startswith("    ") or re.match(r"\(\d\)", follow)  # wrapped under the criterion


def test_narrow_tables_stack_and_wide_ones_leave_out_low_value_columns(monkeypatch, capsysbinary, engoo_url):
    stacked = _run(monkeypatch, capsysbinary, 60, "list", "items", "--db", engoo_url)
    assert re.search(r"^card_number  Credit card number ¥$", stacked, re.M)
    assert re.search(r"^  purposes +p01_personal_inquiries,", stacked, re.M)
    assert "not shown at" not in stacked  # a stacked record shows every field
    table = _run(monkeypatch, capsysbinary, 80, "list", "items", "--db", engoo_url)
    assert table.splitlines()[1].split() == ["key", "name", "purposes"]
    assert "not shown at 80 columns: category, acquisition, systems, persons" in " ".join(table.split())
    assert "marks: ¥ misuse may cause financial damage" in " ".join(table.split())
    full = _run(monkeypatch, capsysbinary, 200, "list", "items", "--db", engoo_url)
    assert full.splitlines()[1].split() == ["key", "name", "category", "acquisition", "purposes", "systems",
                                            "persons"]


KEYS = st.from_regex(r"[a-z][a-z0-9_]{2,29}", fullmatch=True)
WORDS = st.lists(st.sampled_from(["Member", "database", "(illustrative)", "顧客", "管理システム", "of", "the",
                                  "https://example.com/privacy-policy-2021"]), max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(KEYS, WORDS, st.lists(KEYS, max_size=6), KEYS), min_size=1, max_size=6),
       width=st.integers(min_value=40, max_value=160))
def test_fit_table_never_cuts_a_key(rows, width):
    """Whatever the width: no line wider than the terminal, and every key still whole on one line."""
    columns = [Column("key", "key"), Column("name", "text"), Column("purposes", "keys"),
               Column("system", "key", drop=1)]
    cells = [[Text(k), Text(n), Text(", ".join(ps)), Text(s)] for k, n, ps, s in rows]
    console = Console(width=width, color_system=None, theme=Theme(THEME))
    with console.capture() as captured:
        console.print(FitTable("rows", columns, cells))
    out = captured.get()
    assert max(cell_len(line) for line in out.splitlines()) <= width
    words = set(re.findall(r"[a-z0-9_]+", out))
    shown_system = "system" in out.splitlines()[1] or "  system" in out
    for key, _, purposes, system in rows:
        assert key in words
        assert set(purposes) <= words
        if shown_system:
            assert system in words


def test_split_keys_finds_a_key_cut_across_lines():
    keys = {"site_access__google_analytics", "member_db"}
    assert split_keys("│   └── site_access_\n│       _google_analytics: x\n", keys)
    assert not split_keys("member_db\npayment\n", keys)
    assert not split_keys("├── site_access__google_analytics\n│   member_db\n", keys)


JA_WIDTHS = (60, 80, 100)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")


def short_japanese_lines(out: str, width: int) -> list[str]:
    """Lines of a tree or of text that wrap inside Japanese text (the line ends with a Japanese character and
    the next line, not a new branch, goes on with one) though what begins the next line would have fitted: a run
    of Japanese moved to the next line whole, as rich does when it breaks only at spaces."""
    lines = out.splitlines()
    short = []
    for raw, after in zip(lines, lines[1:], strict=False):
        line = raw.rstrip()
        rest = GUIDES.sub("", after)
        indent = len(GUIDES.match(raw).group())
        if re.search(r"[├└]──", after) or not rest or not line or len(after) - len(rest) != indent:
            continue  # a new branch, or another block: not the same text going on
        if not (_CJK.match(line[-1]) and _CJK.match(rest[0])):
            continue
        _, _, first = next(pieces(rest))  # what cannot be broken at the start of the next line
        space = 1  # it may have broken at a space, which piped output no longer shows (line ends are trimmed)
        if cell_len(line) + space + cell_len(first.rstrip()) <= width:
            short.append(f"{line!r} / {after!r}")
    return short


def test_japanese_views_fit_and_fill_their_lines(example, monkeypatch, capsysbinary):
    """--lang ja at 60, 80 and 100 columns: no line wider than the terminal, no key cut, and Japanese text that
    wraps fills its line (it breaks between characters, not only at spaces)."""
    name, url = example
    keys = _keys(monkeypatch, capsysbinary, url)
    commands = [c for c in _commands(monkeypatch, capsysbinary, url) if c[0] != "breach"]
    trees = ("where", "receives", "holds", "abroad")
    wrapped = 0
    for command in commands:
        for width in JA_WIDTHS:
            out = _run(monkeypatch, capsysbinary, width, *command, "--lang", "ja", "--db", url)
            where = f"{name}: daicho {' '.join(command)} --lang ja at {width} columns"
            assert max(cell_len(line) for line in out.splitlines()) <= width, where
            assert not split_keys(out, keys), (where, split_keys(out, keys)[:3])
            if command[0] in trees:
                assert not short_japanese_lines(out, width), (where, short_japanese_lines(out, width)[:3])
                wrapped += sum(1 for line in out.splitlines() if cell_len(line.rstrip()) >= width - 2)
    assert wrapped > 5  # lines do reach the edge: the check above looked at wrapped Japanese


def test_japanese_text_breaks_between_characters_with_kinsoku():
    """A long Japanese sentence at 30 cells: every line but the last full (to a cell), no line starting with
    、。）」 or ending with （「, an ASCII key never cut, English wrapped exactly as rich wraps it."""
    from daicho.cli.fit import divide_line, install_wrapping
    from rich._wrap import divide_line as rich_divide_line

    install_wrapping()
    sentence = ("外国にある第三者への提供の根拠が記録されていない。規則17条2項の情報提供（本人同意）を確認すること。"
                "payment_processor が運用する「会員データベース」、保管のみ。")
    console = Console(width=30, color_system=None)
    with console.capture() as captured:
        console.print(Text(sentence))
    lines = captured.get().splitlines()
    assert "".join(line.strip() for line in lines).replace(" ", "") == sentence.replace(" ", "")
    assert all(cell_len(line) <= 30 for line in lines)
    # full to a cell, unless the next line's first piece (a key, a citation kept whole: 規則17条2項) does not fit
    assert all(cell_len(line.rstrip()) >= 27 or cell_len(line.rstrip()) + cell_len(next(pieces(after))[2]) > 30
               for line, after in zip(lines, lines[1:], strict=False)), lines
    assert "規則17条2項" in captured.get()
    assert not [line for line in lines[1:] if line[:1] in "、。）」"], lines
    assert not [line for line in lines if line.rstrip()[-1:] in "（「"], lines
    assert "payment_processor" in captured.get()
    english = "The quick brown fox jumps over the lazy dog, again_and_again and https://example.com/x/y/z"
    for width in (7, 12, 30):
        assert divide_line(english, width) == rich_divide_line(english, width)


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_citations_stay_whole_when_lines_wrap(width, lang, monkeypatch, capsysbinary, engoo_url):
    """A citation is never broken across lines (JIPDEC指 / 針 J.8.1, Rules / 8(2)): check's 根拠 lines and the breach's
    cites line at 60, 80 and 100 columns."""
    from daicho.catalog.breach.criteria import CITATIONS
    from daicho.catalog.breach.words import cited
    from daicho.catalog.checks.rules import RULES
    from daicho.catalog.words.citations import cite

    out = _run(monkeypatch, capsysbinary, width, "check", "--lang", lang, "--db", engoo_url)
    lines = [line.rstrip() for line in out.splitlines()]
    fired = [r for r in RULES if f"{r.id} " in out]
    assert len(fired) > 10
    expected = {cite(c, lang) for r in fired for c in r.citations}
    broken = sorted(c for c in expected if not any(c in line for line in lines))
    assert not broken, broken
    breach = _run(monkeypatch, capsysbinary, width, "breach", "payment_processor", "--lang", lang, "--db", engoo_url)
    whole = [line.rstrip() for line in breach.splitlines()]
    said = {cited(c, lang) for c in (*CITATIONS, "Rules 9")}
    broken = sorted(c for c in said if not any(c in line for line in whole))
    assert not broken, broken


def test_pieces_keep_a_citation_whole():
    line = "根拠 法17条1項 · JIPDEC指針 J.8.1 · Rules 8(2) · JIS Q 15001:2023 A.19（未確認）"
    kept = [p for _, _, p in pieces(line)]
    assert "JIPDEC指針 J.8.1 " in kept and "Rules 8(2) " in kept and "JIS Q 15001:2023 A.19（未確認）" in kept
    assert "法17条1項 " in kept


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_long_declared_at_path_breaks_after_a_slash(monkeypatch, capsysbinary, tmp_path, width):
    """A clone under a long folder makes `source`'s path longer than the line: it breaks after a `/`, never
    inside a file name (CI's clone under mktemp printed `…/engoo/recip` then `ients.yaml:51`)."""
    import shutil

    deep = tmp_path / ("d" * 30) / "daicho" / "examples" / "tsumiki"
    shutil.copytree(example_path("tsumiki"), deep)
    url = resolve_url(str(tmp_path / "daicho.db"))
    load_into(url, deep)
    out = _run(monkeypatch, capsysbinary, width, "show", "insight_metrics", "--db", url)
    assert max(cell_len(line) for line in out.splitlines()) <= width
    joined = "".join(line.strip() for line in out.splitlines()[-4:])
    assert f"{deep}/recipients.yaml:" in joined.removeprefix("source")
    lines = out.splitlines()
    source = [line.strip() for line in lines[next(i for i, line in enumerate(lines) if line.startswith("source")):]]
    source[0] = source[0].removeprefix("source").strip()
    assert all(line.endswith("/") for line in source[:-1] if line), source  # broken only after a slash
    assert re.fullmatch(r"(.*/)?recipients\.yaml:\d+", source[-1]), source
