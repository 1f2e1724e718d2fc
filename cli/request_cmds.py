"""`daicho request`: what a request from a person (APPI 33-35) touches, read from the inventory."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from .options import AtOption, DbOption, JsonOption, LangOption, open_db
from .output import console, print_json


class Kind(StrEnum):
    disclosure = "disclosure"
    correction = "correction"
    stop = "stop"
    deletion = "deletion"


def request(
    kind: Annotated[Kind, typer.Argument(help="disclosure (APPI 33), correction (34), stop of use or deletion (35).",
                                         show_default=False)],
    subject: Annotated[str, typer.Option("--subject", help="Subject category (key), e.g. members.",
                                         show_default=False)],
    items: Annotated[str | None, typer.Option("--items", help="Only these items (comma-separated keys).",
                                              show_default=False)] = None,
    db: DbOption = None,
    at: AtOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """What a request from a person of a subject category touches: the retained personal data, where each item
    is kept and whom to ask, the contractors holding it, provision records to disclose (33(5)), the procedure and
    contact, and the Act's deadline ("without delay")."""
    from daicho.catalog.review.requests import person_request
    from daicho.catalog.words.said import said

    wanted = [i.strip() for i in items.split(",") if i.strip()] if items else None
    with open_db(db, at) as conn:
        result = person_request(conn, kind.value, subject, wanted, lang)
    if json_out:
        print_json(said(result, lang))  # codes as they are; the duty, deadline and reasons in `lang`
        return
    from .request_views import request_view

    console().print(request_view(result, lang))


def register(app: typer.Typer) -> None:
    app.command()(request)
