"""Lineage commands: where, receives, path, holds, abroad, breach.

Each opens the store, calls one function of daicho.catalog, and hands the result to a renderer
(cli.lineage_views) or prints it as JSON. Nothing heavy is imported at module level.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Annotated

import typer

from .options import AtOption, DbOption, JsonOption, LangOption, open_db
from .output import print_json

DepthOption = Annotated[int | None, typer.Option("--depth", "-d", min=0, help="Follow at most N hops.",
                                                 show_default=False)]
NodeArgument = Annotated[str, typer.Argument(metavar="NODE", show_default=False,
                                             help="System or recipient: key, name or unambiguous key prefix.")]


def where(
    item: Annotated[str, typer.Argument(metavar="ITEM", help="Item: key, name or unambiguous key prefix.",
                                        show_default=False)],
    depth: DepthOption = None,
    db: DbOption = None,
    at: AtOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Where an item flows: every system and recipient its trail reaches (copies and pseudonyms included),
    grouped internal / outsourced / third party / abroad, with the basis and purposes of each hop."""
    from daicho.catalog.lineage.where import where as query

    show = None  # the terminal prints SHOW nodes a group: only those are worked out whole (--json: all)
    if not json_out:
        from .lineage_views import SHOW as show
    with open_db(db, at) as conn, _collector_paused():
        result = query(conn, item, depth, show=show, stream=json_out)
        if json_out:  # the hops are read from the store as they are written
            from .json_stream import write_json

            with suppress(BrokenPipeError):  # the reader stopped early (| head): app.main ends it quietly, exit 0
                write_json(result)
            return
        purposes = purpose_names(conn, result["hops"], lang)
    from . import plain
    from .lineage_views import where_tree

    plain.write(lambda: where_tree(result, lang, purposes=purposes))  # piped: without rich, same lines


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a walk builds its hundreds of thousands of tuples, sets and dicts
    (none of them in a cycle; each collection would go over all of them again): ~15% of `receives` on the large
    bench inventory."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def purpose_names(conn, hops: list[dict], lang: str) -> dict[str, str]:
    """The names of the purposes on these hops, in `lang` (the terminal shows names; --json keeps keys)."""
    from daicho.catalog.resolved.records import list_records

    keys = {p for hop in hops for p in hop.get("purposes") or []}
    if not keys:
        return {}
    first, second = ("ja", "en") if lang == "ja" else ("en", "ja")
    return {row["key"]: row["name"].get(first) or row["name"].get(second) or row["key"]
            for row in list_records(conn, "purposes", keys)}


def receives(node: NodeArgument, db: DbOption = None, at: AtOption = None, json_out: JsonOption = False,
             lang: LangOption = None) -> None:
    """What reaches a system or recipient: each item (or the item it was derived from), its origins and the
    shortest paths."""
    from daicho.catalog.lineage.where import receives as query

    show = None  # the terminal prints SHOW items: only those are worked out whole (--json: all)
    if not json_out:
        from .lineage_views import SHOW as show
    with open_db(db, at) as conn, _collector_paused():
        result = query(conn, node, show=show)
    if json_out:
        print_json(result)
        return
    from . import plain
    from .lineage_views import receives_tree

    plain.write(lambda: receives_tree(result, lang))


def path(
    source: Annotated[str, typer.Argument(metavar="A", help="Start node: key, name or prefix.", show_default=False)],
    target: Annotated[str, typer.Argument(metavar="B", help="End node: key, name or prefix.", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most N paths (shortest first).")] = 20,
    item: Annotated[str | None, typer.Option("--item", help="Follow only the flows of this item's trail.",
                                             show_default=False)] = None,
    db: DbOption = None,
    at: AtOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Every simple path from node A to node B, with the flows and items that make each hop."""
    from daicho.catalog.lineage.paths import paths_between

    with open_db(db, at) as conn:
        result = paths_between(conn, source, target, limit, item)
    if json_out:
        print_json(result)
        return
    from . import plain
    from .lineage_views import paths_view

    plain.write(lambda: paths_view(result, lang))


def holds(
    node: Annotated[str, typer.Argument(metavar="SYSTEM", help="System (or recipient): key, name or prefix.",
                                        show_default=False)],
    db: DbOption = None,
    at: AtOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """What a system holds: items stored, flows in, flows out, derivations made there."""
    from daicho.catalog.lineage.nodes import holds as query

    with open_db(db, at) as conn:
        result = query(conn, node)
        purposes = None if json_out else purpose_names(conn, result["flows_in"] + result["flows_out"], lang)
    if json_out:
        print_json(result)
        return
    from . import plain
    from .lineage_views_nodes import holds_view

    plain.write(lambda: holds_view(result, lang, purposes=purposes))  # piped: without rich, same lines


def abroad(db: DbOption = None, at: AtOption = None, json_out: JsonOption = False, lang: LangOption = None) -> None:
    """Every cross-border flow: items, country, recipient and foreign-transfer basis (APPI 28); flows without
    a valid basis first, highlighted."""
    if json_out:
        from daicho.catalog.lineage.nodes import abroad as query

        with open_db(db, at) as conn:
            print_json(query(conn))
        return
    from daicho.catalog.lineage.abroad_brief import abroad_brief

    from .lineage_views_nodes import _ORDER, abroad_table

    shown = 100  # flows the terminal lists; only these are read whole (a large inventory has 150,000)
    with open_db(db, at) as conn:
        result = abroad_brief(conn, _ORDER, shown)
    from . import plain

    plain.write(lambda: abroad_table(result, lang, shown))


def breach(
    node: NodeArgument,
    persons: Annotated[int | None, typer.Option("--persons", min=0, help="Persons affected (default: the largest "
                                                "estimate of the exposed items).", show_default=False)] = None,
    unlawful: Annotated[bool | None, typer.Option(
        "--unlawful/--no-unlawful-purpose", show_default=False,
        help="Rules 7(iii): the leak may have been caused by an act for an unlawful purpose (unauthorised access, "
             "theft, skimming), or that is ruled out. Not given: not known, so reportable unless ruled out.")] = None,
    encrypted: Annotated[bool, typer.Option("--encrypted", help="The leaked data was under advanced encryption "
                                            "(a recognised algorithm, the key kept apart); say also whether the key "
                                            "leaked. What the inventory records (security.encryption) counts "
                                            "without it.")] = False,
    key_leaked: Annotated[bool | None, typer.Option(
        "--key-leaked/--key-safe", show_default=False,
        help="Whether the decryption key leaked too; encrypted data is excluded only once the key is known "
             "safe.")] = None,
    in_transit: Annotated[bool, typer.Option("--in-transit", help="The leak is of information being acquired "
                                             "(web skimming at a collection point): only Rules 7(iii) reaches "
                                             "it, and encryption of stored data does not exclude it.")] = False,
    db: DbOption = None,
    at: AtOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """A leak at a system, recipient or collection point: items exposed, persons, the four criteria of Rules 7
    (each met, not met or not known), and whether a report to the PPC and a notice to the persons are due (APPI 26),
    with the deadlines and their sources."""
    from daicho.catalog.breach.triage import breach as assess
    from daicho.catalog.breach.words import breach_text

    with open_db(db, at) as conn:
        result = assess(conn, node, persons=persons, unlawful=unlawful, encrypted=encrypted, key_leaked=key_leaked,
                        in_transit=in_transit).to_data()
    if json_out:
        print_json(breach_text(result, lang))
        return
    from . import plain
    from .lineage_views_nodes import breach_view

    plain.write(lambda: breach_view(result, lang))  # piped: without rich, same lines


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    for command in (where, receives, path, holds, abroad, breach):
        app.command()(command)
