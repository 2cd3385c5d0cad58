"""The admission queue: per-user FIFO, round-robin across users.

One user's batch of fifty jobs cannot starve another user's single job. Each queued job
gets a virtual start tag: one more than the later of "now" (the tag of the job started
last) and its user's previous tag. Jobs start in tag order; on a tie the user served
longest ago goes first, then the older job. So the users with queued jobs take turns,
one job each, and a user who arrives while another's batch runs is next, not last.

Positions are the order in which the queued jobs would start if nothing else were
submitted (1 = next). Not thread-safe on its own: the job service calls it under its lock.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

__all__ = ["FairQueue"]


@dataclass
class _Entry:
    tag: int
    seq: int
    user: str
    job_id: str


class FairQueue:
    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._last_tag: dict[str, int] = {}  # user -> tag of their newest queued job
        self._served: dict[str, int] = {}  # user -> when (pop count) their last job started
        self._pops = 0
        self._now = 0
        self._seq = itertools.count()
        self._order: list[str] | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, job_id: str) -> bool:
        return job_id in self._entries

    def push(self, job_id: str, user: str) -> None:
        """Queue ``job_id`` for ``user`` (behind the user's own earlier jobs)."""
        if job_id in self._entries:
            raise ValueError(f"job {job_id} is already queued")
        tag = max(self._now, self._last_tag.get(user, 0)) + 1
        self._last_tag[user] = tag
        self._entries[job_id] = _Entry(tag, next(self._seq), user, job_id)
        self._order = None

    @staticmethod
    def _key(e: _Entry, served: dict[str, int]) -> tuple[int, int, int]:
        return (e.tag, served.get(e.user, -1), e.seq)

    def pop(self) -> str | None:
        """The job to start next, or None when nothing is queued."""
        if not self._entries:
            return None
        e = min(self._entries.values(), key=lambda x: self._key(x, self._served))
        del self._entries[e.job_id]
        self._now = max(self._now, e.tag)
        self._pops += 1
        self._served[e.user] = self._pops
        self._order = None
        return e.job_id

    def remove(self, job_id: str) -> bool:
        """Take a queued job out (cancelled); True if it was queued."""
        e = self._entries.pop(job_id, None)
        if e is None:
            return False
        self._order = None
        return True

    def order(self) -> list[str]:
        """Every queued job id in the order they would start."""
        if self._order is None:
            served, pops = dict(self._served), self._pops
            left = list(self._entries.values())
            out = []
            while left:
                e = min(left, key=lambda x: self._key(x, served))
                left.remove(e)
                pops += 1
                served[e.user] = pops
                out.append(e.job_id)
            self._order = out
        return list(self._order)

    def positions(self) -> dict[str, int]:
        """job id -> 1-based position (1 = starts next)."""
        return {job_id: i + 1 for i, job_id in enumerate(self.order())}
