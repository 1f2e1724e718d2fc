"""Reading ledger rows (one per business process and item) and contractor-list rows into records.

A ledger row gives an item; its purposes, data subjects, business process, storage places (systems),
acquisition sources (collection points), contractors, third parties and joint users become records, and
flows connect them: each source → each storage place (basis ``collection``), and from the item's first
storage place (else its first source) to each contractor (``outsourcing``; a sub-contractor through its
contractors), joint user (``joint_use``) and third party (the basis the cell states, e.g. ``X (本人同意)``).
A third party whose basis the ledger does not state is recorded without a flow (named only) and reported:
the import never invents a legal basis. Text no field holds is kept in the record's ``description``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from daicho.catalog.words import phrase

from . import values as v
from .headers import Header
from .reading import Sheet
from .records import Place, Records

_SOURCE_PREFIX = re.compile(r"^(取得元|入手元|source|from)\s*[:：]\s*", re.IGNORECASE)
_RISK_LINE = re.compile(r"^(残存リスク|residual risk|評価日|assessed)\s*[:：]\s*(.+)$", re.IGNORECASE)
_DAICHO_ID = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)/([A-Za-z0-9][A-Za-z0-9_.\-]*)$")


@dataclass
class Notes:
    """What the report tells besides the mapping: rows not read, and facts not recorded as given."""

    skipped: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)

    def note(self, place: Place | str, message: str) -> None:
        """A note on `place` (a row, or a record's key): `message` a phrase, said where the report is written."""
        self.notes.append({"where": place.said_where() if isinstance(place, Place) else place, "message": message})


@dataclass
class Importer:
    """Reads sheets into `records`; `finish()` adds what needs every sheet read first."""

    file: str
    records: Records = field(default_factory=Records)
    notes: Notes = field(default_factory=Notes)
    origins: dict[str, list[str]] = field(default_factory=dict)  # item key → storage places, then sources
    pending: list[tuple[str, str, Place]] = field(default_factory=list)  # (item name, recipient key, place)

    # ---- ledger sheets -------------------------------------------------------------------------------------

    def ledger_sheet(self, sheet: Sheet, header: Header) -> int:
        """Read every row under the header; returns how many rows became items."""
        cols = header.fields()
        if "key" in cols:  # daicho's ledger: the key column, not the running number, names the record
            cols["id"] = cols.pop("key")
        item_col = cols.get("item", cols.get("fields"))
        kept = [c for c in header.columns if c.field in (None, "id") or c.duplicate_of
                or (c.field == "fields" and "item" in cols)]
        ids = [row[cols["id"]] for row in sheet.rows[header.data_start - 1:] if "id" in cols and len(row) > cols["id"]]
        daicho_ids = any(_DAICHO_ID.match(i) for i in ids)
        read = 0
        for n in range(header.data_start - 1, len(sheet.rows)):
            row = sheet.rows[n]
            if not any(cell.strip() for cell in row):
                continue
            place = Place(self.file, sheet.name, n + 1)
            cell = {name: _cell(row, i) for name, i in cols.items()}
            name = v.clean(_cell(row, item_col)).replace("\n", " ")
            if [_cell(row, c.index) for c in header.columns[:3]] == [c.header for c in header.columns[:3]]:
                self.notes.skipped.append({"row": n + 1, "sheet": sheet.name, "reason": phrase("repeats the header")})
                continue
            if not name:
                column = header.columns[[c.index for c in header.columns].index(item_col)]
                filled = sum(1 for c in row if c.strip())
                reason = (phrase("no item name in column {letter} ({header})", letter=column.letter,
                                 header=column.header) if filled > 1
                          else phrase("a note, not a ledger row: {text}",
                                      text=v.clean(" ".join(c for c in row if c.strip()))[:60]))
                self.notes.skipped.append({"row": n + 1, "sheet": sheet.name, "reason": reason})
                continue
            self._ledger_row(name, cell, place, daicho_ids)
            for column in kept:
                text = v.clean(_cell(row, column.index))
                if text and not (column.field == "id" and daicho_ids):
                    item = self.records.find("items", name)
                    self.records.describe(item["key"], f"{column.header.replace(chr(10), '')}: {text}")
            read += 1
        return read

    def _ledger_row(self, name: str, cell: dict[str, str], place: Place, daicho_ids: bool) -> None:
        rec = self.records
        ident = _DAICHO_ID.match(cell.get("id", "").strip()) if daicho_ids else None
        preferred = ident.group(2) if ident else (cell.get("id", "").strip() if daicho_ids else None)
        item = rec.record("items", name, place, preferred)
        key = item["key"]
        for purpose in v.split_list(cell.get("purposes", "")):
            rec.add_to(item, "purposes", rec.record("purposes", purpose, place)["key"])
        for subject in v.split_list(cell.get("subjects", "")):
            rec.add_to(item, "subjects", rec.record("subjects", subject, place)["key"])
        self._item_facts(item, cell, place)
        process = v.clean(cell.get("process", "")) or v.clean(cell.get("department", ""))
        if process:
            record = rec.record("processes", process.replace("\n", " "), place, ident.group(1) if ident else None,
                                department=v.clean(cell.get("department", "")) or None,
                                owner=v.clean(cell.get("owner", "")) or None)
            rec.add_to(record, "items", key)
        storage = v.split_list(cell.get("storage", ""))
        if cell.get("medium") and v.medium(cell["medium"]) is None:
            storage += v.split_list(cell["medium"])
        systems = [self._system(text, key, place) for text in dict.fromkeys(storage)]
        for access in v.split_list(cell.get("access", "")):
            for system in systems:
                rec.add_to(system.setdefault("security", {}), "access", access)
        sources = self._sources(item, cell.get("acquisition", ""), place)
        for source in sources:
            for system in systems:
                rec.flow(source, system["key"], "collection", key, place)
        self.origins.setdefault(key, [])
        for origin in [s["key"] for s in systems] + sources:
            if origin not in self.origins[key]:
                self.origins[key].append(origin)
        for entry in v.split_list(cell.get("contractors", ""), dots=False):
            chain = [part.strip() for part in entry.split(">") if part.strip()]
            recipient = self.recipient(chain[-1], place, "contractor")
            for parent in chain[-2::-1][:1]:
                rec.add_to(recipient, "parents", self.recipient(parent, place, "contractor")["key"])
                if recipient["kind"] == "contractor":
                    recipient["kind"] = "subcontractor"
            self.send(key, recipient["key"], place)
        for entry in v.split_list(cell.get("joint_use", ""), dots=False):
            self.send(key, self.recipient(entry, place, "joint_user")["key"], place, "joint_use")
        for entry in v.split_list(cell.get("provision", ""), dots=False):
            self._provision(key, entry, place)

    def _item_facts(self, item: dict[str, Any], cell: dict[str, str], place: Place) -> None:
        rec, key = self.records, item["key"]
        text = {name: v.clean(value) for name, value in cell.items()}
        if text.get("persons"):
            count = v.persons(text["persons"])
            if count is None:
                rec.describe(key, f"件数: {text['persons']}")
                self.notes.note(place, phrase("件数 '{value}' is not a number: kept in the description",
                                              value=text["persons"]))
            elif "persons" not in item:
                item["persons"] = count
        if v.medium(text.get("medium", "")) == "paper":
            item.setdefault("medium", "paper")
        if text.get("retention") and not v.is_none(text["retention"]):
            item.setdefault("retention", {"period": "; ".join(text["retention"].split("\n"))})
        if text.get("disposal") and not v.is_none(text["disposal"]):
            item.setdefault("disposal", text["disposal"])
        if text.get("sensitive"):
            said = v.answer(text["sensitive"])
            if said is None:
                rec.describe(key, f"要配慮個人情報: {text['sensitive']}")
            if said is not False:
                item["sensitive"] = True
        if text.get("retained") and v.answer(text["retained"]) is False:
            item["retained"] = False
        if text.get("last_reviewed"):
            day = v.date(text["last_reviewed"])
            if day is None:
                rec.describe(key, f"最終確認日: {text['last_reviewed']}")
            elif "last_reviewed" not in item:
                item["last_reviewed"] = day.isoformat()
        if text.get("risk") and "risk" not in item:
            item["risk"] = _risk(text["risk"])
        countries = v.split_list(text.get("foreign", ""))
        if countries:
            rec.describe(key, f"外国: {', '.join(countries)}")

    def _system(self, text: str, item: str, place: Place) -> dict[str, Any]:
        name, details = v.trailing_group(text)
        parsed = _system_details(details) if details else None
        if parsed is None:
            name, parsed = text, {"kind": v.system_kind(text)}
        system = self.records.record("systems", name, place, **parsed)
        self.records.add_to(system, "items", item)
        return system

    def _sources(self, item: dict[str, Any], text: str, place: Place) -> list[str]:
        keys = []
        for entry in v.split_list(text):
            source = _SOURCE_PREFIX.sub("", entry)
            route = None if source != entry else v.acquisition(entry)
            if route:
                self.records.add_to(item, "acquisition", route)
                continue
            if self.records.find("recipients", source) or self.records.find("recipients", v.trailing_group(source)[0]):
                self.records.describe(item["key"], f"取得元: {source}")
                continue
            name, channel = v.trailing_group(source)
            keys.append(self.records.record("collection_points", name, place, channel=channel)["key"])
        return keys

    def _provision(self, item: str, entry: str, place: Place) -> None:
        name, said = v.trailing_group(entry)
        stated = v.basis(said) if said else None
        recipient = self.recipient(name if stated else entry, place, "third_party")
        if stated:
            self.send(item, recipient["key"], place, *stated)
        else:
            self.notes.note(place, phrase("provision to '{entry}': the ledger states no legal basis, so no flow was "
                                          "recorded (named only); add the flow with its basis", entry=entry))

    # ---- recipients and flows ----------------------------------------------------------------------------

    def recipient(self, name: str, place: Place, kind: str, preferred: str | None = None) -> dict[str, Any]:
        return self.records.record("recipients", name, place, preferred, kind=kind)

    def send(self, item: str, recipient: str, place: Place, basis: str = "outsourcing", exception: str | None = None,
             seen: frozenset[str] = frozenset()) -> bool:
        """A flow of `item` to `recipient` from the item's first storage place (else source); a sub-contractor
        receives it through its contractors. False (and a note) when the item has no place to come from."""
        record = self.records.sections["recipients"][recipient]
        if any(f["to"] == recipient and item in f["items"] for f in self.records.flows_to(recipient)):
            return True
        parents = [p for p in record.get("parents", []) if p not in seen]
        if record.get("kind") == "subcontractor" and parents:
            for parent in parents:
                if self.send(item, parent, place, basis, exception, seen | {recipient}):
                    self.records.flow(parent, recipient, basis, item, place, exception)
            return True
        origins = self.origins.get(item)
        if not origins:
            self.notes.note(place, phrase("'{name}' receives an item with no storage place or source on its row: "
                                          "recorded without a flow",
                                          name=record["name"].get("ja") or record["name"].get("en")))
            return False
        self.records.flow(origins[0], recipient, basis, item, place, exception)
        return True


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _system_details(details: str) -> dict[str, Any] | None:
    """The facts in daicho's own storage cell, ``(database; 日本 (JP)/Tokyo; encrypted)``; None for other text."""
    parts = [p.strip() for p in details.split(";") if p.strip()]
    kind = v.lookup(v.SYSTEM_KIND_WORDS, parts[0]) if parts else None
    if kind is None:
        return None
    facts: dict[str, Any] = {"kind": kind}
    for part in parts[1:]:
        if part in ("暗号化", "encrypted"):
            facts["security"] = {"encryption_at_rest": True}
            continue
        where, _, region = part.partition("/")
        code = v.country(where)
        if code is None:
            return None
        facts["country"] = code
        if region:
            facts["region"] = region
    return facts


def _risk(text: str) -> dict[str, Any]:
    risk: dict[str, Any] = {}
    notes = []
    for line in text.split("\n"):
        found = _RISK_LINE.match(line.strip())
        residual = v.lookup(v.RESIDUAL_WORDS, found.group(2)) if found else None
        if found and found.group(1).lower() in ("残存リスク", "residual risk") and residual:
            risk["residual"] = residual
        elif found and v.date(found.group(2)):
            risk["assessed"] = v.date(found.group(2)).isoformat()
        elif line.strip():
            notes.append(line.strip())
    if notes:
        risk["note"] = "\n".join(notes)
    return risk
