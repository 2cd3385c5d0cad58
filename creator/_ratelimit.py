"""Per-client rate limits of the routes anyone may call without an account (the public verify
page): a token bucket per client address. (The talent page's sign-in stores nothing until a
ceremony completes, so it needs none: consent.talent_state.TalentStore.mint.)"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TokenBucket", "client_address"]


@dataclass
class TokenBucket:
    """Requests per client address: ``burst`` at once, refilled at ``per_minute``."""

    burst: int = 10
    per_minute: float = 12.0
    clock: Callable[[], float] = time.monotonic
    #: Addresses remembered; past this the least recently seen are forgotten (a forgotten one starts full).
    max_clients: int = 10_000
    _buckets: OrderedDict[str, tuple[float, float]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, client: str, cost: float = 1.0) -> float:
        """Spend ``cost`` tokens of ``client``: 0.0 when allowed, else the seconds until they are available."""
        now, rate = self.clock(), self.per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * rate)
            if tokens >= cost:
                self._buckets[client] = (tokens - cost, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (cost - tokens) / rate
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return wait


def client_address(request: Any) -> str:
    """The rate-limited client: its IPv4 address, or the /64 network of an IPv6 address (one
    subscriber holds a whole /64, so a bucket per IPv6 address would be a bucket per request)."""
    host = request.client.host if request.client else "unknown"
    try:
        addr = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(ipaddress.IPv6Network((addr, 64), strict=False))
    return str(addr)
