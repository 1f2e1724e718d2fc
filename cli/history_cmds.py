"""Commands over time: history, diff, upgrade, review (issue 12). Each calls the library and hands the result
to a renderer (cli.history_views) or prints JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import DbOption, JsonOption, LangOption, store_url
from .output import console, print_json


def history(
    db: DbOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Every stored version of the inventory: number, time, label and note, source (paths, git commit), size."""
    from daicho.catalog.diff.states import history_versions

    versions = history_versions(store_url(db))
    if json_out:
        print_json(versions)
        return
    from .history_views import history_table

    console().print(history_table(versions, lang))


def upgrade(db: DbOption = None, lang: LangOption = None) -> None:
    """Upgrade a store written by an earlier daicho to this daicho's schema, in one transaction."""
    from daicho.catalog.resolved.build import resolved_rows
    from daicho.inventory.store import Store, resolve_url

    store = Store(resolve_url(db))
    store.require()
    found = store.upgrade(resolved_rows)
    from daicho.catalog.words import t

    from .output import text

    console().print(text(t(lang, "{store}: upgraded from schema version {found}", store=store.shown_url, found=found)
                         if found else t(lang, "{store}: already at this daicho's schema version",
                                         store=store.shown_url)))


def diff(
    old: Annotated[str | None, typer.Argument(help="Stored version (number, -1, date) or manifest path; "
                                              "with --git, the manifest folder.", show_default=False)] = None,
    new: Annotated[str | None, typer.Argument(help="Stored version or manifest path (default: the latest "
                                              "version).", show_default=False)] = None,
    git: Annotated[list[str] | None, typer.Option("--git", help="A git revision of the manifest folder (OLD); "
                                                  "twice: compare two revisions.", show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or md (Markdown for a pull-request comment).")
                   ] = "text",
    evidence: Annotated[bool, typer.Option("--evidence", help="List changes of evidence citations too.")] = False,
    db: DbOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """What changed between two states of the inventory: records added, removed, changed field by field, and
    lineage per item (nodes reached, countries, recipients, bases, transfers abroad). Exit 0 when equal,
    1 when different, 2 on error."""
    from daicho.inventory.errors import DaichoError

    try:
        from daicho.catalog.diff.compare import compare

        before, after = _states(old, new, git or [], db)
        result = compare(before, after)
    except DaichoError as exc:
        exc.exit_code = 2
        raise
    if json_out:
        print_json(result)
    elif fmt == "md":
        import sys

        from .history_views import diff_markdown

        sys.stdout.write(diff_markdown(result, lang, evidence))
    else:
        from .history_views import diff_text

        console().print(diff_text(result, lang, evidence))
    raise typer.Exit(0 if result["equal"] else 1)


def _states(old: str | None, new: str | None, revisions: list[str], db: str | None):
    """The two states to compare, from the arguments."""
    from daicho.catalog.diff.states import RevisionError, git_state, history_versions, path_state, version_state
    from daicho.catalog.words import phrase

    if revisions:
        if len(revisions) > 2:
            raise RevisionError(phrase("--git takes one or two revisions"))
        folder = Path(old or ".")
        before = git_state(revisions[0], folder)
        after = git_state(revisions[1], folder) if len(revisions) == 2 else path_state([folder])
        return before, after
    cache: dict[str, list] = {}

    def state(token: str):
        if Path(token).exists() and not token.lstrip("-").isdigit():
            return path_state([Path(token)])
        url = store_url(db)
        if url not in cache:
            cache[url] = history_versions(url)
        return version_state(url, token, cache[url])

    if old is None:
        return state("-1"), state("0")
    return state(old), state(new if new is not None else "0")


def review(
    by: Annotated[str, typer.Option("--by", help="Who reviewed (name or role).", show_default=False)],
    select: Annotated[str | None, typer.Option("--select", "-s", help="Records reviewed (selector grammar; "
                                               "default: the whole inventory).", show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", help="What was reviewed, found or decided.")] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Record a review of the inventory (JIS Q 15001: at least yearly): who, when, which records, on which
    version. The 12-month review checks read these records."""
    from daicho.catalog.review.review_log import record_review

    entry = record_review(store_url(db), by, select, note)
    if json_out:
        print_json(entry)
        return
    from daicho.catalog.words import t

    from .output import text

    what = (t(lang, "{n} records ({selector})", n=len(entry["keys"]), selector=entry["selector"])
            if entry["selector"] else t(lang, "the whole inventory"))
    console().print(text(t(lang, "Review {number} recorded: {reviewer} reviewed {what} at version {version} on "
                              "{date}", number=entry["number"], reviewer=entry["reviewer"], what=what,
                           version=entry["version"], date=entry["reviewed_at"])))


def register(app: typer.Typer) -> None:
    app.command()(history)
    app.command()(diff)
    app.command()(upgrade)
    app.command()(review)
