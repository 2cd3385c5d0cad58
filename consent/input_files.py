"""The one way the studio reads a file an operator names, and the one parser of the records they write.

Files read whole (a key, a grant file, a photo, an audit checkpoint) or hashed (evidence, an
adapter) are opened without waiting for a writer, checked on the open descriptor to be a regular
file, and read with a size cap: a FIFO hung the command for ever, ``/dev/zero`` read until memory
ran out (red team of session 57). A file that cannot be opened raises the ``OSError`` itself, so
each caller still says it in its own words.

Records an operator writes as JSON or YAML (``grant issue --file``, ``grant draft --file``,
``grant import``) are parsed by :func:`parse_record_text`: a field given twice is refused (the last one
used to win, silently: the signed grant said what the reviewed file did not), and a file nested
too deep is a clear error, not a ``RecursionError``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

from consent.errors import RecordInvalid

__all__ = ["open_regular_file", "read_regular_file", "parse_record_text"]

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


class _Twice(Exception):
    def __init__(self, key: Any, line: int | None = None):
        super().__init__(key)
        self.key, self.line = key, line


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Twice(k)
        out[k] = v
    return out


def _yaml_loader():
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        """``yaml.SafeLoader`` that refuses a mapping naming a key twice (a merge key ``<<`` aside)."""

        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                seen = set()
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=True)
                    try:
                        if key in seen:
                            raise _Twice(key, key_node.start_mark.line + 1)
                        seen.add(key)
                    except TypeError:  # an unhashable key: the base class says so
                        pass
            return super().construct_mapping(node, deep=deep)

    return UniqueKeyLoader


def parse_record_text(text: str, kind: str, what: str, expected: str) -> Any:
    """``text`` parsed as ``kind`` (``"JSON"`` or ``"YAML"``); ``what`` names the file and
    ``expected`` says what it should hold, in the :class:`RecordInvalid` raised when it is not
    valid, names a field twice in one mapping, or is nested too deep to read."""
    import json

    import yaml

    from consent.errors import escaped

    try:
        if kind == "JSON":
            return json.loads(text, object_pairs_hook=_unique_pairs)
        return yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a SafeLoader subclass
    except _Twice as e:
        at = f" (line {e.line})" if e.line else ""
        raise RecordInvalid(f"{what}: field {escaped(str(e.key))!r} is given twice{at}; expected each field once "
                            "(which one was meant?)") from None
    except RecursionError:
        raise RecordInvalid(f"{what} is not valid {kind} (nested too deep); {expected}") from None
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise RecordInvalid(f"{what} is not valid {kind} ({first}); {expected}") from None
