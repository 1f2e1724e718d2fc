"""The review log (JIS Q 15001 A.3.3.1 / 6.1: the ledger reviewed at least yearly, with records of it).

`daicho review` records who reviewed which records, when, with a note, and on which stored version
(table `review`, kept across loads). The 12-month check (DAI002) reads `last_reviews`; the audit pack shows the
log and the changes since the last review.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from daicho.inventory.db import ReadDB, decode


def record_review(url: str, reviewer: str, selector: str | None, note: str | None,
                  when: dt.datetime | None = None) -> dict[str, Any]:
    """Record a review of the records `selector` selects (None: the whole inventory) at the latest version."""
    from daicho.catalog.words import phrase
    from daicho.inventory.errors import DaichoError
    from daicho.inventory.store import Store

    if not reviewer.strip():
        raise DaichoError(phrase("--by names who reviewed; it cannot be empty"))
    with ReadDB(url) as db:
        if selector:
            from daicho.catalog.lineage.selectors import select_keys

            keys = sorted(select_keys(db, selector))
        else:
            keys = [r["key"] for r in db.rows("SELECT key FROM node UNION SELECT key FROM flow ORDER BY 1")]
        version = db.value("SELECT MAX(number) FROM history_version")
    moment = (when or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    entry = {"reviewed_at": moment, "reviewer": reviewer, "note": note, "selector": selector, "keys": keys,
             "version": version}
    from daicho.inventory import tables
    from sqlalchemy import text
    from sqlmodel import SQLModel

    with Store(url).engine.begin() as conn:
        number = int(conn.execute(text("SELECT COALESCE(MAX(number), 0) + 1 FROM review")).scalar())
        conn.execute(SQLModel.metadata.tables[tables.ReviewRow.__tablename__].insert(), {"number": number, **entry})
    return {"number": number, **entry}


def reviews(db: ReadDB) -> list[dict[str, Any]]:
    """Every recorded review, oldest first."""
    rows = db.rows("SELECT number, reviewed_at, reviewer, note, selector, keys, version FROM review ORDER BY number")
    for row in rows:
        row["keys"] = decode(row["keys"]) or []
    return rows


def last_reviews(db: ReadDB) -> dict[str, dt.date]:
    """The date each record was last reviewed according to the log."""
    out: dict[str, dt.date] = {}
    for review in reviews(db):
        day = dt.date.fromisoformat(review["reviewed_at"][:10])
        for key in review["keys"]:
            if key not in out or out[key] < day:
                out[key] = day
    return out
