"""The ledger's P-Mark columns beyond the A.3.3.1 minimum, each from recorded facts only.

* 情報の区分 (kind of information): 個人情報, 要配慮個人情報, or — not personal data, or carved out of it —
  個人関連情報 (APPI 2(7)), 仮名加工情報 (APPI 2(5), 41), 匿名加工情報 (APPI 2(6), 43);
* 書面による直接取得 (acquired directly from the person in writing, APPI 21(2), JIS Q 15001 A.3.4.2.5): from
  the collection points that acquire the item (`written`);
* 利用目的の通知・公表 (how the purpose was notified or published, APPI 21): the collection points' `notice`
  and whether the item's purposes are in the public notice (`published`);
* 本人同意の有無 (the person's consent): consent at a collection point (`consent`), consent to acquire a
  sensitive item (`consent_obtained`), provisions and transfers abroad made on consent;
* 外国での取扱い (foreign handling): 有 for flows to a known foreign location, 不明 where the location is not
  recorded — never "有: 不明".

What is not recorded is said to be not recorded (記録なし), never guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from daicho.catalog.resolved.countries import kept_besides
from daicho.catalog.review.ledger_cells import LIST_SEP, Cat, Country, Join, Kept, Line, Lines, Name, W
from daicho.catalog.review.ledger_labels import KEPT_IN
from daicho.catalog.review.reach import PROVISION_KINDS

if TYPE_CHECKING:
    from daicho.catalog.review.ledger_cells import Word
    from daicho.catalog.review.ledger_index import Index
    from daicho.catalog.review.reach import ItemReach
    from daicho.inventory.model import CollectionPoint, Item

#: kinds of information, most specific first (an item flagged twice shows the first that applies)
INFO_CLASSES = ("anonymised", "pseudonymised", "personally_referable", "sensitive")


def info_class(item: Item) -> str:
    """The key of the item's kind of information: one of INFO_CLASSES, or `personal` (個人情報)."""
    return next((flag for flag in INFO_CLASSES if getattr(item, flag)), "personal")


def retained_label(item: Item) -> Word | str:
    """保有個人データ: 非該当 for what is not personal data (個人関連情報, 匿名加工情報), excluded for 仮名加工情報
    (APPI 41(9) carves it out of Arts. 32–39), else as recorded."""
    kind = info_class(item)
    if kind in ("personally_referable", "anonymised"):
        return W("not_personal_data")
    if kind == "pseudonymised":
        return W("retained_excluded")
    return W("applies" if item.retained else "not_applies")


def points_of(index: Index, item: Item) -> list[CollectionPoint]:
    """The collection points whose flows carry the item (in manifest order, each once)."""
    seen = {f.source for f in index.flows_carrying.get(item.key, ()) if f.source in index.points}
    return [index.points[k] for k in sorted(seen, key=index.point_order.__getitem__)]


def point_name(index: Index, point: CollectionPoint) -> Name:
    """A collection point's name as recorded (its own, as the ledger has always shown it), made once."""
    return index.shared(("point", point.key), lambda: Name(point.name))


def grouped(index: Index, entries: list[tuple[bool | None, Any]], words: tuple[str, str, str],
            one_a_line: bool = False, empty: Any = None) -> Lines:
    """Entries (answer, what: values rows share) as lines by answer — yes, no, not recorded —: "有: A、B" (or,
    `one_a_line`, "有: A" then "B"); each name once; `empty` when there are none."""
    groups: list[Any] = []
    for answer, label in zip((True, False, None), words, strict=True):
        names = [name for value, name in entries if value is answer]
        if names and one_a_line:
            groups.append(index.lines(names, first=W(label)))
        elif names:
            groups.append(index.shared(("grouped", label, *names), lambda label=label, names=names: Kept(
                Cat(W(label), ": ", Join(LIST_SEP, names, once=True)))))
    return index.lines(groups, once=False, empty=empty)


def written_lines(index: Index, item: Item, points: list[CollectionPoint]) -> Lines | list[Any]:
    """書面による直接取得: per collection point acquiring the item (`points_of`), whether it is in writing; 非該当
    when the item only comes from third parties; 記録なし otherwise."""
    if points:
        return grouped(index, [(p.written, point_name(index, p)) for p in points],
                       ("applies", "not_applies", "not_recorded"))
    if item.acquisition and all(a == "third_party" for a in item.acquisition):
        return [W("not_direct")]
    return [W("not_recorded")]


def notice_lines(index: Index, item: Item, points: list[CollectionPoint]) -> list[Any]:
    """利用目的の通知・公表: each collection point's recorded notice, then whether every purpose of the item is in
    the public notice (purposes not in it named)."""
    lines: list[Any] = [index.shared(("notice", p.key), lambda p=p: Kept(Cat(point_name(index, p), ": ", p.notice)))
                        for p in points if p.notice]
    purposes = [index.purposes[k] for k in item.purposes if k in index.purposes]
    hidden = tuple(p.key for p in purposes if not p.published)
    if purposes and not hidden:
        lines.append(W("purposes_published"))
    elif hidden:
        lines.append(index.shared(("unpublished", *hidden), lambda: Kept(Cat(
            W("purposes_unpublished"), ": ", Join(LIST_SEP, [Name(index.purposes[k].name) for k in hidden])))))
    return lines or [W("not_recorded")]


def consent_lines(index: Index, item: Item, reach: ItemReach, points: list[CollectionPoint],
                  abroad: list[str] | None = None) -> Lines:
    """本人同意の有無: consent recorded at a collection point, to acquire a sensitive item, and for provisions
    and transfers abroad made on consent; 記録なし when nothing about consent is recorded. `abroad`: the parties
    of the item's foreign flows made on consent, in flow order (`foreign_of`; default: read from the reach)."""
    entries: list[tuple[bool | None, Any]] = []
    for point in points:
        if point.consent is not None:
            entries.append((point.consent, index.shared(("at_acquisition", point.key), lambda p=point: Kept(
                Cat(W("at_acquisition"), " (", point_name(index, p), ")")))))
    if item.sensitive:
        entries.append((item.consent_obtained, W("sensitive_acquisition")))
    for party in reach.of_kind(PROVISION_KINDS):
        if any(basis == "consent" for basis, _ in party.bases):
            entries.append((True, _on_consent(index, "provision_to", party.party)))
    if abroad is None:
        abroad = [e["to_party"] for e in reach.foreign if e.get("foreign_basis") == "consent"]
    for party in abroad:
        entries.append((True, _on_consent(index, "transfer_abroad", party)))
    return grouped(index, entries, ("yes", "no", "not_recorded"), one_a_line=True, empty=W("not_recorded"))


def _on_consent(index: Index, word: str, party: str) -> Kept:
    return index.shared((word, party), lambda: Kept(Cat(W(word), " (", index.named(party), ")")))


def foreign_answer(index: Index, lines: list[tuple[Kept, bool]]) -> Lines:
    """The foreign column from (line, location known) pairs: "有: …" for flows to a known foreign location,
    "不明: …" for those whose location is not recorded, "無" when there are none."""
    known = [line for line, certain in lines if certain]
    unknown = [line for line, certain in lines if not certain]
    groups = [index.lines(known, first=W("yes"))] if known else []
    groups += [index.lines(unknown, first=W("answer_unknown"))] if unknown else []
    return index.lines(groups, once=False, empty=W("no"))


def foreign_of(index: Index, reach: ItemReach) -> tuple[list[tuple[Kept, bool]], list[str], list[str]]:
    """In one pass over the item's foreign flows: `foreign_lines`, `foreign_locations`, and the parties of the
    flows made on consent (for `consent_lines`), each flow's part made once (`Index.foreign_facts`)."""
    if not reach.foreign:
        return [], [], []
    made = index._foreign
    facts = [made.get(entry["flow"]) or index.foreign_facts(entry) for entry in reach.foreign]
    places = {found[1] for found in facts}  # each flow's codes as one shared frozenset: few distinct ones
    codes = sorted(next(iter(places)) if len(places) == 1 else frozenset().union(*places))
    return (list(dict.fromkeys([found[0] for found in facts])), codes,
            [found[2] for found in facts if found[2] is not None])


def foreign_lines(index: Index, reach: ItemReach) -> list[tuple[Kept, bool]]:
    """The item's flows that `daicho abroad` lists, one line per receiving party or system: where the party
    is registered, and where it keeps data when that differs (所在不明 / location unknown when not recorded);
    each with whether a foreign location is known (False: only unknown or home locations are recorded)."""
    return list(dict.fromkeys(index.foreign_facts(entry)[0] for entry in reach.foreign))


def foreign_line(index: Index, entry: dict) -> tuple[Any, bool]:
    """One `abroad` entry's line in the foreign column, and whether a foreign location is known."""
    party = index.facts.nodes.get(entry["to_party"])
    if party is not None and party["kind"] == "recipient":
        label: list[Any] = [index.named(party["key"])]
        if entry["to"] != party["key"]:
            label += [" (", index.named(entry["to"]), ")"]
        where = entry["registered"] or "unknown"
        kept = kept_besides(entry["hosting"], where)
    else:  # the operator's own system, or storage its provider does not handle
        label = [index.named(entry["to"])]
        if entry["status"] == "storage":
            label += [" (", W("storage_only"), ")"]
        where, kept = entry["to_country"] or "unknown", []
    parts = [*label, ": ", Country(where)]
    if kept:
        parts += [" ", Line(KEPT_IN, places=Join(", ", [Country(h) for h in kept]))]
    known = any(code not in ("unknown", index.facts.home) for code in (where, *kept))
    return Cat(*parts), known


def foreign_locations(reach: ItemReach) -> list[str]:
    """Location codes of the item's foreign flows: registered and hosting (`unknown` included)."""
    codes = [c for e in reach.foreign for c in [e["registered"] or e["to_country"] or "unknown", *e["hosting"]]]
    return sorted(set(codes))
