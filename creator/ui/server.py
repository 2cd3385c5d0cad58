"""The studio's HTTP server: the Gradio page mounted in a FastAPI app behind one guard.

:class:`Guard` (an ASGI middleware, in front of every route Gradio adds):

- **Sign-in throttling.** ``POST /login`` is refused with 429 and ``Retry-After`` while an
  account or a client address is backing off: after :data:`FREE_ATTEMPTS` failures the wait
  doubles with each further failure (up to :data:`MAX_WAIT_S`); per address the allowance
  is larger (several people may share one). An attempt counts as a failure while it is
  checked (guesses sent side by side meet each other's count), and is taken back unless it
  fails. A success clears the account's count. Failures
  and refusals are audited (``login_failed`` each time; ``login_throttled`` per address, see
  below). The account is the form's
  ``username`` however the form is encoded (the browser's sign-in page sends multipart, API
  clients URL-encoded); a form the throttle cannot read (a file part, more than 16 fields) is
  refused (422) before Gradio sees it. Gradio's sign-in page shows nothing for a 429, so the page gets
  :data:`SIGN_IN_NOTICE`, which says the refusal (and the wait) beside the form.
- **Public verify.** Exactly the routes of :func:`creator.ui.public.is_public` are served
  without signing in (the page and API of :mod:`creator.ui.public`); any other path under
  ``/public`` is 404. Everything else is Gradio's, behind its sign-in.
- **Outputs belong to their maker.** A file route (``/file=…``, ``/gradio_api/file=…``, the
  older ``/gradio_api/file/…``) that names a studio output — by its content-addressed name,
  wherever Gradio keeps a copy, after the same path normalisation Gradio applies — is
  served only to the user who made it and to operators; anyone else gets 404, as for a file
  that does not exist (audited as ``file_refused``: each time for a signed-in user, per
  address for a client that is not signed in).
- **Refusals nobody answers for are counted, not written one by one.** A sign-in refused
  unread (429) and a file refused to a client that is not signed in cost an anonymous sender
  nothing, so each was a signed audit entry, a commit and the registry's one write lock: 300
  requests, 300 entries. :class:`RepeatedEvents` writes the first of each kind from an address
  (IPv6: its /64) in a :data:`REPEAT_WINDOW_S` window as it is, counts the rest in memory, and
  writes their number as one entry (``repeated``) once the window has passed: at most two
  entries per kind, address and window. A network (IPv6 /48, IPv4 /24) opens at most a few
  such windows, the rest of its addresses counted in one of its own, and first entries are
  budgeted across all clients per window (past it: one count), so a sender of many addresses
  writes no more. Held counts are written every window and at shutdown. A checked wrong password (``login_failed``, bounded
  by the throttle) and a signed-in user's refused file stay one entry each.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import ClientDisconnect

from creator.ui import public as _public

_log = logging.getLogger(__name__)

__all__ = ["Guard", "LoginThrottle", "RepeatedEvents", "FREE_ATTEMPTS", "MAX_WAIT_S", "REPEAT_WINDOW_S", "create_server"]

FREE_ATTEMPTS = 5
ADDRESS_FREE_ATTEMPTS = 20
MAX_WAIT_S = 900.0
TALENT_PREFIX = "/talent"  # the talent page's routes (its own app: passkey sessions, one-time links)
_OUTPUT_NAME = re.compile(r"^([0-9a-f]{64})\.(?:png|jpe?g)$", re.IGNORECASE)
#: What :class:`Guard` asks ``may_read`` for an operators-only file (no output's digest looks like it)
OPERATORS_ONLY = "operators-only"
#: Files the studio writes for operators only, served to operators only whoever has their address
#: (red team s67b: an audit export's address served the whole signed log to a creator): the Audit
#: tab's export and an operator's Verify report (:meth:`creator.ui.handlers.StudioApp.verify_file`)
#: (the folders they are written in: ``verify-reports/audit-…`` and ``verify-reports/op-…``, made by
#: ``mkdtemp`` with these prefixes; a creator's own report goes in ``verify-…``)
OPERATOR_FILE = re.compile(r"/verify-reports/(?:audit|op)-[^/]+/[^/]+$")


def _operator_file(path: str) -> bool:
    """Whether a GET ``path`` names an operators-only file (:data:`OPERATOR_FILE`), read as
    :func:`_named_files` reads a file route (normalised: no ``..`` or doubled ``/`` spelling escapes)."""
    for text in {path, urllib.parse.unquote(path)}:
        for marker in ("/file=", "/file/"):
            at = text.find(marker)
            if at >= 0 and OPERATOR_FILE.search(os.path.abspath("/" + text[at + len(marker):])):
                return True
    return False


def _named_files(path: str) -> list[tuple[str, str]]:
    """(sha256, file path as Gradio resolves it) of each reading of a GET ``path`` that names an
    output-shaped file, read the way Gradio's file routes read it.

    Gradio serves ``/file=<path>`` and ``/file/<path>`` after ``os.path.abspath``, which drops
    a trailing ``/`` or ``/.`` and folds ``..``: the name is taken from the normalised path, both
    as the server decoded it and decoded once more, so no spelling of an output's path escapes."""
    out = []
    for text in {path, urllib.parse.unquote(path)}:
        for marker in ("/file=", "/file/"):
            at = text.find(marker)
            if at < 0:
                continue
            tail = text[at + len(marker):]
            full = os.path.abspath(tail)  # as Gradio resolves it (a relative path: from the working directory)
            m = _OUTPUT_NAME.match(os.path.basename(os.path.abspath("/" + tail)))
            if m:
                out.append((m.group(1).lower(), full))
    return out


#: The window over which an address's repeated anonymous refusals are counted (seconds).
REPEAT_WINDOW_S = 60.0


def _ip(address: str):
    import ipaddress

    try:
        addr = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def client_key(address: str) -> str:
    """The counted client: an IPv4 address, or the /64 network of an IPv6 address (as the
    public verifier's rate limit: one subscriber holds a whole /64)."""
    import ipaddress

    addr = _ip(address)
    if addr is None:
        return address[:80]
    if isinstance(addr, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((addr, 64), strict=False))
    return str(addr)


def network_key(address: str) -> str | None:
    """The wider network a client's address belongs to: an IPv6 /48 (what one site or one
    customer is routinely given: 65,536 /64s), an IPv4 /24; None for what is not an address."""
    import ipaddress

    addr = _ip(address)
    if addr is None:
        return None
    if isinstance(addr, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((addr, 48), strict=False))
    return str(ipaddress.IPv4Network((addr, 24), strict=False))


#: Anything beyond the budget of first entries (:attr:`RepeatedEvents.max_first`) is counted here.
OVERFLOW_CLIENT = "*"


@dataclass
class _Window:
    started: float
    repeated: int = 0
    users: set[str] = field(default_factory=set)
    opened: int = 0  # a network's window: the client windows opened in it (each written as its first)


@dataclass
class RepeatedEvents:
    """Anonymous security events per (kind, client) and window: which of them to write.

    :meth:`note` returns the audit entries to write now: the first event of its kind from a
    client in a window (as it is), and, for every window that has passed, one entry with the
    number of events counted after its first (``repeated``, ``window_s``, up to 10 user names
    they named). Three bounds keep a sender of many addresses from writing an entry each:

    - a network (IPv6 /48, IPv4 /24: :func:`network_key`) opens at most :attr:`per_network`
      client windows per window; further clients of it are counted in the network's window
      (one entry, ``client`` the network, once it has passed);
    - at most :attr:`max_first` first entries are written per window across all clients and
      kinds; past it every new client is counted in one window per kind (``client`` ``"*"``);
    - at most :attr:`max_clients` windows are held; past it the oldest are closed (and their
      counts written) early.

    A window's count is held in memory: it is written at the next such event after the window
    ends, or by :meth:`flush` (the server calls it every window and at shutdown)."""

    window_s: float = REPEAT_WINDOW_S
    clock: Callable[[], float] = time.monotonic
    #: Windows remembered; past this the oldest windows are closed (and their counts written) early.
    max_clients: int = 10_000
    #: Client windows (each one first entry) a network may open per window.
    per_network: int = 4
    #: First entries written per window across all clients and kinds.
    max_first: int = 60
    _open: "dict[tuple[str, str], _Window]" = field(default_factory=dict)  # oldest first (insertion order)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _budget_started: float = float("-inf")
    _budget_used: int = 0

    def note(self, kind: str, address: str, payload: dict) -> list[tuple[str, dict]]:
        client, network = client_key(address), network_key(address)
        now, out = self.clock(), []
        with self._lock:
            out.extend(self._expire(now))
            w = self._open.get((kind, client))
            if w is None:
                if now >= self._budget_started + self.window_s:
                    self._budget_started, self._budget_used = now, 0
                net = self._open.get((kind, network)) if network is not None else None
                if net is not None and net.opened >= self.per_network:
                    w = net  # this network has opened its share of windows: counted in its own
                elif self._budget_used >= self.max_first:
                    w = self._open.setdefault((kind, OVERFLOW_CLIENT), _Window(now))  # over budget: counted only
                else:
                    self._open[(kind, client)] = _Window(now)
                    self._budget_used += 1
                    out.append((kind, dict(payload)))
                    if network is not None:
                        if net is None:
                            net = self._open[(kind, network)] = _Window(now)
                        net.opened += 1
                    return out
            w.repeated += 1
            if payload.get("user") and len(w.users) < 10:
                w.users.add(str(payload["user"])[:80])
        return out

    def flush(self, *, everything: bool = False) -> list[tuple[str, dict]]:
        """The counts of the windows that have passed (``everything``: of every window, as at
        shutdown), which are then forgotten."""
        with self._lock:
            if not everything:
                return self._expire(self.clock())
            out = [e for key, w in self._open.items() for e in self._closed(key, w)]
            self._open.clear()
            return out

    def _expire(self, now: float) -> list[tuple[str, dict]]:
        out: list[tuple[str, dict]] = []
        while self._open:
            first = next(iter(self._open))
            if self._open[first].started + self.window_s > now and len(self._open) <= self.max_clients:
                break
            out.extend(self._closed(first, self._open.pop(first)))
        return out

    def _closed(self, key: tuple[str, str], w: _Window) -> list[tuple[str, dict]]:
        if not w.repeated:
            return []
        return [(key[0], {"user": "", "client": key[1], "repeated": w.repeated, "window_s": self.window_s,
                          "users": sorted(w.users)})]


class _RepeatFlusher:
    """Writes :class:`RepeatedEvents`' counts of passed windows every ``interval_s`` (so a burst
    followed by silence is written within about two windows), and all of them at :meth:`close`."""

    def __init__(self, repeats: RepeatedEvents, audit: Callable[[str, dict], None], interval_s: float):
        self.repeats, self.audit, self.interval_s = repeats, audit, interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="consent-repeat-flush", daemon=True)
        self._thread.start()

    def _write(self, entries: list[tuple[str, dict]]) -> None:
        for k, p in entries:
            try:
                self.audit(k, p)
            except Exception:  # noqa: BLE001 - a count that cannot be written must not stop the next
                _log.exception("could not write the count of repeated %s events", k)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self._write(self.repeats.flush())

    def close(self) -> None:
        if not self._stop.is_set():
            self._stop.set()
            self._thread.join(5)
            self._write(self.repeats.flush(everything=True))


@dataclass
class _Count:
    failures: int = 0
    until: float = 0.0


@dataclass
class LoginThrottle:
    """Failures per account and per client address, with exponential back-off."""

    clock: Callable[[], float] = time.monotonic
    _accounts: dict[str, _Count] = field(default_factory=dict)
    _addresses: dict[str, _Count] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _tables(self, account: str, address: str):
        """(table, key, free attempts) of the account's count and of the address's."""
        return ((self._accounts, account.casefold(), FREE_ATTEMPTS), (self._addresses, address, ADDRESS_FREE_ATTEMPTS))

    def _wait(self, account: str, address: str, now: float) -> float:
        return max([0.0, *(c.until - now for table, key, _ in self._tables(account, address)
                           if (c := table.get(key)) is not None)])

    def wait(self, account: str, address: str) -> float:
        """Seconds before this account / address may try again (0: now)."""
        now = self.clock()
        with self._lock:
            return self._wait(account, address, now)

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            self._count(account, address, now)

    def _count(self, account: str, address: str, now: float) -> None:
        for table, key, free in self._tables(account, address):
            c = table.setdefault(key, _Count())
            c.failures += 1
            if c.failures >= free:
                c.until = now + min(MAX_WAIT_S, 2.0 ** (c.failures - free))

    def attempt(self, account: str, address: str) -> float:
        """Seconds before this account / address may try again (> 0: refused); 0: the attempt
        may go ahead and counts as a failure at once, until :meth:`settle` says otherwise. Guesses
        sent side by side therefore meet the count of those still being checked (with
        :meth:`wait` and :meth:`failed` apart, all of them passed before the first had failed)."""
        now = self.clock()
        with self._lock:
            wait = self._wait(account, address, now)
            if wait <= 0:
                self._count(account, address, now)
            return wait

    def settle(self, account: str, address: str, *, failed: bool) -> None:
        """The outcome of an :meth:`attempt` that went ahead: a failure stays counted; anything
        else (signed in, a form Gradio refused) is taken back."""
        if failed:
            return
        with self._lock:
            for table, key, free in self._tables(account, address):
                c = table.get(key)
                if c is not None and c.failures > 0:
                    c.failures -= 1
                    if c.failures < free:
                        c.until = 0.0

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._accounts.pop(account.casefold(), None)


#: Gradio's routes that act on a session hash or an event id (cancel one, keep one alive, read
#: its stream, reset it): refused to a client that is not signed in (red team 27).
_SESSION_ROUTE = re.compile(r"^/gradio_api/(cancel|heartbeat|reset|stream)(/|$)")
#: ``POST /gradio_api/call[/v2]/<api>`` answers an event id; ``GET …/<api>/<event id>`` its stream.
_CALL_ROUTE = re.compile(r"^/gradio_api/call/(?:v2/)?(?P<api>[^/]+)(?:/(?P<event>[^/]+))?/?$")
#: Gradio's routes that name a session hash (for an API call, its event id is its session hash).
_JOIN_ROUTE = re.compile(r"^/gradio_api/queue/join/?$")
_DATA_ROUTE = re.compile(r"^/gradio_api/queue/data/?$")
_CANCEL_ROUTE = re.compile(r"^/gradio_api/cancel/?$")
_HEARTBEAT_ROUTE = re.compile(r"^/gradio_api/heartbeat/(?P<hash>[^/]+)/?$")
#: ``POST /gradio_api/stream/<event id>[/close]`` (new input for a queued event) and ``GET
#: /gradio_api/stream/<session hash>/…`` (its media): the owner's only.
_STREAM_ROUTE = re.compile(r"^/gradio_api/stream/+(?P<key>[^/]+)")
#: ``GET /gradio_api/deep_link?session_hash=``: the values of a session's components.
_DEEP_LINK_ROUTE = re.compile(r"^/gradio_api/deep_link/?$")
#: ``POST /gradio_api/run|api/<api>`` (an API call answered at once) and ``POST
#: /gradio_api/component_server`` (a component's server function, in a session hash).
_RUN_ROUTE = re.compile(r"^/gradio_api/(?:run|api)/(?P<api>[^/]+)/?$")
_COMPONENT_ROUTE = re.compile(r"^/gradio_api/component_server/?$")
#: A JSON body the Guard reads to learn its session hash (queue/join, cancel): larger is refused.
_MAX_JSON_BODY = 16 * 1024 * 1024


class _EventOwners:
    """Who owns each event id and session hash of Gradio's queue (red teams 27 and 28).

    Gradio answers for an id alone: the answer of an API call (``GET /gradio_api/call[/v2]/<api>/<id>``),
    a session's stream (``GET /gradio_api/queue/data?session_hash=``, where an API call's session
    hash is its event id), its cancellation (``POST /gradio_api/cancel``), its heartbeat, and a
    new event queued into it (``POST /gradio_api/queue/join``). The Guard notes the user who
    posted each API call and who first joined each session hash, and refuses those routes to any
    other user: another creator holding an id can neither read the answer, nor cancel it, nor
    put her own answer into it. The newest :data:`MAX` ids *of each user* are kept (one user's
    flood forgets only their own); an API answer or a stream whose id is not known is refused."""

    MAX = 2_000

    def __init__(self) -> None:
        self._owner: dict[str, str | None] = {}
        self._mine: dict[str | None, OrderedDict[str, None]] = {}
        self._lock = threading.Lock()

    def watch(self, send, user: str | None, *, claim: Sequence[str] = (), note_event: bool = True):
        """``send``, noting once Gradio answered 200: ``claim`` (session hashes) as ``user``'s,
        and, with ``note_event``, the event id of the answer's JSON body."""
        start: list[int] = []
        body: list[bytes] = []

        async def wrapped(message):
            if message["type"] == "http.response.start":
                start.append(message["status"])
                if message["status"] == 200:
                    for k in claim:
                        self.claim(k, user)
            elif message["type"] == "http.response.body" and note_event and start and start[0] == 200:
                body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._note(b"".join(body), user)
            await send(message)

        return wrapped

    def _note(self, raw: bytes, user: str | None) -> None:
        try:
            event = json.loads(raw.decode("utf-8")).get("event_id")
        except (ValueError, AttributeError):
            return
        if isinstance(event, str) and event:
            self.claim(event, user)

    def claim(self, key: str, user: str | None) -> bool:
        """``key`` is ``user``'s from now on, unless another user has it (False)."""
        with self._lock:
            if key in self._owner:
                if self._owner[key] != user:
                    return False
                self._mine.setdefault(user, OrderedDict()).move_to_end(key, last=True)  # used again: newest
                return True
            self._owner[key] = user
            mine = self._mine.setdefault(user, OrderedDict())
            mine[key] = None
            while len(mine) > self.MAX:
                old, _ = mine.popitem(last=False)
                self._owner.pop(old, None)
            return True

    def may_read(self, key: str, user: str | None) -> bool:
        """An answer or stream: only its owner's (an unknown id: nobody's)."""
        with self._lock:
            return key in self._owner and self._owner[key] == user

    def not_others(self, key: str | None, user: str | None) -> bool:
        """A cancel or heartbeat: refused only for an id another user owns."""
        if not key:
            return True
        with self._lock:
            return key not in self._owner or self._owner[key] == user


def _foreign(scope: dict) -> bool:
    """A browser's request started by another site: ``Sec-Fetch-Site`` ``cross-site`` or
    ``same-site`` (another host of the same domain), or, from a browser that sends no such header
    (plain HTTP to a host that is not localhost), an ``Origin`` that is not this host's ``Host``
    (:func:`_other_origin`). API clients send neither and are not refused."""
    for k, v in scope.get("headers") or ():
        if k.lower() == b"sec-fetch-site":
            return v.decode("latin-1").strip().lower() in ("cross-site", "same-site")
    return _other_origin(scope)


def _other_origin(scope: dict) -> bool:
    """The request names an ``Origin`` that is not this host (its ``Host``; not X-Forwarded-Host,
    which another site's page can send: red team 32; ``null``, a sandboxed or local page, included)."""
    origin, host = None, None
    for k, v in scope.get("headers") or ():
        k = k.lower()
        if k == b"origin":
            origin = v.decode("latin-1").strip().lower()
        elif k == b"host" and host is None:
            host = v.decode("latin-1").strip().lower()
    return origin is not None and (origin == "null" or urllib.parse.urlsplit(origin).netloc != host)


def _without_cors(send):
    """``send`` with every ``Access-Control-*`` header taken out of the answer's start."""

    async def stripped(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [(k, v) for k, v in message.get("headers", [])
                                              if not k.lower().startswith(b"access-control-")]}
        await send(message)

    return stripped


async def _read_body(receive) -> bytes | None:
    """The whole request body (None past :data:`_MAX_JSON_BODY`)."""
    body, more = b"", True
    while more:
        msg = await receive()
        body += msg.get("body", b"")
        more = msg.get("more_body", False)
        if len(body) > _MAX_JSON_BODY:
            return None
    return body


def _session_keys(body: bytes, *names: str) -> list[str] | None:
    """The non-empty string values of ``names`` in a JSON object body (parsed as Starlette parses
    it for Gradio: ``json.loads`` on the bytes), or None when the body is no JSON object or one of
    ``names`` is present but not a non-empty string (an empty session hash broke Gradio's queue,
    red team 29)."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict):
        return None
    out: list[str] = []
    for n in names:
        if n not in doc or (n == "event_id" and doc[n] is None):  # cancel may send event_id null
            continue
        v = doc[n]
        if not isinstance(v, str) or not v:
            return None
        out.append(v)
    return out


class _Functions:
    """The studio's API names and function indexes, as Gradio's routes find them (``route_utils.get_fn``:
    a body's ``fn_index`` first, else the API name): a call naming one it does not have made Gradio
    answer 500 with a traceback (``KeyError``, ``FnIndexInferError``; red team 30). Built once from
    the Blocks (the studio defines no function per session)."""

    def __init__(self, fns: dict) -> None:
        self.indexes = frozenset(int(i) for i in fns)
        self.api_names = frozenset(f.api_name for f in fns.values() if isinstance(getattr(f, "api_name", None), str))

    @staticmethod
    def _index(value: Any) -> int | None:
        """``fn_index`` read as pydantic reads it for Gradio (lax int), or None when it cannot be."""
        if isinstance(value, bool) or isinstance(value, int):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return int(value.strip())
        return None

    def refusal(self, body: bytes, *, api: str | None, join: bool) -> tuple[int, dict] | None:
        try:
            doc = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return None  # Gradio's own 422 (its body model)
        if not isinstance(doc, dict):
            return None
        raw = doc.get("fn_index")
        if raw is not None:
            index = self._index(raw)
            if index is None:
                return None  # Gradio's own 422
            if index not in self.indexes:
                return 404, {"detail": f"No function {index} in this studio."}
            return None
        if join:
            return 422, {"detail": "Expected fn_index: a function of this studio."}
        if api is not None and api not in self.api_names:
            return 404, {"detail": f"No API named {api[:64]!r} in this studio."}
        return None


class Guard:
    """ASGI middleware: sign-in throttling and output ownership (see the module text)."""

    def __init__(self, app: Any, *, throttle: LoginThrottle, user_of: Callable[[dict], str | None],
                 may_read: Callable[[str | None, str], bool | None], audit: Callable[[str, dict], None],
                 repeats: RepeatedEvents | None = None, sessions: "Sessions | None" = None,
                 functions: _Functions | None = None):
        self.app, self.throttle, self.user_of, self.may_read, self.audit = app, throttle, user_of, may_read, audit
        self.functions = functions
        self.repeats = repeats if repeats is not None else RepeatedEvents()
        self.sessions = sessions
        self.events = _EventOwners()

    async def _audit_repeated(self, kind: str, address: str, payload: dict) -> None:
        """An anonymous refusal: written as :class:`RepeatedEvents` says (not one by one)."""
        for k, p in self.repeats.note(kind, address, payload):
            await asyncio.to_thread(self.audit, k, p)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if _other_origin(scope) and not (path == _public.PREFIX or path.startswith(_public.PREFIX + "/")):
            # Gradio answers any origin's CORS request with that origin and credentials allowed (on
            # any host but localhost): another site's script read a creator's session token from
            # GET /gradio_api/token (red team 32). No other site may read a studio answer: its
            # preflight is refused, and no answer to it carries Access-Control-* headers.
            if scope.get("method") == "OPTIONS":
                return await _json(send, 403, {"detail": "Requests from another site are not allowed."})
            send = _without_cors(send)
        try:
            return await self._dispatch(scope, receive, send)
        except ClientDisconnect:
            # The browser went away mid-request (a tab closed during an upload): nobody is left
            # to answer and it is no server fault, so one log line instead of a traceback.
            _log.warning("client %s went away during %s %s", (scope.get("client") or ("?",))[0],
                      scope.get("method"), scope.get("path"))

    async def _dispatch(self, scope, receive, send):
        path, method = scope.get("path", ""), scope.get("method", "GET")
        if path == _public.PREFIX or path.startswith(_public.PREFIX + "/"):
            if not _public.is_public(method, path):
                return await _json(send, 404, {"detail": "Not Found"})
            return await self.app(scope, receive, send)
        if path == TALENT_PREFIX or path.startswith(TALENT_PREFIX + "/"):
            return await self.app(scope, receive, send)  # the talent page: no studio account (creator.talent)
        if path.rstrip("/").endswith("/logout") and _foreign(scope):
            # Gradio signs out on a plain GET: another site's link or image would sign a user
            # out of the studio (mid-job); the studio's own Sign out button is same-origin
            return await _json(send, 403, {"detail": "Sign out from the studio's own page."})
        if method not in ("GET", "HEAD", "OPTIONS") and _foreign(scope):
            # a form or script on another site, sent with the user's cookies: a sign-in as the
            # attacker's account (what the victim then uploads lands in the attacker's outputs),
            # an upload, a generation (red team 30)
            return await _json(send, 403, {"detail": "Refused: this request was started by another site; "
                                                     "use the studio's own page."})
        if method == "POST" and path.rstrip("/").endswith("/login"):
            return await self._login(scope, receive, send)
        if self.sessions is not None:  # a session of an account since replaced is ended here
            await asyncio.to_thread(self.sessions.check, scope)
        if _SESSION_ROUTE.match(path) and self.user_of(scope) is None:
            # Gradio answers these for a session hash or event id alone: only for the signed in
            return await _json(send, 401, {"detail": "Not authenticated."})
        if await self._event_routes(path, method, scope, receive, send):
            return
        if method in ("GET", "HEAD") and _operator_file(path):
            user = self.user_of(scope)
            if not (user is not None and await asyncio.to_thread(self.may_read, user, OPERATORS_ONLY)):
                if user is None:
                    address = (scope.get("client") or ("?", 0))[0]
                    await self._audit_repeated("file_refused", address, {"user": None, "client": address,
                                                                         "output": "operators-only file"})
                else:
                    await asyncio.to_thread(self.audit, "file_refused", {"user": user, "output": "operators-only file"})
                return await _json(send, 404, {"detail": "File not found."})
            return await self.app(scope, receive, _private(send))
        files = _named_files(path) if method in ("GET", "HEAD") else []
        named = files[0][0] if files else None
        if named:
            user = self.user_of(scope)
            allowed = await asyncio.to_thread(self.may_read, user, named)
            if allowed is None:
                # No studio output has this digest (a file of the user's own, an upload named by its
                # digest): Gradio answers for it, when such a file exists. A name that is no file
                # gets the same answer as another user's output, so the answer never tells which
                # digests are someone's outputs (red teams 24 and 26).
                allowed = any(os.path.isfile(full) for _sha, full in files)
            if not allowed:
                if user is None:  # not signed in: counted per address
                    address = (scope.get("client") or ("?", 0))[0]
                    await self._audit_repeated("file_refused", address, {"user": None, "client": address,
                                                                         "output": named[:16]})
                else:
                    await asyncio.to_thread(self.audit, "file_refused", {"user": user, "output": named[:16]})
                return await _json(send, 404, {"detail": "File not found."})
            # a private output: for the browser that asked, never a shared cache (red team 24)
            return await self.app(scope, receive, _private(send))
        if method == "GET" and _may_be_page(path):
            return await self.app(scope, receive, _with_sign_in_notice(send))
        return await self.app(scope, receive, send)

    async def _event_routes(self, path: str, method: str, scope, receive, send) -> bool:
        """Gradio's routes that act on an event id or session hash, for its owner only
        (:class:`_EventOwners`), and its API routes for the studio's own APIs only. True when it
        answered (or had Gradio answer) the request."""
        user = self.user_of(scope)
        call = path.startswith("/gradio_api/call/")
        if call and method != "POST":
            # Gradio's GET /call/{api}/{event} and /call/v2/{api}/{event}: the event is the last
            # part, also in /call/v2/<event> (read by Gradio as the API "v2"; red team 30)
            parts = [p for p in path[len("/gradio_api/call/"):].split("/") if p]
            if len(parts) >= 2 and not self.events.may_read(parts[-1], user):
                await _json(send, 404, {"detail": "Event not found."})  # another user's answer
                return True
            return False
        if method == "GET" and _DATA_ROUTE.match(path) or _DEEP_LINK_ROUTE.match(path):
            # a session's stream, or its components' values (Gradio's deep link)
            query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
            key = (query.get("session_hash") or [""])[-1]
            if not self.events.may_read(key, user):
                await _json(send, 404, {"detail": "Session not found."})
                return True
            return False
        beat, stream = _HEARTBEAT_ROUTE.match(path), _STREAM_ROUTE.match(path)
        if beat and not self.events.not_others(beat["hash"], user):
            await _json(send, 404, {"detail": "Session not found."})
            return True
        if stream and not self.events.may_read(stream["key"], user):
            # new input for a queued event (POST), or its media (GET): the event's owner only
            await _json(send, 404, {"detail": "Event not found."})
            return True
        join, cancel = _JOIN_ROUTE.match(path), _CANCEL_ROUTE.match(path)
        run, component = _RUN_ROUTE.match(path), _COMPONENT_ROUTE.match(path)
        posted = call and method == "POST"
        if not (method == "POST" and (join or cancel or posted or run or component)):
            return False
        if user is None:  # signed out: refused unread, as Gradio refuses it
            await _json(send, 401, {"detail": "Not authenticated."})
            return True
        body = await _read_body(receive)
        if body is None:
            await _json(send, 413, {"detail": "Request body too large."})
            return True
        api = None
        if posted:
            parts = [p for p in path[len("/gradio_api/call/"):].split("/") if p]
            if not (len(parts) == 1 or (len(parts) == 2 and parts[0] == "v2")):
                await _json(send, 404, {"detail": "Not Found"})
                return True
            api = parts[-1]
        elif run:
            api = run["api"]
        # read as Starlette reads it for Gradio (json.loads on the bytes: UTF-8, a BOM, UTF-16 or
        # UTF-32 alike; red team 29), and refused when it is not an object Gradio could act on
        keys = _session_keys(body, "session_hash", "event_id") if (join or cancel) else _session_keys(body, "session_hash")
        if keys is None or (join and not keys):
            await _json(send, 422, {"detail": "Expected a JSON object with a non-empty session_hash."})
            return True
        if not all(self.events.not_others(k, user) for k in keys):
            await _json(send, 404, {"detail": "Session not found."})
            return True
        if (join or posted or run) and self.functions is not None:
            # Gradio answers an API or function it does not have with a 500 (red team 30)
            refusal = self.functions.refusal(body, api=api, join=bool(join))
            if refusal is not None:
                await _json(send, *refusal)
                return True

        async def replay():
            return {"type": "http.request", "body": body, "more_body": False}

        if component or run:
            await self.app(scope, replay, send)
            return True
        # a join, or a call into a session hash it names, makes that hash the user's once Gradio
        # accepts it (a refused join costs no place in the user's memory); the event id Gradio
        # answers a join or a call with too (a cancel naming it is the owner's only: red team 30)
        await self.app(scope, replay, self.events.watch(send, user, claim=[] if cancel else keys[:1],
                                                        note_event=not cancel))
        return True

    async def _login(self, scope, receive, send):
        body, more = b"", True
        while more:
            msg = await receive()
            body += msg.get("body", b"")
            more = msg.get("more_body", False)
            if len(body) > 64 * 1024:
                return await _json(send, 413, {"detail": "Sign-in form too large."})
        account = await _form_username(scope, body)
        address = (scope.get("client") or ("?", 0))[0]
        if account is None:  # a form the throttle cannot read: never let Gradio check it (its
            # parser's limits are wider; the guess would count against no account)
            backing_off = self.throttle.wait("", address) > 0
            self.throttle.failed("", address)
            if backing_off:  # past the address's allowance: counted, as a 429 is (it is refused unread too)
                await self._audit_repeated("login_failed", address, {"user": "", "client": address})
            else:
                await asyncio.to_thread(self.audit, "login_failed", {"user": "", "client": address})
            return await _json(send, 422, {"detail": "Sign-in form not readable: send username and password only."})
        wait = self.throttle.attempt(account, address)  # counted as a failure while Gradio checks it
        if wait > 0:
            await self._audit_repeated("login_throttled", address, {"user": account, "client": address,
                                                                    "wait_s": round(wait)})
            return await _json(send, 429, {"detail": f"Too many failed sign-ins for this account or address; try again "
                                                     f"in {int(wait) + 1} s."}, {"retry-after": str(int(wait) + 1)})
        status: list[int] = []

        async def replay():
            return {"type": "http.request", "body": body, "more_body": False}

        before = await asyncio.to_thread(self.sessions.before, account) if self.sessions is not None else None

        audited: list[bool] = []

        async def watch(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
                if message["status"] == 200 and self.sessions is not None:
                    await asyncio.to_thread(self.sessions.issued, account, message.get("headers") or (), before)
            elif message["type"] == "http.response.body" and not message.get("more_body") \
                    and status and status[0] in (200, 400, 401) and not audited:
                # a wrong password is on record before its answer leaves: whoever reads the audit
                # log after the answer (an operator, the next request) sees it; a sign-in likewise
                # (who had access, and from where: a self-hosting admin's walkthrough, session 66)
                audited.append(True)
                await asyncio.to_thread(self.audit, "signed_in" if status[0] == 200 else "login_failed",
                                        {"user": account, "client": address})
            await send(message)

        failed = False
        try:
            await self.app(scope, replay, watch)
            failed = bool(status) and status[0] in (400, 401)
        finally:
            self.throttle.settle(account, address, failed=failed)
        if status and status[0] == 200:
            self.throttle.succeeded(account)
        elif failed and not audited:
            await asyncio.to_thread(self.audit, "login_failed", {"user": account, "client": address})


#: Added to Gradio's sign-in page, whose form shows a message only for 400 ("Incorrect
#: credentials"): any other answer to its ``POST /login`` (429 while the throttle holds, with
#: the wait in its ``detail``; 413, 422, 5xx) or no answer at all left the page silent. This
#: says it, in an alert beside the form.
SIGN_IN_NOTICE = r"""<script>
(() => {
  const own = window.fetch;
  const isLogin = (input, init) => {
    try {
      const method = ((init && init.method) || (input && input.method) || "GET").toUpperCase();
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url, location.href);
      return method === "POST" && /\/login\/?$/.test(url.pathname);
    } catch (e) { return false; }
  };
  const say = (text) => {
    let box = document.getElementById("cs-sign-in-notice");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("p");
      box.id = "cs-sign-in-notice";
      box.setAttribute("role", "alert");
      box.style.cssText = "margin:8px 0;padding:8px 12px;border-left:4px solid #b91c1c;font-weight:600;color:inherit";
      const pw = document.querySelector('input[type="password"]');
      const near = pw && (pw.closest(".form") || pw.closest(".block"));
      if (near) near.after(box); else document.body.prepend(box);
    }
    box.textContent = text;
  };
  window.fetch = async function (input, init) {
    if (!isLogin(input, init)) return own.apply(window, arguments);
    say("");
    let answer;
    try {
      answer = await own.apply(window, arguments);
    } catch (e) {
      say("The studio did not answer the sign-in. Check the connection and try again.");
      throw e;
    }
    if (answer.status !== 200 && answer.status !== 400) {
      let text = "Signing in failed (HTTP " + answer.status + "). Try again; if it goes on, tell an operator.";
      try {
        const detail = (await answer.clone().json()).detail;
        if (typeof detail === "string" && detail) text = "Not signed in: " + detail;
      } catch (e) { /* not JSON: the plain text above */ }
      say(text);
    }
    return answer;
  };
})();
</script>"""
_SIGN_IN_PAGE = re.compile(rb'"auth_required":\s*true')
_PAGE_SKIP = ("/gradio_api", "/static", "/assets", "/file", "/favicon", "/manifest", "/download", "/svelte")


def _may_be_page(path: str) -> bool:
    """A path Gradio may answer with its page (``/``, a page of a multipage app): not a file or API route."""
    return not any(path == p or path.startswith(p + "/") or path.startswith(p + "=") for p in _PAGE_SKIP)


def _with_sign_in_notice(send):
    """``send`` for a GET that may be Gradio's sign-in page: an HTML answer whose config says
    ``auth_required`` gets :data:`SIGN_IN_NOTICE` before ``</head>``; any other answer passes as is."""
    held: list[dict] = []
    body = bytearray()

    async def relay(message):
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers") or ())
            html = headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers
            if not html or message["status"] != 200:
                return await send(message)
            held.append(message)
            return None
        if not held:
            return await send(message)
        if message["type"] != "http.response.body":  # not a plain body (an extension): pass it all on
            await send(held.pop())
            return await send(message)
        body.extend(message.get("body", b""))
        if message.get("more_body", False) and len(body) <= 1024 * 1024:
            return None
        page, start = bytes(body), held.pop()
        if not message.get("more_body", False) and _SIGN_IN_PAGE.search(page) and b"</head>" in page:
            page = page.replace(b"</head>", SIGN_IN_NOTICE.encode("utf-8") + b"</head>", 1)
            start = {**start, "headers": [(k, str(len(page)).encode() if k == b"content-length" else v)
                                          for k, v in start.get("headers") or ()]}
        await send(start)
        await send({"type": "http.response.body", "body": page, "more_body": message.get("more_body", False)})
        body.clear()
        return None

    return relay


async def _form_username(scope, body: bytes) -> str | None:
    """The ``username`` field of a sign-in form, read as Gradio reads it (the same form parser):
    the browser's sign-in page sends ``multipart/form-data``, API clients send a URL-encoded form.
    None for a body this cannot read as a form (a file part, more than 16 fields, malformed):
    Gradio's parser, with wider limits, may still read a username there, so such a form is
    refused, never passed on (it would count against no account)."""
    from starlette.requests import Request

    async def once():
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        async with Request(scope, once).form(max_files=0, max_fields=16) as form:
            value = form.get("username")
    except Exception:  # noqa: BLE001 - refused by the caller (422); the address counts
        return None
    return value.strip() if isinstance(value, str) else ""


def _private(send):
    """``send`` with the response marked ``private, no-store`` and ``nosniff`` (an output file)."""
    async def marked(message):
        if message["type"] == "http.response.start":
            kept = [(k, v) for k, v in message.get("headers") or ()
                    if k.lower() not in (b"cache-control", b"x-content-type-options")]
            message = {**message, "headers": kept + [(b"cache-control", b"private, no-store"),
                                                     (b"x-content-type-options", b"nosniff")]}
        await send(message)

    return marked


class Sessions:
    """Each signed-in session bound to the account it was issued for (red teams 26 and 27).

    Gradio maps a session token to a user *name*. An account added later under a removed name
    (another person, another password, another role; or a reset by remove and add again) would
    have inherited the old sessions, a thief's cookie included. ``consent-studio users password``
    changes the hash, so it ends every session signed in before it the same way.

    At sign-in the new token is bound to a fingerprint of the account's row (name, password
    hash, creation time) *if* the row is the same before and after Gradio checked the password;
    otherwise (removed, reset or replaced while the check ran) the token is forgotten at once,
    so a sign-in that raced a removal never becomes a session of whatever row the name gets
    next. At each request a session is ended (its token forgotten, so Gradio asks for a
    sign-in) when it was never bound, when its name has no row any more (removed: Gradio's own
    routes, uploads included, refuse it too), or when the name's row is another one."""

    def __init__(self, tokens: Callable[[], dict], token_of: Callable[[dict], str | None],
                 account: Callable[[str], str | None]):
        self._tokens, self._token_of, self._account = tokens, token_of, account
        self._bound: dict[str, str] = {}
        self._lock = threading.Lock()

    def before(self, name: str) -> str | None:
        """The account's fingerprint as a sign-in for ``name`` starts (pass it to :meth:`issued`)."""
        return self._account(name)

    def issued(self, name: str, headers, before: str | None = None) -> None:
        """A sign-in answered 200 with these headers: bind its new token to the account, or
        forget it when the account's row changed while the password was checked."""
        fp = self._account(name)
        tokens = self._tokens()
        for k, v in headers:
            if k.lower() != b"set-cookie":
                continue
            cookie = v.decode("latin-1").split(";", 1)[0]
            cname, _, token = cookie.partition("=")
            token = token.strip()
            if not (cname.strip().startswith("access-token") and token):
                continue
            with self._lock:
                if fp is not None and fp == before:
                    self._bound[token] = fp
                else:
                    self._bound.pop(token, None)
                    tokens.pop(token, None)  # the row it was checked against is gone: no session
                for stale in [t for t in self._bound if t not in tokens]:  # signed out since
                    del self._bound[stale]

    def check(self, scope: dict) -> None:
        token = self._token_of(scope)
        if not token:
            return
        tokens = self._tokens()
        name = tokens.get(token)
        if name is None:
            return
        fp = self._account(name)
        with self._lock:
            if fp is not None and self._bound.get(token) == fp:
                return
            self._bound.pop(token, None)
        tokens.pop(token, None)  # removed, replaced, or never bound: signed out


async def _json(send, status: int, body: dict, headers: dict | None = None) -> None:
    data = json.dumps(body).encode("utf-8")
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
            (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]
    hdrs += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": data})


def _blocked(settings: Any, outputs: Any) -> list[str]:
    """:meth:`StudioSettings.never_served`, but for a folder that holds one of ``outputs`` (a shared
    store inside the data directory), and the work folder beside each of ``outputs``."""
    shown = [Path(os.path.abspath(o)) for o in outputs]
    keep = [p for p in settings.never_served() if not any(p == o or p in o.parents for o in shown)]
    return [str(p) for p in keep + [o.parent / "staging" for o in shown]]


def create_server(demo: Any, settings: Any, store: Any, registry: Any, *, auth_message: str, css: str,
                  throttle: LoginThrottle | None = None, head: str | None = None, outputs: Any = ()):
    """The FastAPI app: ``demo`` mounted at ``/`` with login, wrapped in :class:`Guard`. ``outputs``:
    more folders of published outputs the pages show (a shared output store's, with Ray), served
    as the data directory's are (to their owner: :class:`Guard` reads every output-shaped name)."""
    import fastapi
    import gradio as gr
    from starlette.datastructures import Headers
    from starlette.requests import cookie_parser
    from starlette.routing import Mount

    from creator.auth import Role
    from creator.talent import mount_talent

    app = fastapi.FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(_public.public_router(settings, registry))  # before Gradio's catch-all mount at /
    mount_talent(app, settings, registry)  # /talent, before the studio page at /
    app = gr.mount_gradio_app(
        app, demo, path="/", auth=store.authenticate, auth_message=auth_message,
        allowed_paths=[str(settings.outputs_dir), *(str(p) for p in outputs)], max_file_size="40mb", show_error=True,
        css=css, head=head,
        # whatever folder Gradio serves (GRADIO_TEMP_DIR included), never the keys, the accounts, the
        # database or the work folders (red team 69); blocked paths win over allowed ones
        blocked_paths=_blocked(settings, outputs),
        # Gradio's run history keeps every call's inputs and outputs (uploaded photos of people,
        # prompts, decisions) in the browser, or in a Hugging Face bucket a user connects from
        # /gradio_api/runs: neither is a place the studio's records may go
        run_history=False,
    )
    gradio_app = next(r.app for r in app.routes if isinstance(r, Mount) and r.path in ("", "/"))  # not /talent
    # Gradio's own FastAPI app answers /openapi.json (and /docs, /redoc where it has them) to anyone,
    # signed in or not: every route of the studio, listed (a talent walkthrough, session 66)
    gradio_app.router.routes[:] = [r for r in gradio_app.router.routes
                                   if getattr(r, "path", None) not in ("/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc")]
    gradio_app.openapi_url = gradio_app.docs_url = gradio_app.redoc_url = None
    # Gradio checks that a file path sent as an input is one the user uploaded only once the
    # Blocks "has launched"; mounting never launches it, so without this any server path
    # (another user's output, a kept photo, the keys) was accepted as an input file.
    demo.has_launched = True

    def token_of(scope: dict) -> str | None:
        # read exactly as Starlette reads it for Gradio (a quoted value unquoted, a name's spaces
        # stripped, the last of one name kept): a cookie spelt otherwise was nobody's to
        # Sessions.check while Gradio signed it in (red team 30)
        cookies: dict[str, str] = {}
        for header in Headers(scope=scope).getlist("cookie"):  # each Cookie header, as Request.cookies
            cookies.update(cookie_parser(header))
        return cookies.get(f"access-token-{gradio_app.cookie_id}") or cookies.get(f"access-token-unsecure-{gradio_app.cookie_id}")

    def user_of(scope: dict) -> str | None:
        token = token_of(scope)
        return gradio_app.tokens.get(token) if token else None

    def account(name: str) -> str | None:
        """A fingerprint of the users file's row for ``name`` (None: no such user)."""
        try:
            u = store.get(name)
        except Exception:  # noqa: BLE001 - an unreadable users file lets nobody in (the handlers say so)
            return None
        if u is None:
            return None
        return hashlib.sha256(f"{u.name}\0{u.password_hash}\0{u.created_at.isoformat()}".encode()).hexdigest()

    def may_read(user: str | None, sha256: str) -> bool | None:
        role = None if user is None else store.role_of(user)
        if role is None:  # signed out, or removed from the users file (its session still open)
            return False
        if role is Role.OPERATOR:
            return True
        if sha256 == OPERATORS_ONLY:
            return False
        try:
            rec = registry.find_output(sha256=sha256)
        except Exception:  # noqa: BLE001 - a registry that cannot vouch for it serves nothing
            return False
        if rec is None:
            return None  # not a studio output: the Guard serves it only when it is a file (an upload)
        from creator.jobs.model import asked_at

        account = store.get(user)  # this account's outputs, not an earlier account's of that name
        if account is None or not account.made(rec.owner, asked_at(registry, rec.job_id, rec.created_at)):
            return False
        from creator.ui.history import consent_lapsed

        # an output whose consent is no longer in force is not served for further use (operators
        # keep it for the record; session 65): its maker's download is refused the same way
        return consent_lapsed(registry, sha256) is None

    def audit(kind: str, payload: dict) -> None:
        from consent.audit import acting_as

        try:
            # the web server's own record of a client (signed in or not), not the OS user who started
            # it (a self-hosting admin's walkthrough, session 66: 37 of 46 entries read "cli:root")
            with acting_as("web"):
                registry.record_security_event(kind, payload)
        except Exception:  # noqa: BLE001 - the refusal stands even when the audit cannot be written
            pass

    from creator.ui.history import add_download_route

    repeats = RepeatedEvents()  # anonymous refusals, counted per address (the Guard's and the download route's)
    # counts of passed windows written every window, and all at shutdown (launch calls app.state.close_repeats)
    app.state.close_repeats = _RepeatFlusher(repeats, audit, repeats.window_s).close

    def audit_refusal(kind: str, payload: dict, address: str | None) -> None:
        if payload.get("user") is not None or address is None:
            return audit(kind, payload)
        for k, p in repeats.note(kind, address, {**payload, "client": address}):
            audit(k, p)

    # GET /download/{job}/{n}: readable name, owner only
    add_download_route(app, registry, store, user_of, audit=audit_refusal)
    app.add_middleware(Guard, throttle=throttle or LoginThrottle(), user_of=user_of, may_read=may_read, audit=audit,
                       repeats=repeats, sessions=Sessions(lambda: gradio_app.tokens, token_of, account),
                       functions=_Functions(demo.fns))
    return app
