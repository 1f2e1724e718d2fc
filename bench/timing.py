"""How bench/run.py times whole processes: hyperfine when it is installed, else (and for the long commands,
which run once or twice and need their peak memory) its own loop.

Both give, per command, seconds of wall time (median, min, max, mean), CPU seconds (user + system, mean) and
the number of runs; the own loop also the peak resident memory of each run (`os.wait4`'s ru_maxrss), and it
interleaves the commands run by run (a burst of load from other work hits them all alike).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Command:
    """One command line to time: its name in the tables, argv, exit codes that count as success (`check` exits
    1 when it finds something), and what to do before each run (e.g. remove the store a load makes)."""

    name: str
    argv: list[str]
    ok: tuple[int, ...] = (0,)
    prepare: Callable[[], None] | None = None
    prepare_shell: str | None = None  # the same as a shell line, for hyperfine's --prepare
    env: dict[str, str] = field(default_factory=dict)


def summarise(walls: Sequence[float], cpus: Sequence[float], rss: Sequence[float], timer: str) -> dict:
    """The figures of a list of runs."""
    out = {"median": statistics.median(walls), "min": min(walls), "max": max(walls),
           "mean": statistics.fmean(walls), "runs": len(walls), "timer": timer}
    if cpus:
        out["cpu"] = statistics.fmean(cpus)
    if rss:
        out["peak_mb"] = round(max(rss))
    return out


def run_once(command: Command, log: Path | None = None) -> tuple[float, float, float]:
    """Run `command` once: (wall seconds, CPU seconds, peak resident MB). Output is discarded; stderr goes to
    `log` (or is dropped). Raises when the exit code is not one of `command.ok`."""
    if command.prepare:
        command.prepare()
    env = {**os.environ, **command.env}
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command.argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
    if log is not None:
        log.write_text(text)
    if process.returncode not in command.ok:
        raise RuntimeError(f"{command.name}: exit {process.returncode}: {text.strip()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def own_loop(commands: Sequence[Command], runs: int, warmup: int = 0, say=print) -> dict[str, dict]:
    """Time `commands` by running them in turn, `runs` rounds (after `warmup` unrecorded rounds)."""
    walls: dict[str, list[float]] = {c.name: [] for c in commands}
    cpus: dict[str, list[float]] = {c.name: [] for c in commands}
    rss: dict[str, list[float]] = {c.name: [] for c in commands}
    for round_ in range(warmup + runs):
        for command in commands:
            wall, cpu, peak = run_once(command)
            if round_ >= warmup:
                walls[command.name].append(wall)
                cpus[command.name].append(cpu)
                rss[command.name].append(peak)
                say(f"  {command.name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak:.0f} MB")
    return {c.name: summarise(walls[c.name], cpus[c.name], rss[c.name], "own loop") for c in commands}


def has_hyperfine() -> bool:
    """Whether hyperfine is on the PATH."""
    return shutil.which("hyperfine") is not None


def hyperfine(commands: Sequence[Command], runs: int, warmup: int, out: Path, name: str, say=print) -> dict[str, dict]:
    """Time `commands` with hyperfine (no shell, -N); JSON and markdown exports land in `out`."""
    exported = out / f"{name}.json"
    argv = ["hyperfine", "-N", "--runs", str(max(runs, 2)), "--warmup", str(warmup), "--style", "basic",
            "--export-json", str(exported), "--export-markdown", str(out / f"{name}.md")]
    if any(c.ok != (0,) for c in commands):
        argv.append("--ignore-failure")
    prepares = {c.prepare_shell for c in commands}
    for command in commands:
        if len(prepares) > 1 or command.prepare_shell:
            argv += ["--prepare", command.prepare_shell or "true"]
        argv += ["--command-name", command.name, shlex.join(command.argv)]
    env = {**os.environ, **{k: v for c in commands for k, v in c.env.items()}}
    say("$ " + shlex.join(argv))
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
    results = {}
    for r in json.loads(exported.read_text())["results"]:
        codes = r.get("exit_codes") or []
        ok = next(c.ok for c in commands if c.name == r["command"])
        if any(code not in ok for code in codes):
            raise RuntimeError(f"{r['command']}: exit codes {sorted(set(codes))} under hyperfine")
        cpus = [r["user"] + r["system"]] if "user" in r else []
        results[r["command"]] = summarise(r["times"], cpus, [], "hyperfine")
    return results


def timed(commands: Sequence[Command], runs: int, warmup: int, out: Path, name: str, use_hyperfine: bool,
          say=print) -> dict[str, dict]:
    """Time side by side, by hyperfine or the own loop; with hyperfine, one more run of each (own loop) gives its
    peak memory."""
    if not commands:
        return {}
    if not use_hyperfine:
        return own_loop(commands, runs, warmup, say)
    results = hyperfine(commands, runs, warmup, out, name, say)
    for command in commands:
        wall, cpu, peak = run_once(command)
        results[command.name]["peak_mb"] = round(peak)
    return results
