"""The commands bench/run.py times (issue 9's table) and their targets.

A target is a tuple: ("typer", 1.2) the median at most 1.2 times the minimal typer app's; ("of", 1.5, NAME) at
most 1.5 times the median of the command NAME; ("s", 60) a median of at most 60 s; ("mb", 2048) a peak
resident memory of at most 2,048 MB.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from open_page import find_chromium
from timing import Command

#: the busy recipient of the large inventory (271 items reach it; it operates systems of its own) and a
#: collection point with a path to it, as issue 9 measured them
BUSY_RECIPIENT = "rcp-0205"
PATH_FROM = "cp-0000"
#: an item of the medium inventory whose picture has about 1,000 nodes (840 boxes, 1,318 arrows: sfdp)
PICTURE_ITEM = "device-id"


def pg_url(base: str, schema: str) -> str:
    """`base` working in `schema` (as tests/conftest.py isolates its runs)."""
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def pg_reset(base: str, schema: str) -> None:
    """Drop and create `schema` on PostgreSQL (a new, empty store)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


@dataclass
class Case:
    """A command in the table: its section (load, fast, engoo, slow, long, pg), how it is timed (kind: load,
    fast, slow, long) and its targets."""

    section: str
    kind: str
    command: Command
    targets: list[tuple] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.command.name

    def target_text(self) -> str:
        """The targets in words."""
        words = {"typer": lambda v, *_: f"≤ {v}× typer", "of": lambda v, other: f"≤ {v}× {other}",
                 "s": lambda v, *_: f"≤ {v} s", "mb": lambda v, *_: f"≤ {v / 1024:g} GB"}
        return ", ".join(words[kind](value, *rest) for kind, value, *rest in self.targets)


def cases(daicho: str, python: str, here: Path, out: Path, info: dict, medium: dict, db: Path, medium_db: Path,
          engoo: Path, pg_base: str, pg_schema: str) -> list[Case]:
    """Every command of the table, in the order the summary lists them."""
    pg = pg_url(pg_base, pg_schema)
    review = out / "review"
    e = str(engoo / "daicho.db")
    large, typical, busiest = str(db), info["typical_item"], info["busiest_item"]

    def d(name: str, *args: str, on: str = large, ok: tuple[int, ...] = (0,)) -> Command:
        return Command(name, [daicho, *args, "--db", on], ok=ok)

    def remove(path: Path):
        return lambda: path.unlink(missing_ok=True)

    def pg_fresh():
        pg_reset(pg_base, pg_schema)

    def pack_made():  # the page the report case writes (made here when that case was not run)
        if not (review / "pack" / "index.html").exists():
            subprocess.run([daicho, "report", "-o", str(review / "pack"), "--force", "--db", large], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    load = Command("daicho load", [daicho, "load", str(out / info["size"] / "manifests"), "--db", large],
                   prepare=remove(db))
    serial_db = out / f"{info['size']}-one-process.db"
    load_serial = Command("daicho load, one process", [daicho, "load", str(out / info["size"] / "manifests"), "--db",
                                                       str(serial_db)],
                          prepare=remove(serial_db), env={"DAICHO_LOAD_WORKER": "0"})
    check_ok = (0, 1)  # exit 1: findings
    out_cases = [
        Case("fast", "fast", Command("minimal typer app", [python, str(here / "minimal_typer_app.py"), "x"])),
        Case("fast", "fast", Command("daicho --help", [daicho, "--help"])),
        Case("fast", "fast", d(f"where {typical} (typical)", "where", typical), [("typer", 1.2)]),
        Case("load", "load", load, [("of", 1.5, "executemany floor"), ("mb", 2048)]),
        Case("load", "load", load_serial),  # the same load without its worker (inventory/pipeline.py)
        Case("load", "floor", Command("executemany floor", [python, str(here / "load_floor.py")])),
        Case("slow", "slow", d(f"where {busiest} (busiest)", "where", busiest), [("typer", 4)]),
        Case("slow", "slow", d(f"where {busiest} --json", "where", busiest, "--json")),
        Case("slow", "slow", d(f"receives {BUSY_RECIPIENT}", "receives", BUSY_RECIPIENT), [("typer", 6)]),
        Case("slow", "slow", d(f"path {PATH_FROM} {BUSY_RECIPIENT}", "path", PATH_FROM, BUSY_RECIPIENT),
             [("typer", 6)]),
        Case("slow", "slow", d("abroad", "abroad"), [("typer", 10)]),
        Case("slow", "slow", d("diagram --all", "diagram", "--all", "-o", str(review / "map.svg")), [("s", 30)]),
        Case("slow", "slow", d(f"diagram --item {busiest}", "diagram", "--item", busiest, "-o",
                               str(review / "busiest.svg")), [("s", 30)]),
        Case("slow", "slow", d(f"diagram --item {PICTURE_ITEM} (medium, ~1,000 nodes)", "diagram", "--item",
                               PICTURE_ITEM, "-o", str(review / "picture.svg"), on=str(medium_db)), [("s", 5)]),
        Case("long", "long", d("check", "check", ok=check_ok), [("s", 60), ("mb", 2048)]),
        Case("long", "long", d("check -f json", "check", "-f", "json", ok=check_ok), [("s", 60), ("mb", 2048)]),
        Case("long", "long", d("check -f sarif", "check", "-f", "sarif", ok=check_ok), [("s", 60), ("mb", 2048)]),
        Case("long", "long", d("ledger --format csv", "ledger", "--format", "csv", "-o", str(review / "ledger.csv")),
             [("s", 30)]),
        Case("long", "long", d("ledger --format xlsx", "ledger", "--format", "xlsx", "-o",
                               str(review / "ledger.xlsx")), [("s", 60)]),
        Case("long", "long", d("report", "report", "-o", str(review / "pack"), "--force"), [("s", 120), ("mb", 2048)]),
        *([Case("long", "long", Command("report's index.html in Chromium", [python, str(here / "open_page.py"),
                                                                           str(review / "pack" / "index.html")],
                                        prepare=pack_made), [("s", 5)])] if find_chromium() else []),
        Case("long", "long", d("export -f yaml", "export", "-f", "yaml", "-o", str(review / "export.yaml")),
             [("s", 30), ("mb", 2048)]),
    ]
    engoo_reads = [("where email", "where", "email"), ("receives support_desk_ph", "receives", "support_desk_ph"),
                   ("path registration_form support_desk_ph", "path", "registration_form", "support_desk_ph"),
                   ("holds member_db", "holds", "member_db"), ("abroad", "abroad"), ("list items", "list", "items"),
                   ("show member_db", "show", "member_db"), ("breach member_db", "breach", "member_db"),
                   ("check", "check")]
    for name, *args in engoo_reads:
        out_cases.append(Case("engoo", "fast", d(f"{name} (Engoo)", *args, on=e, ok=check_ok if args == ["check"]
                                                 else (0,)), [("typer", 1.2)]))
    medium_typical = medium["typical_item"]
    out_cases += [
        Case("pg", "load", Command("daicho load (SQLite, medium)", [daicho, "load", str(out / "medium" / "manifests"),
                                                                   "--db", str(medium_db)], prepare=remove(medium_db))),
        Case("pg", "load", Command("daicho load (PostgreSQL)", [daicho, "load", str(out / "medium" / "manifests"),
                                                               "--db", pg], prepare=pg_fresh),
             [("of", 1.5, "daicho load (SQLite, medium)")]),
        Case("pg", "fast", d(f"where {medium_typical} (SQLite, medium)", "where", medium_typical, on=str(medium_db))),
        Case("pg", "fast", d(f"where {medium_typical} (PostgreSQL)", "where", medium_typical, on=pg),
             [("of", 1.5, f"where {medium_typical} (SQLite, medium)")]),
    ]
    return out_cases
