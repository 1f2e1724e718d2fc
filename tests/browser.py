"""A small driver of headless Chromium for the tests: the DevTools protocol over a pipe (no websocket, no new
dependency).

`--remote-debugging-pipe` makes Chromium read protocol messages from file descriptor 3 and write its answers
to descriptor 4, each a JSON text ended by a NUL byte. `Browser` opens one page, records what the page logs
(console messages, uncaught exceptions, log entries) and every network request it makes, and offers the few
commands the tests need: navigate, evaluate, set the viewport, screenshot, print to PDF.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    """The path of an installed Chromium, or None."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(RuntimeError):
    """Chromium answered a command with an error, or went away."""


class Browser:
    """One headless Chromium with one page, driven over the DevTools pipe. Use as a context manager."""

    def __init__(self, binary: str, timeout: float = 60.0) -> None:
        self.binary = binary
        self.timeout = timeout
        self.console: list[str] = []  # console messages, exceptions and log entries of the page
        self.requests: list[str] = []  # URLs of every request the page made
        self._events: list[dict[str, Any]] = []
        self._buffer = b""
        self._next_id = 0
        self._session: str | None = None

    def __enter__(self) -> Browser:
        self._profile = tempfile.TemporaryDirectory()
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                 "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe",
                 f"--user-data-dir={self._profile.name}", "about:blank"]

        def wire() -> None:  # in the child: our pipes become descriptors 3 (commands) and 4 (answers)
            import fcntl

            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chrome_r, from_chrome_w)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self._process = subprocess.Popen([self.binary, *flags], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, pass_fds=(3, 4),
                                         preexec_fn=wire)  # noqa: PLW1509 (dup2 before exec is the point)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        target = self.command("Target.createTarget", url="about:blank", session=False)["targetId"]
        self._session = self.command("Target.attachToTarget", targetId=target, flatten=True,
                                     session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.command(f"{domain}.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.command("Browser.close", session=False)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        self._profile.cleanup()

    # --- the protocol ---

    def command(self, method: str, session: bool = True, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events seen meanwhile are recorded)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session and self._session:
            message["sessionId"] = self._session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._record(answer)

    def _read(self, deadline: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium closed the pipe")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _record(self, event: dict[str, Any]) -> None:
        method, params = event.get("method", ""), event.get("params", {})
        self._events.append(event)
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append(f"console.{params.get('type')}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console.append(f"exception: {details.get('exception', {}).get('description') or details.get('text')}")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.console.append(f"log.{entry.get('level')}: {entry.get('text')}")
        elif method == "Network.requestWillBeSent":
            self.requests.append(params.get("request", {}).get("url", ""))

    def wait_for(self, method: str) -> dict[str, Any]:
        """Wait until an event `method` arrives (or has arrived since the last wait) and return its params."""
        deadline = time.monotonic() + self.timeout
        while True:
            for n, event in enumerate(self._events):
                if event.get("method") == method:
                    del self._events[: n + 1]
                    return event.get("params", {})
            self._record(self._read(deadline))

    # --- what the tests use ---

    def open(self, path: Path) -> None:
        """Load a local file and wait until it has loaded."""
        self._events.clear()
        self.command("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (exceptions raise BrowserError)."""
        result = self.command("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def viewport(self, width: int, height: int) -> None:
        """Lay the page out as in a window of `width` × `height` CSS pixels."""
        self.command("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                     mobile=False)

    def screenshot(self, full_page: bool = False) -> bytes:
        """A PNG of the viewport (or of the whole page)."""
        return base64.b64decode(self.command("Page.captureScreenshot", format="png",
                                             captureBeyondViewport=full_page)["data"])

    def pdf(self, **options: Any) -> bytes:
        """The page printed to PDF as a user would (print CSS, @page size), without Chromium's own header."""
        options = {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False, **options}
        return base64.b64decode(self.command("Page.printToPDF", **options)["data"])
