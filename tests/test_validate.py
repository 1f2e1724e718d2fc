"""Validation: every problem at once, each with file:line, a clear message and a did-you-mean."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from daicho.inventory.validate import validate_paths

GOOD = """\
daicho: 1
organization:
  key: acme
  name: {en: ACME, ja: アクメ}
subjects:
  - {key: member, name: Member}
purposes:
  - {key: billing, name: {en: Billing, ja: 請求}}
items:
  - key: email
    name: {en: Email, ja: メール}
    subjects: [member]
    purposes: [billing]
    acquisition: provided
  - key: card
    name: Card number
    financial: true
    purposes: [billing]
systems:
  - {key: member_db, name: Member DB, items: [email, card]}
recipients:
  - {key: psp, name: PSP, kind: contractor, country: US}
collection_points:
  - {key: signup, name: Sign-up form}
flows:
  - {from: signup, to: member_db, items: [email, card], basis: collection}
  - {from: member_db, to: psp, items: [card], basis: outsourcing, purposes: [billing], foreign_basis: consent}
"""


def _problems(tmp_path: Path, text: str, name: str = "inv.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return [str(p) for p in validate_paths([path]).problems]


def _replace(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new)


def test_good_manifest_has_no_problem(tmp_path):
    result = validate_paths([_write(tmp_path, GOOD)])
    assert result.ok and result.inventory is not None
    assert [f.key for f in result.inventory.flows] == ["signup__member_db", "member_db__psp"]


def _write(folder: Path, text: str, name: str = "inv.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("purposes: [billing]\n    acquisition", "purposes: [biling]\n    acquisition",
         "inv.yaml:13: purposes: unknown purpose 'biling' (did you mean 'billing'?)"),
        ("purposes: [billing]\n    acquisition", "purposes: [bill ing]\n    acquisition",  # a reference, as a key
         "inv.yaml:13: 'purposes[0]': 'bill ing' is not a valid key (letters, digits, '_', '-', '.')"),
        ("kind: contractor", "kind: contractr",
         "inv.yaml:22: 'kind': expected one of contractor, subcontractor, third_party, joint_user, group_company; "
         "got 'contractr' (did you mean 'contractor'?)"),
        ("financial: true", "financial: true\n    purpose: [billing]",
         "inv.yaml:18: unknown field 'purpose' (did you mean 'purposes'?)"),
        ("  - {key: psp, name: PSP, kind: contractor, country: US}", "  - {key: psp, kind: contractor}",
         "inv.yaml:22: missing required field 'name'"),
        ("financial: true", "financial: maybe",
         "inv.yaml:17: 'financial': input should be a valid boolean, unable to interpret input; got 'maybe'"),
        ("to: psp, items: [card]", "to: pps, items: [card]",
         "inv.yaml:27: to: unknown system or recipient 'pps' (did you mean 'psp'?)"),
        ("basis: outsourcing", "basis: outsource",
         "inv.yaml:27: 'basis': expected one of internal, collection, outsourcing, succession, joint_use, consent, "
         "exception, opt_out; got 'outsource' (did you mean 'outsourcing'?)"),
        ("basis: outsourcing", "basis: third_party",  # the relationship, not the basis: what it rests on
         "inv.yaml:27: 'basis': expected one of internal, collection, outsourcing, succession, joint_use, consent, "
         "exception, opt_out; got 'third_party' (a provision to a third party records the basis it rests on: "
         "consent, exception or opt_out)"),
        ("basis: outsourcing", "basis: 委託",
         "inv.yaml:27: 'basis': expected one of internal, collection, outsourcing, succession, joint_use, consent, "
         "exception, opt_out; got '委託' (did you mean 'outsourcing'?)"),
        ("items: [card], basis", "items: [card, email, name], basis",
         "inv.yaml:27: items: unknown item 'name'"),
        ("  - {key: signup, name: Sign-up form}", "  - {key: email, name: Sign-up form}",
         "inv.yaml:24: duplicate key 'email' (first declared at "),
        ("country: US}", "country: usa}",
         "inv.yaml:22: 'country': 'usa' is not an ISO 3166-1 alpha-2 country code (e.g. JP, US, GB), a region "
         "(EU, EEA), 'unknown'; did you mean 'US'?"),
        ("country: US}", "country: UK}",
         "inv.yaml:22: 'country': 'UK' is not an ISO 3166-1 alpha-2 country code (e.g. JP, US, GB), a region "
         "(EU, EEA), 'unknown'; did you mean 'GB'?"),
        ("country: US}", "country: XX}", "inv.yaml:22: 'country': 'XX' is not an ISO 3166-1 alpha-2"),
        ("country: US}", "country: unknwon}", "inv.yaml:22: 'country': 'unknwon' is not an ISO 3166-1 alpha-2 "
         "country code (e.g. JP, US, GB), a region (EU, EEA), 'unknown'; did you mean 'unknown'?"),
        ("acquisition: provided", "acquisition: provided\n    retention: 5 years",  # a block's fields named
         "inv.yaml:15: 'retention': input should be a mapping of its fields (period, trigger"),
        ("items: [email, card]}", "items: [email, card], security: strong}",
         "inv.yaml:20: 'security': input should be a mapping of its fields ("),
        ("subjects:\n  - {key: member", "subject:\n  - {key: member",
         "inv.yaml:5: unknown section 'subject' (did you mean 'subjects'?)"),
    ],
)
def test_each_problem_has_its_line_and_message(tmp_path, old, new, expected):
    problems = [p.replace(str(tmp_path) + "/", "") for p in _problems(tmp_path, _replace(old, new))]
    assert any(p.startswith(expected) for p in problems), problems


def test_flow_item_its_source_does_not_hold(tmp_path):
    text = _replace("to: psp, items: [card]", "to: psp, items: [card]}\n  - {from: psp, to: member_db, "
                    "items: [email], basis: outsourcing")
    problems = _problems(tmp_path, text)
    assert any("flow 'psp__member_db' carries 'email' but its source 'psp' neither stores nor receives it" in p
               for p in problems), problems


def test_all_problems_reported_at_once_and_sorted(tmp_path):
    text = _replace("purposes: [billing]\n    acquisition", "purposes: [biling]\n    acquisition")
    text = text.replace("kind: contractor", "kind: contractr").replace("basis: collection", "basis: collect")
    problems = _problems(tmp_path, text)
    assert len(problems) == 3, problems
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)


def test_invalid_record_does_not_cascade_into_unknown_references(tmp_path):
    problems = _problems(tmp_path, _replace("kind: contractor", "kind: contractr"))
    assert len(problems) == 1 and "contractr" in problems[0]


def test_yaml_syntax_error_has_a_line(tmp_path):
    problems = _problems(tmp_path, "items:\n  - key: a\n    name: [unclosed\n")
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path}/inv.yaml:") and "YAML syntax" in problems[0]


@pytest.mark.parametrize("text", ["daicho: 1\nitems:\n\t- key: a\n", "daicho: 1\nitems:\n  - key: a\n\tname: A\n",
                                  "daicho: 1\nitems:\n  - key: a\n  \tname: A\n"])
def test_a_tab_indenting_a_line_is_named(tmp_path, text):
    """libyaml says "found character that cannot start any token" (or another reason) at a tab; the message
    names the tab, on its line."""
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "\t" in row)
    problems = _problems(tmp_path, text)
    assert problems == [f"{tmp_path}/inv.yaml:{line}: YAML syntax: a tab character; YAML indents with spaces"]


def test_a_tab_inside_a_value_is_no_problem(tmp_path):
    assert _problems(tmp_path, _replace("name: Card number", "name: \"Card\\tnumber\"\t# a tab before a comment")) == []


def test_duplicate_field_in_one_mapping(tmp_path):
    problems = _problems(tmp_path, "subjects:\n  - key: a\n    name: A\n    key: b\n")
    assert any(":4: duplicate field 'key' in one mapping (first at line 2)" in p for p in problems), problems


def test_directory_merges_files_and_checks_across_them(tmp_path):
    (tmp_path / "a.yaml").write_text("purposes:\n  - {key: billing, name: Billing}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("items:\n  - {key: email, name: Email, purposes: [billing, ads]}\n",
                                     encoding="utf-8")
    result = validate_paths([tmp_path])
    assert [str(p) for p in result.problems] == [f"{tmp_path}/b.yaml:2: purposes: unknown purpose 'ads'"]


def test_missing_path_and_second_organization(tmp_path):
    (tmp_path / "a.yaml").write_text("organization: {key: a, name: A}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("organization: {key: b, name: B}\n", encoding="utf-8")
    problems = [str(p) for p in validate_paths([tmp_path, tmp_path / "nope.yaml"]).problems]
    assert f"{tmp_path}/nope.yaml: no such file or directory" in problems
    assert any("a second organization (the first is at" in p for p in problems)


def test_subcontractor_needs_a_contractor_parent(tmp_path):
    text = _replace("  - {key: psp, name: PSP, kind: contractor, country: US}",
                    "  - {key: psp, name: PSP, kind: contractor, country: US}\n"
                    "  - {key: sub, name: Sub, kind: subcontractor}\n"
                    "  - {key: tp, name: TP, kind: third_party, parent: psp}\n"
                    "  - {key: sub2, name: Sub2, kind: subcontractor, parent: tp}")
    problems = _problems(tmp_path, text)
    assert any("sub-contractor 'sub' needs 'parents'" in p for p in problems)
    assert any("parent: 'tp' is not a contractor" in p for p in problems)


def test_locations_regions_unknown_and_several_parents_validate(tmp_path):
    text = _replace("  - {key: psp, name: PSP, kind: contractor, country: US}",
                    "  - {key: psp, name: PSP, kind: contractor, country: US, hosting: [EU, per_customer]}\n"
                    "  - {key: mail, name: Mail, kind: contractor, country: unknown}\n"
                    "  - {key: dc, name: DC, kind: subcontractor, country: EEA, parents: [psp, mail]}")
    assert _problems(tmp_path, text) == []
    wrong = _replace("  - {key: psp, name: PSP, kind: contractor, country: US}",
                     "  - {key: psp, name: PSP, kind: contractor, country: per_customer}")
    assert any("'per_customer'" not in p.split("is not")[1] and "is not an ISO 3166-1" in p
               for p in _problems(tmp_path, wrong))  # a registered country cannot be chosen per customer


def test_parent_cycles_are_reported(tmp_path):
    text = _replace("  - {key: psp, name: PSP, kind: contractor, country: US}",
                    "  - {key: psp, name: PSP, kind: contractor, country: US, parents: [b]}\n"
                    "  - {key: b, name: B, kind: subcontractor, parents: [psp]}")
    problems = _problems(tmp_path, text)
    assert sum("sub-contracting goes round in a cycle" in p for p in problems) == 1, problems


def test_nul_character_is_a_problem_not_a_store_failure(tmp_path):
    problems = _problems(tmp_path, 'subjects:\n  - key: a\n    name: {en: "bad\\0name"}\n')
    assert problems == [f"{tmp_path}/inv.yaml:3: text holds a NUL character (\\x00), which the store cannot keep"]


def test_data_received_from_a_third_party_starts_there(tmp_path):
    text = _replace("  - {key: psp, name: PSP, kind: contractor, country: US}",
                    "  - {key: psp, name: PSP, kind: contractor, country: US}\n"
                    "  - {key: broker, name: List broker, kind: third_party}")
    text = text.replace("foreign_basis: consent}", "foreign_basis: consent}\n"
                        "  - {from: broker, to: member_db, items: [email], basis: consent}\n"
                        "  - {from: psp, to: member_db, items: [email], basis: outsourcing}")
    problems = _problems(tmp_path, text)
    assert problems == [f"{tmp_path}/inv.yaml:30: flow 'psp__member_db' carries 'email' but its source 'psp' "
                        "neither stores nor receives it"]
