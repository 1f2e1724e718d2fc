"""Open a page in headless Chromium until it is shown (bench/cases.py: the audit pack's index.html in under 5 s).

    python bench/open_page.py PAGE

Starts Chromium (tests/browser.py: the DevTools protocol over a pipe), loads PAGE, waits for its load event and
then for two animation frames (the page laid out and painted), and prints the seconds from navigation to then.
bench/run.py times the whole process, Chromium's start included. Exit 2 when no Chromium is installed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import Browser, find_chromium  # noqa: E402 (tests/ is put on the path just above)

#: resolves once the page has been laid out and painted (the second frame after the load)
PAINTED = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: open_page.py PAGE\n")
        return 2
    binary = find_chromium()
    if binary is None:
        sys.stderr.write("no Chromium installed\n")
        return 2
    page = Path(argv[0])
    with Browser(binary, timeout=120) as browser:
        started = time.perf_counter()
        browser.open(page)
        browser.evaluate(PAINTED)
        print(f"{time.perf_counter() - started:.2f} s to load and paint {page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
