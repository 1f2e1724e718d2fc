"""The runs of parties an item travels through to reach a party (the ledger's 委託先 lines, "CloudCo > MailCo"):
`_chains`, the plain search, and `Chains`, the same answers for every party of one item with the work shared.
`catalog.review.reach` asks `Chains` for each party an item reaches."""

from __future__ import annotations

#: chains listed per party an item reaches (a web of sub-processors could have very many)
MAX_CHAINS = 12


def _chains(party: str, into: dict[str, set[str]], operator: set[str], seen: tuple[str, ...]
            ) -> list[tuple[str, ...]]:
    """Every run of parties other than the operator that the item travels to reach `party`, along any path
    (not only the shortest): ("cloudco", "mailco") for form → CRM run by CloudCo → MailCo. A sub-processor
    reached through two contractors has a run through each."""
    lines: list[tuple[str, ...]] = []
    for source in sorted(into.get(party, ())):
        if len(lines) >= MAX_CHAINS:
            break
        if source in operator:
            lines.append((party,))
        elif source not in seen and source != party:
            lines.extend((*line, party) for line in _chains(source, into, operator, (*seen, party)))
    return list(dict.fromkeys(lines))[:MAX_CHAINS]


class Chains:
    """`_chains(party, into, operator, ())` for every party of one item, sharing work between parties.

    Three things keep the search short on an item reaching thousands of parties (tests/test_ledger_stream.py
    holds the answers those of `_chains` on random graphs):

    * a search asks the parties below it only for the runs it still lacks (`need`): `_chains` keeps the first
      MAX_CHAINS runs in order, so the first k runs of a party are found by stopping there (with one operator
      key no run repeats, so the count of runs is their count once each; with several keys each party is
      asked for all MAX_CHAINS, as `_chains` does);
    * a party's runs are kept with the set of parties the search tested against its exclusions (`seen`) and
      how many runs were asked for; a later search reaching that party with exclusions none of which was
      tested, asking for no more runs (or the search found fewer than it was asked for: all there are), would
      make exactly the same tests, so it takes the kept runs;
    * a party on no cycle of the graph (`_acyclic`) never meets a party of the path that led to it: its runs
      are kept whatever the exclusions."""

    def __init__(self, into: dict[str, set[str]], operator: set[str]) -> None:
        self.sources = {party: sorted(found) for party, found in into.items()}
        self.operator = operator
        self.direct = {party for party, found in into.items() if found and found <= operator}
        self.kept: dict[str, tuple[list[tuple[str, ...]], set[str], int]] = {}  # party → (runs, tested, asked)
        self.free = _acyclic(self.sources, operator) if len(into) > _FREE_FROM else set()
        self.asks = len(operator) == 1  # ask for fewer runs (no run can repeat: see above)

    def of(self, party: str) -> list[tuple[str, ...]]:
        """`_chains(party, into, operator, ())`."""
        cap = MAX_CHAINS
        kept = self.kept.get(party)
        if kept is not None and (kept[2] >= cap or len(kept[0]) < kept[2]):
            return kept[0][:cap]
        tested: set[str] = set()
        found = self._run(party, set(), tested, cap)
        self.kept[party] = (found, tested, cap)
        return found

    def _run(self, party: str, seen: set[str], tested: set[str], need: int) -> list[tuple[str, ...]]:
        """The first `need` runs of `_chains(party, …, seen)`, adding to `tested` the parties whose being in
        `seen` the search tested. `seen` (the parties of the search's path, never `party`) is one set, grown and
        shrunk as the search goes down and up; `tested` is one set for the whole search from the party asked
        for (all a kept result needs is the union over its search)."""
        kept = self.kept.get(party)
        if kept is not None and (need <= kept[2] or len(kept[0]) < kept[2]) and seen.isdisjoint(kept[1]):
            tested |= kept[1]
            return kept[0][:need]
        if party in self.direct:  # straight from the operator (most parties)
            self.kept[party] = ([(party,)], set(), MAX_CHAINS)
            return [(party,)]
        cap = MAX_CHAINS
        lines: list[tuple[str, ...]] = []
        seen.add(party)
        for source in self.sources.get(party, ()):
            if len(lines) >= need:
                break
            if source in self.operator:
                lines.append((party,))
            elif source != party:
                tested.add(source)
                if source not in seen:
                    asked = need - len(lines) if self.asks else cap
                    lines.extend((*line, party) for line in self._run(source, seen, tested, asked))
        seen.discard(party)
        found = list(dict.fromkeys(lines))[:need]
        if party in self.free:  # on no cycle: no party of any `seen` is one it reaches, the runs are its own
            kept = self.kept.get(party)
            if kept is None or kept[2] < need:
                self.kept[party] = (found, set(), need)
        return found


#: parties past which `Chains` looks for those on no cycle (below, the search is quick either way)
_FREE_FROM = 64


def _acyclic(sources: dict[str, list[str]], operator: set[str]) -> set[str]:
    """The parties on no cycle of the graph party → its sources (the operator left out): the strongly connected
    components of one party without a loop (Tarjan's algorithm, without recursion). A search from such a party
    never reaches a party of the path that led to it, so its runs do not depend on that path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    free: set[str] = set()
    for root in sources:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sources.get(root, ())))]
        while work:
            node, todo = work[-1]
            for nxt in todo:
                if nxt in operator:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sources.get(nxt, ()))))
                    break
                if nxt in on_stack and index[nxt] < low[node]:
                    low[node] = index[nxt]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    top = stack.pop()
                    on_stack.discard(top)
                    if top == node:
                        if node not in sources.get(node, ()):
                            free.add(node)
                        continue
                    while top != node:
                        top = stack.pop()
                        on_stack.discard(top)
    return free
