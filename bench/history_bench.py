"""History storage: 10 loads with 1% of the items changed each time (docs/performance.md, "History").

    python bench/history_bench.py --size medium -o /tmp/hist

Generates the inventory (bench/generate.py), loads it, then changes the name of 1% of the items and loads again,
ten times; prints each load's time, the store's size and the rows the history holds.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="medium")
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args()
    from daicho.catalog import resolved
    from daicho.inventory.history import storage
    from daicho.inventory.model import LocalText
    from daicho.inventory.store import Store, resolve_url
    from daicho.inventory.validate import validate_paths

    manifests = args.out / "manifests"
    if not manifests.exists():
        subprocess.run([sys.executable, str(Path(__file__).parent / "generate.py"), "--size", args.size, "-o",
                        str(args.out)], check=True)
    db = args.out / "history.db"
    db.unlink(missing_ok=True)
    store = Store(resolve_url(str(db)))
    result = validate_paths([manifests])
    rng = random.Random(1)
    print("load  seconds  store MB  history_record  history_document")
    for n in range(args.loads + 1):
        if n:
            items = result.inventory.items
            for index in rng.sample(range(len(items)), max(1, len(items) // 100)):
                items[index].name = LocalText(en=f"{items[index].name.en} (rev {n})", ja=items[index].name.ja)
        started = time.perf_counter()
        resolved.load(store, result)
        seconds = time.perf_counter() - started
        with store.engine.connect() as conn:
            rows = storage(conn)
        print(f"{n:>4}  {seconds:7.1f}  {db.stat().st_size / 1e6:8.1f}  {rows['history_record']:>14}  "
              f"{rows['history_document']:>16}", flush=True)


if __name__ == "__main__":
    main()
