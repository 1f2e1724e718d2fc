"""cli.quick_params: every option of every command takes the value typer's own check gives, and refuses what typer
refuses with typer's message; a read command given plainly valid options never imports pydantic."""

from __future__ import annotations

import enum

import pytest
import typer
from daicho.cli import quick_params
from daicho.cli.app import create_app
from hypothesis import given, settings
from hypothesis import strategies as st
from test_startup_imports import loaded

typer_coercion = pytest.importorskip("typer._coercion")


def commands():
    """(name, click command) of every daicho command."""
    group = typer.main.get_command(create_app())
    return sorted(group.commands.items())


def quick_options():
    """(command, option, its QuickParam, typer's own runtime check) for every option given a quick check."""
    found = []
    for name, command in commands():
        for param in command.params:
            if not hasattr(param, "type_descriptor"):
                continue
            param._runtime_param = None
            quick_params.install([param])
            quick = param._runtime_param
            if isinstance(quick, quick_params.QuickParam):  # every option but files and custom parsers
                found.append((name, param, quick, typer_coercion.build_runtime_param(param.type_descriptor)))
            param._runtime_param = None
    return found


QUICK = quick_options()


def outcome(runtime, value, param):
    """The value a runtime check gives, or the error it raises (type and message)."""
    try:
        got = runtime.coerce(value, param=param, ctx=None)
    except typer.BadParameter as exc:
        return ("refused", type(exc), exc.message)
    except Exception as exc:  # noqa: BLE001 (a value click never gives, e.g. a flag's bool for a date: same error)
        return ("raised", type(exc), str(exc))
    return ("value", type(got), got)


def samples(param) -> list:
    """Values an option may get from click: its default, nothing, texts, flags, each choice and its members."""
    values = [param.default, None, "", "x", "member_db", "TEXT", "ｊａ", "1", True, False, 0, 3.5,
              "0", "5", "-1", "007", "1_000", " 5", "٣", "99999999999999999999", 7, -3]
    annotation = param.type_descriptor.annotation
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            values += [*arg, *(m.value for m in arg), *(m.value.upper() for m in arg), *(f" {m.value}" for m in arg)]
    return values


def test_every_kind_of_option_is_covered():
    """The quick checks reach text, flag and choice options of several commands (else the test below is void)."""
    assert len({name for name, *_ in QUICK}) >= 20
    annotations = {repr(param.type_descriptor.annotation) for _, param, _, _ in QUICK}
    assert any("Enum" not in a and "str" in a for a in annotations)
    assert any(isinstance(p.type_descriptor.annotation, type) and issubclass(p.type_descriptor.annotation, enum.Enum)
               for _, p, _, _ in QUICK)


@pytest.mark.parametrize(("command", "param", "quick", "full"), QUICK,
                         ids=[f"{c} {p.name}" for c, p, _, _ in QUICK])
def test_quick_check_equals_typers_own(command, param, quick, full):
    for value in samples(param):
        assert outcome(quick, value, param) == outcome(full, value, param), (command, param.name, value)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(QUICK), st.one_of(st.text(), st.none(), st.booleans()))
def test_quick_check_equals_typers_own_on_any_text(case, value):
    _, param, quick, full = case
    assert outcome(quick, value, param) == outcome(full, value, param)


def test_refused_choice_reads_as_before(tmp_path):
    """A refused choice still goes to typer's check: its message, without pydantic's "Value error, "."""
    from typer.testing import CliRunner

    result = CliRunner().invoke(create_app(), ["check", "--format", "xyz", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "'xyz' is not one of 'text', 'json', 'sarif'." in result.output
    assert "Value error" not in result.output


@pytest.mark.parametrize("args", [("check",), ("check", "-f", "json", "--fail-on", "warning", "--lang", "ja"),
                                  ("where", "email"), ("breach", "member_db"), ("show", "member_db")],
                         ids=" ".join)
def test_read_commands_do_not_import_pydantic(engoo_url, args):
    done, modules = loaded(engoo_url.removeprefix("sqlite:///"), *args)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout
    assert sorted(m for m in modules if m.split(".")[0] in ("pydantic", "pydantic_core")) == []
