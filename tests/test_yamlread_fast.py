"""The fast YAML reader gives exactly libyaml's result (values, lines, duplicate-key problems) or steps aside."""

from __future__ import annotations

import random

import pytest
from daicho.examples import example_path
from daicho.inventory.yamlread import LineDict, LineList, read_fast, read_libyaml

SAMPLE = """\
# a manifest
daicho: 1
organization:
  key: op
  name: {en: Example Inc., ja: 例株式会社}
  contact: {email: privacy@example.com, url: https://example.com/privacy}
items:
  - key: email   # the address
    name:
      en: Email address
      ja: メールアドレス
    subjects: [members, staff]
    acquisition: provided
    persons: 1_000
    sensitive: no
    retained: Yes
    last_reviewed: 2024-03-31
    evidence: [policy.md#s2, notice.md]
    retention: {period: 3 years, trigger: account deletion}
  -   key: phone
      name: 'Phone ''mobile'''
      persons: ~
      medium:
      risk:
        assessed: 2021-04-01 10:00:00
        residual: low
flows:
- from: web
  to: crm
  items: [email, phone, ]
  purposes: []
  basis: collection
  record: {kept: true, reference: [a, [b, c]], more: {x: 1}}
  frequency: 1:20
  count: 0x1F
  ratio: .5
  big: .inf
  octal: 017
  key: null
  key: dup
derivations:
  -
    from: email
  - - nested
  - {}
  - [a b, c  d]
  - 1: one
    true: yes
    ~: nothing
    3.0: three
empty:
last:
"""

CHARS = list(" -:#[]{},\n'\"a1&*!|>?%@\t.~") + ["  ", "- ", ": ", " #", "\n  ", "\n- ", "yes", "<<", "="]


def _shape(value):
    if isinstance(value, LineDict):
        return "map", value.line, [(_shape(k), value.key_lines[k], _shape(v)) for k, v in value.items()]
    if isinstance(value, LineList):
        return "seq", value.line, list(value.item_lines), [_shape(v) for v in value]
    assert not isinstance(value, (dict, list)), "every mapping and sequence keeps its lines"
    return type(value).__name__, repr(value)


def _same_or_declined(text: str) -> bool:
    """True when the fast reader read `text`; fails the test when it read it differently from libyaml."""
    fast = read_fast(text, "m.yaml")
    if fast is None:
        return False
    slow = read_libyaml(text, "m.yaml")
    assert not any(p.message.startswith("YAML") for p in slow[1]), f"libyaml refuses this text: {slow[1]}\n{text}"
    assert _shape(fast[0]) == _shape(slow[0]), text
    assert fast[1] == slow[1], text
    return True


def test_sample_is_read_fast_and_identically():
    parts = SAMPLE.split("derivations:")
    assert _same_or_declined(parts[0])  # the common part of YAML is read by the fast reader
    _same_or_declined(SAMPLE)


@pytest.mark.parametrize("text", [
    "", "# only a comment\n", "a: 1\n", "- a\n- b\n", "a:\n- x\n- y\nb: 2\n", "a: b: c\n", "a: [x\n", "a: 'x\n",
    "a: x\n  y\n", "a:\n  x\n", "a: &anchor x\nb: *anchor\n", "a: !!str 1\n", "a: |\n  text\n", "--- \na: 1\n",
    "a: 1\n---\nb: 2\n", "a:\tb\n", "a: 1\r\nb: 2\r\n", "<<: {a: 1}\n", "a: {b: 1, b: 2}\n", "a: 1\na: 2\n",
    "? a\n: b\n", "a: [b: c]\n", "a: {b}\n", "a: [1, 2]x\n", "a: 'x' # c\n", "a: \"x\\ty\"\n", " a: 1\nb: 2\n",
    "a:\n  - b: 1\n    c: 2\n  - d\n", "a: -\n", "a: - b\n", "- - a\n", "-\n  a: 1\n", "a: yes\nb: Off\nc: 1.5e3\n",
    "\ufeffa: 1\n", "a: b\x85c\n", "a: .nan\n.nan: 1\n.nan: 2\n", "a: 2021-13-45\n",
    "key with spaces: value with  spaces\n",
    "a: x #: y\n", "a#b: c\n", "a: b#c\n", "'a': 1\n", "a : 1\n", "a: [a, b, c]  # list\n", "a: {x: [1, {y: 2}]}\n",
    "a: [,]\n", "a: [a,,b]\n", "a: {x: }\n", "a: @x\n", "a: `x\n", "a: %x\n", "[a, b]\n", "{a: 1}\n", "plain\n",
    "a:\n- b\n  - c\n", "a: ['x, y', \"z\"]\n", "a: [x,\n  y]\n", "a: {u: https://x.org/p, t: 1:20}\n",
    "a: {b:c}\n", "a: {b:[c]}\n", "a: [b:c, d]\n", "a: [x, y, ]\n", "a: [x #y]\n", "a: [x#y]\n",
    "a:\n  b: 1\n c: 2\n", "a:\n    b: 1\n  c: 2\n",
])
def test_snippets(text):
    _same_or_declined(text)


def test_random_edits_never_diverge():
    rng = random.Random(20240601)
    read = 0
    for _ in range(700):
        text = SAMPLE
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            op = rng.random()
            if op < 0.4:
                text = text[:at] + rng.choice(CHARS) + text[at:]
            elif op < 0.7:
                text = text[:at] + text[at + rng.randint(1, 3):]
            else:
                text = text[:at] + rng.choice(CHARS) + text[at + 1:]
        read += _same_or_declined(text.split("derivations:")[0])
    assert read > 100  # most small edits stay inside what the fast reader handles


def test_bundled_examples_read_identically():
    for name in ("engoo", "engoo-2014"):
        for path in sorted(example_path(name).glob("*.yaml")):
            _same_or_declined(path.read_text(encoding="utf-8"))
