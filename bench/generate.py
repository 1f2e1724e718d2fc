"""Generate a synthetic inventory for benchmarks, deterministic by seed.

    python bench/generate.py --size small|medium|large --seed 1 -o DIR

writes DIR/manifests/*.yaml (several files, as a real inventory is split) and DIR/bench.json
(the sizes, a typical and the busiest item key). Load it with `daicho load DIR/manifests`.
The JSON sits outside manifests/ because a directory load reads every *.json there as a manifest.

The shape follows a real operator: collection points feed systems; items move between systems
(with cycles), out to contractors, on to their sub-contractors and back, to third parties, joint
users and group companies, some of them abroad; derivations make pseudonymised or aggregated items.
Item popularity is heavy-tailed: a few items (member id, email …) are stored almost everywhere and
ride on a large share of the flows. Every flow out of a system or recipient carries only items its
source stores, receives or derives, so validation passes.

The YAML is written as text (not through a YAML library): the large inventory (about 1M
item-on-flow pairs) takes a few seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Size:
    items: int
    systems: int
    recipients: int
    flows: int
    collection_points: int
    subjects: int
    purposes: int
    processes: int
    derivations: int
    popular: int  # items stored nearly everywhere, with heavy-tailed use
    retention_events: int
    per_file: int  # records per manifest file for the big sections


SIZES = {
    "small": Size(items=40, systems=5, recipients=10, flows=40, collection_points=3, subjects=3, purposes=8,
                  processes=3, derivations=3, popular=4, retention_events=1, per_file=1000),
    "medium": Size(items=10_000, systems=1_000, recipients=300, flows=20_000, collection_points=60, subjects=8,
                   purposes=40, processes=60, derivations=400, popular=12, retention_events=5, per_file=5_000),
    "large": Size(items=100_000, systems=10_000, recipients=2_000, flows=200_000, collection_points=400,
                  subjects=12, purposes=150, processes=400, derivations=4_000, popular=20, retention_events=20,
                  per_file=25_000),
}

# Share of the non-collection flows by kind; `internal` (system → system) takes the rest.
FLOW_MIX = {"outsourcing": 0.15, "subcontract": 0.05, "third_party": 0.05, "joint_use": 0.04, "group": 0.03,
            "returns": 0.04}
RECIPIENT_MIX = (("contractor", 0.4), ("subcontractor", 0.2), ("third_party", 0.2), ("joint_user", 0.1),
                 ("group_company", 0.1))

POPULAR_STEMS = ["member-id", "email", "full-name", "ip-address", "cookie-id", "phone", "device-id", "birth-date",
                 "postal-address", "payment-token", "lesson-history", "login-history", "gender", "country",
                 "language", "skype-id", "profile-photo", "school-name", "job-title", "time-zone"]
STEMS = ["note", "score", "answer", "rating", "message", "record", "setting", "survey", "order", "ticket",
         "review", "log", "preference", "attendance", "invoice", "contact", "request", "consent", "upload",
         "comment"]
JA_STEMS = ["メモ", "点数", "回答", "評価", "メッセージ", "記録", "設定", "アンケート", "注文", "問合せ"]
CATEGORIES = ["user.contact.email", "user.contact.phone_number", "user.name", "user.unique_id",
              "user.behavior.browsing_history", "user.device.ip_address", "user.financial", "user.demographic",
              "user.content", "user.location"]
ACQUISITION = ["provided", "service_use", "automatic", "cookie", "third_party"]
SYSTEM_KINDS = ["database", "saas", "application", "file_share", "database", "database", "saas"]
DEPARTMENTS = ["sales", "support", "engineering", "marketing", "finance", "hr", "lessons", "security"]
ABROAD = ["US", "SG", "IE", "DE", "GB", "IN", "PH", "RS", "AU"]
EU_UK = {"IE", "DE", "GB"}
CHANNELS = ["web form", "app", "cookie", "paper", "phone", "email"]
METHODS = ["pseudonymisation", "aggregation", "anonymisation", "copy"]
EXCEPTIONS = ["27(1)(i)", "27(1)(ii)", "27(1)(iv)"]


def _zipf_count(rng: random.Random, mean: float, cap: int) -> int:
    """1 + an exponential tail: most flows carry a few items, some many."""
    return max(1, min(cap, 1 + int(rng.expovariate(1 / (mean - 0.5)))))


class _Generator:
    def __init__(self, size: Size, seed: int) -> None:
        self.s = size
        self.rng = random.Random(seed)
        self.items: list[str] = []
        self.flows: list[dict] = []
        # What each node may send on: popular items (list of ranks, kept sorted) and the rest (list + set).
        self.pop_held: dict[str, list[int]] = {}
        self.rest: dict[str, list[str]] = {}
        self.rest_set: dict[str, set[str]] = {}
        self.carried: dict[str, int] = {}

    # -- records -------------------------------------------------------------------------------------

    def make_keys(self) -> None:
        s, rng = self.s, self.rng
        self.subjects = [f"subject-{i:02d}" for i in range(s.subjects)]
        self.purposes = [f"purpose-{i:03d}" for i in range(s.purposes)]
        self.popular = [POPULAR_STEMS[i % len(POPULAR_STEMS)] + ("" if i < len(POPULAR_STEMS) else f"-{i}")
                        for i in range(s.popular)]
        n_derived = min(s.derivations, max(1, s.items // 20))
        n_plain = s.items - s.popular - n_derived
        self.plain = [f"{STEMS[i % len(STEMS)]}-{i:06d}" for i in range(n_plain)]
        self.derived = [f"derived-{i:05d}" for i in range(n_derived)]
        self.items = self.popular + self.plain + self.derived
        self.systems = [f"sys-{i:05d}" for i in range(s.systems)]
        self.points = [f"cp-{i:04d}" for i in range(s.collection_points)]
        kinds: list[str] = []
        for kind, share in RECIPIENT_MIX:
            kinds += [kind] * max(1, round(s.recipients * share))
        kinds = kinds[:s.recipients]
        while len(kinds) < s.recipients:
            kinds.append("third_party")
        self.recipient_kind = {f"rcp-{i:04d}": kind for i, kind in enumerate(kinds)}
        self.recipients = list(self.recipient_kind)
        self.by_kind = {kind: [r for r in self.recipients if self.recipient_kind[r] == kind]
                        for kind, _ in RECIPIENT_MIX}
        self.country = {r: (rng.choice(ABROAD) if rng.random() < 0.3 else "JP") for r in self.recipients}
        contractors = self.by_kind["contractor"]
        self.parent = {r: rng.choice(contractors) for r in self.by_kind["subcontractor"]}

    def store_items(self) -> None:
        """Each system stores its share of the plain items plus popular ones (rank r in ~0.9/(r+1)^0.5)."""
        rng = self.rng
        self.stored: dict[str, list[str]] = {sys_: [] for sys_ in self.systems}
        order = self.plain[:]
        rng.shuffle(order)
        for i, item in enumerate(order):
            self.stored[self.systems[i % len(self.systems)]].append(item)
            if rng.random() < 0.15:  # some items live in a second system too
                self.stored[rng.choice(self.systems)].append(item)
        for system in self.systems:
            ranks = [r for r in range(len(self.popular)) if rng.random() < 0.9 / (r + 1) ** 0.5]
            self.pop_held[system] = ranks
            plain = list(dict.fromkeys(self.stored[system]))
            self.stored[system] = [self.popular[r] for r in ranks] + plain
            self.rest[system] = plain
            self.rest_set[system] = set(plain)

    def make_derivations(self) -> None:
        """Derived items made at a system (or anywhere) from an item that system holds; it can send them on."""
        rng = self.rng
        self.derivations: list[dict] = []
        for i, target in enumerate(self.derived):
            system = rng.choice(self.systems)
            held = self.stored[system]
            if not held:
                continue
            plain = self.rest[system]
            # mostly the system's own items; now and then a popular one (a hashed member id, a pseudonymised email)
            source = rng.choice(held) if not plain or rng.random() < 0.02 else rng.choice(plain)
            at = system if rng.random() < 0.7 else None
            self.derivations.append({"from": source, "to": target, "method": METHODS[i % len(METHODS)], "at": at})
            self._receive(system, [target])
        # a few chains: derive from a derived item
        for _ in range(self.s.derivations - len(self.derived)):
            if len(self.derivations) < 2:
                break
            a, b = rng.sample(self.derivations, 2)
            if a["to"] != b["to"] and b["at"] and a["to"] in self.rest_set.get(b["at"], ()):
                self.derivations.append({"from": a["to"], "to": b["to"], "method": "aggregation", "at": b["at"]})

    # -- flows ---------------------------------------------------------------------------------------

    def _receive(self, node: str, items: list[str]) -> None:
        held = self.pop_held.setdefault(node, [])
        rest = self.rest.setdefault(node, [])
        rest_set = self.rest_set.setdefault(node, set())
        for item in items:
            rank = self._rank.get(item)
            if rank is not None:
                if rank not in held:
                    held.append(rank)
                    held.sort()
            elif item not in rest_set:
                rest_set.add(item)
                rest.append(item)

    def _pick(self, node: str, mean: float = 4.0) -> list[str]:
        """Items a flow from `node` carries: popular ones it holds by rank, plus a few of the rest."""
        rng = self.rng
        chosen = [self.popular[r] for r in self.pop_held.get(node, ()) if rng.random() < 0.4 / (r + 1) ** 0.6]
        rest = self.rest.get(node, ())
        if rest:
            chosen += rng.sample(rest, min(len(rest), _zipf_count(rng, mean, 14)))
        if not chosen:
            held = self.pop_held.get(node)
            if held:
                chosen = [self.popular[held[0]]]
        return chosen

    def _flow(self, source: str, target: str, items: list[str], basis: str, **extra) -> None:
        if not items or source == target:
            return
        flow = {"from": source, "to": target, "items": items, "basis": basis, **extra}
        self.flows.append(flow)
        for item in items:
            self.carried[item] = self.carried.get(item, 0) + 1
        self._receive(target, items)

    def make_flows(self) -> None:
        s, rng = self.s, self.rng
        self._rank = {item: r for r, item in enumerate(self.popular)}
        for i, system in enumerate(self.systems):  # every system is fed by a collection point
            point = self.points[i % len(self.points)]
            plain = [it for it in self.stored[system] if it not in self._rank]
            items = [self.popular[r] for r in self.pop_held[system] if r < 4] + plain[:rng.randint(1, 6)]
            self._flow(point, system, items, "collection", mechanism=rng.choice(CHANNELS))
        rest = s.flows - len(self.flows)
        counts = {kind: max(1, round(rest * share)) for kind, share in FLOW_MIX.items()}
        counts["internal"] = rest - sum(counts.values())
        # internal flows first, so that systems also hold what they receive
        for _ in range(counts["internal"]):
            source, target = rng.sample(self.systems, 2)
            self._flow(source, target, self._pick(source), "internal",
                       frequency=rng.choice(["daily", "hourly", "on change", "monthly"]))
        contractors = self.by_kind["contractor"]
        for i in range(counts["outsourcing"]):
            target = contractors[i] if i < len(contractors) else rng.choice(contractors)
            self._to_recipient(rng.choice(self.systems), target, "outsourcing")
        subs = self.by_kind["subcontractor"]
        for i in range(counts["subcontract"]):
            target = subs[i] if i < len(subs) else rng.choice(subs)
            self._to_recipient(self.parent[target], target, "outsourcing")
        for kind, flow_kind, basis in (("third_party", "third_party", None), ("joint_user", "joint_use", "joint_use"),
                                       ("group_company", "group", "consent")):
            targets = self.by_kind[kind]
            for i in range(counts[flow_kind]):
                target = targets[i] if i < len(targets) else rng.choice(targets)
                self._to_recipient(rng.choice(self.systems), target, basis or rng.choice(["consent", "opt_out",
                                                                                          "exception"]))
        # returns: contractors send results back, third parties provide data (cycles through recipients)
        senders = [r for r in self.recipients if self.rest.get(r) or self.pop_held.get(r)]
        for _ in range(counts["returns"]):
            source = rng.choice(senders)
            kind = self.recipient_kind[source]
            extra = {}
            if kind in ("third_party", "group_company"):
                extra["confirmation"] = {"provider_identity": True, "acquisition_checked": True}
            basis = "outsourcing" if kind in ("contractor", "subcontractor") else \
                "joint_use" if kind == "joint_user" else "consent"
            self._flow(source, rng.choice(self.systems), self._pick(source, 3.0), basis, **extra)

    def _to_recipient(self, source: str, target: str, basis: str) -> None:
        extra: dict = {}
        if basis == "exception":
            extra["exception"] = self.rng.choice(EXCEPTIONS)
        if basis in ("consent", "opt_out", "exception"):
            extra["record"] = {"kept": True}
        country = self.country[target]
        if country != "JP":
            extra["foreign_basis"] = "eu_uk" if country in EU_UK else \
                "compliant_system" if basis == "outsourcing" else "consent"
        items = self._pick(source)
        if not items and source in self.parent.values():
            return
        self._flow(source, target, items, basis, encrypted_in_transit=True, **extra)


# -- YAML text ---------------------------------------------------------------------------------------


def _seq(values) -> str:
    return "[" + ", ".join(values) + "]"


def _mapping(value: dict) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"


def _scalar(value) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dict):
        return _mapping(value)
    if isinstance(value, list):
        return _seq(value)
    return str(value)


def _chunks(records: list, size: int) -> list[list]:
    return [records[i:i + size] for i in range(0, len(records), size)] or [[]]


class _Writer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.yaml"):
            old.unlink()
        self.files: list[str] = []

    def write(self, name: str, lines: list[str]) -> None:
        (self.folder / name).write_text("daicho: 1\n" + "\n".join(lines) + "\n", encoding="utf-8")
        self.files.append(name)


def _write(gen: _Generator, folder: Path) -> None:
    s, rng = gen.s, random.Random(gen.rng.random())
    out = _Writer(folder)
    lines = ["organization:", "  key: operator", "  name: {en: Synthetic Learning Inc., ja: 合成学習株式会社}",
             "  country: JP", "  privacy_manager: Privacy Office",
             "  contact: {email: privacy@example.com}", "subjects:"]
    for i, key in enumerate(gen.subjects):
        lines += [f"  - key: {key}", f"    name: {{en: Subject group {i}, ja: 本人区分{i}}}"]
    lines.append("purposes:")
    for i, key in enumerate(gen.purposes):
        lines += [f"  - key: {key}", f"    name: {{en: Purpose {i}, ja: 利用目的{i}}}"]
        if i % 7 == 3:
            lines.append("    published: false")
    out.write("00-organization.yaml", lines)

    for n, chunk in enumerate(_chunks(gen.items, s.per_file)):
        lines = ["items:"]
        for key in chunk:
            ja = JA_STEMS[len(key) % len(JA_STEMS)]
            lines += [f"  - key: {key}", f"    name: {{en: {key.replace('-', ' ').capitalize()}, ja: {ja}}}",
                      f"    category: {rng.choice(CATEGORIES)}",
                      f"    subjects: {_seq(rng.sample(gen.subjects, 1 + (rng.random() < 0.3)))}",
                      f"    acquisition: {_seq(rng.sample(ACQUISITION, 1 + (rng.random() < 0.2)))}",
                      f"    purposes: {_seq(rng.sample(gen.purposes, min(len(gen.purposes), rng.randint(1, 3))))}",
                      f"    persons: {rng.randint(10, 2_000_000)}"]
            if rng.random() < 0.02:
                lines += ["    sensitive: true", "    consent_obtained: true"]
            if rng.random() < 0.3:
                lines.append(f"    retention: {{period: {rng.randint(1, 7)} years, trigger: account deletion}}")
            if rng.random() < 0.1:
                lines.append(f"    evidence: privacy-policy.md#s{rng.randint(1, 12)}")
        out.write(f"10-items-{n:02d}.yaml", lines)

    operators = gen.by_kind["contractor"]
    for n, chunk in enumerate(_chunks(gen.systems, s.per_file // 5 or 1)):
        lines = ["systems:"]
        for key in chunk:
            lines += [f"  - key: {key}", f"    name: {{en: System {key[4:]}, ja: システム{key[4:]}}}",
                      f"    kind: {rng.choice(SYSTEM_KINDS)}", f"    department: {rng.choice(DEPARTMENTS)}"]
            if rng.random() < 0.15:
                lines += [f"    country: {rng.choice(ABROAD)}", "    disclosed_abroad: true"]
            if rng.random() < 0.2:
                lines.append(f"    operated_by: {rng.choice(operators)}")
            if rng.random() < 0.5:
                lines.append("    security: {encryption_at_rest: true, access: [admin, support], logging: true}")
            lines.append(f"    items: {_seq(gen.stored[key])}")
        out.write(f"20-systems-{n:02d}.yaml", lines)

    lines = ["recipients:"]
    for key in gen.recipients:
        kind = gen.recipient_kind[key]
        lines += [f"  - key: {key}", f"    name: {{en: {kind.replace('_', ' ').capitalize()} {key[4:]}, "
                                     f"ja: 提供先{key[4:]}}}", f"    kind: {kind}", f"    country: {gen.country[key]}"]
        if key in gen.parent:
            lines.append(f"    parent: {gen.parent[key]}")
        if kind in ("contractor", "subcontractor"):
            scope = gen.rest.get(key, [])[:3]
            lines.append(f"    contract: {{date: 2021-04-01, protection_clauses: true, subcontracting: allowed, "
                         f"scope_items: {_seq(scope)}}}")
            lines.append("    review: {date: 2024-03-31, result: no findings}")
        if kind == "joint_user":
            lines.append(f"    joint_use: {{items: {_seq(gen.popular[:2])}, users: group companies, "
                         f"purposes: {_seq(gen.purposes[:1])}, published: true}}")
    out.write("30-recipients.yaml", lines)

    lines = ["collection_points:"]
    for i, key in enumerate(gen.points):
        lines += [f"  - key: {key}", f"    name: {{en: Collection point {i}, ja: 取得窓口{i}}}",
                  f"    channel: {CHANNELS[i % len(CHANNELS)]}",
                  f"    subjects: {_seq(gen.subjects[:1 + i % len(gen.subjects)][:2])}",
                  "    notice: privacy policy"]
    lines.append("processes:")
    for i in range(s.processes):
        lines += [f"  - key: process-{i:04d}", f"    name: {{en: Process {i}, ja: 業務{i}}}",
                  f"    department: {DEPARTMENTS[i % len(DEPARTMENTS)]}",
                  f"    items: {_seq(rng.sample(gen.items, min(len(gen.items), 5)))}"]
    lines.append("retention_events:")
    for i in range(s.retention_events):
        lines += [f"  - key: retention-{i:03d}", f"    name: Account closed {i}", "    steps:",
                  f"      - {{items: {_seq(rng.sample(gen.items, min(len(gen.items), 4)))}, action: delete, "
                  f"period: 30 days}}"]
    out.write("40-points-processes.yaml", lines)

    for n, chunk in enumerate(_chunks(gen.flows, s.per_file)):
        lines = ["flows:"]
        for j, flow in enumerate(chunk):
            index = n * s.per_file + j
            first = True
            if index % 2 == 0:  # half the flows name their key; the rest get FROM__TO
                lines.append(f"  - key: flow-{index:06d}")
                first = False
            for field in ("from", "to", "items", "basis", "exception", "foreign_basis", "mechanism", "frequency",
                          "encrypted_in_transit", "record", "confirmation"):
                if field in flow:
                    lines.append(f"  {'- ' if first else '  '}{field}: {_scalar(flow[field])}")
                    first = False
            lines.append(f"    purposes: {_seq(rng.sample(gen.purposes, min(len(gen.purposes), 1 + index % 2)))}")
        out.write(f"50-flows-{n:02d}.yaml", lines)

    lines = ["derivations:"]
    for d in gen.derivations:
        lines += [f"  - from: {d['from']}", f"    to: {d['to']}", f"    method: {d['method']}"]
        if d["at"]:
            lines.append(f"    at: {d['at']}")
    out.write("60-derivations.yaml", lines)
    gen.files = out.files


def generate(size: str, seed: int, out: Path) -> dict:
    """Write the inventory of `size` for `seed` under OUT/manifests; return (and write) OUT/bench.json."""
    gen = _Generator(SIZES[size], seed)
    gen.make_keys()
    gen.store_items()
    gen._rank = {item: r for r, item in enumerate(gen.popular)}
    gen.make_derivations()
    gen.make_flows()
    manifests = out / "manifests"
    _write(gen, manifests)
    carried = sorted(gen.carried.items(), key=lambda kv: (-kv[1], kv[0]))
    busiest = carried[0]
    on_flows = sorted(n for _, n in carried)
    median = on_flows[len(on_flows) // 2]
    typical = min((k for k, n in carried if n == median and k not in gen._rank), default=carried[len(carried) // 2][0])
    info = {
        "size": size,
        "seed": seed,
        "manifests": str(manifests),
        "files": gen.files,
        "typical_item": typical,
        "typical_item_flows": gen.carried[typical],
        "busiest_item": busiest[0],
        "busiest_item_flows": busiest[1],
        "counts": {"items": len(gen.items), "systems": len(gen.systems), "recipients": len(gen.recipients),
                   "collection_points": len(gen.points), "flows": len(gen.flows),
                   "item_on_flow_pairs": sum(len(f["items"]) for f in gen.flows),
                   "derivations": len(gen.derivations)},
    }
    (out / "bench.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    args = parser.parse_args(argv)
    info = generate(args.size, args.seed, args.out)
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in info["counts"].items())
    sys.stderr.write(f"wrote {info['manifests']} ({counts}); typical item {info['typical_item']} "
                     f"({info['typical_item_flows']} flows), busiest {info['busiest_item']} "
                     f"({info['busiest_item_flows']} flows)\nload it: daicho load {info['manifests']}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
