"""Diagrams as files: hostile names through DOT (rendered by Graphviz, parsed as XML) and Mermaid, the
Engoo example as SVG/PNG/PDF, the `daicho diagram` command, running without Graphviz, and size."""

from __future__ import annotations

import os
import re
import shutil
import stat
import struct
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_daicho
from daicho.catalog.diagram.dot import clean, to_dot
from daicho.catalog.diagram.layout import build_scene
from daicho.catalog.diagram.mermaid import to_mermaid
from daicho.catalog.diagram.render import render_image
from daicho.catalog.lineage.flowgraph import FlowGraph, GraphEdge, GraphNode, ItemInfo
from test_diagram import check_mermaid, kept, own, recipient

HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed (bash scripts/system-deps.sh)")
SVG = "{http://www.w3.org/2000/svg}"
NO_DOT_MESSAGE = ("Error: rendering {fmt} needs Graphviz's dot: apt-get install graphviz (or brew install graphviz); "
                  "DOT and Mermaid output work without it\n")

HOSTILE = ['say "hi" \'there\'', "<script>alert(1)</script>", "AT&T &amp; &#60; co", "line one\nline two",
           "=cmd|' /C calc'!A0", "smile 🙂", "日本語の名前", "back\\slash\\", "x] y[ ]]>", "a --> b -.-> c",
           "{curly}|pipe|", "semi;colon #hash #quot;", "`tick` **b**", "end", "ctrl\x00\x1b[31m\x07x",
           "\\n \\l \\N \\G", "<b>bold</b> <br/>", "%% comment", "\u202eevil"]


def hostile_graph() -> FlowGraph:
    """Every hostile string as a node name, an item name, a purpose, a location, a foreign basis, the operator
    and a key; systems on a recipient's side (a party box) or stored at one, sub-contractors of hostile names."""
    kinds = [("collection_point", None), ("system", "database"), ("recipient", "contractor"),
             ("recipient", "third_party"), ("recipient", "subcontractor")]
    nodes, edges, items = {}, [], {}
    recipients: list[str] = []
    for n, text in enumerate(HOSTILE):
        kind, subkind = kinds[n % len(kinds)]
        key = ["end", 'a"b', "<k>", "x->y", "sp ace", "#1;", "graph", "subgraph", "n0"][n % 9] + f"_{n}"
        location = ["JP", "US", 'X"', "unknown"][n % 4]
        facts = {"location": location, "location_class": {"JP": "home", "unknown": "unknown"}.get(location, "abroad"),
                 "hosting": (location,), "foreign_hosting": () if location == "JP" else (location,),
                 "party": "op", "party_kind": "operator"}
        if kind == "recipient":
            facts.update(party=key, party_kind=subkind, parents=tuple(recipients[-2:]) if subkind == "subcontractor"
                         else ())
            recipients.append(key)
        elif kind == "system" and recipients:
            handles = n % 2 == 1
            facts.update(operated_by=recipients[-1], handles=handles)
            if handles:  # on that recipient's side: drawn in its party box
                facts.update(party=recipients[-1], party_kind=nodes[recipients[-1]].subkind)
        nodes[key] = GraphNode(key, kind, subkind, name_en=text, name_ja=text, **facts)
        items[f"item{n}"] = ItemInfo(f"item{n}", text, text, sensitive=n % 4 == 0, financial=n % 5 == 0)
    keys = list(nodes)
    for n in range(1, len(keys)):
        edges.append(GraphEdge(f"f{n}", keys[n - 1], keys[n], (f"item{n}",), ["consent", "outsourcing", "x<y"][n % 3],
                               purposes=(HOSTILE[n],), foreign=n % 2 == 0, transfer_location=HOSTILE[n],
                               foreign_status=["missing", "unknown_location", "mismatch"][n % 3],
                               foreign_basis=HOSTILE[-n], boundary="storage" if n % 4 == 0 else "provision"))
    return FlowGraph(nodes=nodes, edges=edges, items=items, focus=keys[3])


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", clean(text))


def svg_text(path_or_bytes) -> str:
    """All text an SVG shows, joined, after XML parsing (which fails on any escaping mistake)."""
    root = ET.fromstring(path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes)
    return "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


@needs_dot
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_hostile_names_make_valid_dot_and_show_literally(lang):
    scene = build_scene(hostile_graph(), lang, operator='Op "&" <x>', purposes={h: h for h in HOSTILE})
    source = to_dot(scene)
    done = subprocess.run(["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert b"Warning" not in done.stderr and b"Error" not in done.stderr, done.stderr.decode()
    shown = re.sub(r"\s+", "", svg_text(done.stdout))
    for text in HOSTILE:
        assert squeezed(text) in shown, text
    assert "<script>" not in done.stdout.decode() and "&lt;script&gt;" in done.stdout.decode()
    assert squeezed('Op "&" <x>') in shown
    ids = [i for i in re.findall(r"^\s*(\S+) \[", source, re.M) if i not in ("graph", "node", "edge")]
    assert ids and all(re.fullmatch(r"[ne]\d+", i) for i in ids)


def test_hostile_names_make_valid_mermaid():
    scene = build_scene(hostile_graph(), "en", operator="Op ] end", purposes={h: h for h in HOSTILE})
    text = to_mermaid(scene)
    labels = re.sub(r"\s+", "", "".join(check_mermaid(text)))
    for hostile in HOSTILE:
        assert squeezed(hostile) in labels, hostile
    statements = [line.strip() for line in text.splitlines()]
    assert statements.count("end") == sum(s.startswith("subgraph ") for s in statements)
    assert not any("-->" in re.sub(r'"[^"]*"', "", s) and not re.match(r"n\d+ -->\|", s) for s in statements)


def test_dot_strings_defuse_escapes_and_entities():
    from daicho.catalog.diagram.dot import html_text, quoted

    assert quoted('a"b\\n&amp;\x00') == '"a\\"b\\\\n&amp;amp;"'
    assert html_text("<b>&\"'\n\\G") == "&lt;b&gt;&amp;&quot;&#39; \\\\G"


# --- the Engoo example ------------------------------------------------------------------------------------------




def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@needs_dot
def test_card_number_lineage_as_svg_and_png(engoo_url, tmp_path, monkeypatch, capsysbinary):
    for lang, expected in (("en", ["Where Credit card number flows", "Payment processing contractor",
                                   "International card network", "US · United States", "outsourcing → US"]),
                           ("ja", ["クレジットカード番号の流れ", "決済代行会社", "国際カードブランド",
                                   "US · アメリカ合衆国", "委託 → US"])):
        svg, png = tmp_path / f"card.{lang}.svg", tmp_path / f"card.{lang}.png"
        for out in (svg, png):
            code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--item", "card_number", "--lang", lang,
                                      "--db", engoo_url, "-o", str(out))
            assert code == 0, err
            assert (f"wrote {out}" if lang == "en" else f"{out} を書き出しました") in err
        shown = re.sub(r"\s+", "", svg_text(svg))
        for text in expected:
            assert squeezed(text) in shown, text
        assert 'font-family="Noto Sans CJK JP"' in svg.read_text(encoding="utf-8")
        width, height = png_size(png)
        assert width > 600 and height > 150


@needs_dot
def test_whole_map_as_svg_png_and_pdf(engoo_url, tmp_path, monkeypatch, capsysbinary):
    for name in ("map.svg", "map.png", "map.pdf"):
        code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--all", "--db", engoo_url,
                                  "-o", str(tmp_path / name))
        assert code == 0, err
    shown = " ".join(svg_text(tmp_path / "map.svg").split())
    for text in ("Member database", "Google Analytics", "ClickTale", "IL · Israel", "PH · Philippines",
                 "Contractors (outsourcing)", "Third parties and joint users", "items shown as counts"):
        assert text in shown, text
    assert re.search(r"\d+ items \(1 financial damage\)", shown)
    assert png_size(tmp_path / "map.png")[0] > 1000
    assert (tmp_path / "map.pdf").read_bytes()[:5] == b"%PDF-"


@needs_dot
def test_cjk_font_is_installed_so_japanese_is_not_tofu():
    if not shutil.which("fc-match"):
        pytest.skip("fontconfig's fc-match is not installed")
    found = subprocess.run(["fc-match", "Noto Sans CJK JP"], capture_output=True, text=True).stdout
    assert "CJK" in found, f"'Noto Sans CJK JP' resolves to {found!r}: install fonts-noto-cjk"


def test_dot_and_mermaid_on_stdout(engoo_url, monkeypatch, capsysbinary):
    code, out, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--system", "member_db", "--db", engoo_url,
                                "-o", "-")
    assert code == 0, err
    assert out.decode().startswith("digraph daicho {")
    code, out, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--recipient", "support_desk",
                                "--format", "mermaid", "--lang", "ja", "--db", engoo_url)
    assert code == 0, err
    labels = check_mermaid(out.decode())
    assert any("カスタマーサポート業務委託先" in label for label in labels)


def test_without_graphviz_images_fail_in_one_line_and_text_still_works(engoo_url, tmp_path, monkeypatch,
                                                                         capsysbinary):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for fmt in ("svg", "png", "pdf"):
        code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--db", engoo_url, "-o",
                                  str(tmp_path / f"map.{fmt}"))
        assert (code, err) == (1, NO_DOT_MESSAGE.format(fmt=fmt.upper()))
        assert not (tmp_path / f"map.{fmt}").exists()
    for name in ("map.dot", "map.mmd"):
        code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--db", engoo_url, "-o",
                                  str(tmp_path / name))
        assert code == 0, err
    assert (tmp_path / "map.mmd").read_text(encoding="utf-8").splitlines()[0] == "flowchart LR"


@pytest.mark.parametrize(("args", "message"), [
    (["--item", "card_number", "--all"], "give one of --item, --system, --recipient, --all"),
    (["--depth", "2"], "--depth needs a focus"),
    (["-o", "map.txt"], "cannot tell the format from 'map.txt'"),
    (["--lang", "fr"], "'fr' is not one of en, ja"),
])
def test_option_mistakes(engoo_url, monkeypatch, capsysbinary, args, message):
    code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--db", engoo_url, *args)
    assert code == 2 and message in err


def test_images_need_a_file_and_unknown_keys_say_so(engoo_url, monkeypatch, capsysbinary):
    code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--format", "png", "--db", engoo_url)
    assert (code, err) == (1, "Error: PNG is binary or needs a file: give -o FILE.png (only dot and mermaid go "
                              "to stdout)\n")
    code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--item", "card_numbr", "--db", engoo_url)
    assert code == 1 and err.startswith("Error: no item 'card_numbr'; did you mean 'card_number'")


def test_depth_limits_the_slice(engoo_url, monkeypatch, capsysbinary):
    counts = []
    for depth in ("1", "3"):
        code, out, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--item", "card_number", "--depth", depth,
                                    "--db", engoo_url)
        assert code == 0, err
        counts.append(len(re.findall(r"^\s*n\d+ \[label=", out.decode(), re.M)))
    assert counts[0] < counts[1]


def test_demo_diagrams(engoo_url, tmp_path):
    from daicho.catalog.diagram.source import write_demo_diagrams

    written = write_demo_diagrams(engoo_url, tmp_path)
    names = sorted(p.name for p in written)
    if HAS_DOT:
        assert names == sorted(f"{stem}.{lang}.{fmt}" for stem in ("card-lineage", "map") for lang in ("en", "ja")
                               for fmt in ("svg", "png"))
    else:
        assert names == sorted(f"{stem}.{lang}.{fmt}" for stem in ("card-lineage", "map") for lang in ("en", "ja")
                               for fmt in ("dot", "mmd"))
    assert all(p.parent == tmp_path / "diagrams" and p.stat().st_size > 0 for p in written)
    assert not list((tmp_path / "diagrams").glob(".*")), "a temporary file was left behind"
    umask = os.umask(0)
    os.umask(umask)
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o666 & ~umask}


# --- size ---------------------------------------------------------------------------------------------------------


def synthetic_graph(n_nodes: int, recipients: float = 0.6) -> FlowGraph:
    """A layered map of `n_nodes`: forms → systems (with cycles) → recipients in several countries."""
    n_forms, n_recipients = n_nodes // 50, int(n_nodes * recipients)
    n_systems = n_nodes - n_forms - n_recipients
    kinds = ["contractor", "subcontractor", "third_party", "joint_user", "group_company"]
    nodes = [own(f"cp{i}", "collection_point", name_en=f"Form {i}") for i in range(n_forms)]
    nodes += [own(f"s{i}", "system", "database", name_en=f"System {i}", **kept(["JP", "US"][i % 2]))
              for i in range(n_systems)]
    nodes += [recipient(f"r{i}", kinds[i % 5], ["JP", "US", "SG", "PH", None][i % 5], name_en=f"Recipient {i}")
              for i in range(n_recipients)]
    items = {f"i{k}": ItemInfo(f"i{k}", f"Item {k}", sensitive=k == 3, financial=k == 4) for k in range(20)}
    edges = [GraphEdge(f"c{i}", f"cp{i}", f"s{(i * 7) % n_systems}", ("i1", "i2"), "collection")
             for i in range(n_forms)]
    edges += [GraphEdge(f"s{i}", f"s{i}", f"s{(i * 3 + 1) % n_systems}", ("i1", "i3"), "internal")
              for i in range(n_systems)]
    edges += [GraphEdge(f"r{i}", f"s{i % n_systems}", f"r{i}", ("i1", "i4"), "outsourcing" if i % 5 < 2 else "consent",
                        foreign=i % 5 in (1, 2, 3)) for i in range(n_recipients)]
    return FlowGraph(nodes={n.key: n for n in nodes}, edges=edges, items=items)


@needs_dot
@pytest.mark.parametrize("recipients", [0.6, 0.0])
def test_a_thousand_nodes_draw_in_seconds(tmp_path, recipients):
    started = time.perf_counter()
    scene = build_scene(synthetic_graph(1000, recipients), "en", system_level=True)
    render_image(scene, "svg", tmp_path / "big.svg")
    seconds = time.perf_counter() - started
    assert scene.engine == "sfdp" and any("sfdp" in note for note in scene.notes)
    assert seconds < 30, f"{seconds:.1f} s"
    assert "sfdp" in svg_text(tmp_path / "big.svg")


@needs_dot
def test_a_slow_dot_layout_falls_back_to_sfdp(tmp_path):
    scene = build_scene(synthetic_graph(100), "en")
    assert scene.engine == "dot"
    render_image(scene, "svg", tmp_path / "slow.svg", dot_timeout=0.001)
    assert scene.engine == "sfdp" and scene.notes[-1] == "laid out with sfdp: dot took over 0.001 s; clusters not drawn"
    assert "dot took over 0.001 s" in svg_text(tmp_path / "slow.svg")


@needs_dot
def test_japanese_pdf_embeds_the_cjk_font(engoo_url, tmp_path, monkeypatch, capsysbinary):
    pdf = tmp_path / "card.ja.pdf"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "diagram", "-i", "card_number", "--lang", "ja", "--db",
                              engoo_url, "-o", str(pdf))
    assert code == 0, err
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+NotoSansCJK", pdf.read_bytes()), "Japanese would be drawn as boxes"
