"""Reading a contractor list (委託先一覧: one row per contractor) and what needs every sheet read first.

A contractor row gives a recipient: its kind (委託先 / 再委託先), registered country, the contractors that
engaged it (委託元), contract date, protection clauses, sub-contracting, last review and its result, the
sub-contractors it engages (再委託先) and the items it handles (each becomes a flow when the ledger did not
already send the item there). A sub-contractor whose contractor the file never names is imported as a
contractor, with a note: a manifest's sub-contractor needs its parent.
"""

from __future__ import annotations

from daicho.catalog.words import phrase

from . import values as v
from .headers import Header
from .ledger_rows import Importer, _cell
from .reading import Sheet
from .records import Place


def contractor_sheet(importer: Importer, sheet: Sheet, header: Header) -> int:
    """Read every contractor row under the header; returns how many rows became recipients."""
    cols = header.fields()
    kept = [c for c in header.columns if c.field is None or c.duplicate_of]
    read = 0
    for n in range(header.data_start - 1, len(sheet.rows)):
        row = sheet.rows[n]
        if not any(cell.strip() for cell in row):
            continue
        place = Place(importer.file, sheet.name, n + 1)
        cell = {name: v.clean(_cell(row, i)) for name, i in cols.items()}
        chain = [part.strip() for part in cell.get("name", "").replace("\n", " ").split(">") if part.strip()]
        if not chain:
            importer.notes.skipped.append({"row": n + 1, "sheet": sheet.name,
                                           "reason": phrase("no contractor name")})
            continue
        kind = v.lookup(v.RECIPIENT_KIND_WORDS, cell.get("kind", "")) or "contractor"
        key = cell.get("key") or None
        recipient = importer.recipient(chain[-1], place, kind, key)
        _facts(importer, recipient, cell, place)
        parents = chain[-2::-1][:1] + v.split_list(cell.get("parent", ""))
        for parent in parents:
            importer.records.add_to(recipient, "parents", importer.recipient(parent, place, "contractor")["key"])
            if recipient["kind"] == "contractor":
                recipient["kind"] = "subcontractor"
        for sub in v.split_list(cell.get("subcontractors", "")):
            child = importer.recipient(sub, place, "subcontractor")
            importer.records.add_to(child, "parents", recipient["key"])
        for item in v.split_list(cell.get("items", "")):
            importer.pending.append((item, recipient["key"], place))
        for column in kept:
            text = v.clean(_cell(row, column.index))
            if text:
                importer.records.describe(recipient["key"], f"{column.header.replace(chr(10), '')}: {text}")
        read += 1
    return read


def _facts(importer: Importer, recipient: dict, cell: dict[str, str], place: Place) -> None:
    if cell.get("country"):
        code = v.country(cell["country"])
        if code is None:
            importer.records.describe(recipient["key"], f"国: {cell['country']}")
            importer.notes.note(place, phrase("country '{country}' is not a known country: kept in the description",
                                              country=cell["country"]))
        else:
            recipient.setdefault("country", code)
    for place_text in v.split_list(cell.get("hosting", ""), dots=False):
        code = v.country(place_text)
        if code:
            importer.records.add_to(recipient, "hosting", code)
        elif place_text not in ("記録なし", "not recorded"):
            importer.records.describe(recipient["key"], f"保管場所: {place_text}")
    if cell.get("address"):
        recipient.setdefault("address", cell["address"].replace("\n", " "))
    if cell.get("task"):
        importer.records.describe(recipient["key"], f"委託業務: {cell['task']}")
    contract = recipient.get("contract", {})
    day = v.date(cell.get("contract_date", ""))
    if day:
        contract.setdefault("date", day.isoformat())
    elif cell.get("contract_date"):  # not a date: kept, never dropped
        importer.records.describe(recipient["key"], f"契約日: {cell['contract_date']}")
    if cell.get("clauses") and v.answer(cell["clauses"]):
        contract["protection_clauses"] = True
    sub = v.lookup(v.SUBCONTRACTING_WORDS, cell.get("subcontracting", "")) if cell.get("subcontracting") else None
    if sub:
        contract.setdefault("subcontracting", sub)
    if contract:
        recipient["contract"] = contract
    review = {}
    day = v.date(cell.get("review_date", ""))
    if day:
        review["date"] = day.isoformat()
    elif cell.get("review_date"):
        importer.records.describe(recipient["key"], f"確認日: {cell['review_date']}")
    if cell.get("review_result"):
        review["result"] = cell["review_result"]
    if review and "review" not in recipient:
        recipient["review"] = review


def finish(importer: Importer) -> None:
    """After every sheet: sub-contractors without a contractor, then the items the contractor lists name."""
    recipients = importer.records.sections["recipients"]
    for key, recipient in recipients.items():
        recipient["parents"] = [p for p in recipient.get("parents", []) if p != key]
        if not recipient["parents"]:
            del recipient["parents"]
            if recipient.get("kind") == "subcontractor":
                recipient["kind"] = "contractor"
                importer.notes.note(key, phrase("a sub-contractor whose contractor the ledger does not name: "
                                                "imported as a contractor; add its parents"))
                importer.records.describe(key, "区分: 再委託先 (委託元の記載なし)")
        elif recipient.get("kind") == "contractor":
            recipient["kind"] = "subcontractor"
        elif recipient.get("kind") != "subcontractor":
            del recipient["parents"]
            importer.notes.note(key, phrase("a {kind} cannot have a contractor above it: parents dropped",
                                            kind=recipient.get("kind")))
    for name, recipient, place in importer.pending:
        item = importer.records.find("items", name)
        if item is None:
            importer.notes.note(place, phrase("item '{name}' is named only in the contractor list: not imported",
                                              name=name))
            continue
        importer.send(item["key"], recipient, place)
