"""`argmap report --serve`: the report on a local web server that rebuilds
it when a map changes; open pages reload themselves.

The server answers on 127.0.0.1 only, and only to requests that name it
as 127.0.0.1 or localhost (a page elsewhere cannot reach it through a DNS
name of its own: "DNS rebinding"). It serves two things: the page, and
`/__argmap/wait?since=N`, which holds the request until build N has been
replaced (or 25 seconds have passed) and answers with the current build
number; the page then reloads. Building happens in the caller's thread,
the serving in threads of its own.
"""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"
WAIT_SECONDS = 25.0


class ServeError(Exception):
    """The server cannot listen (the port is taken, or not allowed)."""


class Live:
    """The current page and its build number; waiters are woken on a new one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.build = 0
        self.html = b""
        self.closed = False

    def publish(self, build: int, html: str) -> None:
        with self._cond:
            self.build = build
            self.html = html.encode("utf-8")
            self._cond.notify_all()

    def wait(self, since: int, timeout: float = WAIT_SECONDS) -> int:
        with self._cond:
            self._cond.wait_for(lambda: self.build != since or self.closed, timeout=timeout)
            return self.build

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def _handler(live: Live, allowed_hosts: set[str]):
    class Handler(BaseHTTPRequestHandler):
        server_version = "argmap"
        sys_version = ""

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass  # the terminal shows builds, not requests

        def _refuse(self, status: HTTPStatus, text: str) -> None:
            body = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self):  # noqa: N802 - http.server's name
            if self.headers.get("Host", "") not in allowed_hosts:
                self._refuse(HTTPStatus.FORBIDDEN, "argmap serves this report to 127.0.0.1 and localhost only\n")
                return
            url = urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                self._send(live.html, "text/html; charset=utf-8")
            elif url.path == "/__argmap/wait":
                try:
                    since = int(parse_qs(url.query).get("since", ["0"])[0])
                except ValueError:
                    since = -1
                build = live.wait(since)
                self._send(json.dumps({"build": build}).encode("ascii"), "application/json")
            else:
                self._refuse(HTTPStatus.NOT_FOUND, "not found: the report is at /\n")

        do_HEAD = do_GET  # noqa: N815

    return Handler


class Server:
    """The HTTP server in a thread of its own; `url` once started."""

    def __init__(self, live: Live, port: int = 0):
        self.live = live
        # Bound first (port 0: the system picks a free one), then told its name.
        self.httpd = ThreadingHTTPServer((HOST, port), _handler(live, set()))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        self.httpd.RequestHandlerClass = _handler(live, hosts)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                       name="argmap-serve", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> "Server":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.live.close()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def run(paths: list[str], build, *, port: int = 0, interval: float = 0.5, context: bool = True,
        started=None, rebuilt=None, stop=None) -> None:
    """Serve what `build(number)` returns (HTML), and build again on every
    change to the watched files, until Ctrl-C (KeyboardInterrupt) or
    `stop()`. `started(server)` is called once serving, `rebuilt(change,
    seconds)` after each rebuild."""
    import time

    from argmap.site.watch import Watcher

    live = Live()
    try:
        server = Server(live, port)
    except OSError as exc:
        raise ServeError(f"cannot serve on {HOST}:{port}: {exc.strerror or exc}") from exc
    watcher = Watcher(paths, context=context)
    try:
        live.publish(1, build(1))
    except BaseException:
        server.httpd.server_close()
        raise
    server.start()
    try:
        if started is not None:
            started(server)
        while stop is None or not stop():
            change = watcher.wait(interval, stop=stop)
            if not change:
                continue
            began = time.monotonic()
            number = live.build + 1
            live.publish(number, build(number))
            if rebuilt is not None:
                rebuilt(change, time.monotonic() - began)
    finally:
        server.stop()
