"""Ed25519 keys and signatures over canonical JSON.

A key id is ``"ed25519:" + first 16 hex digits of sha256(raw public key)``: stable, short,
and bound to the key material, so a signature's ``key_id`` can be checked against the
public key it carries. Private keys are PEM (PKCS#8) files written with mode 0600,
optionally encrypted with a password. Every failure raises :class:`SignatureInvalid`.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from consent.errors import SignatureInvalid
from consent.records import ConsentGrant, Signature, SignedGrant, SignerRole, canonical_json

__all__ = [
    "KeyFiles",
    "key_id",
    "generate_key",
    "generate_key_files",
    "save_private_key",
    "load_private_key",
    "load_public_key",
    "public_key_pem",
    "public_key_from_pem",
    "public_key_b64",
    "public_key_from_b64",
    "sign_grant",
    "add_signature",
    "verify_signature",
    "verify_signed_grant",
]

_PUB_SUFFIX = ".pub.pem"
_KEY_SUFFIX = ".key.pem"


def _raw(pub: Ed25519PublicKey) -> bytes:
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Stable id of a key: ``ed25519:`` + 16 hex of sha256(raw public key)."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    if not isinstance(pub, Ed25519PublicKey):
        raise SignatureInvalid(f"key is a {type(pub).__name__}; expected an Ed25519 key")
    return "ed25519:" + hashlib.sha256(_raw(pub)).hexdigest()[:16]


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_key_pem(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def public_key_b64(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(_raw(pub)).decode("ascii")


def public_key_from_b64(data: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(data, validate=True))
    except (ValueError, TypeError) as e:
        raise SignatureInvalid(f"public key {data[:16]!r}… is not a raw base64 Ed25519 key: {e}") from None


def public_key_from_pem(pem: str | bytes, source: str = "public key") -> Ed25519PublicKey:
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    blocks = data.count(b"-----BEGIN ")
    if blocks > 1:  # cryptography reads the first and ignores the rest: which key was meant is not ours to guess
        raise SignatureInvalid(f"{source} holds {blocks} PEM blocks; expected exactly one Ed25519 public key")
    try:
        pub = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as e:
        raise SignatureInvalid(f"{source} is not a PEM public key ({e}); expected an Ed25519 SubjectPublicKeyInfo PEM") from None
    if not isinstance(pub, Ed25519PublicKey):
        raise SignatureInvalid(f"{source} holds a {type(pub).__name__}; expected an Ed25519 public key")
    return pub


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    """Load a PEM public key file (or the public half of a private key file)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise SignatureInvalid(f"cannot read public key file {p}: {e.strerror}") from None
    if b"PRIVATE KEY" in data:
        raise SignatureInvalid(f"{p} holds a private key; expected the public key ({_PUB_SUFFIX}) file")
    return public_key_from_pem(data, source=f"public key file {p}")


def save_private_key(key: Ed25519PrivateKey, path: str | Path, password: bytes | None = None) -> Path:
    """Write ``key`` as PKCS#8 PEM, mode 0600; refuses to overwrite an existing file.

    The file appears whole or not at all (:func:`_put_whole`), so another process never reads a
    key half written (two services starting together on a fresh install both make the audit key;
    the loser reads the winner's)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    enc = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)
    if p.exists() or p.is_symlink() or not _put_whole(p, pem):
        raise SignatureInvalid(f"key file {p} already exists; expected a new path (keys are never overwritten)")
    return p


#: The largest key file read (a PEM key is a few hundred bytes; an encrypted one under 1 KiB).
MAX_KEY_FILE_BYTES = 64 << 10


def load_private_key(path: str | Path, password: bytes | None = None) -> Ed25519PrivateKey:
    from consent.input_files import read_regular_file

    p = Path(path)
    try:
        # a regular file of a key's size: a FIFO hung ``grant issue --key`` for ever, /dev/zero read
        # until memory ran out (red team of session 57)
        data = read_regular_file(p, f"key file {p}", MAX_KEY_FILE_BYTES)
    except OSError as e:
        raise SignatureInvalid(f"cannot read key file {p}: {e.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except TypeError as e:
        if password is None:
            raise SignatureInvalid(f"key file {p} is encrypted; expected a password") from None
        raise SignatureInvalid(f"key file {p} is not encrypted but a password was given ({e})") from None
    except ValueError as e:
        if password is not None and b"ENCRYPTED" in data:
            raise SignatureInvalid(f"wrong password for key file {p}") from None
        raise SignatureInvalid(f"key file {p} is not a PEM private key ({e}); expected an Ed25519 PKCS#8 PEM") from None
    except UnsupportedAlgorithm as e:
        raise SignatureInvalid(f"key file {p} uses an unsupported algorithm ({e}); expected Ed25519") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureInvalid(f"key file {p} holds a {type(key).__name__}; expected an Ed25519 private key")
    return key


@dataclass(frozen=True)
class KeyFiles:
    key_id: str
    private_path: Path
    public_path: Path


def generate_key_files(directory: str | Path, name: str, password: bytes | None = None) -> KeyFiles:
    """Create ``<name>.key.pem`` (0600) and ``<name>.pub.pem`` (0644) in ``directory``: both or
    neither. A name whose private or public key file exists is refused (red team of session 57:
    the .pub.pem was written over whatever was there, someone's public key kept for
    ``subjects add --key`` included), and when the public key cannot be written the private key
    is removed again (it stayed, and every retry under that name was refused)."""
    if not name or "/" in name or name.startswith("."):
        raise SignatureInvalid(f"key name {name!r} is not a plain file name; expected e.g. 'jane-doe'")
    d = Path(directory).expanduser()
    priv_path, pub = d / f"{name}{_KEY_SUFFIX}", d / f"{name}{_PUB_SUFFIX}"
    for p in (priv_path, pub):
        if os.path.lexists(p):
            raise SignatureInvalid(f"key file {p} already exists; expected a new name (keys are never overwritten)")
    key = generate_key()
    priv = save_private_key(key, priv_path, password)
    try:
        if not _put_whole(pub, public_key_pem(key).encode("ascii")):
            raise SignatureInvalid(f"key file {pub} already exists; expected a new name (keys are never overwritten)")
        os.chmod(pub, 0o644)
    except BaseException as e:
        priv.unlink(missing_ok=True)  # both or neither
        if isinstance(e, OSError):
            raise SignatureInvalid(f"public key file {pub} cannot be written ({e.strerror or e}); no key was made") from None
        raise
    return KeyFiles(key_id=key_id(key), private_path=priv, public_path=pub)


def sign_grant(grant: ConsentGrant, key: Ed25519PrivateKey, role: SignerRole | str) -> Signature:
    """Sign the grant's canonical JSON."""
    sig = key.sign(canonical_json(grant))
    return Signature(
        key_id=key_id(key),
        role=SignerRole(role),
        public_key=public_key_b64(key),
        signature=base64.b64encode(sig).decode("ascii"),
    )


def add_signature(signed: SignedGrant | ConsentGrant, key: Ed25519PrivateKey, role: SignerRole | str) -> SignedGrant:
    """Return a signed envelope with one more signature (subject + guardian, agent + subject, ...)."""
    if isinstance(signed, ConsentGrant):
        return SignedGrant(grant=signed, signatures=(sign_grant(signed, key, role),))
    return SignedGrant(grant=signed.grant, signatures=(*signed.signatures, sign_grant(signed.grant, key, role)))


def verify_signature(payload: bytes, signature: Signature) -> None:
    """Check that ``signature`` is by the key it names and covers ``payload`` (Ed25519 or passkey)."""
    if signature.webauthn is not None or signature.key_id.startswith("passkey:"):
        from consent.passkeys import verify_passkey_signature

        return verify_passkey_signature(payload, signature)
    pub = public_key_from_b64(signature.public_key)
    actual = key_id(pub)
    if actual != signature.key_id:
        raise SignatureInvalid(f"signature claims key {signature.key_id} but carries key {actual}")
    try:
        pub.verify(base64.b64decode(signature.signature), payload)
    except InvalidSignature:
        raise SignatureInvalid(
            f"signature by {signature.key_id} ({signature.role}) does not match the content; it was altered after signing or signed with another key"
        ) from None


def verify_signed_grant(signed: SignedGrant) -> None:
    """Every signature must verify over the grant's canonical JSON (integrity, not trust)."""
    payload = canonical_json(signed.grant)
    for s in signed.signatures:
        try:
            verify_signature(payload, s)
        except SignatureInvalid as e:
            raise SignatureInvalid(f"grant {signed.grant.id}: {e}") from None


def secret_key_file(path: str | Path, what: str, error: type[Exception], *, size: int = 32,
                    partly_written: str = "") -> bytes:
    """The secret in the file ``path`` (``what`` names it in errors), created on first use: ``size``
    random bytes, 0600, in a 0700 folder, written and synced before anyone reads it; a process that
    loses the race to create it reads the winner's. A file readable by others, or of another size,
    is refused with ``error`` (``partly_written``: what to do about a short file, said after it), as
    is a folder others may write (they could swap the key), a folder or file another account owns
    (root aside), something other than a regular file (a FIFO would hang the read) and any error
    reading it. The key is written under a temporary name and linked into place, so a process never
    reads another's key half-written."""
    import secrets
    import stat
    import time

    path = Path(path)
    me = os.geteuid() if hasattr(os, "geteuid") else None

    def foreign(uid: int) -> bool:  # another account could replace the key (root can anyway)
        return me is not None and uid not in (me, 0)

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder = path.parent.stat()
    except OSError as e:
        raise error(f"{what}'s folder {path.parent} cannot be used: {e.strerror or e}") from e
    if not stat.S_ISDIR(folder.st_mode):
        raise error(f"{what}'s folder {path.parent} is not a folder")
    if folder.st_mode & 0o022:
        # anyone who may write the folder may swap the key file for one they know (red team 36)
        raise error(f"{what}'s folder {path.parent} has mode {folder.st_mode & 0o7777:04o}: others may replace the key "
                    f"in it; expected 0700 (run: chmod 700 {path.parent})")
    if foreign(folder.st_uid):  # its owner may swap the key as well (red team 37)
        raise error(f"{what}'s folder {path.parent} belongs to another account (uid {folder.st_uid}), which may replace "
                    f"the key in it; expected this account's (uid {me}) (run: chown {me} {path.parent})")
    if not path.exists():
        _create_secret(path, secrets.token_bytes(size), what, error)
    for attempt in range(40):
        try:
            st = path.stat()
            mode = st.st_mode & 0o777
            if mode & 0o077:
                raise error(f"{what} {path} has mode {mode:04o}; expected 0600 (run: chmod 600 {path})")
            if not stat.S_ISREG(st.st_mode):
                raise error(f"{what} {path} is not a regular file; remove it and the studio makes a new key")
            if foreign(st.st_uid):
                raise error(f"{what} {path} belongs to another account (uid {st.st_uid}), which may replace it; "
                            f"expected this account's (uid {me})")
            # O_NONBLOCK: whatever is put in its place between the two looks, opening it cannot hang
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                now = os.fstat(fd)
                if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino) or not stat.S_ISREG(now.st_mode):
                    raise error(f"{what} {path} changed while it was read; try again")
                key = os.read(fd, size + 1)
            finally:
                os.close(fd)
        except OSError as e:
            raise error(f"{what} {path} cannot be read: {e.strerror or e}") from e
        # a short file written in the last moments may be another process's key being written
        # (a filesystem without hard links, below): read it again until it is whole
        if len(key) == size or attempt == 39 or time.time() - st.st_mtime > 2.0:
            break
        time.sleep(0.05)
    if len(key) != size:
        hint = f" ({partly_written})" if partly_written else ""
        raise error(f"{what} {path} holds {len(key)} bytes; expected {size}{hint}")
    return key


def _put_whole(path: Path, data: bytes) -> bool:
    """Put ``data`` at ``path`` (mode 0600) whole or not at all, unless something is there
    already: written and synced under a private temporary name, then linked to ``path``. The link
    fails when another process got there first, whose file then stands, so every process reads
    the same whole file. False when something was at ``path`` already; OSError otherwise."""
    import secrets

    def write_new(p: Path) -> None:  # FileExistsError when something is at p already
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(p, 0o600)

    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        write_new(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False  # another process made it first (or a dangling link is there)
        except OSError:  # no hard links here (some network and FUSE filesystems): create in place
            try:
                write_new(path)
            except FileExistsError:
                return False
        return True
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass


def _create_secret(path: Path, secret: bytes, what: str, error: type[Exception]) -> None:
    """Put ``secret`` at ``path`` whole or not at all, unless a file is there already
    (:func:`_put_whole`; another process's key then stands and is refused when read if bad)."""
    try:
        _put_whole(path, secret)
    except OSError as e:
        raise error(f"{what} {path} cannot be created: {e.strerror or e}") from e
