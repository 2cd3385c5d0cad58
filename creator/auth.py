"""Studio users and their roles.

Two roles:

- ``operator``: everything (people, enrollment, adapters, grants, revocations, audit).
- ``creator``: Generate and Verify only.

Users live in one JSON file under the data dir (``settings.users_file``), written atomically with
mode 0600. Passwords are stored as scrypt hashes (``scrypt$n$r$p$salt$hash``, base64); a
file that other users can read is refused rather than trusted, and a password check costs
the same whether or not the user exists.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import functools
import hmac
import json
import os
import re
import secrets
import stat
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from enum import StrEnum
from pathlib import Path
from typing import Any

from creator.errors import CreatorError

__all__ = [
    "AuthError",
    "Role",
    "User",
    "UserStore",
    "check_grantees",
    "MIN_PASSWORD_LENGTH",
    "hash_password",
    "verify_password",
]

MIN_PASSWORD_LENGTH = 10
#: Where ``serve``'s first start writes the admin password when its output is not a terminal
#: (beside the users file, mode 0600); ``users password admin`` deletes it.
FIRST_PASSWORD_FILE = "first-admin-password.txt"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_FORMAT_VERSION = 1
# scrypt cost: n=2**14, r=8, p=1 (16 MiB, ~50 ms): the interactive-login setting of RFC 7914.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
# A users file whose last change (mtime or ctime) is younger than this when it is read is
# "racy" (as in git's index): a later change could fall in the same timestamp granule and
# keep the file's stat unchanged, so until it is older its bytes are read again and compared.
_RACY_NS = 2_000_000_000


class AuthError(CreatorError):
    """A users-file problem, an invalid user name/role/password, or a missing permission."""

    exit_code = 2
    title = "Not allowed"


class Role(StrEnum):
    OPERATOR = "operator"
    CREATOR = "creator"


# --------------------------------------------------------------------------- hashing
def hash_password(password: str) -> str:
    """scrypt hash of ``password`` with a fresh 16-byte salt, as ``scrypt$n$r$p$salt$hash``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, maxmem=_SCRYPT_MAXMEM, dklen=32
    )
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt)}${b64(digest)}"


def _parse_hash(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise AuthError(f"password hash {encoded[:16]!r}… is not in the form scrypt$n$r$p$salt$hash")
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError as e:
        raise AuthError(f"password hash {encoded[:16]!r}… is malformed: {e}") from None
    if n < 2**14 or n & (n - 1) or r < 8 or p < 1 or len(salt) < 16 or len(digest) < 32:
        raise AuthError(
            f"password hash uses weak or invalid scrypt parameters (n={n}, r={r}, p={p}, "
            f"salt {len(salt)} bytes); expected n>=16384 (power of 2), r>=8, p>=1, salt>=16 bytes"
        )
    return n, r, p, salt, digest


def verify_password(password: str, encoded: str) -> bool:
    """True if ``password`` matches ``encoded`` (constant-time compare)."""
    n, r, p, salt, digest = _parse_hash(encoded)
    actual = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=max(_SCRYPT_MAXMEM, 256 * n * r), dklen=len(digest)
    )
    return hmac.compare_digest(actual, digest)


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash nobody's password matches, checked for unknown users so timing does not reveal
    names (made on first use: every CLI command imports this module)."""
    return hash_password(secrets.token_urlsafe(16))


# --------------------------------------------------------------------------- users
@dataclass(frozen=True)
class User:
    """A studio user. ``password_hash`` never leaves the store in listings (see :meth:`public`)."""

    name: str
    role: Role
    password_hash: str
    created_at: datetime
    #: Whom else a creator may generate for: the grantees (an agency, a production company) an
    #: operator named for this account; a creator generates under their own name otherwise.
    grantees: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_name(self.name)
        if not isinstance(self.role, Role):
            object.__setattr__(self, "role", _check_role(self.role))
        object.__setattr__(self, "grantees", check_grantees(self.grantees))
        _parse_hash(self.password_hash)
        if self.created_at.tzinfo is None:
            raise AuthError(f"user {self.name!r}: created_at {self.created_at.isoformat()} has no timezone; expected UTC")

    @property
    def is_operator(self) -> bool:
        return self.role is Role.OPERATOR

    def key(self) -> str:
        """This account's identity: its name and creation time (to the microsecond). A password
        change keeps it; removing the user and adding the name again makes another."""
        return f"{self.name}|{self.created_at.astimezone(timezone.utc).isoformat()}"  # one spelling of the instant

    def standing(self) -> str:
        """This account's identity and current password, as one string to compare later: a
        password change or the account replaced under its name gives another (the hash itself
        is not in it). Jobs queued by the web studio carry it, so that a job queued before a
        password change (a thief's, before the reset) does not start after it."""
        pw = hashlib.sha256(self.password_hash.encode()).hexdigest()[:32]
        return f"{self.key()}\n{pw}"

    def made(self, owner: str | None, made_at: str | datetime | None) -> bool:
        """Whether a record that ``owner`` made at ``made_at`` (a job, an output, a request) is this
        account's: made under its name (``ui:<name>``) once the account existed. An account
        removed and added again under the same name is another account (:meth:`key`), and what the
        earlier one made is not the later one's (red team s60: a new "ana" downloaded the old
        one's outputs by job id)."""
        from consent.records import made_since

        return owner == f"ui:{self.name}" and bool(made_at) and made_since(made_at, self.created_at) is True

    def may_generate_for(self, grantee: str) -> bool:
        """Whether this account may generate as ``grantee``: an operator for anyone, a creator
        under their own name or a grantee an operator named for the account (:attr:`grantees`)."""
        return self.is_operator or grantee == self.name or grantee in self.grantees

    def public(self) -> dict[str, Any]:
        """Name, role, creation time and the grantees it may generate for: what listings show (no hash)."""
        return {"name": self.name, "role": self.role.value, "created_at": self.created_at.isoformat(),
                "grantees": list(self.grantees)}


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise AuthError(
            f"user name {name!r} is not valid; expected 1-64 characters of letters, digits, '.', '_', '@', '-', "
            "starting with a letter or digit"
        )
    return name


#: The most grantees one account may generate for
MAX_GRANTEES = 20


def check_grantees(grantees: Any) -> tuple[str, ...]:
    """Grantee names as grants name them: one line of printable text each, 1-200 characters."""
    if isinstance(grantees, str) or not isinstance(grantees, (list, tuple)):
        raise AuthError(f"grantees must be a list of names, got {type(grantees).__name__}")
    if len(grantees) > 10 * MAX_GRANTEES:  # (a hand-edited file's list is not read name by name past this)
        raise AuthError(f"{len(grantees)} grantees; an account may generate for at most {MAX_GRANTEES}")
    out: list[str] = []
    for g in grantees:
        if not isinstance(g, str) or not g.strip() or len(g.strip()) > 200 or not g.strip().isprintable():
            raise AuthError(f"grantee {g!r} is not valid; expected a name as grants name the grantee "
                            "(1-200 characters of one line, e.g. 'Bright Agency')")
        if g.strip() not in out:
            out.append(g.strip())
    if len(out) > MAX_GRANTEES:
        raise AuthError(f"{len(out)} grantees; an account may generate for at most {MAX_GRANTEES}")
    return tuple(out)


def _check_role(role: Any) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AuthError(f"role {role!r} is not valid; expected one of {[r.value for r in Role]}") from None


def _check_password(password: Any) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        n = len(password) if isinstance(password, str) else type(password).__name__
        raise AuthError(f"password has {n} characters; expected at least {MIN_PASSWORD_LENGTH}")
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes (a Latin-1 terminal or file) read as lone surrogates
        raise AuthError("password is not valid UTF-8 text (undecodable bytes); expected the password as UTF-8 "
                        "(is the terminal or the file in another encoding?)") from None
    if password != password.strip():
        raise AuthError("password starts or ends with whitespace; expected none (it is easy to lose when typing)")
    return password


class UserStore:
    """The users file: add, list, authenticate, look up roles, set passwords.

    Every read checks the file on disk, so ``consent-studio users add|remove|password`` takes
    effect in a running server at its next request, without a restart. What is cached is the
    parse (see :meth:`_read`): the file is stat'ed on every read and parsed again when it changed.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()
        # (stat key, raw bytes, parsed users, settled): the last parse and what it was read from
        self._cache: tuple[tuple[int, ...], bytes, dict[str, User], bool] | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> UserStore:
        return cls(settings.users_file)

    # ------------------------------------------------------------------ reading
    def exists(self) -> bool:
        return self.path.is_file()

    def _load(self) -> dict[str, User]:
        """The users file's users, a dict of its own for the caller to change and save."""
        return dict(self._read())

    def _read(self) -> dict[str, User]:
        """The users file's users (the cached dict: never change it; :meth:`_load` copies).

        The file is stat'ed on every call (and its mode checked); the cached parse is used only
        while the file's key (device, inode, size, mtime_ns, ctime_ns) is the one it was read
        under. Covered: every atomic replace (``_save``, the CLI in another process) makes a new
        inode, and any in-place write changes size, mtime or ctime; a change within the same
        timestamp granule as the cached read, same size (a new password hash is the same
        length), even on a reused inode number, is covered by the racy rule: while the file's
        last change is under ``_RACY_NS`` old at the time of the read, the next call reads the
        bytes again and compares them (as git treats a "racily clean" index entry). A ctime
        cannot be set back by a write, so a forged mtime (``touch -d``) is seen too. Not
        covered: a system clock stepped back by more than ``_RACY_NS`` between a read and a
        later change, or a file system that does not update mtime/ctime on write."""
        now = time.time_ns()  # before the stat: a change after this read has ctime >= now (granule aside)
        try:
            st = self.path.stat()
        except (FileNotFoundError, NotADirectoryError):
            self._cache = None
            return {}
        except OSError as e:
            raise AuthError(f"users file {self.path} is not readable: {e}") from None
        if stat.S_IMODE(st.st_mode) & 0o077:
            raise AuthError(
                f"users file {self.path} has mode {stat.S_IMODE(st.st_mode):04o}; expected 0600 "
                f"(run: chmod 600 {self.path})"
            )
        key = _stat_key(st)
        settled = now - max(st.st_mtime_ns, st.st_ctime_ns) > _RACY_NS
        cached = self._cache
        if cached is not None and cached[0] == key and cached[3]:
            return cached[2]
        try:
            raw = self.path.read_bytes()
        except OSError as e:
            raise AuthError(f"users file {self.path} is not readable JSON: {e}") from None
        if cached is not None and cached[1] == raw:
            users = cached[2]  # the same bytes (a touch, a racy re-check): the same parse
        else:
            users = self._parse(raw)
        # stored under the stat taken before the read: if the file changed in between, the next
        # call's stat differs (or the entry is not settled) and the file is read again
        self._cache = (key, raw, users, settled)
        return users

    def _parse(self, raw: bytes) -> dict[str, User]:
        try:
            doc = json.loads(raw.decode("utf-8"))
        except ValueError as e:  # UnicodeDecodeError included
            raise AuthError(f"users file {self.path} is not readable JSON: {e}") from None
        if not isinstance(doc, dict) or doc.get("version") != _FORMAT_VERSION or not isinstance(doc.get("users"), list):
            raise AuthError(
                f"users file {self.path} has an unexpected layout (version {doc.get('version') if isinstance(doc, dict) else '?'}); "
                f"expected {{'version': {_FORMAT_VERSION}, 'users': [...]}}"
            )
        users: dict[str, User] = {}
        for i, row in enumerate(doc["users"]):
            try:
                user = User(
                    name=row["name"],
                    role=_check_role(row["role"]),
                    password_hash=row["password_hash"],
                    created_at=datetime.fromisoformat(row["created_at"]),
                    # (red team s64 G) as written: a string or a mapping is refused, not read letter by letter
                    grantees=row["grantees"] if "grantees" in row else (),
                )
            except AuthError as e:
                who = row.get("name") if isinstance(row, dict) else None
                raise AuthError(f"users file {self.path}: entry {i}{f' (user {who!r})' if isinstance(who, str) else ''}: "
                                f"{e}") from None
            except (KeyError, TypeError, ValueError, AttributeError) as e:
                raise AuthError(f"users file {self.path}: entry {i} is malformed ({type(e).__name__}: {e})") from None
            if user.name in users:
                raise AuthError(f"users file {self.path}: user {user.name!r} appears more than once")
            users[user.name] = user
        return users

    def list(self) -> list[User]:
        """Every user, sorted by name."""
        return sorted(self._read().values(), key=lambda u: u.name)

    def get(self, name: str) -> User | None:
        return self._read().get(name)

    def require(self, name: str) -> User:
        """The user ``name``; :class:`AuthError` when there is none."""
        user = self.get(name)
        if user is None:
            raise _not_a_user(name, self.path)
        return user

    def role_of(self, name: str | None) -> Role | None:
        """The user's role, or ``None`` for an unknown or missing name."""
        if not name:
            return None
        user = self.get(name)
        return user.role if user else None

    def authenticate(self, name: str, password: str) -> bool:
        """True if ``name`` exists and ``password`` is theirs. Unknown names cost the same time."""
        dummy = _dummy_hash()  # made before the lookup, so even the first unknown name costs the same
        try:
            user = self.get(name) if isinstance(name, str) else None
        except AuthError:
            return False  # fail closed: a broken users file lets nobody in
        if not isinstance(password, str):
            password = ""
        if user is None:
            verify_password(password, dummy)
            return False
        return verify_password(password, user.password_hash)

    # ------------------------------------------------------------------ writing
    def add(self, name: str, role: Role | str, password: str, grantees: tuple[str, ...] | list[str] = ()) -> User:
        """Add a user; refuses an existing name, a bad role or a short password. ``grantees``:
        whom else a creator may generate for (:attr:`User.grantees`)."""
        _check_name(name)
        role = _check_role(role)
        _check_password(password)
        grantees = check_grantees(tuple(grantees))
        with self._writing():
            users = self._load()
            if name in users:
                raise AuthError(f"user {name!r} already exists in {self.path}; expected a new name")
            user = User(name, role, hash_password(password), datetime.now(timezone.utc), grantees)
            users[name] = user
            self._save(users)
        return user

    def remove(self, name: str) -> User:
        """Remove a user. A running studio refuses them at their next request, with a session
        already open too (handlers, file routes and downloads read the users file each time).
        Refuses an unknown name and the last operator (nobody could manage the studio)."""
        with self._writing():
            users = self._load()
            user = users.get(name)
            if user is None:
                raise _not_a_user(name, self.path)
            if user.role is Role.OPERATOR and not any(u.role is Role.OPERATOR for n, u in users.items() if n != name):
                raise AuthError(f"user {name!r} is the last operator; add another operator first "
                                "(nobody could manage people, grants or users otherwise)")
            del users[name]
            self._save(users)
        return user

    def set_password(self, name: str, password: str) -> User:
        """Give the existing user ``name`` a new password; role and creation time stay (the
        role is not changed here). Refuses an unknown name and a short password. A running
        studio ends every session signed in before the change at its next request: a session
        is bound to its account's name, password hash and creation time, and the hash is new
        (also for the same password again: a fresh salt). For ``admin``, the first start's
        password file (:data:`FIRST_PASSWORD_FILE`) goes: that password is void."""
        _check_password(password)
        if self.get(name) is None:  # before the ~50 ms hash; checked again under the lock
            raise _not_a_user(name, self.path)
        user = self._change(name, password_hash=hash_password(password))
        if name == "admin":
            (self.path.parent / FIRST_PASSWORD_FILE).unlink(missing_ok=True)
        return user

    def set_grantees(self, name: str, grantees: tuple[str, ...] | list[str]) -> User:
        """Set whom else the existing user ``name`` may generate for (empty: their own name only).
        A running studio applies it at the account's next request (the file is read each time)."""
        return self._change(name, grantees=check_grantees(tuple(grantees)))

    def _change(self, name: str, **fields: Any) -> User:
        """The existing user ``name`` with ``fields`` changed, written under the users file's lock."""
        with self._writing():
            users = self._load()
            user = users.get(name)
            if user is None:
                raise _not_a_user(name, self.path)
            users[name] = user = replace(user, **fields)
            self._save(users)
        return user

    def ensure_admin(self, name: str = "admin") -> str | None:
        """First run: with no users file, create operator ``name`` with a random password.

        Returns the password (to print once) or ``None`` when a users file already exists.
        """
        _check_name(name)
        if self.path.exists():
            return None
        password = secrets.token_urlsafe(15)
        user = User(name, Role.OPERATOR, hash_password(password), datetime.now(timezone.utc))
        with self._writing():
            if self.path.exists():
                return None  # another process made it first
            self._save({name: user})
        return password

    @contextlib.contextmanager
    def _writing(self):
        """Held around every read-modify-write of the users file: this store's thread lock and
        an exclusive ``flock`` on ``<users file>.lock`` beside it, so two processes (two CLI
        commands, the CLI and a server) never both read the old file and each write back their
        own change, one of them lost. Readers take no lock: every write is an atomic replace."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            lock_path = self.path.with_name(self.path.name + ".lock")
            try:
                # never through a link: one planted there would make a users command create or
                # lock a file elsewhere with this process's rights
                fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            except OSError as e:
                raise AuthError(f"cannot open the users file's lock {lock_path}: {e.strerror or e}; expected a "
                                "plain file there (remove whatever is in its place)") from None
            try:
                try:
                    import fcntl
                except ImportError:  # pragma: no cover - not POSIX: the thread lock alone
                    fcntl = None
                if fcntl is not None:
                    _flock(fcntl, fd, lock_path)
                yield
            finally:
                os.close(fd)  # releases the flock

    def _save(self, users: dict[str, User]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        doc = {
            "version": _FORMAT_VERSION,
            "users": [
                {"name": u.name, "role": u.role.value, "password_hash": u.password_hash, "created_at": u.created_at.isoformat(),
                 **({"grantees": list(u.grantees)} if u.grantees else {})}
                for u in sorted(users.values(), key=lambda u: u.name)
            ],
        }
        fd, tmp = tempfile.mkstemp(prefix=".users-", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(doc, f, indent=2)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        finally:
            self._cache = None  # the next read parses what is on disk now


#: How long a users command waits for another one's lock before it says so (red team 28: it
#: waited forever, silently, behind a hung process).
LOCK_WAIT_S = 15.0


def _flock(fcntl: Any, fd: int, lock_path: Path) -> None:
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise AuthError(f"the users file is locked by another process (its lock {lock_path} has been held for "
                                f"{LOCK_WAIT_S:.0f} s): another `consent-studio users` command or a studio server is "
                                "writing it; try again, or find that process (e.g. `fuser` on the lock file)") from None
            time.sleep(0.05)


def _stat_key(st: os.stat_result) -> tuple[int, ...]:
    """What a cached parse of the users file is keyed on (see :meth:`UserStore._read`)."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _not_a_user(name: str, path: Path) -> AuthError:
    return AuthError(f"user {name!r} is not in {path}; expected one of `consent-studio users list`")
