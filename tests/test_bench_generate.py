"""The benchmark generator is deterministic by seed and its output is a valid inventory (no timings here)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from daicho.inventory.validate import validate_paths
from daicho.inventory.yamlread import read_fast

_PATH = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", _PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((folder / "manifests").glob("*.yaml"))}


def test_same_seed_same_inventory_other_seed_another(tmp_path):
    generate = _generator().generate
    first = generate("small", 1, tmp_path / "a")
    generate("small", 1, tmp_path / "b")
    generate("small", 2, tmp_path / "c")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")
    assert json.loads((tmp_path / "a" / "bench.json").read_text())["busiest_item"] == first["busiest_item"]


def test_small_inventory_validates_and_has_the_promised_shape(tmp_path):
    info = _generator().generate("small", 1, tmp_path)
    result = validate_paths([tmp_path / "manifests"])
    assert result.ok, "\n".join(map(str, result.problems[:5]))
    inventory = result.inventory
    assert len(inventory.items) == info["counts"]["items"] == 40
    assert len(inventory.systems) == 5 and len(inventory.recipients) == 10 and len(inventory.flows) == 40
    assert len(info["files"]) > 3  # split into several manifests
    kinds = {r.kind for r in inventory.recipients}
    assert kinds == {"contractor", "subcontractor", "third_party", "joint_user", "group_company"}
    assert any(r.country != "JP" for r in inventory.recipients) or any(s.country for s in inventory.systems)
    carried = {info["typical_item"], info["busiest_item"]}
    assert carried <= {i for f in inventory.flows for i in f.items}
    assert info["busiest_item_flows"] >= info["typical_item_flows"]


def test_generated_manifests_take_the_fast_yaml_path(tmp_path):
    _generator().generate("small", 3, tmp_path)
    for name, text in _files(tmp_path).items():
        assert read_fast(text, name) is not None, name
