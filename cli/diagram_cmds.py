"""`daicho diagram`: the picture for the audit file (SVG, PNG, PDF, DOT or Mermaid).

Imported at start-up: everything heavier than typer is imported inside the command.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from daicho.catalog.words import N_

from .options import AtOption, DbOption, LangOption, open_db
from .output import safe_line


class DiagramFormat(StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"


def diagram(
    item: Annotated[str | None, typer.Option("--item", "-i", help="Draw where this item flows (key, name or "
                                             "prefix).", show_default=False)] = None,
    system: Annotated[str | None, typer.Option("--system", help="Draw the flows into and out of this system.",
                                               show_default=False)] = None,
    recipient: Annotated[str | None, typer.Option("--recipient", help="Draw the flows into and out of this "
                                                  "recipient.", show_default=False)] = None,
    whole: Annotated[bool, typer.Option("--all", help="Draw the whole map at system level, items as counts "
                                        "(the default).")] = False,
    depth: Annotated[int | None, typer.Option("--depth", min=1, help="Hops from the focus to draw.",
                                              show_default=False)] = None,
    fmt: Annotated[DiagramFormat | None, typer.Option("--format", "-f", help="svg, png, pdf, dot or mermaid "
                                                      "(default: from the file name; dot on stdout).",
                                                      show_default=False)] = None,
    output: Annotated[str, typer.Option("-o", "--output", help="File to write; - writes DOT or Mermaid to "
                                        "stdout.")] = "-",
    lang: LangOption = None,
    db: DbOption = None,
    at: AtOption = None,
) -> None:
    """Draw the flow map for an audit: left to right from collection points through systems to
    contractors and third parties, clustered by party and location; dashed edges are the flows daicho
    abroad lists."""
    from daicho.catalog.diagram.render import IMAGE_FORMATS, format_for, write_diagram
    from daicho.catalog.diagram.source import diagram_scene
    from daicho.catalog.words import t

    from .output import pick_lang

    focus = [name for name, given in (("--item", item), ("--system", system), ("--recipient", recipient),
                                      ("--all", whole)) if given]
    if len(focus) > 1:
        raise typer.BadParameter(f"give one of --item, --system, --recipient, --all (got {', '.join(focus)})")
    if depth is not None and not (item or system or recipient):
        raise typer.BadParameter("--depth needs a focus: --item, --system or --recipient")
    lang = pick_lang(lang)  # the default when not given; errors in it too
    chosen = format_for(output, fmt.value if fmt else None)
    if chosen is None:
        raise typer.BadParameter(f"cannot tell the format from '{output}'; give --format "
                                 "(svg, png, pdf, dot or mermaid) or a .svg/.png/.pdf/.dot/.mmd name")
    from .progress import step_progress

    with step_progress(output == "-" and sys.stdout.isatty(), lang) as progress:  # on a terminal's stderr only
        progress(t(lang, "reading the inventory and laying out"), 0, 0)
        with open_db(db, at) as conn:
            scene = diagram_scene(conn, item=item, system=system, recipient=recipient, depth=depth, lang=lang)
        progress(t(lang, _DRAWING if chosen in IMAGE_FORMATS else _WRITING), 0, 0)
        written = write_diagram(scene, chosen, output)
    if written is not None:
        for note in scene.notes:
            sys.stderr.write(safe_line(t(lang, "note: {note}", note=note)) + "\n")
        sys.stderr.write(safe_line(t(lang, "wrote {file} ({nodes} nodes, {edges} edges, {engine})", file=written,
                                     nodes=len(scene.boxes), edges=len(scene.arrows), engine=scene.engine)) + "\n")


#: the progress line's steps after the reading: Graphviz drawing an image, or the DOT/Mermaid text written
_DRAWING = N_("rendering with Graphviz")
_WRITING = N_("writing the diagram")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(diagram)
