"""Every `$ daicho …` line of README.md and docs/*.md runs, and prints what the docs show.

Each section (`## …`) of a document runs its examples in order in a fresh folder (so `daicho demo --out demo`
then `--db demo/daicho.db` work), with DAICHO_DB pointing at a copy of the bundled Engoo example's store, an
`inventory/` folder (the README's "your own inventory"), docs/manifest.md's `broken/`, and the demo folders
earlier sections made. `$ export VAR=value` lines set the variable for the lines after it; paths under /tmp/
are moved into the test's folder. A line with a pipe or a redirection runs in bash (`set -o pipefail`, so `| jq`
fails when daicho or the filter does); the others run in-process. A command must exit 0 (`check` 0 or 1: 1 says
errors were found) — unless the docs show it printing `Error: …` or validation problems — and every line the
docs show under it must appear in its output (whitespace and tree guides aside; a `…` stands for text left out).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import load_into, run_daicho
from daicho.cli import output
from daicho.examples import example_path
from daicho.inventory.store import resolve_url

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent
SHELL = re.compile(r"[|<>;&]")  # outside quotes: the line needs a shell
GUIDES = re.compile(r"[│├└─┃┏┓┗┛━┳┻╇┡┩]")


@dataclass
class Example:
    """One `$ …` line of a console block and the lines the docs show under it."""

    doc: str
    line: int
    command: str
    section: int = 0
    shown: list[str] = field(default_factory=list)


def examples(path: Path) -> list[Example]:
    """The `$ …` lines of the fenced console blocks of a document, in order, with their shown output."""
    found: list[Example] = []
    fenced = False
    current: Example | None = None
    section = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not fenced and line.startswith("## "):
            section += 1
        if line.lstrip().startswith("```"):
            fenced, current = not fenced, None
            continue
        if not fenced:
            continue
        if line.startswith("$ "):
            command = _without_comment(line[2:].strip())
            current = Example(path.name, number, command, section) if command.startswith(("daicho ", "export ")) \
                else None
            if current is not None:  # other shell lines (echo, mv) only illustrate
                found.append(current)
        elif current is not None and line.strip():
            current.shown.append(line)
    return found


def _without_comment(command: str) -> str:
    """The command without a trailing `# comment` (a # inside quotes stays)."""
    quote = None
    for i, char in enumerate(command):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and i and command[i - 1].isspace():
            return command[:i].rstrip()
    return command


def _unquoted(command: str) -> str:
    """The command with quoted parts blanked (to look for shell syntax outside quotes)."""
    return re.sub(r"'[^']*'|\"[^\"]*\"", "''", command)


def normal(text: str) -> str:
    """Text without tree guides and table rules, its whitespace collapsed."""
    return " ".join(GUIDES.sub(" ", text).split())


def shows(out: str, line: str) -> bool:
    """Whether the output shows a line of the docs (a `…` in it stands for anything)."""
    pieces = [normal(p) for p in line.split("…")]
    at = 0
    for piece in pieces:
        if not piece:
            continue
        at = out.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def _expects_failure(example: Example) -> int | None:
    """The exit code the docs imply when they show a failure (1 for `Error:`, 2 for validation problems)."""
    if any(line.startswith("Error:") for line in example.shown):
        return 2 if example.command.split()[1:2] == ["validate"] else 1
    if example.shown and re.fullmatch(r"\d+ problems?", example.shown[-1].strip()):
        return 2
    return None


ALL = [example for doc in DOCS for example in examples(doc)]


def test_the_docs_have_examples():
    assert len(ALL) > 40
    assert {e.doc for e in ALL} >= {"README.md", "lineage.md", "ledger.md", "report.md", "diagrams.md"}
    assert all(not e.shown for e in ALL if e.command.startswith("export "))


@pytest.fixture(scope="module")
def engoo_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docs-store") / "daicho.db"
    load_into(resolve_url(str(path)), example_path("engoo"))
    return path


@dataclass
class Session:
    """Where one document's examples run: the folder of the current section, the folder standing for /tmp,
    the variables set, the demo folders made."""

    folder: Path
    tmp: Path
    env: dict[str, str]
    demos: dict[tuple[str, ...], Path] = field(default_factory=dict)


def _section_folder(root: Path, number: int) -> Path:
    """A fresh folder for a section's examples, with the README's `inventory/` and manifest.md's `broken/`."""
    folder = root / f"section-{number}"
    folder.mkdir()
    shutil.copytree(example_path("engoo"), folder / "inventory")
    _broken(folder / "broken")
    return folder


def _broken(folder: Path) -> None:
    """The `broken/` folder of docs/manifest.md: a purpose and a recipient kind misspelt, each on the line the
    docs show."""
    folder.mkdir()
    files = {
        "purposes.yaml": ["purposes:", "  - key: billing", "    name: Billing"],
        "items.yaml": ["items:", "  - key: email", "    name: Email", "    purposes: [billing]", "  - key: phone",
                       "    name: Phone", "    purposes: [billing]", "  - key: address", "    name: Address",
                       "    acquisition: provided", "    purposes: [biling]"],
        "recipients.yaml": ["recipients:", "  - key: psp", "    kind: contractr", "    name: Payment provider"],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(["daicho: 1", *lines]) + "\n", encoding="utf-8")


def _run(example: Example, session: Session, monkeypatch, capsysbinary) -> tuple[int, str]:
    command = example.command.replace("/tmp/", f"{session.tmp}/")
    if command.startswith("export "):
        name, _, value = command[len("export "):].partition("=")
        session.env[name] = value.strip("'\"")
        return 0, ""
    demo = _demo_copy(command, session)
    if demo is not None:
        return demo
    if SHELL.search(_unquoted(command)):
        if "| jq" in command and shutil.which("jq") is None:
            warnings.warn(f"{example.doc}:{example.line}: jq is not installed (scripts/system-deps.sh installs "
                          "it); ran the daicho part only", stacklevel=1)
            command = command.split("| jq")[0]
        env = {**os.environ, **session.env, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               "COLUMNS": "200", "NO_COLOR": "1"}
        done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=session.folder, env=env,
                              capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout + done.stderr
    for name, value in session.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(session.folder)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(output, "_console", None)
    code, out, err = run_daicho(monkeypatch, capsysbinary, *_split(command)[1:])
    return code, out.decode("utf-8") + err


def _split(command: str) -> list[str]:
    import shlex

    return shlex.split(command)


#: a demo folder made once for the whole module, copied for later sections that make the same one
_DEMOS: dict[tuple[str, ...], Path] = {}


def _demo_copy(command: str, session: Session) -> tuple[int, str] | None:
    """`daicho demo --out X` made earlier with the same options: copy it (the demo takes seconds)."""
    args = _split(command)
    if args[1:2] != ["demo"] or "--out" not in args:
        return None
    at = args.index("--out")
    key = tuple(args[1:at] + args[at + 2:])
    target = session.folder / args[at + 1]
    session.demos[key] = target
    if key in _DEMOS:
        shutil.copytree(_DEMOS[key], target, dirs_exist_ok=True)
        return 0, ""
    return None


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_every_example_runs_and_shows_what_the_docs_show(doc, engoo_store, tmp_path, monkeypatch, capsysbinary):
    found = examples(doc)
    if not found:
        pytest.skip(f"{doc.name} has no $ daicho lines")
    needs_dot = [e for e in found if re.search(r"diagram .*-o \S+\.(svg|png|pdf)|\bdemo\b(?!.*--no-files)",
                                               e.command)]
    if needs_dot and shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (scripts/system-deps.sh installs it)")
    shutil.copy(engoo_store, tmp_path / "daicho.db")
    (tmp_path / "tmp").mkdir()
    session = Session(tmp_path, tmp_path / "tmp", {"DAICHO_DB": str(tmp_path / "daicho.db")})
    section = None
    for example in found:
        if example.section != section:  # each section of a document runs in a fresh folder, with the demos made
            section = example.section
            before, session.folder = session.folder, _section_folder(tmp_path, section)
            for key, made in list(session.demos.items()):
                if made.is_dir() and made.is_relative_to(before):
                    session.demos[key] = session.folder / made.relative_to(before)
                    shutil.copytree(made, session.demos[key])
        code, out = _run(example, session, monkeypatch, capsysbinary)
        where = f"{example.doc}:{example.line}: $ {example.command}"
        expected = _expects_failure(example)
        if expected is None and example.command.startswith("daicho check"):
            assert code in (0, 1), f"{where}\nexit {code}\n{out}"  # 1: errors found (documented), not a failure
        elif expected is None:
            assert code == 0, f"{where}\nexit {code}\n{out}"
        else:
            assert code == expected, f"{where}\nexit {code}, the docs show a failure (exit {expected})\n{out}"
        shown = normal(out)
        missing = [line for line in example.shown if not shows(shown, line)]
        assert not missing, f"{where}\nthe docs show lines the output lacks:\n" + "\n".join(missing) + \
            f"\n--- output ---\n{out}"
        for key, target in session.demos.items():
            if target.is_dir():
                _DEMOS.setdefault(key, target)
