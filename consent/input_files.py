"""The one way the studio reads a file an operator names.

Files read whole (a key, a grant file, a photo, an audit checkpoint) or hashed (evidence, an
adapter) are opened without waiting for a writer, checked on the open descriptor to be a regular
file, and read with a size cap: a FIFO hung the command for ever, ``/dev/zero`` read until memory
ran out (red team of session 57). A file that cannot be opened raises the ``OSError`` itself, so
each caller still says it in its own words.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from consent.errors import RecordInvalid

__all__ = ["open_regular_file", "read_regular_file"]

_O_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def open_regular_file(path: str | Path, what: str, max_bytes: int, *, error: type[Exception] = RecordInvalid) -> BinaryIO:
    """``path`` opened for reading (binary), once it is known to be a regular file of at most
    ``max_bytes`` bytes; ``what`` names it in the errors (raised as ``error``). Opening does not wait
    for a FIFO's writer; the checks are made on the open file, so nothing swapped in after a look
    is read. ``OSError`` (no such file, no permission) is the caller's to phrase."""
    fd = os.open(path, _O_READ)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode)
                    else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket or other special file")
            raise error(f"{what} is not a regular file ({kind}); expected a file")
        if st.st_size > max_bytes:
            raise error(f"{what} is {st.st_size} bytes; the limit is {max_bytes} bytes")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(path: str | Path, what: str, max_bytes: int, *, error: type[Exception] = RecordInvalid) -> bytes:
    """The bytes of the regular file ``path`` (:func:`open_regular_file`), at most ``max_bytes``: a
    file that grows past the cap while it is read is refused too."""
    with open_regular_file(path, what, max_bytes, error=error) as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise error(f"{what} grew past {max_bytes} bytes while it was read; the limit is {max_bytes} bytes")
    return data
