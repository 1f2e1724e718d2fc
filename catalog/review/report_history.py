"""The audit pack's history part: the review log and the changes since the last review (the diff of the
version the last review saw and the latest one), gathered from the store and rendered as escaped HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from daicho.catalog.review.report_html import esc, table
from daicho.catalog.words import N_, t

if TYPE_CHECKING:
    from daicho.catalog.review.report_data import ReportData

_W = {
    "title": N_("Reviews and changes since the last review"),
    "log": N_("Review log"), "none": N_("No review is recorded (daicho review --by NAME)."),
    "head": (N_("No."), N_("Reviewed at"), N_("By"), N_("Records"), N_("Version"), N_("Note")),
    "whole": N_("whole inventory"),
    "since": N_("Changes since review {n} (version {old} → version {new})"),
    "reached_gained": N_("now reaches"), "reached_lost": N_("no longer reaches"),
    "countries_gained": N_("new countries"), "countries_lost": N_("countries dropped"),
    "unchanged": N_("No change since the last review."),
    "no_version": N_("The last review names no stored version: changes cannot be shown."),
    "kinds": (N_("Change"), N_("Records")),
    "added": N_("added"), "removed": N_("removed"), "changed": N_("records|changed"),
    "lineage": N_("lineage"),
}


def w(name: str, lang: str, **params: Any) -> Any:
    """A word of the section in `lang` (a tuple of words for a table's header)."""
    text = _W[name]
    if isinstance(text, tuple):
        return tuple(_bare(t(lang, part)) for part in text)
    return _bare(t(lang, text, **params))


def _bare(said: str) -> str:
    """A word without the context its message id carries before a bar ("records|changed": changed)."""
    return said.split("|", 1)[1] if "|" in said else said


def _when(stamp: str, lang: str) -> str:
    """When a review was recorded: as stored (ISO 8601) in English, the date in the page's form otherwise."""
    import datetime as dt

    from daicho.catalog.review.report_words import day

    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    if lang == "en":
        return stamp
    said = f"{day(moment.date(), lang)} {moment:%H:%M:%S}"
    offset = moment.utcoffset()
    if offset is None:
        return said
    return f"{said} UTC" if not offset else f"{said} (UTC{moment:%z})"


def gather(url: str) -> dict[str, Any]:
    """The review log and, when a later version exists, the diff since the last review's version."""
    from daicho.catalog.review.review_log import reviews
    from daicho.inventory.db import ReadDB

    with ReadDB(url) as db:
        log = reviews(db)
        latest = db.value("SELECT MAX(number) FROM history_version")
    since = None
    if log and log[-1]["version"] and latest and latest > log[-1]["version"]:
        from daicho.catalog.diff.compare import compare
        from daicho.catalog.diff.states import history_versions, version_state

        known = history_versions(url)
        since = compare(version_state(url, str(log[-1]["version"]), known), version_state(url, str(latest), known))
    return {"reviews": log, "since": since, "latest": latest}


def body(data: ReportData) -> str:
    """The section's HTML."""
    lang, part = data.lang, data.history
    if part is None:
        return f"<p>{esc(w('none', lang))}</p>"
    log = part["reviews"]
    out = [f"<h3>{esc(w('log', lang))}</h3>"]
    if not log:
        out.append(f"<p>{esc(w('none', lang))}</p>")
        return "".join(out)
    rows = [[r["number"], _when(r["reviewed_at"], lang), r["reviewer"],
             r["selector"] or f"{w('whole', lang)} ({len(r['keys'])})", r["version"], r["note"]] for r in log]
    out.append(table(w("head", lang), rows, numeric=(0, 4)))
    last = log[-1]
    since = part["since"]
    if not last["version"]:
        out.append(f"<p>{esc(w('no_version', lang))}</p>")
    elif since is None:
        out.append(f"<p>{esc(w('unchanged', lang))}</p>")
    else:
        out.append(f"<h3>{esc(w('since', lang).format(n=last['number'], old=last['version'], new=part['latest']))}"
                   "</h3>")
        records = since["records"]
        shown = ("reached_gained", "reached_lost", "countries_gained", "countries_lost")
        lineage_lines = [f"{i['item']}: " + "; ".join(f"{w(name, lang)} {', '.join(i[name])}"
                                                      for name in shown if i[name])
                         for i in since["lineage"]["items"]]
        rows = [[w("added", lang), records["added"]], [w("removed", lang), records["removed"]],
                [w("changed", lang), [c["key"] + ": " + ", ".join(f["field"] for f in c["fields"])
                                      for c in records["changed"]]],
                [w("lineage", lang), lineage_lines]]
        out.append(table(w("kinds", lang), [r for r in rows if r[1]]))
    return "".join(out)
