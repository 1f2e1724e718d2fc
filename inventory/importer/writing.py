"""Writing imported manifests: validated in a scratch folder beside the target, then moved in.

Nothing reaches the target folder unless every file validates, so a failed import leaves it as it was.
A folder that already holds manifests is refused unless `force`, which replaces the files an import writes
(``items.yaml``, ``flows.yaml`` …) and leaves any other file alone.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from daicho.catalog.words import joined, phrase

from ..errors import import_target_problem
from ..export import to_yaml
from .reading import LedgerImportError
from .records import SECTIONS

HEADER = "# Imported by `daicho import ledger`; evidence on each record names the row it was read from.\n"


class _Shown(str):
    """A problem of the scratch manifests, `file:line: message` without the scratch folder, said in the language
    it is printed in."""

    def __new__(cls, problem: Any, scratch: str) -> _Shown:
        self = super().__new__(cls, str(problem).replace(scratch, ""))
        self.problem, self.scratch = problem, scratch
        return self

    def said(self, lang: str) -> str:
        """`file:line: message` in `lang`."""
        return self.problem.shown(lang).replace(self.scratch, "")


def file_names() -> list[str]:
    """The files an import writes, one per section."""
    return [f"{section}.yaml" for section in SECTIONS]


def write_manifests(document: dict[str, list[dict[str, Any]]], out: Path, force: bool = False) -> list[Path]:
    """Write one manifest per section into `out` after validating them all; returns the files written."""
    from ..validate import validate_paths

    problem = import_target_problem(out, force)
    if problem:
        raise LedgerImportError(problem)
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".daicho-import-", dir=out.parent))
    try:
        files = []
        for section, records in document.items():
            path = scratch / f"{section}.yaml"
            path.write_text(HEADER + to_yaml({"daicho": 1, section: records}), encoding="utf-8")
            files.append(path)
        result = validate_paths([scratch])
        if not result.ok:
            shown = joined("; ", [_Shown(p, str(scratch) + "/") for p in result.problems[:5]])
            raise LedgerImportError(phrase("the imported manifests do not validate ({n} problems: {shown}); nothing "
                                           "was written", n=len(result.problems), shown=shown))
        out.mkdir(exist_ok=True)
        for name in file_names():
            (out / name).unlink(missing_ok=True)
        written = []
        for path in files:
            target = out / path.name
            shutil.move(str(path), target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
