"""Every figure of issue 9, side by side in one run, with its target (`make bench`).

    python bench/run.py [--size large] [--seed 1] [--runs 20] [--slow-runs 3] [--long-runs 1]
                        [--only WORDS] [--skip-load] [--skip-pg] [--timer auto|hyperfine|own]

1. Generates the synthetic inventory (bench/generate.py) into bench/out/SIZE/ unless it is there, and the
   medium one (for the 1,000-node picture and the PostgreSQL comparison).
2. Load (`load`): `daicho load` of it into a new SQLite file (--load-runs), interleaved with the executemany
   floor of the same rows (bench/load_floor.py, --floor-runs); wall, CPU and peak memory of each run.
3. Queries (`fast`): the minimal typer app (the yardstick), `daicho --help`, `where` of the typical item and
   every read command on the Engoo example (`daicho demo`), side by side (--runs, 3 warm-up).
4. Slow queries (`slow`, --slow-runs): `where` of the busiest item (tree and --json), `receives` and `path` of
   the busy recipient, `abroad`, the diagrams (the whole map and the busiest item, aggregated; a 1,000-node
   picture of the medium inventory).
5. PostgreSQL (`pg`): the medium inventory loaded into SQLite and into a schema of its own on PostgreSQL
   (--pg-url), interleaved; then `where` of its typical item on both, side by side.
6. Long commands (`long`, --long-runs, own loop: one run gives wall, CPU and peak memory): `check` text / json /
   sarif, `ledger` csv / xlsx, `report`, its index.html opened in headless Chromium until painted (whole
   process, Chromium's start included: bench/open_page.py; left out when no Chromium is installed), `export` yaml.

hyperfine times steps 3 and 4 (and the `where` of step 5) when it is installed (then one more run of each gives
its peak memory); else, and always for the loads and step 6, bench/timing.py's own loop, which interleaves the
commands run by run.
--only takes words matched against the sections and command names (e.g. `--only where,engoo`).
Everything lands in bench/out/ (not in git): summary.md and summary.json with, for each figure, the median,
min–max, CPU, peak memory, the ratio to the typer app, the target and whether it is met; written again after
every section, so a run stopped half-way leaves what it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from cases import Case, cases, pg_reset, pg_url
from timing import has_hyperfine, own_loop, timed

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PYTHON = sys.executable
DAICHO = str(Path(PYTHON).parent / "daicho")
YARDSTICK = "minimal typer app"


def say(line: str) -> None:
    """Progress on stdout, as it happens."""
    print(line, flush=True)


def generate(size: str, seed: int) -> dict:
    """The synthetic inventory of `size` (made unless it is there) and its bench.json."""
    folder = OUT / size
    info_file = folder / "bench.json"
    if info_file.exists():
        info = json.loads(info_file.read_text())
        if info.get("seed") == seed:
            return info
    say(f"$ generate.py --size {size} --seed {seed}")
    subprocess.run([PYTHON, str(HERE / "generate.py"), "--size", size, "--seed", str(seed), "-o", str(folder)],
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(info_file.read_text())


def ensure_loaded(manifests: str, db: Path, url: str | None = None) -> None:
    """Load `manifests` into `db` unless it is loaded already (a query run without the load section)."""
    if url is None and db.exists():
        return
    say(f"$ daicho load {manifests} --db {url or db}")
    subprocess.run([DAICHO, "load", manifests, "--db", url or str(db)], check=True, stdout=subprocess.DEVNULL)


def floor_runs(store: Path, runs: int) -> dict:
    """The executemany floor of the rows in `store`, `runs` times (its timed part only)."""
    walls, cpus = [], []
    for _ in range(runs):
        done = subprocess.run([PYTHON, str(HERE / "load_floor.py"), str(store), str(OUT / "floor.db")],
                              check=True, capture_output=True, text=True)
        figures = json.loads(done.stdout)
        walls.append(figures["seconds"])
        cpus.append(figures["cpu"])
        say(f"  executemany floor: {figures['seconds']:.2f} s wall, {figures['cpu']:.2f} s CPU, "
            f"{figures['rows']} rows")
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls), "mean": statistics.fmean(walls),
            "cpu": statistics.fmean(cpus), "runs": runs, "timer": "in-process (load_floor.py)"}


def selected(case: Case, only: list[str]) -> bool:
    """Whether --only asks for this case (or nothing is asked)."""
    return not only or any(word in case.section or word in case.name for word in only)


def judge(results: dict[str, dict], all_cases: list[Case]) -> None:
    """Ratios to the typer app (wall and CPU) and each target: met or missed."""
    base = results.get(YARDSTICK)
    for case in all_cases:
        r = results.get(case.name)
        if r is None:
            continue
        if base:
            r["ratio"] = round(r["median"] / base["median"], 2)
            if r.get("cpu") and base.get("cpu"):
                r["cpu_ratio"] = round(r["cpu"] / base["cpu"], 2)
        verdicts = []
        for kind, value, *against in case.targets:
            if kind == "typer":
                got = r.get("ratio")
            elif kind == "of":
                other = results.get(against[0])
                got = round(r["median"] / other["median"], 2) if other else None
                r.setdefault("ratio_to", {})[against[0]] = got
                if other and r.get("cpu") and other.get("cpu"):
                    r.setdefault("cpu_ratio_to", {})[against[0]] = round(r["cpu"] / other["cpu"], 2)
            elif kind == "s":
                got = r["median"]
            else:  # "mb"
                got = r.get("peak_mb")
            verdicts.append(None if got is None else got <= value)
        r["target"] = case.target_text()
        r["met"] = None if not verdicts or None in verdicts else all(verdicts)


def seconds(value: float) -> str:
    """A time as it reads best: ms under 10 s, else s (min and s past 2 minutes)."""
    if value < 10:
        return f"{value * 1000:.0f} ms"
    if value < 120:
        return f"{value:.1f} s"
    return f"{int(value // 60)} min {value % 60:.0f} s"


def write_summary(summary: dict, all_cases: list[Case]) -> str:
    """summary.json and summary.md; returns the markdown."""
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    results = summary["results"]
    lines = [f"# daicho benchmarks, {summary['date']} ({summary['machine']})", "",
             f"Inventory: {summary['size']}, seed {summary['seed']}: " + ", ".join(
                 f"{v:,} {k.replace('_', ' ')}" for k, v in summary["inventory"].items()) + ".",
             f"Load average at the start {summary['load_average'][0]}, at the end {summary['load_average'][1]}.",
             "", "| section | command | runs | median | min–max | CPU | peak RSS | × typer (CPU) | target | met |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for case in all_cases:
        r = results.get(case.name)
        if r is None:
            continue
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else ""
        ratio += f" ({r['cpu_ratio']:.2f})" if "cpu_ratio" in r else ""
        for other, value in (r.get("ratio_to") or {}).items():
            cpu_to = (r.get("cpu_ratio_to") or {}).get(other)
            ratio += f"; {value:.2f}×{f' ({cpu_to:.2f})' if cpu_to else ''} {other}" if value is not None else ""
        met = {True: "met", False: "**missed**", None: ""}[r.get("met")]
        peak = f"{r['peak_mb']:,} MB" if "peak_mb" in r else ""
        cpu = seconds(r["cpu"]) if "cpu" in r else ""
        lines.append(f"| {case.section} | `{case.name}` | {r['runs']} | {seconds(r['median'])} | "
                     f"{seconds(r['min'])}–{seconds(r['max'])} | {cpu} | {peak} | {ratio} | {r.get('target', '')} "
                     f"| {met} |")
    lines += ["", "Timers: " + ", ".join(sorted({r['timer'] for r in results.values()})) + ". Ratios are of medians "
              "of wall time (CPU in brackets: compare those when the machine is busy)."]
    text = "\n".join(lines) + "\n"
    (OUT / "summary.md").write_text(text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=20, help="runs of each fast query (side by side)")
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of each slow query")
    parser.add_argument("--long-runs", type=int, default=1, help="runs of check, ledger, report, export")
    parser.add_argument("--load-runs", type=int, default=1)
    parser.add_argument("--floor-runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated words: sections (load, fast, engoo, slow, "
                        "long, pg) or parts of command names")
    parser.add_argument("--skip-load", action="store_true", help="no load timing (the stores are loaded if missing)")
    parser.add_argument("--skip-pg", action="store_true", help="no PostgreSQL comparison")
    parser.add_argument("--pg-url", default=os.environ.get("DAICHO_BENCH_PG_URL",
                                                           "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--pg-schema", default="daicho_bench")
    parser.add_argument("--timer", default="auto", choices=["auto", "hyperfine", "own"])
    args = parser.parse_args(argv)
    use_hyperfine = args.timer == "hyperfine" or (args.timer == "auto" and has_hyperfine())
    if args.timer == "hyperfine" and not has_hyperfine():
        sys.exit("hyperfine is not installed (apt-get install hyperfine), or use --timer own")
    OUT.mkdir(exist_ok=True)
    (OUT / "review").mkdir(exist_ok=True)
    only = [w.strip() for w in args.only.split(",") if w.strip()]
    started = os.getloadavg()[0]

    # the .pyc files of daicho's own modules (an editable install under PYTHONDONTWRITEBYTECODE would compile
    # them from source on every run and time the compiler, not daicho; `make bytecode` does the same)
    subprocess.run([PYTHON, "-m", "compileall", "-q", *(str(HERE.parent / d) for d in ("catalog", "inventory", "cli"))],
                   check=True, stdout=subprocess.DEVNULL)
    info = generate(args.size, args.seed)
    medium = generate("medium", args.seed)
    db, medium_db, engoo = OUT / f"{args.size}.db", OUT / "medium.db", OUT / "engoo"
    manifests, medium_manifests = str(OUT / args.size / "manifests"), str(OUT / "medium" / "manifests")
    subprocess.run([DAICHO, "demo", "--out", str(engoo)], check=True, stdout=subprocess.DEVNULL)
    pg = pg_url(args.pg_url, args.pg_schema)
    all_cases = cases(DAICHO, PYTHON, HERE, OUT, info, medium, db, medium_db, engoo, args.pg_url, args.pg_schema)
    skipped = ({"load"} if args.skip_load else set()) | ({"pg"} if args.skip_pg else set())
    wanted = [c for c in all_cases if selected(c, only) and c.section not in skipped]
    wanted_sections = {c.section for c in wanted}
    if wanted and YARDSTICK not in {c.name for c in wanted}:  # every ratio needs the yardstick
        wanted.insert(0, next(c for c in all_cases if c.name == YARDSTICK))
    results: dict[str, dict] = {}

    def written() -> str:
        """summary.md / summary.json of what is measured so far (after every section: a run stopped half-way
        still leaves its figures)."""
        summary = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),  # noqa: UP017
                   "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
                   "size": args.size, "seed": args.seed, "inventory": info["counts"],
                   "typical_item": info["typical_item"], "busiest_item": info["busiest_item"],
                   "load_average": [round(started, 2), round(os.getloadavg()[0], 2)],
                   "timer": "hyperfine" if use_hyperfine else "own loop", "results": results}
        judge(results, all_cases)
        return write_summary(summary, all_cases)

    if "load" in wanted_sections:
        results |= own_loop([c.command for c in wanted if c.kind == "load" and c.section == "load"], args.load_runs,
                            0, say)
        results["executemany floor"] = floor_runs(db, args.floor_runs)
        written()
    ensure_loaded(manifests, db)
    ensure_loaded(medium_manifests, medium_db)
    for kind, runs, warmup in (("fast", args.runs, 3), ("slow", args.slow_runs, 0)):
        group = [c.command for c in wanted if c.kind == kind and c.section != "pg"]
        results |= timed(group, runs, warmup, OUT, f"hyperfine-{kind}", use_hyperfine, say)
        written()
    pg_cases = [c for c in wanted if c.section == "pg"]
    if pg_cases:  # the loads interleaved (each into a new store); then where on both, side by side
        loads = [c.command for c in pg_cases if c.kind == "load"]
        results |= own_loop(loads, args.load_runs, 0, say)
        if not loads:
            pg_reset(args.pg_url, args.pg_schema)
            ensure_loaded(medium_manifests, medium_db, pg)
        queries = [c.command for c in pg_cases if c.kind == "fast"]
        results |= timed(queries, args.runs, 3, OUT, "hyperfine-pg", use_hyperfine, say)
        written()
    for case in (c for c in wanted if c.kind == "long"):  # the longest last, one summary after each
        results |= own_loop([case.command], args.long_runs, 0, say)
        written()
    print(written())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
