"""The demo: load a bundled example into a folder and gather a short tour of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from daicho.catalog.lineage.where import where
from daicho.catalog.resolved import load
from daicho.catalog.resolved.records import counts, organization
from daicho.inventory.db import ReadDB
from daicho.inventory.errors import make_folder


def run_demo(out: Path, example: str = "engoo", files: bool = True, lang: str = "ja") -> dict[str, Any]:
    """Load the bundled `example` into OUT/daicho.db (replacing it) and return the tour (language-neutral: keys,
    codes and the records' names in both languages; `cli.views.tour_view` says it).

    With `files`, also write the card-number lineage and the whole map (OUT/diagrams/, SVG and PNG,
    English and Japanese) and the audit pack in `lang` (OUT/audit/index.html with the ledger, checks and SARIF).
    """
    from daicho.examples import example_path
    from daicho.inventory.errors import DaichoError, ManifestError
    from daicho.inventory.store import Store, resolve_url
    from daicho.inventory.validate import validate_paths

    try:
        source = example_path(example)
    except KeyError:
        from daicho.catalog.words import phrase

        raise DaichoError(phrase("no bundled example '{example}' (there are: engoo, engoo-2014)",
                                 example=example)) from None
    make_folder(out)
    result = validate_paths([source])
    if not result.ok:
        raise ManifestError(result.problems)
    db = out / "daicho.db"
    url = resolve_url(str(db))
    load(Store(url), result)
    with ReadDB(url) as conn:
        org = organization(conn)
        item = tour_item(conn)
        card = conn.value("SELECT key FROM item WHERE financial = :t ORDER BY key LIMIT 1", {"t": True})
        contractor = conn.value(  # the contractor the card number goes to: its breach meets Rules 7(ii)
            "SELECT e.dst FROM lineage_edge e JOIN recipient r ON r.key = e.dst WHERE e.item = :c "
            "AND r.kind = 'contractor' ORDER BY e.dst LIMIT 1", {"c": card})
        tour = {
            "example": example,
            "db": str(db),
            "organization": (org or {}).get("name", {}).get("en") or "",
            "organization_names": (org or {}).get("name") or {},
            "counts": {k: v for k, v in counts(conn).items() if v},
            "item": item,
            "files": [],
            "try": [*_path_hint(), f"export DAICHO_DB={db}", *([f"export DAICHO_LANG={lang}"] if lang != "en" else []),
                    f"daicho where {card or item['key']}",
                    f"daicho show {item['key']}",
                    *([f"daicho breach {contractor}"] if contractor else []), "daicho abroad",
                    "daicho check", "daicho ledger -o ledger.xlsx"],
        }
    if files:
        from daicho.catalog.diagram.source import write_demo_diagrams
        from daicho.catalog.review.report import write_report

        tour["files"] = [str(p) for p in write_demo_diagrams(url, out) if p.suffix in (".svg", ".png")]
        write_report(url, out / "audit", lang)
        tour["files"].append(str(out / "audit" / "index.html"))
    return tour


def tour_item(conn: ReadDB) -> dict[str, Any]:
    """The email address (or the most widely flowing item): its purposes and every recipient its trail reaches
    (`catalog.lineage.where`), with the basis of the hop that reaches it."""
    rows = conn.rows("SELECT key, name_en FROM item WHERE key LIKE '%email%' ORDER BY length(key) LIMIT 1") or \
        conn.rows("SELECT item AS key, count(*) AS n FROM flow_item GROUP BY item ORDER BY n DESC LIMIT 1")
    key = rows[0]["key"]
    named = conn.rows("SELECT name_en, name_ja FROM item WHERE key = :k", {"k": key})[0]
    purposes = conn.rows(
        "SELECT p.name_en, p.name_ja FROM item_purpose ip JOIN purpose p ON p.key = ip.purpose WHERE ip.item = :k "
        "ORDER BY ip.position", {"k": key})
    result = where(conn, key)
    hops = {h["flow"]: h for h in result["hops"]}
    recipients = []
    for node in result["nodes"]:
        if node["kind"] != "recipient":
            continue
        last = hops[node["paths"][0][-1]] if node["paths"] else None
        recipients.append({"to": node["key"], "kind": node["subkind"], "country": node["country"],
                           "basis": last["basis"] if last else None, "hops": node["hops"]})
    recipients.sort(key=lambda r: (r["hops"], r["to"]))
    return {"key": key, "name": named["name_en"], "names": {"en": named["name_en"], "ja": named["name_ja"]},
            "purposes": [p["name_en"] for p in purposes],
            "purpose_names": [{"en": p["name_en"], "ja": p["name_ja"]} for p in purposes], "recipients": recipients}


def _path_hint() -> list[str]:
    """`export PATH=…` when the `daicho` command is not on PATH (e.g. right after `make demo`)."""
    import shutil
    import sys
    from pathlib import Path

    if shutil.which("daicho"):
        return []
    return [f"export PATH={Path(sys.executable).parent}:$PATH"]
