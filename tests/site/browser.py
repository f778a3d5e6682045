"""A headless Chromium driven over the DevTools protocol, for the report's
browser tests: Debian's chromium, started with `--remote-debugging-pipe`
(the protocol as NUL-terminated JSON on file descriptors 3 and 4), so no
websocket library and no browser download is needed.

`find()` says which browser there is, or why none; `Browser` starts it;
`Page` loads a URL in a tab and evaluates, clicks, types and takes
screenshots. Console errors, uncaught exceptions and failed checks of the
Content-Security-Policy are collected in `Page.errors`.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find() -> tuple[str | None, str]:
    """(path of a Chromium, "") or (None, why there is none)."""
    given = os.environ.get("ARGMAP_CHROMIUM")
    if given:
        return (given, "") if os.access(given, os.X_OK) else (None, f"ARGMAP_CHROMIUM={given} is not an executable")
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path, ""
    return None, "no Chromium on PATH (as root on Debian: apt-get install chromium; .ci/run installs it)"


class BrowserError(RuntimeError):
    pass


class Browser:
    def __init__(self, executable: str):
        self.profile = tempfile.mkdtemp(prefix="argmap-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire():
            # Chromium reads commands on descriptor 3 and writes answers on 4.
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        args = [
            executable, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
            "--mute-audio", "--hide-scrollbars", "--font-render-hinting=none", f"--user-data-dir={self.profile}",
            "about:blank",
        ]
        self.proc = subprocess.Popen(args, preexec_fn=wire, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=False)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []

    # -------------------------------------------------------------- protocol

    def _read_message(self, deadline: float) -> dict:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the protocol pipe (it exited)")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        while data:
            data = data[os.write(self._to_browser, data):]
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, session: str | None = None, timeout: float = 30, after: int = 0) -> dict:
        deadline = time.monotonic() + timeout
        index = after
        while True:
            for i in range(index, len(self.events)):
                event = self.events[i]
                if event.get("method") == method and (session is None or event.get("sessionId") == session):
                    del self.events[i]
                    return event
            index = len(self.events)
            self.events.append(self._read_message(deadline))

    def page(self, width: int = 1280, height: int = 900) -> "Page":
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Page(self, session, width, height)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (BrowserError, OSError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    def __init__(self, browser: Browser, session: str, width: int, height: int):
        self.browser = browser
        self.session = session
        self.errors: list[str] = []
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.resize(width, height)

    def send(self, method: str, params: dict | None = None, timeout: float = 30) -> dict:
        result = self.browser.send(method, params, self.session, timeout)
        self._collect()
        return result

    def _collect(self) -> None:
        keep = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                keep.append(event)
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                self.errors.append("exception: " + str(details.get("exception", {}).get("description") or details.get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                self.errors.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                self.errors.append("log: " + params["entry"].get("text", ""))
            else:
                keep.append(event)
        self.browser.events[:] = keep

    def resize(self, width: int, height: int) -> None:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def goto(self, url: str, timeout: float = 30) -> float:
        """Load url; seconds until its load event."""
        began = time.monotonic()
        done = self.send("Page.navigate", {"url": url})
        if done.get("errorText"):
            raise BrowserError(f"cannot load {url}: {done['errorText']}")
        if done.get("loaderId"):  # a new document, not a move within this one (#…)
            self.browser.wait_event("Page.loadEventFired", self.session, timeout)
        took = time.monotonic() - began
        self.settle()
        return took

    def settle(self, frames: int = 2) -> None:
        """Let pending timers, promises and animation frames run."""
        self.eval("new Promise(r => { let n = %d; const f = () => (--n ? requestAnimationFrame(f) : setTimeout(r, 30)); requestAnimationFrame(f); })" % frames)

    def wait_for(self, expression: str, timeout: float = 10):
        """Poll until the expression is truthy (a debounced handler, say, has
        run): a fixed number of frames is too few on a busy machine."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(expression)
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.05)

    def eval(self, expression: str, timeout: float = 30):
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True,
                                                 "userGesture": True}, timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"{expression[:80]}: {details.get('exception', {}).get('description') or details.get('text')}")
        return result.get("result", {}).get("value")

    def center(self, selector: str) -> tuple[float, float]:
        box = self.eval(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
                        " e.scrollIntoView({block: 'center', inline: 'center'}); const r = e.getBoundingClientRect();"
                        " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        if box is None:
            raise BrowserError(f"nothing matches {selector}")
        return box[0], box[1]

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element."""
        x, y = self.center(selector)
        self.mouse(x, y)

    def mouse(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            params = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
            if kind == "mouseMoved":
                params = {"type": kind, "x": x, "y": y}
            self.send("Input.dispatchMouseEvent", params)
        self.settle()

    def drag(self, x: float, y: float, dx: float, dy: float, steps: int = 5) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        self.send("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left", "clickCount": 1})
        for i in range(1, steps + 1):
            self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x + dx * i / steps, "y": y + dy * i / steps,
                                                   "button": "left", "buttons": 1})
        self.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x + dx, "y": y + dy, "button": "left",
                                               "clickCount": 1})
        self.settle()

    def wheel(self, x: float, y: float, delta: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": delta})
        self.settle()

    KEYS = {
        "Enter": ("Enter", "Enter", 13, "\r"), "Tab": ("Tab", "Tab", 9, ""), "Escape": ("Escape", "Escape", 27, ""),
        "ArrowRight": ("ArrowRight", "ArrowRight", 39, ""), "ArrowLeft": ("ArrowLeft", "ArrowLeft", 37, ""),
        "ArrowDown": ("ArrowDown", "ArrowDown", 40, ""), "ArrowUp": ("ArrowUp", "ArrowUp", 38, ""),
        "+": ("+", "Equal", 187, "+"), "-": ("-", "Minus", 189, "-"), "0": ("0", "Digit0", 48, "0"),
    }

    def key(self, name: str) -> None:
        key, code, keycode, text = self.KEYS[name]
        base = {"key": key, "code": code, "windowsVirtualKeyCode": keycode, "nativeVirtualKeyCode": keycode}
        self.send("Input.dispatchKeyEvent", {"type": "keyDown" if text else "rawKeyDown", **base, **({"text": text} if text else {})})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **base})
        self.settle()

    def type(self, text: str) -> None:
        self.send("Input.insertText", {"text": text})
        self.settle()

    def screenshot(self, path, full: bool = False) -> None:
        params = {"format": "png"}
        if full:
            params["captureBeyondViewport"] = True
            size = self.eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], 8000), "scale": 1}
        data = self.send("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))

    def text(self, selector: str = "main") -> str:
        return self.eval(f"(document.querySelector({json.dumps(selector)}) || {{}}).innerText || ''")
