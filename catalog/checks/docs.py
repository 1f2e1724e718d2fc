"""Generate docs/checks.md from the rule catalog, so the documentation never drifts from the code.

    python -m daicho.catalog.checks.docs > docs/checks.md

A test compares the file with this output.
"""

from __future__ import annotations

import inspect

from daicho.catalog.checks.base import Rule, Severity
from daicho.catalog.checks.rules import RULES

_INTRO = """\
# Law checks (`daicho check`)

<!-- Generated from the rule catalog (catalog/checks/rules*.py) by
     `python -m daicho.catalog.checks.docs > docs/checks.md`; do not edit by hand. -->

`daicho check` runs every rule below over the loaded inventory. Each finding names the offending record
(its key and the manifest `file:line` where it is declared), says what is wrong, how to fix it, and which
provisions it rests on.

```
daicho check [--as-of YYYY-MM-DD] [--format text|json|sarif] [--fail-on error|warning] [--summary | --verbose]
             [--all] [--lang en|ja] [--db URL]
```

- In the terminal it prints a summary first (a line per rule: severity, id, name, how many findings), then
  each rule once — its title, fix and references — followed by its findings one line each (`file:line
  message`). `--summary` prints only the summary; `--verbose` adds why each rule matters and each finding's
  own fix where it differs from the rule's. Past 1,000 findings (a large inventory has a million) it shows the
  first 20 of each rule and says how many more there are; `--all` prints every one, and JSON and SARIF always
  hold every finding, written as they are found (docs/performance.md).
- `--as-of` fixes the date the 12-month rules count from (default today), so a run is reproducible.
- `--at VERSION` checks a stored version of the inventory instead of the latest (docs/history.md).
- `--lang ja` writes the titles, messages, fixes, reasons and the view's own words in Japanese, and the
  citations as a Japanese reader writes them (法27条1項1号, 規則7条, 政令10条, JIPDEC指針 J.8.3); in JSON and SARIF
  too (rule ids, names, severities, kinds, keys and paths stay as they are). The default is `DAICHO_LANG`,
  else the locale (`LC_ALL`/`LANG` ja_* → ja), else English (docs/translation.md).
- `--format json` (or `--json`) prints a list of findings, each with the keys `rule`, `name`, `severity`,
  `title`, `kind`, `key`, `file`, `line`, `message`, `fix`, `citations`; no findings is `[]`.
- `--format sarif` prints SARIF 2.1.0 for code-scanning tools: one result per finding, located at the
  record's manifest line (paths relative to the working directory when under it).
- Exit status: 0 when no finding is at or above `--fail-on` (default `error`: no errors); 1 when one is
  (errors found); 2 for bad input or usage (an unknown option, a bad date, a store that cannot be read).
- From Python: `daicho.catalog.checks.run_checks(store_url, as_of) -> list[Finding]`.

## Severities

- **error** — the inventory states a fact that breaks the Act: a `false` consent flag, a basis that does not
  fit the recipient, an item used outside its purposes, a transfer abroad with no basis, sub-contracting a
  contract forbids.
- **warning** — evidence or a record the law or JIS Q 15001 asks for is missing from the ledger (a contract,
  a provision record, a confirmation, a review within 12 months, what a foreign basis rests on), or a duty
  the Act lets be met another way (APPI 32(1) also by answering on request, 21(1) by individual notice; prior
  approval of sub-contracting is "desirable" in the PPC guideline). The duty may be met; the ledger cannot
  show it.
- A rule whose cases differ in weight gives those cases their own severity and says so ("Other
  severities"); a finding's `severity` is its own.
- **info** — hygiene that makes the ledger more useful.

## Personal data

The rules on purposes and retention (DAI003, DAI004, DAI021) and on transfers (DAI009–DAI015, DAI018, DAI026)
concern personal data. An item marked `personally_referable: true` (個人関連情報) or `anonymised: true` is
not personal data: those rules skip such items, a flow that carries only such items, and a contractor that
only receives such items (it is not entrusted with personal data). Personally referable information given
to a third party is DAI019's concern (APPI 31); anonymised items are DAI025's.

## Where data goes: the resolved model

The transfer and location rules do not work out who receives data, where it goes or whether a basis can
apply: they read the inventory's resolved model (docs/lineage.md), the same facts `daicho where`, `receives`
and `abroad` show. So:

- A system `operated_by` a recipient is on that recipient's side: data put there is received by it, and the
  flow into it is outsourcing or provision to that recipient, with its basis (DAI008) and its foreign-transfer
  basis (DAI015) — unless the system (or the recipient) says `handles_data: false` (PPC Q&A 7-53): that is
  storage, not provision, so no contract, basis or foreign-transfer finding arises, but where it is kept must
  be named in the security measures (DAI017, DAI028), as for the operator's own systems and those its
  contractors operate.
- A basis that cannot apply where the data goes (`internal` into a contractor's system, `outsourcing` to a
  third party: 委託 is not 第三者提供) is DAI008.
- The flows judged under APPI 28 are those `daicho abroad` lists, with the same status: DAI015 is its
  `missing` and `mismatch`, DAI026 its `unknown_country`, DAI029 (and DAI016 for a recipient never checked)
  its `incomplete` — a foreign basis named without what it rests on (Rules 16–18, 17(2)), which `abroad`
  never shows as `ok`.
- Where the law leaves a judgement to the operator (whether an instrument ensures equivalent measures, how
  often to check, whether an exception fits, whether data is anonymised to the Act's standard), the
  message or the rule's text says so.
- A recipient with no recorded data flow is only named: it gets DAI027 and no contract or review findings.
- A sub-contractor may have several contractors (`parents`); DAI011 and DAI014 consider each. What reaches
  a shared sub-contractor from one contractor's side is not counted against the other's contract (DAI011).
- Borders are judged from the operator's home country (`organization.country`), which messages name.

## Citations

APPI articles use the current numbering. "Enforcement Rules" are the
PPC's 個人情報保護法施行規則, "Cabinet Order" the 施行令. JIS Q 15001 is cited in both editions: the 2023
main clauses and Annex A items, and the 2017 Annex A items that P-Mark practice still uses; "JIPDEC
guideline" items are J-numbers of the 構築・運用指針 for JIS Q 15001:2023. A clause number that the
project's law notes do not confirm is marked **(unverified)** — in particular every JIS Q 15001:2023
Annex A item other than A.1, A.2, A.3, A.13 and A.19.

## Rules

| id | name | severity | title |
|----|------|----------|-------|
"""


def fires_when(rule: Rule) -> str:
    """What fires a rule: its function's docstring, as one line."""
    return " ".join(inspect.cleandoc(rule.check.__doc__ or "").split())


def rule_section(rule: Rule) -> str:
    """The documentation of one rule."""
    refs = "\n".join(f"  - {c}" for c in rule.citations)
    return (f"### {rule.id} `{rule.name}` — {rule.title}\n\n"
            f"- **Severity:** {rule.severity.value} — {rule.why}\n"
            + (f"- **Other severities:** {rule.severities}\n" if rule.severities else "") +
            f"- **Fires when:** {fires_when(rule)}\n"
            f"- **Message:** {rule.message}\n"
            f"- **Fix:** {rule.fix.replace('{{', '{').replace('}}', '}')}\n"
            f"- **References:**\n{refs}\n")


def render_markdown(rules: list[Rule] = RULES) -> str:
    """The whole of docs/checks.md."""
    table = "\n".join(f"| {r.id} | `{r.name}` | {r.severity.value} | {r.title} |" for r in rules)
    counts = ", ".join(f"{sum(r.severity == s for r in rules)} {s.value}" for s in Severity)
    sections = "\n".join(rule_section(r) for r in rules)
    return f"{_INTRO}{table}\n\n{len(rules)} rules: {counts}.\n\n{sections}"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render_markdown())
