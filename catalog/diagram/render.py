"""Turn a `Scene` into a file: DOT or Mermaid text, or SVG/PNG/PDF through Graphviz's `dot` binary.

Text formats need nothing outside Python. Images need `dot` on PATH; without it they fail with one line
saying how to install it. Output goes to a temporary file first, so a failed render leaves no half file.
Rendering is safe to run in several threads at once (one scene per call).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

from daicho.catalog.diagram.dot import to_dot
from daicho.catalog.diagram.layout import Scene, use_sfdp
from daicho.catalog.diagram.mermaid import to_mermaid
from daicho.catalog.diagram.styles import word
from daicho.catalog.words import phrase
from daicho.inventory.errors import RenderError, make_folder

TEXT_FORMATS = ("dot", "mermaid")
IMAGE_FORMATS = ("svg", "png", "pdf")
FORMATS = IMAGE_FORMATS + TEXT_FORMATS
_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot",
             ".mmd": "mermaid", ".mermaid": "mermaid"}
#: PNG resolution: sharp on screen and in print, within Graphviz's bitmap size limit for large maps
PNG_DPI = 144
LARGE_PNG_DPI = 72
#: seconds before a layout is given up, and before dot gives way to sfdp
TIMEOUT = 120
DOT_TIMEOUT = 10


def format_for(output: str | os.PathLike | None, fmt: str | None = None) -> str | None:
    """The format asked for, else the one the file name implies (.svg .png .pdf .dot .gv .mmd), else None."""
    if fmt:
        return fmt
    if output is None or str(output) == "-":
        return "dot"
    return _SUFFIXES.get(Path(output).suffix.lower())


def source(scene: Scene, fmt: str) -> str:
    """DOT text for dot/svg/png/pdf, Mermaid text for mermaid."""
    return to_mermaid(scene) if fmt == "mermaid" else to_dot(scene)


def dot_binary(fmt: str = "svg") -> str:
    """The path of Graphviz's `dot`, or RenderError saying how to install it."""
    found = shutil.which("dot")
    if not found:
        raise RenderError(phrase("rendering {format} needs Graphviz's dot: apt-get install graphviz (or brew install "
                                 "graphviz); DOT and Mermaid output work without it", format=fmt.upper()))
    return found


def render_image(scene: Scene, fmt: str, path: Path, timeout: float = TIMEOUT,
                 dot_timeout: float = DOT_TIMEOUT) -> Path:
    """Lay out and draw `scene` as an SVG, PNG or PDF file at `path`.

    If dot takes over `dot_timeout` seconds, the scene switches to sfdp (the caption says so) and is drawn again.
    """
    binary = dot_binary(fmt)
    make_folder(path.parent)
    # the temporary file gets the usual permissions (umask), not mkstemp's 0600
    temp = str(path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp"))
    try:  # an unwritable folder is said as `cannot write PATH: reason`, not as a Graphviz failure
        open(temp, "wb").close()
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        try:
            _run(binary, scene, fmt, temp, dot_timeout if scene.engine == "dot" else timeout)
        except subprocess.TimeoutExpired:
            if scene.engine != "dot":
                raise RenderError(_too_slow(scene, timeout)) from None
            use_sfdp(scene, word("dot_slow", scene.lang).format(seconds=f"{dot_timeout:g}"))
            try:
                _run(binary, scene, fmt, temp, timeout)
            except subprocess.TimeoutExpired:
                raise RenderError(_too_slow(scene, timeout)) from None
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path


def _run(binary: str, scene: Scene, fmt: str, out: str, timeout: float) -> None:
    args = [binary, f"-K{scene.engine}", f"-T{fmt}", "-o", out]
    if fmt == "png":
        args.append(f"-Gdpi={PNG_DPI if len(scene.boxes) <= 60 else LARGE_PNG_DPI}")
    done = subprocess.run(args, input=to_dot(scene).encode("utf-8"), capture_output=True, timeout=timeout)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(phrase("Graphviz failed to render {format}: {detail}", format=fmt.upper(),
                                 detail=message[0] if message else done.returncode))


def _too_slow(scene: Scene, timeout: float) -> str:
    return phrase("Graphviz took over {seconds} s to lay out {n} nodes; narrow the diagram with --depth or a focus "
                  "(--item, --system, --recipient)", seconds=f"{timeout:g}", n=len(scene.boxes))


def write_diagram(scene: Scene, fmt: str, output: str | os.PathLike) -> Path | None:
    """Write the scene in `fmt` to `output` ('-' = stdout, text formats only); the path written, None for stdout."""
    if fmt not in FORMATS:
        raise RenderError(phrase("unknown diagram format '{format}' (use one of {formats})", format=fmt,
                                 formats=", ".join(FORMATS)))
    if str(output) == "-":
        if fmt not in TEXT_FORMATS:
            raise RenderError(phrase("{format} is binary or needs a file: give -o FILE.{ext} (only dot and mermaid go "
                                     "to stdout)", format=fmt.upper(), ext=fmt))
        import sys

        sys.stdout.write(source(scene, fmt))
        return None
    path = Path(output)
    if fmt in IMAGE_FORMATS:
        return render_image(scene, fmt, path)
    make_folder(path.parent)
    path.write_text(source(scene, fmt), encoding="utf-8")
    return path
