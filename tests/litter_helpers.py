"""Killing a piece of work half-way, as ``kill -9`` or a power cut would (imported as
``from litter_helpers import …``; the fault-injection tests use it too).

``killed_during(work, at=(module, "name"), when=…)`` runs ``work()`` in a forked child
process whose ``module.name`` (``os.replace``, ``os.fsync``, a writer function…) sends
the child SIGKILL the first time it is called with arguments ``when`` accepts: the
temporary files of the write exist, nothing is renamed, no ``finally`` or ``atexit``
runs. Returns how the child ended: ``KILLED`` or the exit code it ended with (work that
finished without reaching the point ends with ``FINISHED``, an exception with
``FAILED``). POSIX only (fork), as the SIGKILL it stands for.
"""

from __future__ import annotations

import fnmatch
import os
import signal
import sys
import traceback
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Callable

KILLED: Final = -signal.SIGKILL
FINISHED: Final = 0
FAILED: Final = 3


def killed_during(
    work: Callable[[], object],
    *,
    at: tuple[Any, str],
    when: Callable[..., bool] = lambda *_args, **_kwargs: True,
) -> int:
    """Run ``work`` in a child killed at its first matching call of ``at``; how it ended."""
    owner, name = at
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the test
        code = FAILED
        try:
            original = getattr(owner, name)

            def kill_here(*args: Any, **kwargs: Any) -> Any:
                if when(*args, **kwargs):
                    os.kill(os.getpid(), signal.SIGKILL)
                return original(*args, **kwargs)

            setattr(owner, name, kill_here)
            work()
            code = FINISHED
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def named(pattern: str) -> Callable[..., bool]:
    """``when`` for ``os.replace`` or ``open``: the first argument's file name matches the
    shell pattern ``pattern`` (``".~*.tmp"``)."""

    def matches(source: object, *_args: Any, **_kwargs: Any) -> bool:
        return fnmatch.fnmatchcase(os.path.basename(str(source)), pattern)

    return matches
