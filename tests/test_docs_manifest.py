"""docs/manifest.md stays true: its example loads as described and it documents every field."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from daicho.inventory import model
from daicho.inventory.validate import validate_paths

DOC = Path(__file__).parent.parent / "docs" / "manifest.md"


def _example() -> str:
    return re.search(r"## A complete example.*?```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)


def test_complete_example_has_exactly_the_problem_the_doc_announces(tmp_path):
    (tmp_path / "example.yaml").write_text(_example(), encoding="utf-8")
    problems = [p.message for p in validate_paths([tmp_path]).problems]
    assert problems == ["to: unknown item 'email_hash' (did you mean 'email'?)"]


def test_complete_example_loads_once_the_item_is_declared(tmp_path):
    document = yaml.safe_load(_example())
    document["items"].append({"key": "email_hash", "name": "Email hash", "pseudonymised": True})
    (tmp_path / "example.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = validate_paths([tmp_path])
    assert result.ok, result.problems


def test_every_section_and_field_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for section, record in model.KEYED_SECTIONS.items():
        assert f"### {section}" in text, section
        for name, field in record.model_fields.items():
            assert f"`{field.alias or name}`" in text or name in ("key", "name"), (section, name)
    for record in (model.Flow, model.Derivation, model.Organization, model.Contract, model.Security,
                   model.Recipient, model.JointUse):
        for name, field in record.model_fields.items():
            assert f"`{field.alias or name}`" in text, (record.__name__, name)
