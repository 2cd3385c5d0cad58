"""A small, thread-safe memory of the most recently used results (least recently used dropped)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Recent(Generic[V]):
    """At most ``size`` values by key; a hit makes its key the newest, and a put beyond ``size``
    drops the least recently used. Used for work that repeats on the same bytes: the face scan
    of an input image (Studio: a generate after its check) and, in verify, what follows from a
    file's bytes alone (an original's coarse picture, a Trusted C2PA readout, a watermark read,
    a copy's resemblance: a copy that circulates is checked again and again)."""

    def __init__(self, size: int):
        self._size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
