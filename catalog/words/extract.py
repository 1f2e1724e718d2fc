"""Babel's extractor for daicho's sources (`catalog/words/babel.cfg`): the message ids of the tool's words.

It finds, with `ast`:
- the texts of a law check, the keyword arguments `title`, `message`, `fix`, `why`, `severities` of a
  `@rule(...)` decorator (commented with the rule id and part, for the translator);
- the first argument of `phrase(...)` and `N_(...)`, the second of `t(lang, ...)`;
- a message in a context, `NC_(context, msgid)` and `pt(lang, context, msgid)`, as the id `context|msgid`.

Strings only when written literally (implicit concatenation included); anything else is left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import IO, Any

from daicho.catalog.words.checks import TEXT_FIELDS


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
            options: dict[str, Any]) -> Iterator[tuple[int, str, str, list[str]]]:
    """(line, "", message id, comments) for each message of a Python source (Babel's extractor API; no
    function name, so Babel reads no keyword spec)."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name == "rule" and node.args and _literal(node.args[0]):
            rule_id = _literal(node.args[0])
            for kw in node.keywords:
                text = _literal(kw.value)
                if kw.arg in TEXT_FIELDS and text:
                    yield node.lineno, "", text, [f"{rule_id} {kw.arg}"]
        elif name in ("phrase", "N_") and node.args and _literal(node.args[0]):
            yield node.lineno, "", _literal(node.args[0]), []
        elif name == "t" and len(node.args) > 1 and _literal(node.args[1]):
            yield node.lineno, "", _literal(node.args[1]), []
        elif name in ("NC_", "pt"):
            first = 1 if name == "pt" else 0
            if len(node.args) > first + 1 and _literal(node.args[first]) and _literal(node.args[first + 1]):
                yield node.lineno, "", f"{_literal(node.args[first])}|{_literal(node.args[first + 1])}", []
