"""The audit pack's checks (`daicho report`): checks.sarif written and what the page shows gathered, in a forked
process of its own where the system can fork.

On a large inventory the checks hold a million findings' context (1.2 GB for bench/'s large inventory) while
they run. Run in the pack's own process, much of that stays with the process after it is freed (Python keeps
its memory in arenas), and the ledger that follows reads its facts into a process already past 1 GB: too large
to fork the ledger's second half within 2 GB (`ledger_halves.split_at`), so the ledger was written by one core.
In a child the checks' memory goes with the child, the pack's process stays small, and the ledger splits as
`daicho ledger` does. The child hands back what the page shows (at most MAX_FINDINGS_PER_RULE findings of each
rule and severity, and the counts) and its progress, through a pipe; an error it raises is raised here.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from daicho.catalog.review import report_data
from daicho.catalog.words import phrase

#: `progress(step code, done, total)`, as `report.write_report` takes it
Progress = Callable[[str, int, int], None]


def run_checks(url: str, as_of: dt.date, folder: Path, progress: Progress) -> dict[str, Any]:
    """`checks_here`, in a forked child where the system can fork (not on macOS or Windows)."""
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return checks_here(url, as_of, folder, progress)
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its answers to the pipe, then out without running anything of the parent's
        os.close(reading)
        _child(url, as_of, folder, os.fdopen(writing, "wb"))
    os.close(writing)
    try:
        with os.fdopen(reading, "rb") as answers:
            return _answer(answers, progress)
    finally:
        os.waitpid(pid, 0)


def _child(url: str, as_of: dt.date, folder: Path, answers: Any) -> None:
    code = 1
    try:
        def told(step: str, done: int, total: int) -> None:
            pickle.dump(("progress", step, done, total), answers)
            answers.flush()

        try:
            answer: tuple = ("result", checks_here(url, as_of, folder, told))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
            answer = ("error", exc)
        try:
            data = pickle.dumps(answer)
        except Exception:  # an error or a value that does not pickle
            import traceback

            data = pickle.dumps(("error", RuntimeError("".join(traceback.format_exception(answer[1]))
                                                       if answer[0] == "error" else "the checks' result")))
        answers.write(data)
        answers.flush()
        code = 0
    finally:
        os._exit(code)


def _answer(answers: Any, progress: Progress) -> dict[str, Any]:
    """The child's result, its progress told on the way; its error raised."""
    while True:
        try:
            message = pickle.load(answers)  # noqa: S301 (our own child's)
        except EOFError:
            raise RuntimeError(phrase("the process running the checks stopped")) from None
        if message[0] == "progress":
            progress(*message[1:])
        elif message[0] == "error":
            raise message[1]
        else:
            result = message[1]
            if "rules" in result:  # the catalog's own rules, not the child's copies
                from daicho.catalog.checks import rules

                result["rules"] = {rule.id: rule for rule in rules.RULES}
            return result


def checks_here(url: str, as_of: dt.date, folder: Path, progress: Progress) -> dict[str, Any]:
    """Write checks.sarif, the findings as they come (a million on a big inventory: never held); return what
    the page shows — MAX_FINDINGS_PER_RULE findings of each rule and severity, and the counts — or, without
    the check catalog, why it is missing."""
    try:
        from daicho.catalog.checks import engine, rules, writers
    except ImportError as exc:
        return {"missing": phrase("the check catalog is not available ({error})", error=str(exc))}
    from collections import Counter

    from daicho.catalog.checks.context import load_context
    from daicho.catalog.checks.sarif import stored_manifest_root

    root = stored_manifest_root(url)
    counts: Counter = Counter()
    kept: list = []

    def passing(found):
        for finding in found:
            counts[(finding.severity, finding.rule)] += 1
            if counts[(finding.severity, finding.rule)] <= report_data.MAX_FINDINGS_PER_RULE:
                kept.append(finding)
            yield finding

    path = folder / "checks.sarif"
    with path.open("w", encoding="utf-8") as out:
        found = engine.iter_findings(load_context(url, as_of),
                                     progress=lambda step, done, total: progress("checks", done, total))
        writers.write_sarif(passing(found), out, root=root)
    return {"file": path, "rules": {rule.id: rule for rule in rules.RULES}, "manifest_root": root,
            "findings": kept, "finding_counts": counts}
