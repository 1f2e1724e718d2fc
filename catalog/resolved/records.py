"""Look records up in the store: resolve a key, list records of a kind, show one record whole.

Plain SQL over `ReadDB`; results are plain dicts with a stable shape (they are the `--json` output).
"""

from __future__ import annotations

import difflib
from typing import Any

from daicho.catalog.resolved.facts import node_facts
from daicho.catalog.words import N_, joined, phrase
from daicho.inventory.db import ReadDB, Row, decode, flag_columns, json_columns
from daicho.inventory.errors import AmbiguousKey, UnknownKey

#: list kind (CLI word) → node kind in the store
KINDS = {
    "items": "item",
    "systems": "system",
    "recipients": "recipient",
    "purposes": "purpose",
    "subjects": "subject",
    "processes": "process",
    "collection-points": "collection_point",
    "retention-events": "retention_event",
    "flows": "flow",
}
#: node kind → its name in a message ('no item …')
_RECORDS = {"item": N_("item"), "system": N_("system"), "recipient": N_("recipient"), "purpose": N_("purpose"),
            "subject": N_("subject"), "process": N_("process"), "collection_point": N_("collection point"),
            "retention_event": N_("retention event"), "organization": N_("organization"), "flow": N_("flow")}
_NODE_TABLES = {
"item", "system", "recipient", "purpose", "subject", "process", "collection_point",
                "retention_event", "organization"}


def resolve(db: ReadDB, text: str, kinds: tuple[str, ...] = ()) -> Row:
    """The node a user's word names: its key, its name (en/ja), or an unambiguous key prefix."""
    where = f" AND kind IN ({', '.join(repr(k) for k in kinds)})" if kinds else ""
    exact = db.rows(f"SELECT * FROM node WHERE key = :t{where}", {"t": text})
    if exact:
        return exact[0]
    named = db.rows(f"SELECT * FROM node WHERE (lower(name_en) = lower(:t) OR name_ja = :t){where}", {"t": text})
    if len(named) == 1:
        return named[0]
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    prefixed = named or db.rows(f"SELECT * FROM node WHERE key LIKE :p ESCAPE '\\'{where} ORDER BY key",
                                {"p": escaped + "%"})
    prefixed = [r for r in prefixed if r in named or r["key"].startswith(text)]
    if len(prefixed) == 1:
        return prefixed[0]
    what = _kinds_named(kinds)
    if prefixed:
        shown = ", ".join(r["key"] for r in prefixed[:8]) + (" …" if len(prefixed) > 8 else "")
        raise AmbiguousKey(phrase("'{key}' matches {n} {what}s: {shown}", key=text, n=len(prefixed), what=what,
                                  shown=shown))
    match = near(db.rows(f"SELECT key, name_en, name_ja FROM node WHERE 1 = 1{where}"), text)
    if match:
        raise UnknownKey(phrase("no {what} '{key}'; did you mean {match}?", what=what, key=text,
                                match=joined(" or ", [phrase("'{key}'", key=m) for m in match])))
    raise UnknownKey(phrase("no {what} '{key}'", what=what, key=text))


def _kinds_named(kinds: tuple[str, ...]) -> str:
    """The kinds a key may name, as a phrase: 'record', 'item', 'system or recipient', 'collection point or system
    or recipient' (in Japanese 取得経路、システムまたは提供先)."""
    names = [phrase(_RECORDS.get(k, k.replace("_", " "))) for k in kinds]
    if not names:
        return phrase("record")
    if len(names) == 3:
        return phrase("{a} or {b} or {c}", a=names[0], b=names[1], c=names[2])
    return joined(" or ", names)


def _squashed(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def near(rows: list[Row], text: str, n: int = 3) -> list[str]:
    """Keys a mistyped word may mean: close to a key (`emial` → email), then keys whose key or name holds the
    word, spaces and underscores aside (`creditcard` → card_number, named "Credit card number")."""
    keys = [r["key"] for r in rows]
    found = difflib.get_close_matches(text, keys, n=n, cutoff=0.6)
    word = _squashed(text)
    if len(word) >= 4 or (len(word) >= 2 and not word.isascii()):
        holding = []
        for row in rows:
            names = [_squashed(name) for name in (row["key"], row.get("name_en") or "", row.get("name_ja") or "")]
            fits = [name for name in names if word in name]
            if row["key"] not in found and fits:
                holding.append((min((not n.startswith(word), len(n)) for n in fits), row["key"]))
        found += [key for _, key in sorted(holding)]
    if len(found) < n and word:
        squashed = {_squashed(r.get("name_en") or ""): r["key"] for r in rows if r.get("name_en")}
        for close in difflib.get_close_matches(word, list(squashed), n=n, cutoff=0.75):
            if squashed[close] not in found:
                found.append(squashed[close])
    return found[:n]


def _names(row: Row) -> dict[str, Any]:
    return {"en": row.get("name_en"), "ja": row.get("name_ja")}


def _grouped(db: ReadDB, sql: str, params: dict[str, Any] | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in db.rows(sql, params):
        out.setdefault(row["owner"], []).append(row["member"])
    return out


def list_records(db: ReadDB, kind: str, keys: set[str] | None = None) -> list[Row]:
    """Records of one kind (a KINDS word), each a small summary dict; `keys` narrows the list."""
    node_kind = KINDS[kind]
    if node_kind == "flow":
        rows = _flows(db)
    else:
        flags = flag_columns(db, node_kind)
        rows = [_summary(node_kind, row, flags) for row in db.rows(f"SELECT * FROM {node_kind} ORDER BY key")]
        if node_kind == "item":
            purposes = _grouped(db, "SELECT item AS owner, purpose AS member FROM item_purpose ORDER BY item, position")
            stored = _grouped(db, "SELECT item AS owner, system AS member FROM system_item ORDER BY item, system")
            for row in rows:
                row["purposes"] = purposes.get(row["key"], [])
                row["systems"] = stored.get(row["key"], [])
    if keys is not None:
        rows = [r for r in rows if r["key"] in keys]
    if node_kind in ("system", "recipient"):
        facts = node_facts(db, [r["key"] for r in rows])
        operates = _operates(db) if node_kind == "recipient" else {}
        for row in rows:
            row.update(resolved_fields(facts[row["key"]], operates.get(row["key"], [])))
    return rows


def resolved_fields(node: Row, operates: list[str] | None = None) -> Row:
    """A system's or recipient's facts as `catalog.resolved` decided them, for `list` and `show`: `country` is
    its location (where borders are judged: never a default, `unknown` when not recorded), `registered` where
    its party is established, `hosting` where data is kept, `party` whose side it is on, `operated_by` and
    `handles_data` (false: stored without handling the data); a recipient's `parents`, the systems it
    `operates` and `named_only` (named, no data flow recorded)."""
    fields: Row = {"country": node["location"], "location_class": node["location_class"],
                   "registered": node["registered"], "hosting": node["hosting"], "party": node["party"],
                   "party_kind": node["party_kind"], "operated_by": node["operated_by"],
                   "handles_data": node["handles"]}
    if node["kind"] == "recipient":
        fields.update(parents=node["parents"], operates=operates or [], named_only=node["named_only"])
    return fields


def _operates(db: ReadDB, key: str | None = None) -> dict[str, list[str]]:
    """The systems each recipient operates (handling the data or only storing it), by recipient."""
    where = "operated_by IS NOT NULL" if key is None else "operated_by = :k"
    return _grouped(db, f"SELECT operated_by AS owner, key AS member FROM resolved_node WHERE {where} "
                        "ORDER BY operated_by, key", {"k": key})


def _summary(kind: str, row: Row, flags: frozenset[str]) -> Row:
    base = {"key": row["key"], "name": _names(row)}
    pick = {
        "item": ("category", "sensitive", "financial", "personally_referable", "persons", "medium"),
        "system": ("kind", "department"),
        "recipient": ("kind",),
        "purpose": ("published",),
        "collection_point": ("channel", "notice"),
    }.get(kind, ())
    base.update({field: _plain(row[field]) if field in flags else row[field] for field in pick})
    if kind == "item":
        base["acquisition"] = decode(row["acquisition"]) or []
    base["illustrative"] = bool(row["illustrative"])
    return base


def _plain(value: Any) -> Any:
    return bool(value) if isinstance(value, int) and value in (0, 1) and not isinstance(value, bool) else value


def _flows(db: ReadDB, where: str = "", params: dict[str, Any] | None = None) -> list[Row]:
    items = _grouped(db, "SELECT flow AS owner, item AS member FROM flow_item ORDER BY flow, position")
    purposes = _grouped(db, "SELECT flow AS owner, purpose AS member FROM flow_purpose ORDER BY flow, position")
    out = []
    for row in db.rows(f"SELECT * FROM flow {where} ORDER BY position", params):
        out.append({"key": row["key"], "from": row["source"], "to": row["target"], "basis": row["basis"],
                    "exception": row["exception"], "foreign_basis": row["foreign_basis"],
                    "items": items.get(row["key"], []), "purposes": purposes.get(row["key"], []),
                    "mechanism": row["mechanism"], "illustrative": bool(row["illustrative"])})
    return out


#: a flow's fields `show` adds to those every list of flows carries (`_flows`)
_FLOW_DETAILS = ("frequency", "encrypted_in_transit", "record", "confirmation", "consent_information",
                 "referable_consent_confirmed", "referable_information_confirmed", "evidence")


def _flow_details(db: ReadDB, key: str) -> Row:
    """The rest of a flow for `show`: transport, the provision record and confirmation (APPI 29, 30), what
    persons were told (Rules 17(2)), the APPI 31 confirmations and the evidence."""
    row = db.rows(f"SELECT {', '.join(_FLOW_DETAILS)} FROM flow WHERE key = :k", {"k": key})[0]
    json = json_columns(db, "flow")
    return {field: _plain(decode(row[field]) if field in json else row[field]) for field in _FLOW_DETAILS}


def show_record(db: ReadDB, text: str) -> Row:
    """One record whole, with what it is linked to and where it was declared."""
    flow = db.rows("SELECT key FROM flow WHERE key = :k", {"k": text})
    if flow:
        record = _flows(db, "WHERE key = :k", {"k": text})[0]
        return {"kind": "flow", **record, **_flow_details(db, text), "source": _source(db, text)}
    node = resolve(db, text)
    kind = node["kind"]
    row = db.rows(f"SELECT * FROM {kind} WHERE key = :k", {"k": node["key"]})[0]
    record: Row = {"kind": kind, "key": node["key"]}
    json = json_columns(db, kind)  # only these: a free text may start with "[" or "{"
    flags = flag_columns(db, kind)  # and only these are yes/no: a count of persons may be 0 or 1
    for field, value in row.items():
        if field.endswith("_en") or field.endswith("_ja"):
            base = field[:-3]
            record.setdefault(base, {})[field[-2:]] = value
        elif field == "kind":
            record["subkind"] = value
        elif field != "key":
            record[field] = decode(value) if field in json else _plain(value) if field in flags else value
    if kind in ("system", "recipient"):
        record.pop("handles_data", None)
        record.update(resolved_fields(node_facts(db, [node["key"]])[node["key"]],
                                      _operates(db, node["key"]).get(node["key"], [])))
    record.update(_links(db, kind, node["key"]))
    record["source"] = _source(db, node["key"])
    return {k: v for k, v in record.items() if not (isinstance(v, dict) and not any(v.values()))}


def _links(db: ReadDB, kind: str, key: str) -> Row:
    p = {"k": key}
    if kind == "item":
        return {
            "subjects": [r["subject"] for r in db.rows("SELECT subject FROM item_subject WHERE item = :k "
                                                        "ORDER BY position", p)],
            "purposes": [r["purpose"] for r in db.rows("SELECT purpose FROM item_purpose WHERE item = :k "
                                                        "ORDER BY position", p)],
            "systems": [r["system"] for r in db.rows("SELECT system FROM system_item WHERE item = :k "
                                                      "ORDER BY system", p)],
            "flows": [r["flow"] for r in db.rows("SELECT DISTINCT flow FROM flow_item WHERE item = :k "
                                                  "ORDER BY flow", p)],
        }
    if kind == "purpose":
        return {"items": [r["item"] for r in db.rows("SELECT item FROM item_purpose WHERE purpose = :k "
                                                      "ORDER BY item", p)]}
    if kind == "process":
        return {"items": [r["item"] for r in db.rows("SELECT item FROM process_item WHERE process = :k "
                                                      "ORDER BY position", p)]}
    if kind in ("system", "recipient", "collection_point"):
        links: Row = {}
        if kind == "system":
            links["items"] = [r["item"] for r in db.rows("SELECT item FROM system_item WHERE system = :k "
                                                          "ORDER BY position", p)]
        if kind == "recipient":
            links["subcontractors"] = [r["recipient"] for r in db.rows(
                "SELECT recipient FROM recipient_parent WHERE parent = :k ORDER BY recipient", p)]
        links["flows_in"] = _flows(db, "WHERE target = :k", p)
        links["flows_out"] = _flows(db, "WHERE source = :k", p)
        return links
    return {}


def _source(db: ReadDB, key: str) -> str | None:
    rows = db.rows("SELECT file, line FROM record_source WHERE key = :k", {"k": key})
    return f"{rows[0]['file']}:{rows[0]['line']}" if rows else None


def counts(db: ReadDB) -> dict[str, int]:
    """How many records of each kind the store holds."""
    out = {word: db.value(f"SELECT count(*) FROM {KINDS[word]}") for word in KINDS}
    out["item-on-flow pairs"] = db.value("SELECT count(*) FROM flow_item")
    return out


def organization(db: ReadDB) -> Row | None:
    """The operator, or None when the inventory names none."""
    rows = db.rows("SELECT * FROM organization")
    if not rows:
        return None
    row = rows[0]
    return {"key": row["key"], "name": _names(row), "country": row["country"], "address": row["address"],
            "representative": row["representative"], "contact": decode(row["contact"])}
