"""HTML building blocks of the audit pack: escaping, tables, sanitised inline SVG and the page itself.

Every piece of user text goes through `esc` (html.escape, quotes too). The page is one file: CSS and
JS come from `catalog/assets/` and are inlined; a Content-Security-Policy allows only that one
script (by its hash), inline styles and `data:` images, so nothing loads from the network.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from importlib.resources import files

from daicho.inventory.safe_text import visible

Cell = str | int | float | None | list | tuple
_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_DROP_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "image", "use", "animate", "set",
              "handler", "audio", "video"}
_NUM = ' class="num"'
_KEY = ' class="key"'
_MARKER = re.compile(r"__DAICHO_(LANG|TITLE|CSP|STYLE|SCRIPT|BODY)__")


def esc(value: object) -> str:
    """User text for HTML: escaped (quotes too), control characters and bidi overrides shown; None is empty."""
    return "" if value is None else html.escape(visible(value), quote=True)


def esc_lines(value: object) -> str:
    """Escaped text with each line break shown as <br> (lists: one entry a line)."""
    if isinstance(value, (list, tuple)):
        value = "\n".join("" if v is None else str(v) for v in value)
    return "<br>".join(esc(line) for line in str("" if value is None else value).splitlines())


def table(head: Sequence[str], rows: Iterable[Sequence[Cell]], *, table_id: str | None = None,
          row_classes: Sequence[str] | None = None, numeric: Sequence[int] = (), widths: Sequence[float] = (),
          fit: bool = False, keys: Sequence[int] = ()) -> str:
    """A table: escaped header and cells (lists one entry a line); `row_classes` are our own class names,
    `widths` column widths in characters (`fit`: as shares of the table's width, so it fits a printed page);
    `keys` the columns of keys, never broken inside on screen."""
    out = [f'<table id="{esc(table_id)}">' if table_id else "<table>"]
    if widths and fit:
        total = sum(float(w) for w in widths) or 1
        out.append("<colgroup>" + "".join(f'<col style="width:{100 * float(w) / total:.2f}%">' for w in widths)
                   + "</colgroup>")
    elif widths:
        out.append("<colgroup>" + "".join(f'<col style="width:{int(w) * 0.62:.1f}em">' for w in widths) + "</colgroup>")
    out.append("<thead><tr>")
    out += [f"<th>{esc(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for n, row in enumerate(rows):
        cls = f' class="{row_classes[n]}"' if row_classes and row_classes[n] else ""
        cells = [f"<td{_NUM if i in numeric else _KEY if i in keys else ''}>{esc_lines(c)}</td>"
                 for i, c in enumerate(row)]
        out.append(f"<tr{cls}>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def inline_svg(svg: str, label: str) -> str:
    """An SVG document made safe to inline: no scripts, event handlers, foreign content or outside links.

    The SVG is parsed and written again, so its text and attributes come out well escaped; the XML
    prologue and the namespace URLs (which HTML does not need) are dropped.
    """
    import xml.etree.ElementTree as ET

    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    text = re.sub(r"<!DOCTYPE[^>]*>", "", re.sub(r"<\?xml[^>]*\?>", "", svg))
    root = ET.fromstring(text)
    _clean(root)
    root.set("role", "img")
    root.set("aria-label", visible(label))
    out = ET.tostring(root, encoding="unicode")
    out = re.sub(r"<!--.*?-->", "", out, flags=re.S)
    return out.replace(f' xmlns="{_SVG_NS}"', "", 1).replace(f' xmlns:xlink="{_XLINK_NS}"', "", 1)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _clean(element) -> None:
    for child in list(element):
        if _local(child.tag) in _DROP_TAGS:
            element.remove(child)
        else:
            _clean(child)
    for name in list(element.attrib):
        local, value = _local(name).lower(), element.attrib[name]
        if (local.startswith("on") or (local == "href" and not value.startswith("#"))
                or "javascript:" in value.lower() or re.search(r"url\((?!\s*['\"]?#)", value)):
            del element.attrib[name]


def asset(name: str) -> str:
    """A file of catalog/assets as text."""
    return files("daicho.catalog").joinpath("assets", name).read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def page(title: str, lang: str, body: str) -> str:
    """The whole self-contained page: template, inline CSS and JS, CSP, and the (already escaped) body.

    The template holds the script as ``<script>__DAICHO_SCRIPT__</script>``, so the hash in the CSP is the
    hash of exactly the script's text.
    """
    script = asset("report.js")
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src {script_hash(script)}; base-uri 'none'; form-action 'none'")
    values = {"LANG": esc(lang), "TITLE": esc(title), "CSP": esc(csp), "STYLE": asset("report.css"),
              "SCRIPT": script, "BODY": body}
    return _MARKER.sub(lambda m: values[m.group(1)], asset("report.html"))
