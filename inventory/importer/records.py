"""The records an import builds: one per name and kind, with evidence, merged across rows and sheets.

`Records` hands out keys (`keys.KeyMaker`), keeps each record as a plain manifest mapping, remembers the rows
it came from (its evidence: ``"ledger.xlsx [台帳] row 7"``), and collects flows by (from, to, basis), so an
item reaching a contractor from ten rows is one flow carrying it.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .keys import JAPANESE, KeyMaker

#: manifest sections in the order they are written
SECTIONS = ("subjects", "purposes", "items", "processes", "collection_points", "systems", "recipients", "flows")


def local_text(text: str) -> dict[str, str]:
    """A name or description: Japanese text under ``ja``, other text under ``en``."""
    return {"ja": text} if JAPANESE.search(text) else {"en": text}


def same_name(text: str) -> str:
    """A name as compared: NFKC, spaces removed, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@dataclass(frozen=True)
class Place:
    """Where a fact was read: file, sheet (None for CSV) and 1-based row."""

    file: str
    sheet: str | None
    row: int

    def __str__(self) -> str:
        sheet = f" [{self.sheet}]" if self.sheet else ""
        return f"{self.file}{sheet} row {self.row}"

    def said_where(self) -> str:
        """The place as a phrase of the report (its English text is `str(self)`)."""
        from daicho.catalog.words import phrase

        return phrase("{file}{sheet} row {row}", file=self.file, sheet=f" [{self.sheet}]" if self.sheet else "",
                      row=self.row)


@dataclass
class Records:
    """Every record of the import, keyed, with where each was read."""

    keys: KeyMaker = field(default_factory=KeyMaker)
    sections: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {s: {} for s in SECTIONS})
    places: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    descriptions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def record(self, section: str, name: str, place: Place, preferred: str | None = None,
               **fields: Any) -> dict[str, Any]:
        """The record of `section` named `name` (made on first use); `fields` fill what it does not have yet."""
        ident = (section, same_name(name))
        key = self.by_name.get(ident)
        if key is None:
            key = self.keys.key(section, name, preferred)
            self.by_name[ident] = key
            self.sections[section][key] = {"key": key, "name": local_text(name)}
        record = self.sections[section][key]
        for name_, value in fields.items():
            if value not in (None, [], "") and name_ not in record:
                record[name_] = value
        if place not in self.places[key]:
            self.places[key].append(place)
        return record

    def find(self, section: str, name: str) -> dict[str, Any] | None:
        """The record of `section` with this name, if one was made."""
        key = self.by_name.get((section, same_name(name)))
        return self.sections[section][key] if key else None

    def add_to(self, record: dict[str, Any], field_name: str, *values: Any) -> None:
        """Append values to a list field, once each."""
        current = record.setdefault(field_name, [])
        for value in values:
            if value not in current:
                current.append(value)

    def describe(self, key: str, line: str) -> None:
        """Keep a line of text the ledger gives about a record but no field holds."""
        if line not in self.descriptions[key]:
            self.descriptions[key].append(line)

    def flow(self, source: str, target: str, basis: str, item: str, place: Place, exception: str | None = None) -> None:
        """Item `item` flows from `source` to `target` on `basis` (one flow per source, target and basis)."""
        ident = f"{source}\x00{target}\x00{basis}\x00{exception}"
        flow = self.sections["flows"].setdefault(ident, {"from": source, "to": target, "items": [], "basis": basis})
        if exception:
            flow["exception"] = exception
        self.add_to(flow, "items", item)
        if place not in self.places[ident]:
            self.places[ident].append(place)

    def flows_to(self, target: str) -> list[dict[str, Any]]:
        return [f for f in self.sections["flows"].values() if f["to"] == target]

    def document(self) -> dict[str, list[dict[str, Any]]]:
        """The manifest sections, each record with its evidence and kept description."""
        out: dict[str, list[dict[str, Any]]] = {}
        for section in SECTIONS:
            records = []
            for ident, record in self.sections[section].items():
                record = dict(record)
                if self.descriptions.get(ident):
                    record["description"] = local_text("\n".join(self.descriptions[ident]))
                record["evidence"] = evidence(self.places[ident])
                records.append(record)
            if records:
                out[section] = records
        return out


def evidence(places: list[Place]) -> str | list[str]:
    """``file [sheet] row N`` per file and sheet: ``rows 2, 5-9`` when the record was read on several rows."""
    rows: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for place in places:
        rows[(place.file, place.sheet)].append(place.row)
    lines = []
    for (file, sheet), numbers in rows.items():
        where = f"{file} [{sheet}]" if sheet else file
        lines.append(f"{where} row {numbers[0]}" if len(numbers) == 1 else f"{where} rows {_ranges(numbers)}")
    return lines[0] if len(lines) == 1 else lines


def _ranges(numbers: list[int]) -> str:
    numbers = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
