"""Exit codes that never hide a failure, and the one place where what escapes a command becomes one.

| code | meaning |
| --- | --- |
| 0 | done (error rows for bad documents included: they are reported, not hidden) |
| 1 | `--fail-on` was given and a document met it (and nothing else) |
| 2 | usage, configuration or I/O error (a full disk, an unwritable output), nothing to scan, every record of an
      input without the text field, or an internal error; always with one line on stderr saying what |
| 130, 143 | interrupted by SIGINT (Ctrl-C) or SIGTERM |
| 141 | standard output was closed early (`detector scan ... | head`): quietly, as `grep` or `ruff` would end |

`guarded` wraps a command: click would turn Ctrl-C into "Aborted!" and exit 1 (the gate's code), a full disk into a
chained traceback and exit 1, and a closed pipe into a traceback.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import functools
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click
import typer

from detector.core.extras import MissingExtra

F = TypeVar("F", bound=Callable[..., Any])


class ExitCode(enum.IntEnum):
    OK = 0
    GATE_FAILED = 1  # --fail-on was given and a document met it
    USAGE = 2  # bad options, unreadable config, missing path, I/O error
    BROKEN_PIPE = 141  # 128 + SIGPIPE
    INTERRUPTED = 130  # 128 + SIGINT
    TERMINATED = 143  # 128 + SIGTERM


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that outputs are cleaned up (a BaseException: no scorer's
    `except Exception` can swallow it)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """While a command runs, SIGTERM raises `Terminated` instead of killing the process where it stands."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def say(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        click.echo(f"detector: {message}", err=True)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that the interpreter's final flush does not print a
    second traceback."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def io_message(exc: OSError) -> str:
    """One line for an I/O error: what, where, and for a full disk that it is one."""
    where = f" {exc.filename}" if exc.filename else ""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    return f"cannot write{where}: {reason}"


NOTE = "detector_note"


def _note(exc: BaseException) -> str:
    """What the command left for the user (where an interrupted report's rows are), set as `exc.detector_note`."""
    note = getattr(exc, NOTE, "")
    return f" ({note})" if note else ""


def guarded(command: F) -> F:
    """Run a command so that interruptions, closed pipes, I/O errors and bugs end with their exit code and one
    line, never a traceback (an internal error prints its traceback too, for the bug report)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            with sigterm_raises():
                return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None
        except KeyboardInterrupt as exc:
            say("interrupted" + _note(exc))
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except Terminated as exc:
            say("terminated" + _note(exc))
            raise typer.Exit(ExitCode.TERMINATED) from None
        except MissingExtra as exc:
            say(str(exc))
            raise typer.Exit(ExitCode.USAGE) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                _silence_stdout()
                raise typer.Exit(ExitCode.BROKEN_PIPE) from None
            say(io_message(exc))
            raise typer.Exit(ExitCode.USAGE) from None
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            say(f"internal error ({type(exc).__name__}: {exc}); please report it with the traceback above")
            raise typer.Exit(ExitCode.USAGE) from None

    return run  # type: ignore[return-value]
