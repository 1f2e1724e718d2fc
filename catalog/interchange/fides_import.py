"""A Fides manifest read back as daicho manifests: `daicho import fides DIR|FILE -o DIR`.

A manifest daicho exported (`daicho export --format fides`) carries its records in `meta.daicho`: they come back
whole, and where Fides says the same thing (a name, an item's data category, what a system's dataset holds) the
Fides value wins, so edits made in Fides are kept. Any other Fides manifest is mapped as far as Fides can say it:
systems become systems, recipients (Processor → contractor, Sub-Processor → subcontractor, a Controller whose
system_type names a third party or vendor → third party) or collection points; dataset fields with data categories
become items; data uses and subjects of privacy declarations become purposes and subjects; egress/ingress become
flows. What Fides cannot say (the APPI basis of a flow, locations) is reported, and every guessed flow is marked
`illustrative` so `daicho check` and a reviewer see it is not a stated fact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from daicho.catalog.interchange.fides_common import _key, _named
from daicho.catalog.interchange.fides_export import DEFAULT_CATEGORY, ITEMS_DATASET
from daicho.catalog.words import joined, phrase
from daicho.inventory.errors import DaichoError, import_target_problem, make_folder


@dataclass
class ImportReport:
    """What Fides could not say, what was defaulted, and what daicho has no place for."""

    restored: list[str] = field(default_factory=list)
    not_said: list[str] = field(default_factory=list)
    defaulted: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def lines(self, lang: str = "en") -> list[str]:
        """One line per note, in `lang` (the notes are phrases: English in --json, said here otherwise)."""
        from daicho.catalog.words import t

        return ([t(lang, "restored from meta.daicho: {x}", x=x) for x in self.restored]
                + [t(lang, "not said by Fides: {x}", x=x) for x in self.not_said]
                + [t(lang, "defaulted: {x}", x=x) for x in self.defaulted]
                + [t(lang, "dropped: {x}", x=x) for x in self.dropped])


class FidesImportError(DaichoError):
    """A Fides manifest that cannot be read as one: no resources, or a field of the wrong kind."""

    exit_code = 2


def read_fides(path: Path) -> dict[str, list[dict[str, Any]]]:
    """A Fides manifest file, or every *.yml / *.yaml under a folder, merged by resource type. A file that is not
    YAML (syntax, not UTF-8, a control character) raises `ManifestError` with each problem at its file:line."""
    from daicho.inventory.errors import ManifestError
    from daicho.inventory.yamlread import read_yaml

    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml"))
    merged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    problems = []
    for file in files:
        document, found = read_yaml(file)
        problems.extend(found)
        if found or not isinstance(document, dict):
            continue
        for kind, resources in _plain(document).items():
            if isinstance(resources, list):
                merged[kind].extend(r for r in resources if isinstance(r, dict))
    if problems:
        raise ManifestError(problems, written=True)
    if not merged:
        raise FidesImportError(phrase("{path}: no Fides resources (lists of organization, system, dataset …)",
                                      path=str(path)))
    return dict(merged)


def _plain(value: Any) -> Any:
    """The parsed YAML as plain dicts and lists (the reader's mappings carry their lines)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def import_fides(path: Path) -> tuple[dict[str, Any], ImportReport]:
    """The daicho manifest document of a Fides manifest (file or folder), and the import report."""
    fides = read_fides(path)
    try:
        return _Reader(fides).document()
    except (AttributeError, TypeError, KeyError, ValueError) as exc:  # a field of another kind than Fides says
        raise FidesImportError(phrase("{path}: not a Fides manifest daicho can read (a field holds a value of "
                                      "another kind: {detail})", path=str(path), detail=str(exc))) from exc


def write_manifest(document: dict[str, Any], folder: Path, force: bool = False) -> Path:
    """Write the document as `folder/inventory.yaml` (the folder is created) and return its path. A folder that
    already holds manifests is refused unless `force`, which replaces inventory.yaml (as `import ledger` does)."""
    from daicho.inventory.export import to_yaml

    problem = import_target_problem(folder, force)
    if problem:
        raise FidesImportError(problem)
    text = to_yaml(document)
    make_folder(folder)
    target = folder / "inventory.yaml"
    scratch = folder / ".inventory.yaml.part"
    scratch.write_text(text, encoding="utf-8")
    scratch.replace(target)
    return target


class _Reader:
    def __init__(self, fides: dict[str, list[dict[str, Any]]]) -> None:
        self.fides = fides
        self.report = ImportReport()
        self.datasets = {d.get("fides_key"): d for d in fides.get("dataset", [])}
        items_ds = self.datasets.get(ITEMS_DATASET) or {}
        self.carried: dict[str, Any] = ((items_ds.get("meta") or {}).get("daicho") or {})
        self.items: dict[str, dict[str, Any]] = {r["key"]: dict(r) for r in self.carried.get("items", [])}
        self.category_item: dict[str, str] = {}
        self.purposes: dict[str, dict[str, Any]] = {r["key"]: dict(r) for r in self.carried.get("purposes", [])}
        self.subjects: dict[str, dict[str, Any]] = {r["key"]: dict(r) for r in self.carried.get("subjects", [])}

    def document(self) -> tuple[dict[str, Any], ImportReport]:
        doc: dict[str, Any] = {"daicho": 1}
        organization = self._organization()
        if organization:
            doc["organization"] = organization
        self._items_from_fields()
        systems = self.fides.get("system", [])
        native = [s for s in systems if not ((s.get("meta") or {}).get("daicho") or {}).get("kind")]
        records: dict[str, list[dict[str, Any]]] = defaultdict(list)
        flows: list[tuple[int, dict[str, Any]]] = []
        for system in systems:
            daicho = (system.get("meta") or {}).get("daicho") or {}
            if daicho.get("kind"):
                records[daicho["kind"]].append(self._restore(system, daicho))
                for flow in daicho.get("flows", []):
                    position = (flow.get("resolved") or {}).get("position", 0)
                    flows.append((position, {k: v for k, v in flow.items() if k != "resolved"}))
        if systems and len(native) < len(systems):
            self.report.restored.append(phrase("{n} systems and recipients with their flows",
                                               n=len(systems) - len(native)))
        if native:
            self._native(native, records, flows)
        self._purposes_and_subjects()
        for section, values in (("subjects", self.subjects), ("purposes", self.purposes), ("items", self.items)):
            if values:
                doc[section] = [values[k] for k in sorted(values)]
        for section in ("processes",):
            if self.carried.get(section):
                doc[section] = self.carried[section]
        for kind, section in (("system", "systems"), ("recipient", "recipients"),
                              ("collection_point", "collection_points")):
            if records.get(kind):
                doc[section] = sorted(records[kind], key=lambda r: r["key"])
        if flows:
            doc["flows"] = [f for _, f in sorted(flows, key=lambda pair: pair[0])]
        for section in ("derivations", "retention_events"):
            if self.carried.get(section):
                doc[section] = self.carried[section]
        if self.fides.get("policy"):
            self.report.dropped.append(phrase("{n} Fides policies (daicho has no policy rules)",
                                              n=len(self.fides["policy"])))
        return doc, self.report

    # --- records daicho exported: meta.daicho, with Fides winning where it says the same thing

    def _organization(self) -> dict[str, Any] | None:
        fides_org = next(iter(self.fides.get("organization", [])), None)
        record = dict(self.carried.get("organization") or {})
        if record:
            self.report.restored.append(phrase("organization, subjects, purposes, items, processes, derivations, "
                                               "retention events (dataset daicho_items)"))
        elif fides_org:
            record = {"key": _key(fides_org["fides_key"])}
            self.report.not_said.append(phrase("organization.country: daicho reads a left-out country as JP, "
                                               "the home country every border is judged from; set it"))
        else:
            return None
        if fides_org and fides_org.get("name"):
            record["name"] = _named(record.get("name"), fides_org["name"])
        record.setdefault("name", {"en": record["key"]})
        return record

    def _restore(self, system: dict[str, Any], daicho: dict[str, Any]) -> dict[str, Any]:
        record = dict(daicho.get("record") or {})
        record["key"] = record.get("key") or _key(system["fides_key"])
        if system.get("name"):
            record["name"] = _named(record.get("name"), system["name"])
        if daicho["kind"] == "system" and system.get("dataset_references"):
            held = self._dataset_items(system["dataset_references"])
            kept = [i for i in record.get("items", []) if i in held]  # the manifest's order, Fides's set
            if held or kept:
                record["items"] = kept + [i for i in held if i not in kept]
        return record

    def _items_from_fields(self) -> None:
        """Items named by dataset fields; a field's first data category is the item's category (Fides wins)."""
        for key, dataset in sorted(self.datasets.items(), key=lambda kv: str(kv[0])):
            if key != ITEMS_DATASET and self.carried.get("items") is not None:
                continue  # a system's dataset of an exported inventory repeats daicho_items' fields
            for name, categories in _fields(dataset):
                if not categories:
                    continue
                item = self.items.get(name)
                if item is None:
                    item = self.items[_key(name)] = {"key": _key(name), "name": {"en": name}}
                    self.report.defaulted.append(phrase("item '{item}' from field '{field}' of dataset '{dataset}'",
                                                        item=item["key"], field=name, dataset=key))
                if categories[0] != DEFAULT_CATEGORY or item.get("category"):
                    item["category"] = categories[0]
                if len(categories) > 1:
                    self.report.dropped.append(phrase("item '{item}': categories {categories} (daicho keeps one "
                                                      "category per item)", item=item["key"],
                                                      categories=joined(", ", categories[1:])))
                self.category_item.setdefault(item.get("category") or DEFAULT_CATEGORY, item["key"])
        for key, item in self.items.items():
            self.category_item.setdefault(item.get("category") or DEFAULT_CATEGORY, key)

    def _dataset_items(self, references: list[str]) -> list[str]:
        held: list[str] = []
        for reference in references:
            for name, categories in _fields(self.datasets.get(reference) or {}):
                key = name if name in self.items else self.category_item.get((categories or [""])[0])
                if key and key not in held:
                    held.append(key)
        return held

    def _purposes_and_subjects(self) -> None:
        for use in self.fides.get("data_use", []):
            key = _key(use["fides_key"])
            if key in self.purposes and use.get("name"):
                self.purposes[key]["name"] = _named(self.purposes[key].get("name"), use["name"])
        for subject in self.fides.get("data_subject", []):
            key = _key(subject["fides_key"])
            if key in self.subjects and subject.get("name"):
                self.subjects[key]["name"] = _named(self.subjects[key].get("name"), subject["name"])

    # --- any other Fides manifest: mapped as far as Fides says it

    def _native(self, systems: list[dict[str, Any]], records: dict[str, list[dict[str, Any]]],
                flows: list[tuple[int, dict[str, Any]]]) -> None:
        from daicho.catalog.interchange.fides_native import NativeMapper

        NativeMapper(self, systems).run(records, flows)

    def item_for(self, category: str) -> str:
        """The item of a data category, made (named by the category) when no field declares one."""
        if category not in self.category_item:
            key = _key(category)
            self.items.setdefault(key, {"key": key, "name": {"en": category}, "category": category})
            self.category_item[category] = key
            self.report.defaulted.append(phrase("item '{item}' for data category '{category}' (no dataset field "
                                                "has it)", item=key, category=category))
        return self.category_item[category]

    def purpose_for(self, use: str) -> str:
        key = _key(use)
        if key not in self.purposes:
            names = {u["fides_key"]: u.get("name") for u in self.fides.get("data_use", [])}
            self.purposes[key] = {"key": key, "name": {"en": names.get(use) or use}}
        return key

    def subject_for(self, subject: str) -> str:
        key = _key(subject)
        if key not in self.subjects:
            names = {s["fides_key"]: s.get("name") for s in self.fides.get("data_subject", [])}
            self.subjects[key] = {"key": key, "name": {"en": names.get(subject) or subject}}
        return key


def _fields(dataset: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(field name, data categories) of every field of a dataset's collections, nested fields dotted."""
    out: list[tuple[str, list[str]]] = []

    def walk(fields: list[dict[str, Any]], prefix: str) -> None:
        for f in fields or []:
            out.append((prefix + f["name"], list(f.get("data_categories") or [])))
            walk(f.get("fields") or [], prefix + f["name"] + ".")

    for collection in dataset.get("collections") or []:
        walk(collection.get("fields") or [], "")
    return out
