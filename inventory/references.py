"""Cross-record checks of a manifest: every reference names a record of the right kind,
and every flow carries only items its source holds."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Protocol

from daicho.catalog.words import N_, joined, phrase

from .hints import did_you_mean


class Collector(Protocol):
    """What the checks need of validation's collector: the records by section and a way to add a problem."""

    sections: dict[str, list]
    field_lines: dict[int, Any]
    broken_keys: dict[str, set[str]]

    def problem(self, file: str, line: int, code: str, **params: Any) -> None: ...

#: a section's records, one of them named in a message
RECORD_WORDS = {
    "items": N_("item"), "subjects": N_("subject"), "purposes": N_("purpose"), "processes": N_("process"),
    "systems": N_("system"), "recipients": N_("recipient"), "collection_points": N_("collection point"),
    "retention_events": N_("retention event"), "flows": N_("flow"),
}


def record_word(section: str) -> str:
    """One record of `section` in words (a phrase): 'item', 'collection point' …"""
    word = RECORD_WORDS.get(section)
    return phrase(word) if word else section.rstrip("s").replace("_", " ")

_MAX_HINTS = 200  # did-you-mean scans every key: cap the cost on huge broken inventories


class _Checker:
    def __init__(self, collector: Collector) -> None:
        self.c = collector
        self.keys = {
            section: {record.key for record, _, _ in rows} | collector.broken_keys[section]
            for section, rows in collector.sections.items()
            if section != "derivations"
        }
        self.hints = 0
        self._known: dict[tuple[str, ...], set[str]] = {}

    def known(self, sections: tuple[str, ...]) -> set[str]:
        """The keys of records in any of `sections` (worked out once per combination)."""
        keys = self._known.get(sections)
        if keys is None:
            keys = self._known[sections] = set().union(*(self.keys[s] for s in sections))
        return keys

    def ref(self, file: str, line: int, what: str, value: str | None, *sections: str) -> bool:
        if value is None or value in self.known(sections):
            return True
        kinds = joined(" or ", [record_word(s) for s in sections])
        hint = ""
        if self.hints < _MAX_HINTS:
            self.hints += 1
            hint = did_you_mean(value, self.known(sections))
        elsewhere = [s for s, keys in self.keys.items() if value in keys]
        if elsewhere:
            hint = joined("", [hint, phrase(" ('{value}' is a {kind})", value=value, kind=record_word(elsewhere[0]))])
        self.c.problem(file, line, "unknown_reference", field=what, kinds=kinds, value=value, hint=hint)
        return False

    def ref_field(self, record, file: str, line: int, field: str, value: str | None, *sections: str) -> bool:
        """`ref` for a record's field, finding the field's line only when there is a problem to report."""
        if value is None or value in self.known(sections):
            return True
        return self.ref(file, self.line(record, field, line), field, value, *sections)

    def refs(self, record, file: str, line: int, field: str, values, *sections: str) -> None:
        if not values or self.known(sections).issuperset(values):
            return  # the common case: every reference resolves, no line to find
        lines = self.c.field_lines.get(id(record))
        for index, value in enumerate(values):
            at = line
            if lines is not None and field.split(".")[0] in lines:
                node = lines[field.split(".")[0]]
                for part in field.split(".")[1:]:
                    node = node.get(part, node) if isinstance(node, dict) else node
                at = node.line_of(index) if hasattr(node, "item_lines") else lines.line_of(field.split(".")[0])
            self.ref(file, at, field, value, *sections)

    def line(self, record, field: str, default: int) -> int:
        lines = self.c.field_lines.get(id(record))
        return lines.line_of(field) if lines is not None else default


def check_references(collector: Collector) -> None:
    """Add a problem for every dangling or ill-typed reference."""
    ch = _Checker(collector)
    s = collector.sections
    for item, file, line in s["items"]:
        ch.refs(item, file, line, "subjects", item.subjects, "subjects")
        ch.refs(item, file, line, "purposes", item.purposes, "purposes")
    for process, file, line in s["processes"]:
        ch.refs(process, file, line, "items", process.items, "items")
    for system, file, line in s["systems"]:
        ch.refs(system, file, line, "items", system.items, "items")
        ch.ref_field(system, file, line, "operated_by", system.operated_by, "recipients")
    recipients = {r.key: r for r, _, _ in s["recipients"]}
    for recipient, file, line in s["recipients"]:
        field = "parents" if "parents" in (collector.field_lines.get(id(recipient)) or {}) else "parent"
        at = ch.line(recipient, field, line)
        for parent in recipient.parents:
            if not ch.ref(file, at, field, parent, "recipients"):
                continue
            if parent == recipient.key:
                collector.problem(file, at, "own_parent", field=field, key=recipient.key)
            elif recipients.get(parent) and recipients[parent].kind not in ("contractor", "subcontractor"):
                collector.problem(file, at, "parent_not_contractor", field=field, parent=parent)
        if recipient.kind == "subcontractor" and not recipient.parents:
            collector.problem(file, line, "subcontractor_without_parent", key=recipient.key)
        if recipient.contract:
            ch.refs(recipient, file, line, "contract.scope_items", recipient.contract.scope_items, "items")
        if recipient.joint_use:
            ch.refs(recipient, file, line, "joint_use.items", recipient.joint_use.items, "items")
            ch.refs(recipient, file, line, "joint_use.purposes", recipient.joint_use.purposes, "purposes")
    _check_parent_cycles(collector, recipients)
    for point, file, line in s["collection_points"]:
        ch.refs(point, file, line, "subjects", point.subjects, "subjects")
    for event, file, line in s["retention_events"]:
        for step in event.steps:
            ch.refs(event, file, line, "steps", step.items, "items")
    for derivation, file, line in s["derivations"]:
        ch.ref(file, line, "from", derivation.source, "items")
        ch.ref(file, line, "to", derivation.target, "items")
        ch.ref(file, line, "at", derivation.at, "systems", "recipients")
        if derivation.source == derivation.target:
            collector.problem(file, line, "derives_from_itself", item=derivation.source)
    _check_flows(ch, collector)
    _check_gdpr(ch, collector)


def _check_gdpr(ch: _Checker, collector: Collector) -> None:
    """The `gdpr:` block names purposes, items, flows, recipients and processes that exist."""
    block = getattr(collector, "blocks", {}).get("gdpr")
    if block is None:
        return
    gdpr, file, line = block
    for entry in gdpr.purposes:
        ch.ref(file, line, "gdpr.purposes", entry.purpose, "purposes")
    for entry in gdpr.special_categories:
        ch.ref(file, line, "gdpr.special_categories", entry.item, "items")
    for entry in gdpr.transfers:
        ch.ref(file, line, "gdpr.transfers", entry.flow, "flows")
        ch.ref(file, line, "gdpr.transfers", entry.recipient, "recipients")
    for controller in gdpr.controllers:
        for item in controller.items:
            ch.ref(file, line, f"gdpr.controllers.{controller.key}.items", item, "items")
        for process in controller.processes:
            ch.ref(file, line, f"gdpr.controllers.{controller.key}.processes", process, "processes")
        for flow in controller.flows:
            ch.ref(file, line, f"gdpr.controllers.{controller.key}.flows", flow, "flows")


def _check_parent_cycles(collector: Collector, recipients: dict) -> None:
    """A problem for each cycle of sub-contracting (a contractor that is, through parents, its own parent)."""
    where = {r.key: (file, line) for r, file, line in collector.sections["recipients"]}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    reported: set[frozenset[str]] = set()

    def visit(key: str, stack: list[str]) -> None:
        state[key] = 1
        stack.append(key)
        for parent in recipients[key].parents:
            if parent not in recipients or parent == key:
                continue
            if state.get(parent) == 1:
                cycle = stack[stack.index(parent):]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    file, line = where[cycle[0]]
                    shown = " → ".join([*cycle, cycle[0]])
                    collector.problem(file, line, "parent_cycle", cycle=shown)
            elif parent not in state:
                visit(parent, stack)
        stack.pop()
        state[key] = 2

    for key in recipients:
        if key not in state:
            visit(key, [])


def _check_flows(ch: _Checker, collector: Collector) -> None:
    s = collector.sections
    good = []
    sources_known = ch.known(("collection_points", "systems", "recipients"))
    targets_known = ch.known(("systems", "recipients"))
    items_known, purposes_known = ch.known(("items",)), ch.known(("purposes",))
    for flow, file, line in s["flows"]:
        # the common case (every reference resolves) without a call per reference
        ok = flow.source in sources_known or ch.ref_field(flow, file, line, "from", flow.source, "collection_points",
                                                          "systems", "recipients")
        ok &= flow.target in targets_known or ch.ref_field(flow, file, line, "to", flow.target, "systems",
                                                           "recipients")
        if not items_known.issuperset(flow.items):
            ch.refs(flow, file, line, "items", flow.items, "items")
        if not purposes_known.issuperset(flow.purposes):
            ch.refs(flow, file, line, "purposes", flow.purposes, "purposes")
        if flow.source == flow.target:
            collector.problem(file, line, "flow_to_itself", key=flow.key, source=flow.source)
            ok = False
        if flow.basis == "exception" and not flow.exception:
            collector.problem(file, ch.line(flow, "basis", line), "exception_needs_which")
        if len(set(flow.items)) != len(flow.items):
            collector.problem(file, ch.line(flow, "items", line), "item_twice", key=flow.key)
            ok = False
        if ok:
            good.append((flow, file, line))
    # What each node holds: systems their declared items; every node what flows bring it and what it derives.
    held: dict[str, set[str]] = defaultdict(set)
    for system, _, _ in s["systems"]:
        held[system.key].update(system.items)
    for flow, _, _ in good:
        held[flow.target].update(flow.items)
    derived = _Derived(s["derivations"])
    # Collection points collect what their flows say, and a provider outside the operator (a third
    # party, joint user or group company) is an origin too: data received from it starts there (APPI 30).
    # Systems and contractors hold only what they store or were given.
    entrusted = {r.key for r, _, _ in s["recipients"] if r.kind in ("contractor", "subcontractor")}
    sources = ch.keys["systems"] | entrusted
    for flow, file, line in good:
        if flow.source not in sources:
            continue
        has = held[flow.source]
        if has.issuperset(flow.items):
            continue
        missing = [i for i in flow.items if i not in has and i in ch.keys["items"]
                   and not derived.made_from(i, has, flow.source)]
        if missing:
            collector.problem(file, ch.line(flow, "items", line),
                              "source_lacks_item" if len(missing) == 1 else "source_lacks_items", key=flow.key,
                              items=joined(", ", [repr(m) for m in missing]), source=flow.source)


class _Derived:
    """Derivations walked backwards: is an item made (in one or more steps) from what a node holds?

    The same answer as closing each node's items under its derivations (anywhere or at that node), but
    asked only for the items a flow carries and the node does not hold itself.
    """

    def __init__(self, derivations: list) -> None:
        self.anywhere: dict[str, list[str]] = defaultdict(list)
        self.at_node: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for derivation, _, _ in derivations:
            parents = self.at_node[derivation.at] if derivation.at else self.anywhere
            parents[derivation.target].append(derivation.source)

    def made_from(self, item: str, held: set[str], node: str) -> bool:
        here = self.at_node.get(node, {})
        seen = {item}
        stack = [item]
        while stack:
            current = stack.pop()
            for parent in (*self.anywhere.get(current, ()), *here.get(current, ())):
                if parent in held:
                    return True
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return False
