"""Benchmarks of daicho as whole processes, with hyperfine and /usr/bin/time -v (`make bench`).

    python bench/run.py [--size large] [--seed 1] [--runs 30] [--load-runs 3] [--skip-load]

1. Generates the synthetic inventory (bench/generate.py) into bench/out/SIZE/ unless it is there.
2. Load: `daicho load` of it into a fresh SQLite file, timed by hyperfine (--load-runs runs), and once
   under /usr/bin/time -v for the peak memory (maximum resident set size).
3. Queries, side by side in one hyperfine run: a minimal typer app with one command (the yardstick),
   `daicho --help`, `daicho where` of the typical and of the busiest item on the large inventory,
   and `daicho where email` on the Engoo example (`daicho demo`). Before `where` existed the same
   ran `daicho show`. A query slower than 3 s is timed in a second hyperfine run with --slow-runs runs.
   Also the whole-inventory outputs (`review_commands`): `daicho ledger` CSV and XLSX, `daicho report`,
   `daicho diagram --all` and `--item` of the busiest item (aggregated past 1,000 nodes), each with its
   peak memory from one run under /usr/bin/time -v; and the ledger and map of the Engoo example. And
   `daicho check` (text, JSON, SARIF) and `daicho export` (YAML, JSON) of the whole inventory
   (`check_export_commands`), with their peak memory.
4. Import profile of one `daicho where` process (python -X importtime), the biggest imports first.

Everything lands in bench/out/ (not in git): hyperfine's JSON and markdown, time -v's report, and
summary.md / summary.json with medians, min–max and the ratio of each query to the typer app.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
DAICHO = str(BIN / "daicho")
PYTHON = sys.executable


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def generate(size: str, seed: int) -> dict:
    folder = OUT / size
    info_file = folder / "bench.json"
    if info_file.exists():
        info = json.loads(info_file.read_text())
        if info.get("seed") == seed:
            return info
    run([PYTHON, str(HERE / "generate.py"), "--size", size, "--seed", str(seed), "-o", str(folder)])
    return json.loads(info_file.read_text())


def hyperfine(name: str, commands: dict[str, str], runs: int, warmup: int, prepare: str | None = None,
              shell: bool = False) -> dict[str, dict]:
    """Run hyperfine on named commands; returns {name: {median, min, max, mean, runs}} in seconds."""
    exported = OUT / f"{name}.json"
    command = ["hyperfine", "--runs", str(runs), "--warmup", str(warmup), "--style", "basic",
               "--export-json", str(exported), "--export-markdown", str(OUT / f"{name}.md")]
    if not shell:
        command.append("-N")
    if prepare:
        command += ["--prepare", prepare]
    for label, line in commands.items():
        command += ["--command-name", label, line]
    run(command)
    results = json.loads(exported.read_text())["results"]
    return {r["command"]: {k: r[k] for k in ("median", "min", "max", "mean")} | {"runs": len(r["times"])}
            for r in results}


def peak_memory(command: list[str], report_name: str = "load-time-v.txt") -> dict:
    """Elapsed seconds and peak resident memory of one run, from /usr/bin/time -v."""
    report = OUT / report_name
    with report.open("w") as err:
        run(["/usr/bin/time", "-v", *command], stdout=subprocess.DEVNULL, stderr=err)
    text = report.read_text()
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text).group(1)
    seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(clock.split(":"))))
    return {"peak_mb": round(peak_kb / 1024), "seconds": round(seconds, 2)}


def _seconds(line: str) -> float:
    """How long one run of a command line takes (a first look, to pick its number of runs)."""
    started = time.perf_counter()
    subprocess.run(shlex.split(line), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def has_where() -> bool:
    done = subprocess.run([DAICHO, "where", "--help"], capture_output=True)
    return done.returncode == 0


def import_profile(command: list[str], top: int = 15) -> list[tuple[str, float]]:
    """The biggest imports (cumulative µs) of one process, from python -X importtime."""
    done = subprocess.run([PYTHON, "-X", "importtime", *command], capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match and len(match.group(3)) <= 3:  # top-level and first-level imports
            rows.append((match.group(4), int(match.group(2)) / 1000))
    (OUT / "importtime.txt").write_text(done.stderr)
    return sorted(rows, key=lambda r: -r[1])[:top]


#: the whole-inventory outputs whose peak memory is measured as well (issue 9: ledger, report, diagrams, check,
#: export)
REVIEW_MEMORY = ("daicho ledger csv", "daicho ledger xlsx", "daicho report", "daicho diagram --all",
                 "daicho diagram --item busiest", "daicho check", "daicho check -f json", "daicho check -f sarif",
                 "daicho export -f yaml", "daicho export -f json")


def check_export_commands(size: str, db: str) -> dict[str, str]:
    """`daicho check` in its three formats (exit status 1 means findings, not failure: `sh -c` keeps it from
    failing hyperfine) and `daicho export` as YAML and JSON, on the whole inventory."""
    out = OUT / "review"

    def check(fmt: str) -> str:
        return f"sh -c '{DAICHO} check {fmt}--db {db} > /dev/null; [ $? -le 1 ]'"

    return {
        f"daicho check ({size})": check(""),
        f"daicho check -f json ({size})": check("-f json "),
        f"daicho check -f sarif ({size})": check("-f sarif "),
        f"daicho export -f yaml ({size})": f"{DAICHO} export -f yaml -o {out / 'export.yaml'} --db {db}",
        f"daicho export -f json ({size})": f"{DAICHO} export -f json -o {out / 'export.json'} --db {db}",
    }


def review_commands(size: str, db: str, info: dict, engoo: Path) -> dict[str, str]:
    """The ledger (CSV, XLSX), the audit pack and the diagrams (the whole map and the busiest item, both
    aggregated on the large inventory) on the inventory, and the ledger and map on the Engoo example."""
    out = OUT / "review"
    engoo_db = engoo / "daicho.db"
    return {
        f"daicho ledger csv ({size})": f"{DAICHO} ledger --format csv -o {out / 'ledger.csv'} --db {db}",
        f"daicho ledger xlsx ({size})": f"{DAICHO} ledger --format xlsx -o {out / 'ledger.xlsx'} --db {db}",
        f"daicho report ({size})": f"{DAICHO} report -o {out / 'pack'} --force --db {db}",
        f"daicho diagram --all ({size})": f"{DAICHO} diagram --all -o {out / 'map.svg'} --db {db}",
        f"daicho diagram --item busiest ({size})": f"{DAICHO} diagram --item {info['busiest_item']} "
                                                   f"-o {out / 'busiest.svg'} --db {db}",
        "daicho ledger csv (Engoo)": f"{DAICHO} ledger --format csv -o {out / 'engoo.csv'} --db {engoo_db}",
        "daicho diagram --all (Engoo)": f"{DAICHO} diagram --all -o {out / 'engoo.svg'} --db {engoo_db}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30, help="runs of each query command")
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of a query slower than 3 s")
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--skip-load", action="store_true", help="reuse the loaded store, time queries only")
    args = parser.parse_args(argv)
    missing = [name for name, tool in (("hyperfine", "hyperfine"), ("time", "/usr/bin/time"))
               if not shutil.which(tool)]
    if missing:
        sys.exit(f"bench/run.py needs {' and '.join(missing)}: apt-get install {' '.join(missing)}")
    OUT.mkdir(exist_ok=True)
    (OUT / "review").mkdir(exist_ok=True)
    info = generate(args.size, args.seed)
    manifests = str(OUT / args.size / "manifests")
    db = str(OUT / f"{args.size}.db")
    summary: dict = {"date": date.today().isoformat(), "machine": f"{os.cpu_count()} cores, {platform.machine()}, "
                     f"Python {platform.python_version()}", "size": args.size, "seed": args.seed,
                     "inventory": info["counts"], "typical_item": info["typical_item"],
                     "busiest_item": info["busiest_item"], "busiest_item_flows": info["busiest_item_flows"]}

    load_command = [DAICHO, "load", manifests, "--db", db]
    if not (args.skip_load and Path(db).exists()):
        summary["load"] = hyperfine("load", {"daicho load": " ".join(load_command)}, args.load_runs, 0,
                                    prepare=f"rm -f {db}")["daicho load"]
        Path(db).unlink(missing_ok=True)
        summary["load"] |= peak_memory(load_command)

    engoo = OUT / "engoo"
    run([DAICHO, "demo", "--out", str(engoo)], stdout=subprocess.DEVNULL)
    verb = "where" if has_where() else "show"
    yardstick = "minimal typer app"
    commands = {
        yardstick: f"{PYTHON} {HERE / 'minimal_typer_app.py'} x",
        "daicho --help": f"{DAICHO} --help",
        f"daicho {verb} typical ({args.size})": f"{DAICHO} {verb} {info['typical_item']} --db {db}",
        f"daicho {verb} busiest ({args.size})": f"{DAICHO} {verb} {info['busiest_item']} --db {db}",
        f"daicho {verb} email (Engoo)": f"{DAICHO} {verb} email --db {engoo / 'daicho.db'}",
        **review_commands(args.size, db, info, engoo),
        **check_export_commands(args.size, db),
    }
    # A query slower than a few seconds gets its own hyperfine run with --slow-runs runs (side by side would
    # take hours at --runs); the yardstick and the fast queries run side by side.
    slow = {name: line for name, line in commands.items() if name != yardstick and _seconds(line) > 3}
    queries = hyperfine("queries", {k: v for k, v in commands.items() if k not in slow}, args.runs, 3)
    if slow:
        queries |= hyperfine("queries-slow", slow, args.slow_runs, 0)
    queries = {name: queries[name] for name in commands}
    base = queries[yardstick]["median"]
    for result in queries.values():
        result["ratio"] = round(result["median"] / base, 2)
    summary["queries"] = queries
    for name in REVIEW_MEMORY:  # whole-inventory outputs: their peak memory too (one run each)
        key = f"{name} ({args.size})"
        if key in commands:
            queries[key] |= peak_memory(shlex.split(commands[key]), f"time-v-{name.replace(' ', '-')}.txt")
    summary["imports"] = import_profile([DAICHO, verb, info["typical_item"], "--db", db])

    (OUT / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    lines = [f"# daicho benchmarks, {summary['date']} ({summary['machine']})", "",
             f"Inventory: {args.size}, seed {args.seed}: " + ", ".join(f"{v} {k.replace('_', ' ')}"
                                                                     for k, v in info["counts"].items()), ""]
    if "load" in summary:
        load = summary["load"]
        lines += [f"Load: median {load['median']:.2f} s (min {load['min']:.2f}, max {load['max']:.2f}, "
                  f"{load['runs']} runs); one run under /usr/bin/time -v: {load['seconds']} s, "
                  f"peak {load['peak_mb']} MB", ""]
    lines += ["| command | runs | median ms | min–max ms | × typer app |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, r in queries.items():
        peak = f" (peak {r['peak_mb']} MB)" if "peak_mb" in r else ""
        lines.append(f"| {name}{peak} | {r['runs']} | {r['median'] * 1000:.0f} | "
                     f"{r['min'] * 1000:.0f}–{r['max'] * 1000:.0f} | {r['ratio']:.2f} |")
    lines += ["", f"Biggest imports of `daicho {verb}` (cumulative ms):", ""]
    lines += [f"- {module}: {ms:.1f}" for module, ms in summary["imports"]]
    (OUT / "summary.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
