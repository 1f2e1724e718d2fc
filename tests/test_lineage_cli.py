"""The lineage commands: JSON shapes, empty results, one-line errors with a did-you-mean, hostile names printed
literally, and a query path that imports none of sqlmodel, sqlalchemy, pydantic or networkx."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import load_into, run_daicho, write_manifest
from daicho.catalog.breach.triage import breach
from daicho.catalog.lineage.nodes import abroad, holds, paths_between
from daicho.catalog.lineage.where import receives, where
from daicho.cli.app import app
from daicho.cli.lineage_views import paths_view, receives_tree, where_tree
from daicho.cli.lineage_views_nodes import abroad_table, breach_view, holds_view
from daicho.cli.output import THEME
from daicho.inventory.db import ReadDB
from rich.cells import cell_len
from rich.console import Console
from rich.theme import Theme
from test_lineage import SHOP
from typer.testing import CliRunner

HOSTILE = "O'Brien \"x\" [bold]b[/bold] line1\nline2 \x1b[31mred 🙂 株式会社"


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("cli")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, SHOP))
    return url


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> str:
    doc = json.loads(json.dumps(SHOP))
    for section in ("items", "systems", "recipients", "collection_points", "subjects"):
        for record in doc[section]:
            record["name"] = {"en": f"{HOSTILE} {record['key']}", "ja": f"名前 {HOSTILE}"}
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, doc))
    return url


def run(*args: str):
    return CliRunner().invoke(app, list(args))


COMMANDS = [
    (["where", "email"], dict),
    (["where", "email", "--depth", "1"], dict),
    (["receives", "ads"], dict),
    (["path", "signup", "sub"], dict),
    (["path", "signup", "ads", "--item", "email", "--limit", "1"], dict),
    (["holds", "dwh"], dict),
    (["abroad"], dict),
    (["breach", "mailer", "--persons", "12", "--unlawful"], dict),
]


@pytest.mark.parametrize(("args", "shape"), COMMANDS)
def test_json_output_parses(url, args, shape):
    result = run(*args, "--db", url, "--json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), shape)


def test_json_shapes_are_stable(url):
    # the resolved model (issue 8) added party, location, boundary and status fields to every node and hop
    data = json.loads(run("where", "email", "--db", url, "--json").stdout)
    assert set(data) == {"item", "recipients", "depth", "trail", "ends", "nodes", "hops", "summary"}
    assert set(data["nodes"][0]) == {"key", "kind", "subkind", "name", "country", "location_class", "registered",
                                     "hosting", "party", "party_kind", "handles", "group", "parent", "parents",
                                     "operated_by", "named_only", "hops", "start", "items", "paths",
                                     "paths_total", "chain", "outside_scope"}
    assert set(data["hops"][0]) == {"flow", "from", "to", "items", "basis", "exception", "foreign_basis",
                                    "purposes", "mechanism", "from_country", "to_country", "boundary", "border",
                                    "transfer_location", "basis_status", "foreign_status", "disclosure",
                                    "disclose_locations", "to_party", "from_party"}
    got = json.loads(run("receives", "ads", "--db", url, "--json").stdout)
    assert set(got) == {"node", "side", "stores", "items", "hops", "summary"}
    assert set(got["items"][0]) == {"item", "name", "sensitive", "financial", "persons", "as", "derived", "hops",
                                    "origins", "paths", "paths_total", "at", "stored"}
    breach_data = json.loads(run("breach", "mailer", "--db", url, "--json").stdout)
    assert [c["met"] for c in breach_data["criteria"]] == [False, True, None, True]  # (iii): not ruled out
    assert breach_data["persons"] == 5000 and breach_data["reportable"] is True


def test_empty_results_are_empty_lists(url):
    assert json.loads(run("where", "memo", "--db", url, "--json").stdout)["nodes"] == []
    # clinic stores health with no way in: the walk starts there, so it receives it at hop 0 (hops from entry)
    [health] = json.loads(run("receives", "clinic", "--db", url, "--json").stdout)["items"]
    assert (health["item"], health["hops"], health["stored"], health["at"]) == ("health", 0, True, "clinic")
    assert json.loads(run("path", "ads", "signup", "--db", url, "--json").stdout)["paths"] == []
    result = run("where", "memo", "--db", url)
    assert result.exit_code == 0 and "no flow carries this item" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["where", "emial"], "Error: no item 'emial'; did you mean 'email'?"),
    (["receives", "adz"], "Error: no system or recipient 'adz'; did you mean 'ads'?"),
    (["holds", "crn"], "Error: no collection point or system or recipient 'crn'; did you mean 'crm'?"),
    (["breach", "mailr"], "Error: no collection point or system or recipient 'mailr'; did you mean 'mailer'?"),
    (["path", "signup", "subb"], "Error: no collection point or system or recipient 'subb'; did you mean 'sub'?"),
    (["list", "items", "--select", "email++"], "Error: cannot read 'email++' in selector 'email++': expected KEY, "
                                               "+KEY, KEY+, N+KEY or KEY+N"),
])
def test_unknown_key_is_one_error_line_and_exit_1(url, args, message):
    done = subprocess.run([sys.executable, "-m", "daicho.cli.app", *args, "--db", url], capture_output=True,
                          text=True, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 1
    assert done.stderr == message + "\n"
    assert done.stdout == ""


def _render(renderable) -> str:
    console = Console(width=200, color_system=None, theme=Theme(THEME), record=True)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def test_hostile_names_print_literally(hostile_url):
    with ReadDB(hostile_url) as db:
        outputs = {
            "where": _render(where_tree(where(db, "email"), "en")),
            "where ja": _render(where_tree(where(db, "email"), "ja")),
            "receives": _render(receives_tree(receives(db, "ads"), "en")),
            "holds": _render(holds_view(holds(db, "mailer"), "en")),
            "path": _render(paths_view(paths_between(db, "signup", "sub"), "en")),
            "abroad": _render(abroad_table(abroad(db), "en")),
            "breach": _render(breach_view(breach(db, "mailer").to_dict(), "en")),
        }
    for command, out in outputs.items():
        assert "\x1b" not in out, command
        if command == "path":
            continue  # paths show keys only
        assert "[bold]b[/bold]" in out, command
        assert "\\x1b[31mred 🙂 株式会社" in out, command
    assert "名前 O'Brien \"x\" [bold]b[/bold]" in outputs["where ja"]


def test_renderers_cut_large_results(url):
    with ReadDB(url) as db:
        out = _render(where_tree(where(db, "email"), "en", show=1))
    assert "… 2 more (--json)" in out  # three nodes abroad, one shown


MINIMAL_APP = """import typer
app = typer.Typer()
@app.command()
def where(item: str, db: str = typer.Option(None, "--db"), depth: int = typer.Option(None, "--depth")) -> None:
    print(item)
@app.command()
def other() -> None:
    pass
app()
"""


def test_query_path_imports_nothing_heavy(url, tmp_path):
    """`daicho where` imports no sqlmodel, sqlalchemy, pydantic or networkx beyond what a minimal typer app
    imports (typer's own parameter handling imports pydantic)."""
    def imported(*args: str) -> set[str]:
        done = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True)
        return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")}

    (tmp_path / "minimal.py").write_text(MINIMAL_APP)
    minimal = imported(str(tmp_path / "minimal.py"), "where", "x", "--db", "y", "--depth", "2")
    used = imported("-m", "daicho.cli.app", "where", "email", "--db", url)
    extra = {m.split(".")[0] for m in used - minimal}
    assert not extra & {"sqlmodel", "sqlalchemy", "pydantic", "networkx", "yaml"}, sorted(extra)
    library = imported("-c", f"from daicho.inventory.db import ReadDB; from daicho.catalog.lineage.where import where; "
                             f"where(ReadDB({url!r}), 'email')")
    assert not {m.split(".")[0] for m in library} & {"sqlmodel", "sqlalchemy", "pydantic", "networkx", "typer"}


def test_docs_show_every_command_with_its_help():
    from pathlib import Path

    from daicho.cli import lineage_cmds

    docs = " ".join((Path(__file__).resolve().parent.parent / "docs" / "lineage.md").read_text().split())
    for command in (lineage_cmds.where, lineage_cmds.receives, lineage_cmds.path, lineage_cmds.holds,
                    lineage_cmds.abroad, lineage_cmds.breach):
        assert f"## `daicho {command.__name__}" in docs
        assert " ".join(command.__doc__.split()) in docs, command.__name__


def test_japanese_views(url):
    with ReadDB(url) as db:
        where_ja = _render(where_tree(where(db, "email"), "ja"))
        breach_ja = _render(breach_view(breach(db, "mailer", unlawful=True).to_dict(), "ja"))
    # a location may be a country, a region or chosen per customer: "location unknown" (所在不明), not "country"
    assert "メールアドレス" in where_ja and "委託" in where_ja and "所在不明" in where_ja
    assert "email の仮名加工 @ dwh" in where_ja and "統計化" in where_ja
    assert "✔ 該当" in breach_ja and "確報:" in breach_ja
    assert "知った日から60日以内（規則7条3号に該当するため、規則8条2項）" in breach_ja
    assert "法26条1項ただし書" in breach_ja


#: the resolved model's cases (issue 8): a system a foreign contractor operates and keeps elsewhere, storage
#: abroad whose provider does not handle the data, a sub-processor of two contractors, a recipient of unknown
#: location, named-only recipients (abroad, unknown), a system with no country
WORLD = {
    "organization": {"key": "acme", "name": "Acme", "country": "JP"},
    "purposes": [{"key": "support", "name": "Support"}],
    "items": [{"key": "email", "name": {"en": "Email address", "ja": "メールアドレス"}, "persons": 100},
              {"key": "card", "name": "Card number", "financial": True}],
    "collection_points": [{"key": "signup", "name": "Sign-up form"}],
    "systems": [
        {"key": "crm", "name": "CRM", "items": ["email", "card"]},
        {"key": "support_ticketing", "name": "Ticketing", "country": "US", "operated_by": "support_desk"},
        {"key": "vault", "name": "Backup vault", "country": "DE", "operated_by": "coldstore",
         "items": ["email", "card"]},
    ],
    "recipients": [
        {"key": "support_desk", "name": "Support desk", "kind": "contractor", "country": "PH",
         "hosting": ["US", "SG"], "contract": {"subcontracting": "allowed"},
         "compliant_system": {"instrument": "contract"}, "compliance_check": "2025-01-10"},
        {"key": "coldstore", "name": "Cold storage", "kind": "contractor", "country": "DE", "handles_data": False},
        {"key": "mailer", "name": "Mailer", "kind": "contractor", "country": "JP",
         "contract": {"subcontracting": "allowed"}},
        {"key": "subproc", "name": "Sub-processor", "kind": "subcontractor", "country": "IE",
         "parents": ["support_desk", "mailer"]},
        {"key": "mystery", "name": "Mystery partner", "kind": "third_party"},
        {"key": "dormant", "name": "Dormant vendor", "kind": "third_party", "country": "US"},
        {"key": "nowhere", "name": "Unplaced vendor", "kind": "contractor"},
    ],
    "flows": [
        {"from": "signup", "to": "crm", "items": ["email", "card"], "basis": "collection", "purposes": ["support"]},
        {"from": "crm", "to": "support_ticketing", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "crm", "to": "vault", "items": ["email", "card"], "basis": "internal"},
        {"from": "crm", "to": "mailer", "items": ["email"], "basis": "outsourcing"},
        {"from": "support_ticketing", "to": "subproc", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "eu_uk"},
        {"from": "mailer", "to": "subproc", "items": ["email"], "basis": "outsourcing", "foreign_basis": "eu_uk"},
        {"from": "crm", "to": "mystery", "items": ["email"], "basis": "outsourcing"},
    ],
}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> str:
    """Path of an SQLite store holding WORLD."""
    folder = tmp_path_factory.mktemp("world")
    load_into(f"sqlite:///{folder / 'daicho.db'}", write_manifest(folder, WORLD))
    return str(folder / "daicho.db")


def daicho(monkeypatch, capsysbinary, *args: str) -> str:
    """`daicho ARGS` in-process as a user at an 80-column terminal with NO_COLOR set; its stdout (exit 0)."""
    from daicho.cli import output

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")  # as on a terminal: NO_COLOR alone must keep colour out
    monkeypatch.setattr(output, "_console", None)
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args)
    assert code == 0, err
    shown = out.decode("utf-8")
    if "--json" not in args:
        assert not re.search(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;)", shown), "colour despite NO_COLOR"
        plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
        assert max(cell_len(line) for line in plain.splitlines()) <= 80
        return plain
    return shown


def flat(out: str) -> str:
    """Terminal output as one line: tree guides gone, lines wrapped at 80 columns joined again."""
    return " ".join(" ".join(line.strip(" │├└─") for line in out.splitlines()).split())


def test_where_shows_each_party_boundary_and_status(monkeypatch, capsysbinary, world):
    data = json.loads(daicho(monkeypatch, capsysbinary, "where", "email", "--db", world, "--json"))
    nodes = {n["key"]: n for n in data["nodes"]}
    hops = {h["flow"]: h for h in data["hops"]}
    assert data["recipients"] == ["mailer", "mystery", "subproc", "support_desk"]  # not coldstore: no provision
    assert nodes["support_ticketing"]["party"] == "support_desk" and nodes["support_ticketing"]["country"] == "PH"
    assert (nodes["vault"]["party"], nodes["vault"]["handles"]) == ("acme", False)
    assert nodes["crm"]["country"] == "unknown" and nodes["subproc"]["parents"] == ["support_desk", "mailer"]
    assert (hops["crm__vault"]["boundary"], hops["crm__vault"]["border"]) == ("storage", "abroad")
    assert (hops["crm__mystery"]["boundary"], hops["crm__mystery"]["basis_status"]) == ("provision", "cannot_apply")
    assert hops["crm__support_ticketing"]["to_party"] == "support_desk"
    out = flat(daicho(monkeypatch, capsysbinary, "where", "email", "--db", world))
    assert "support_ticketing (operated by support_desk)" in out
    assert "vault (stored by coldstore, which does not handle the data)" in out
    assert "crm CRM · system · location unknown · 1 hop" in out
    assert "sub-contractor of support_desk, mailer" in out
    assert "provision; basis outsourcing — cannot apply" in out
    assert "storage only (no provision); basis internal abroad: DE" in out
    assert "outsourcing to support_desk" in out and "sub-contracting" in out
    ja = daicho(monkeypatch, capsysbinary, "where", "email", "--db", world, "--lang", "ja")
    assert "support_ticketing (support_desk が運用)" in ja and "適用不可" in ja and "所在不明" in ja


def test_receives_says_where_on_the_side_each_item_arrives(monkeypatch, capsysbinary, world):
    data = json.loads(daicho(monkeypatch, capsysbinary, "receives", "support_desk", "--db", world, "--json"))
    assert [n["key"] for n in data["side"]] == ["support_ticketing"]
    assert [(e["item"], e["at"], e["hops"], e["stored"]) for e in data["items"]] == [
        ("email", "support_ticketing", 2, False)]
    out = flat(daicho(monkeypatch, capsysbinary, "receives", "support_desk", "--db", world))
    assert "also receives at: support_ticketing (operated by support_desk)" in out
    assert "email — Email address 2 hops · reaches support_ticketing" in out
    assert "1 item reaches support_desk" in out
    cold = json.loads(daicho(monkeypatch, capsysbinary, "receives", "coldstore", "--db", world, "--json"))
    assert cold["items"] == [] and [n["key"] for n in cold["stores"]] == ["vault"]
    assert "vault: kept for the operator without handling the data" in flat(daicho(
        monkeypatch, capsysbinary, "receives", "coldstore", "--db", world))
    assert json.loads(daicho(monkeypatch, capsysbinary, "receives", "dormant", "--db", world, "--json"))["items"] == []


def test_abroad_shows_party_locations_boundary_status_and_named_only(monkeypatch, capsysbinary, world):
    data = json.loads(daicho(monkeypatch, capsysbinary, "abroad", "--db", world, "--json"))
    assert {f["flow"]: f["status"] for f in data["flows"]} == {
        "signup__crm": "own_system", "crm__support_ticketing": "ok", "crm__vault": "storage",
        "support_ticketing__subproc": "ok", "mailer__subproc": "ok", "crm__mystery": "unknown_country"}
    assert [n["key"] for n in data["named_only"]] == ["dormant", "nowhere"]
    out = flat(daicho(monkeypatch, capsysbinary, "abroad", "--db", world))
    assert out.startswith("6 flows that may leave Japan (JP)")
    assert "crm__support_ticketing: crm → support_ticketing (operated by support_desk) Support desk · " \
           "contractor PH (kept in US) · outsourcing · basis outsourcing · foreign basis compliant system" in out
    assert "location unknown · provision · basis outsourcing — cannot apply" in out
    assert "whether this leaves Japan is unknown" in out
    assert out.index("LOCATION UNKNOWN") < out.index("ok (3)")  # no valid basis first
    named = out.split("named, no data flow recorded (2)")[1]
    assert "dormant Dormant vendor · third party · US" in named and "nowhere Unplaced vendor" in named
    assert "mystery" not in named and "2 named, no data flow recorded" in named
    ja = daicho(monkeypatch, capsysbinary, "abroad", "--db", world, "--lang", "ja")
    assert "日本（JP）から越境しうるフロー 6 件" in ja and "名称のみ（データの流れの記録なし）" in ja


def test_path_shows_the_boundary_of_each_hop(monkeypatch, capsysbinary, world):
    out = flat(daicho(monkeypatch, capsysbinary, "path", "signup", "subproc", "--db", world))
    assert "crm → support_ticketing via crm__support_ticketing: outsourcing; basis outsourcing" in out
    assert "mailer → subproc via mailer__subproc: sub-contracting; basis outsourcing" in out
    assert "abroad: IE" in out and "2 paths signup → subproc" in out


GERMAN = {
    "organization": {"key": "gmbh", "name": "Beispiel GmbH", "country": "DE"},
    "items": [{"key": "email", "name": "Email"}],
    "collection_points": [{"key": "form", "name": "Form"}],
    "systems": [{"key": "db", "name": "Database", "country": "DE"}],
    "recipients": [{"key": "cloud", "name": "Cloud", "kind": "contractor", "country": "US"},
                   {"key": "partner", "name": "Partner", "kind": "third_party"},
                   {"key": "lyon", "name": "Lyon office", "kind": "contractor", "country": "FR"}],
    "flows": [{"from": "form", "to": "db", "items": ["email"], "basis": "collection"},
              {"from": "db", "to": "cloud", "items": ["email"], "basis": "outsourcing"},
              {"from": "db", "to": "partner", "items": ["email"], "basis": "consent"}],
}


def test_abroad_for_an_operator_outside_japan(monkeypatch, capsysbinary, tmp_path):
    load_into(f"sqlite:///{tmp_path / 'de.db'}", write_manifest(tmp_path, GERMAN))
    db = str(tmp_path / "de.db")
    data = json.loads(daicho(monkeypatch, capsysbinary, "abroad", "--db", db, "--json"))
    assert data["home_country"] == "DE"
    assert {f["flow"]: f["status"] for f in data["flows"]} == {"db__cloud": "missing",
                                                               "db__partner": "unknown_country"}
    assert [n["key"] for n in data["named_only"]] == ["lyon"]  # France is abroad from Germany too
    out = daicho(monkeypatch, capsysbinary, "abroad", "--db", db)
    ja = daicho(monkeypatch, capsysbinary, "abroad", "--db", db, "--lang", "ja")
    assert "Japan" not in out and "JP" not in out and "日本" not in ja
    assert "may leave Germany (DE)" in out and "whether this leaves Germany is unknown" in flat(out)
    assert "ドイツ（DE）から越境しうるフロー" in ja


def test_where_json_stops_quietly_when_the_reader_does(url, monkeypatch):
    """`where --json | head`: the JSON is written as it is made, so the closed pipe shows mid-way; the command
    ends quietly (app.main then exits 0, as when a whole text fails to go out)."""
    from daicho.cli import json_stream, lineage_cmds

    class Closed:
        def __init__(self) -> None:
            self.writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            if self.writes > 1:
                raise BrokenPipeError(32, "Broken pipe")
            return len(text)

    closed = Closed()
    monkeypatch.setattr(sys, "stdout", closed)
    monkeypatch.setattr(json_stream, "BUFFER", 1)
    lineage_cmds.where("email", depth=None, db=url, at=None, json_out=True, lang=None)
    assert closed.writes == 2


def test_foreign_basis_is_said_as_the_diagram_says_it():
    """A hop's foreign basis in English: the code as words, the regions as they are written (EU/UK, as the
    diagram's label; not 'eu uk'); in Japanese, the catalog's words."""
    from daicho.catalog.diagram.styles import foreign_basis_word
    from daicho.cli.lineage_views import basis_word

    assert basis_word("eu_uk", "en", True) == foreign_basis_word("eu_uk", "en") == "EU/UK"
    assert basis_word("compliant_system", "en", True) == "compliant system"
    assert basis_word("joint_use", "en") == "joint use"
    assert "英国" in basis_word("eu_uk", "ja", True)
