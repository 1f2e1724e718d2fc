"""Where a diagram's graph comes from: a lineage query on the store, plus the names the labels need.

This is the only part of the diagram package that reads the store; the scene and the writers work on
plain data. `write_demo_diagrams` makes the pictures `daicho demo` puts in its output folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from daicho.catalog.diagram.layout import Scene, build_scene
from daicho.catalog.lineage.flowgraph import FlowGraph
from daicho.inventory.db import ReadDB
from daicho.inventory.errors import make_folder


def focus_graph(db: ReadDB, *, item: str | None = None, system: str | None = None,
                recipient: str | None = None, depth: int | None = None) -> tuple[FlowGraph, bool]:
    """The graph to draw and whether it is the whole map (drawn at system level, items as counts).

    `item`, `system` and `recipient` take a key, a name or an unambiguous key prefix; with none of
    them the whole map is drawn. `depth` limits the hops from the focus.
    """
    from daicho.catalog.lineage import graphs as lineage
    from daicho.catalog.resolved.records import resolve

    if item:
        return lineage.item_graph(db, resolve(db, item, ("item",))["key"], depth=depth), False
    for text, kind in ((system, "system"), (recipient, "recipient")):
        if text:
            return lineage.node_graph(db, resolve(db, text, (kind,))["key"], depth, "both"), False
    return lineage.full_graph(db), True


def purpose_names(db: ReadDB, lang: str) -> dict[str, str]:
    """Purpose key → its name in `lang` (falling back to the other language, then the key)."""
    first, second = ("name_ja", "name_en") if lang == "ja" else ("name_en", "name_ja")
    return {r["key"]: r[first] or r[second] or r["key"] for r in db.rows("SELECT key, name_en, name_ja FROM purpose")}


def operator_name(db: ReadDB, lang: str) -> str | None:
    rows = db.rows("SELECT name_en, name_ja FROM organization")
    if not rows:
        return None
    first, second = ("name_ja", "name_en") if lang == "ja" else ("name_en", "name_ja")
    return rows[0][first] or rows[0][second]


def diagram_scene(db: ReadDB, *, item: str | None = None, system: str | None = None, recipient: str | None = None,
                  depth: int | None = None, lang: str = "en", limit: int | None = None) -> Scene:
    """The scene for one `daicho diagram` request; over `limit` nodes (default `aggregate.AGGREGATE_OVER`)
    an aggregated picture (`catalog.diagram.aggregate`: groups with counts, its caption says so)."""
    from daicho.catalog.diagram import aggregate
    from daicho.catalog.lineage import graphs as lineage
    from daicho.catalog.resolved.records import resolve

    limit = aggregate.AGGREGATE_OVER if limit is None else limit
    operator = operator_name(db, lang)
    if item:
        from daicho.catalog.lineage.where import where

        key = resolve(db, item, ("item",))["key"]
        result = where(db, key, depth)
        if len(result["nodes"]) > limit:
            return aggregate.item_scene(db, result, lang, operator)
        graph, whole = lineage.item_graph(db, key, depth, result=result), False
    elif system or recipient:
        focus, hops, flows = lineage.node_slice(db, resolve(db, system or recipient,
                                                            ("system",) if system else ("recipient",))["key"],
                                                depth)
        if len(hops) > limit:
            return aggregate.node_scene(db, focus, hops, flows, lang, operator)
        graph, whole = focus_graph(db, system=system, recipient=recipient, depth=depth)
    else:
        drawn = db.value("SELECT count(*) FROM resolved_node WHERE kind IN ('collection_point', 'system', "
                         "'recipient')")
        if drawn > limit:
            return aggregate.map_scene(db, lang, operator)
        graph, whole = lineage.full_graph(db), True
    return build_scene(graph, lang, system_level=whole, purposes=purpose_names(db, lang), operator=operator)


def card_item(db: ReadDB) -> str | None:
    """The card-number item of an inventory (or its first financial-damage item)."""
    rows = db.rows("SELECT key FROM item WHERE financial = :t ORDER BY CASE WHEN key LIKE '%card%' THEN 0 ELSE 1 END, "
                   "length(key), key", {"t": True})
    return rows[0]["key"] if rows else None


def write_demo_diagrams(db_url_or_conn: str | ReadDB, out_dir: str | Path) -> list[Path]:
    """Write the card-number lineage and the whole map, in English and Japanese, as SVG and PNG.

    Files go to OUT_DIR/diagrams/ (card-lineage.en.svg, map.ja.png …). Without Graphviz's `dot` the
    DOT and Mermaid sources are written instead, so the demo still shows something. Returns the paths.
    """
    from daicho.catalog.diagram.render import render_image, source

    folder = Path(out_dir) / "diagrams"
    make_folder(folder)
    db = ReadDB(db_url_or_conn) if isinstance(db_url_or_conn, str) else db_url_or_conn
    try:
        card = card_item(db)
        scenes = {f"map.{lang}": diagram_scene(db, lang=lang) for lang in ("en", "ja")}
        if card:
            scenes |= {f"card-lineage.{lang}": diagram_scene(db, item=card, lang=lang) for lang in ("en", "ja")}
    finally:
        if isinstance(db_url_or_conn, str):
            db.close()
    written = []
    for stem, scene in sorted(scenes.items()):
        if shutil.which("dot"):
            written += [render_image(scene, fmt, folder / f"{stem}.{fmt}") for fmt in ("svg", "png")]
        else:
            for fmt, suffix in (("dot", "dot"), ("mermaid", "mmd")):
                path = folder / f"{stem}.{suffix}"
                path.write_text(source(scene, fmt), encoding="utf-8")
                written.append(path)
    return written
