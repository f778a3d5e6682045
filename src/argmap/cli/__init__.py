"""The command line: a thin click layer. Each command lives in its own module
and is imported only when it runs, so `argmap --version` stays fast.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import io
import os
import sys

import click

from argmap import __version__

COMMANDS = {
    "validate": ("argmap.cli.validate", "Check maps for syntax and structure problems."),
    "export": ("argmap.cli.export", "Print the model of maps in a machine format."),
    "render": ("argmap.cli.render", "Draw maps as Graphviz diagrams (SVG, PNG, PDF, DOT)."),
    "doctor": ("argmap.cli.doctor", "Report the Graphviz backend and whether a CJK font is installed."),
    "compare": ("argmap.cli.compare", "Compare positions across authors, issue by issue."),
    "fmt": ("argmap.cli.fmt", "Rewrite maps in the canonical layout (--check, --diff for CI)."),
    "evaluate": ("argmap.cli.evaluate", "Show which nodes stand once objections are weighed (grounded semantics)."),
    "diff": ("argmap.cli.diff", "Show what changed in argument terms between two versions of maps."),
    "git": ("argmap.cli.git", "Set up git's diff and merge drivers for *.map files."),
    "source": ("argmap.cli.source", "Print a source text with the key of each paragraph."),
    "locate": ("argmap.cli.locate", "Fill in or correct each node's `at` from its quote."),
    "coverage": ("argmap.cli.coverage", "Show which paragraphs of a map's source no node cites."),
    "import": ("argmap.cli.imports", "Convert AIF, arggraph XML or Argdown files into maps."),
    "report": ("argmap.cli.report", "Build an HTML report of maps that works offline (--serve: live)."),
    "watch": ("argmap.cli.watch", "Validate maps again on every change (--render: draw them too)."),
}


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the process is so that `finally`
    blocks and context managers run: a Graphviz child or parse workers are
    ended with argmap, not left running (a BaseException, so that no
    `except Exception` mistakes it for an error to report)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class LazyGroup(click.Group):
    def invoke(self, ctx):
        """Ctrl-C ends every command the same way, here at the root: "argmap:
        interrupted" and exit 130 (128 + SIGINT, what a shell reports for a
        killed job), not click's "Aborted!" and the exit 1 that means "the
        maps have errors"."""
        if _one_shot:
            from argmap import cache

            cache.keep_for_later()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            with contextlib.suppress(Exception):
                click.echo("argmap: interrupted", err=True)
            sys.exit(130)

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[name][0])
        return module.command

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="argmap")
def cli():
    """argmap: map, validate, compare and draw the arguments of texts.

    Maps are .map files (see docs/language.md). Give files, folders (searched
    for *.map) or - for standard input.
    """


class _ClosedOutput(io.RawIOBase):
    """Standard output when the process started with it closed: writing
    fails like a full disk does, so the failure is reported, not lost."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class _PipeOutput(io.RawIOBase):
    """Standard output or error whose reader may leave (`argmap validate
    maps/ | head -1`). A write into the closed pipe is dropped without a
    word and the descriptor is pointed at the null device, so that every
    later write (ours, a library's, a child's) goes nowhere too; the command
    finishes and its exit status says what it found, as `compare` has done
    (common.stdout_closed). Without this, click answers the first such write
    with exit 1 and no message, which reads as "the maps have errors"."""

    def __init__(self, fd: int):
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data) -> int:
        size = len(data)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
        except BrokenPipeError:
            _silence(self._fd)
        return size


def _silence(fd: int) -> None:
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def _pipe_safe(stream):
    """stream rebuilt over a _PipeOutput, with the same encoding and
    buffering; stream itself when it is not a plain file descriptor."""
    try:
        fd = stream.fileno()
        encoding, line_buffering = stream.encoding, stream.line_buffering
        buffered = isinstance(stream.buffer, io.BufferedIOBase)
        stream.flush()
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        return stream
    raw = _PipeOutput(fd)
    # Standard error is unbuffered below its text layer: keep it so, or a
    # message could wait behind what a library writes to the descriptor.
    return io.TextIOWrapper(io.BufferedWriter(raw) if buffered else raw, encoding=encoding, errors="backslashreplace",
                            line_buffering=line_buffering, write_through=getattr(stream, "write_through", False))


def _prepare_streams() -> None:
    """Output that the terminal's encoding cannot show (latin-1, ascii,
    LC_ALL=C) is escaped (`\\u6f22`) rather than ending the run; a closed
    pipe ends no command (_PipeOutput)."""
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8", errors="backslashreplace")
    else:
        sys.stdout = _pipe_safe(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = _pipe_safe(sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
            stream.reconfigure(errors="backslashreplace")


def _terminate(signum, frame):
    raise Terminated(signum)


def _handle_termination() -> None:
    """SIGTERM (kill, a CI timeout) and SIGHUP (the terminal closed) raise
    Terminated instead of ending the process on the spot, which would leave
    a Graphviz child or parse workers running to the end."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) == signal.SIG_DFL:
            signal.signal(signum, _terminate)


def _output_failed(exc: OSError) -> int:
    """Report a failed write (full disk, closed output) and leave quietly."""
    where = f" {exc.filename}" if exc.filename else " standard output"
    with contextlib.suppress(Exception):
        sys.stderr.write(f"argmap: error: cannot write{where}: {exc.strerror or exc}\n")
        sys.stderr.flush()
    # Whatever is still buffered would fail again at exit, with a traceback-like
    # "Exception ignored" message: point standard output at nothing instead.
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    with contextlib.suppress(Exception):
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(os.open(os.devnull, os.O_WRONLY), "w")))
    return 2


_one_shot = False  # run by main: one command, then the process ends


def _leave(code) -> None:
    """Exit at once, as `sys.exit(code)` would, without tearing down the
    interpreter: freeing a large map's model object by object took a third
    of a second on 50,000 statements, for nothing. Everything argmap writes
    is closed by then (files through `writefile`, pools shut down); the
    standard streams are flushed here.

    The normal exit is kept for anything but a finished command (0 or 1),
    while a worker process is alive (an interrupted pool is ended by the
    exit handlers), and under a profiler or a coverage tracer, so that
    they write what they measured."""
    cache = sys.modules.get("argmap.cache")
    if cache is not None:
        cache.write_kept()
    if code not in (None, 0, 1) or sys.getprofile() is not None or sys.gettrace() is not None or _workers_alive():
        sys.exit(code)
    sys.stderr.flush()
    os._exit(code or 0)


def _workers_alive() -> bool:
    processes = sys.modules.get("multiprocessing")
    return processes is not None and bool(processes.active_children())


def main():
    # A command runs once and exits (see _leave): Python's cycle collector
    # would walk every object of the corpus again and again as a command
    # makes more (a tenth of a large validate, a quarter of a warm compare)
    # to free the few cycles a run leaves, which the exit frees anyway. The
    # commands that keep running (`watch`, `report --serve`) turn it back on.
    gc.disable()
    global _one_shot
    _one_shot = True
    _prepare_streams()
    _handle_termination()
    try:
        try:
            cli(prog_name="argmap")
        except SystemExit as done:  # click's way of ending every command
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk shows here, not at exit
            _leave(done.code)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()
    except OSError as exc:
        sys.exit(_output_failed(exc))
    except Terminated as stop:
        # 128 + the signal, what a shell reports for a job the signal killed.
        with contextlib.suppress(Exception):
            sys.stderr.write("argmap: terminated\n")
            sys.stderr.flush()
        sys.exit(128 + stop.signum)
