"""Reading manifests in worker processes (a large inventory of several files) gives what reading them here gives:
the same inventory, the same record lines, the same problems with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from daicho.inventory import validate
from daicho.inventory.validate import validate_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _both(monkeypatch, paths: list[Path]) -> tuple[validate.ValidationResult, validate.ValidationResult]:
    monkeypatch.setattr(validate, "PARALLEL_BYTES", 10**12)
    here = validate_paths(paths)
    monkeypatch.setattr(validate, "PARALLEL_BYTES", 0)
    pooled = validate_paths(paths)
    return here, pooled


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_pool_reads_the_same_inventory(monkeypatch, example):
    here, pooled = _both(monkeypatch, [EXAMPLES / example])
    assert here.ok and pooled.ok
    assert pooled.inventory == here.inventory
    assert pooled.locations == here.locations


def test_pool_reports_the_same_problems(monkeypatch, tmp_path):
    (tmp_path / "a.yaml").write_text("daicho: 1\nitems:\n  - key: email\n    name: Email\n"
                                     "  - key: phone\n    name: Phone\n    sensitiv: true\n")
    (tmp_path / "b.yaml").write_text("daicho: 1\nitems:\n  - key: [oops\n")
    (tmp_path / "c.yaml").write_text("daicho: 1\nitems:\n  - key: email\n    name: Email again\n"
                                     "flows:\n  - {from: x, to: y, items: [email], basis: collection}\n")
    here, pooled = _both(monkeypatch, [tmp_path])
    assert not pooled.ok and pooled.inventory is None
    assert [str(p) for p in pooled.problems] == [str(p) for p in here.problems]
    shown = "\n".join(str(p) for p in pooled.problems)
    assert f"{tmp_path / 'a.yaml'}:7: unknown field 'sensitiv'" in shown
    assert f"{tmp_path / 'b.yaml'}:4: YAML syntax" in shown
    assert f"{tmp_path / 'c.yaml'}:3: duplicate key 'email'" in shown
