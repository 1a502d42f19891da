"""Child processes of a build (PDF layout, chart rendering): started with spawn, so a child
holds none of the parent's memory, and tied to the build that started them."""

from __future__ import annotations

import os
import signal


def init_worker() -> None:
    """Run first in every child: Ctrl-C reaches the whole process group, and the parent handles
    it and stops its children; a child dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()


def die_with_parent() -> None:
    """On Linux, a child is killed when the build that started it dies, even by SIGKILL (which
    leaves the parent no chance to stop it)."""
    try:
        import ctypes

        parent = os.getppid()
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass  # not Linux: the parent still stops its children on any ordinary exit
