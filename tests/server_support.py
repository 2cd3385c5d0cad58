"""A studio server for a test: a free local port, and the studio launched in this process on it.

Before, seven test modules wrote their own ``_free_port`` and five their own launch-and-wait loop.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def launched(settings: Any, *, timeout: float = 60.0, what: str = "the studio", **launch_kw: Any) -> Iterator[str]:
    """:func:`creator.ui.layout.launch` on a free port of 127.0.0.1 in this process (``launch_kw``:
    its ``store``, ``studio``, ``throttle``); yields the base URL once it serves, and stops it after."""
    from creator.ui.layout import launch

    port = free_port()
    srv = launch(settings, host="127.0.0.1", port=port, prevent_thread_lock=True, **launch_kw)
    deadline = time.monotonic() + timeout
    while not getattr(srv, "started", False):
        assert time.monotonic() < deadline, f"{what} did not start within {timeout:.0f} s"
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
