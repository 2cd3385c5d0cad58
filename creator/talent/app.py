"""The talent page: FastAPI routes under ``/talent``, no studio account needed.

- ``GET /talent/s/{token}``: the terms in plain language, Accept / Decline. Accepting runs the
  WebAuthn ceremonies: ``begin`` (options: a registration when this signer has no passkey yet,
  then an assertion whose challenge is the sha256 of the grant's canonical JSON), ``register``
  (verified, kept with the pending ceremony until the signature arrives), ``sign`` (verified;
  the signature is stored and the link consumed — :meth:`consent.drafts.Drafts.sign`).
  ``decline`` closes the draft.
- ``GET /talent/me``: sign in with the passkey (a one-time random challenge), then every grant of
  the person, its status, the usage ledger (CSV/JSON) and Withdraw (effective for the next decision).

Sessions, ceremony and camera challenges, the camera rate limit and passkeys waiting for an
operator live in the registry database (:mod:`consent.talent_state`): a restart signs nobody out
and several studio processes on one database agree. A session row is an HMAC under the session
key in the keys directory (every process reads the same file), so a row written into the
database by its host signs nobody in. The relying
party id and origin come from ``origin`` (``CONSENT_STUDIO_TALENT_ORIGIN``), else from the
request; WebAuthn needs a secure context (https, or http://localhost).
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from consent.audit import acting_as
from consent.approvals import Approvals
from consent.drafts import Drafts, LinkInvalid
from consent.errors import ConsentError, describe
from consent.passkeys import (
    RegisteredPasskey,
    b64url,
    from_b64url,
    grant_challenge,
    signature_from_assertion,
    verify_assertion,
    verify_registration,
)
from consent.likeness import MODEL_NAME
from consent.presence import (
    MAX_FRAME_BYTES,
    MAX_FRAMES,
    MIN_FRAMES,
    Challenge,
    PresenceInvalid,
    PresenceResult,
    advice,
    check_presence,
    new_challenge,
    record_json,
)
from consent.talent_state import TalentSession, TalentStore
from creator.talent import pages

__all__ = ["TalentService", "talent_app", "PREFIX", "EnrollmentBook", "enrollments"]

PREFIX = "/talent"
SESSION_COOKIE = "talent_session"
SESSION_TTL_S = 30 * 60
CHALLENGE_TTL_S = 5 * 60
MAX_BODY = 64 * 1024
#: a presence check's body: up to MAX_FRAMES JPEG frames as base64 in JSON
PRESENCE_BODY = 4 * 1024 * 1024
PRESENCE_MIN_GAP_S = 3
PRESENCE_MAX_TRIES = 8
PRESENCE_WINDOW_S = 15 * 60


@dataclass
class TalentService:
    """State of the talent page: the drafts service and, in the registry database
    (:class:`consent.talent_state.TalentStore`), sessions, pending ceremonies, camera challenges,
    the camera rate limit and frame digests -- shared by every studio process on that database
    and kept over a restart. ``clock``: wall seconds (every process must agree on it)."""

    drafts: Drafts
    origin: str | None = None
    rp_name: str = "Consent Studio"
    clock: Any = time.time
    capture_dir: Any = None  # where a person's opted-in camera frames are kept (None: never kept)
    store: TalentStore = field(init=False)
    enrollments: EnrollmentBook = field(init=False)

    def __post_init__(self) -> None:
        self.store = TalentStore(self.drafts.registry, clock=lambda: self.clock(), attempt_window_s=PRESENCE_WINDOW_S)
        self.store.key()  # the session key (keys directory), at start: a missing or unreadable one is said now
        self.enrollments = EnrollmentBook(self.store)

    def party(self, request: Any) -> tuple[str, str]:
        """(rp_id, origin) for this request."""
        origin = (self.origin or os.environ.get("CONSENT_STUDIO_TALENT_ORIGIN") or "").rstrip("/")
        if not origin:
            origin = f"{request.url.scheme}://{request.url.netloc}"
        return urllib.parse.urlsplit(origin).hostname or "localhost", origin

    def presence_attempt(self, token: str) -> str | None:
        """Count one camera challenge for ``token``; a sentence when it is refused (rate limit)."""
        got = self.store.count_attempt(token, min_gap_s=PRESENCE_MIN_GAP_S, max_tries=PRESENCE_MAX_TRIES)
        if got.allowed:
            return None
        if got.since_last is not None and got.since_last < PRESENCE_MIN_GAP_S:
            return f"a camera check was started {got.since_last:.0f} s ago; wait {PRESENCE_MIN_GAP_S} seconds between tries"
        return (f"{got.tries} camera checks were tried on this link in the last {PRESENCE_WINDOW_S // 60} "
                "minutes; wait a while, or ask the studio for help")

    def frames_seen(self, digests: list[str]) -> int | None:
        """Index of the first frame already sent in an earlier check (exact replay, any process),
        else ``None``; remembers these."""
        return self.store.frames_seen(digests)

    def session(self, request: Any) -> TalentSession | None:
        """The signed-in person's session, or ``None``. Held to the registry on every request: a
        session whose passkey no longer opens the page (a representative replaced, a minor marked
        an adult: :meth:`consent.drafts.Drafts.session_refusal`) is ended here (red team of session 59)."""
        cookie = request.cookies.get(SESSION_COOKIE)
        s = self.store.session(cookie)
        if s is not None and self.drafts.session_refusal(s.subject_id, s.role, s.key_id) is not None:
            self.store.end_session(cookie)
            return None
        return s


ENROLL_TTL_S = 15 * 60
ENROLL_LIMIT = 1000


class EnrollmentBook:
    """Passkeys people created on ``/talent/enroll``, waiting for an operator to confirm them
    (:data:`ENROLL_TTL_S`, in the registry database: any studio process on it can confirm, a
    restart forgets nothing). The person reads their code (the passkey's key id in groups) to
    the operator, who checked who they are; the database holds a hash of the code and the
    passkey sealed under a key derived from it."""

    def __init__(self, store: TalentStore) -> None:
        self.store = store

    @staticmethod
    def code(key_id: str) -> str:
        h = key_id.removeprefix("passkey:")
        return "-".join(h[i:i + 4] for i in range(0, len(h), 4))

    def add(self, passkey: Any, rp_id: str) -> str:
        code = self.code(passkey.key_id)
        self.store.add_enrollment(code, {"credential_id": passkey.credential_id, "public_key": b64url(passkey.public_key),
                                         "sign_count": passkey.sign_count, "rp_id": rp_id}, ENROLL_TTL_S,
                                  limit=ENROLL_LIMIT)
        return code

    def take(self, code: str) -> tuple[RegisteredPasskey, str] | None:
        """The waiting passkey with this code (removed: only one caller gets it), or ``None``."""
        item = self.store.take_enrollment(code)
        if item is None:
            return None
        pk = RegisteredPasskey(item["credential_id"], from_b64url(item["public_key"]), int(item["sign_count"]))
        return pk, item["rp_id"]


def enrollments(registry: Any, *, clock: Any = time.time) -> EnrollmentBook:
    """The waiting passkeys of the studio on ``registry`` (what the operator's page confirms);
    ``clock`` must be the talent service's (wall seconds)."""
    return EnrollmentBook(TalentStore(registry, clock=clock))


def _csrf_ok(form: dict[str, list[str]], s: TalentSession) -> bool:
    """Whether the form carries the session's form token (compared in constant time)."""
    import hmac

    return hmac.compare_digest((form.get("csrf") or [""])[0].encode("utf-8", "replace"), s.csrf.encode("ascii"))


def _challenge_json(ch: Challenge) -> str:
    return json.dumps({"id": ch.id, "draft_id": ch.draft_id, "role": ch.role, "order": list(ch.order),
                       "issued_at": ch.issued_at.isoformat(), "expires_at": ch.expires_at.isoformat()})


def _challenge_from(raw: str | None) -> Challenge | None:
    from datetime import datetime

    if raw is None:
        return None
    d = json.loads(raw)
    return Challenge(d["id"], d["draft_id"], d["role"], tuple(d["order"]), datetime.fromisoformat(d["issued_at"]),
                     datetime.fromisoformat(d["expires_at"]))


def _passkey_json(pk: RegisteredPasskey) -> dict[str, Any]:
    return {"credential_id": pk.credential_id, "public_key": b64url(pk.public_key), "sign_count": pk.sign_count}


def _passkey_from(d: dict[str, Any] | None) -> RegisteredPasskey | None:
    if not d:
        return None
    return RegisteredPasskey(d["credential_id"], from_b64url(d["public_key"]), int(d["sign_count"]))


def _frame_bytes(value: Any, index: int) -> bytes:
    import base64
    import binascii

    if not isinstance(value, str) or len(value) > MAX_FRAME_BYTES * 4 // 3 + 8:
        raise PresenceInvalid(f"frame {index + 1} is {'not text' if not isinstance(value, str) else f'{len(value)} characters'}; "
                              f"expected base64 of a JPEG of at most {MAX_FRAME_BYTES} bytes")
    try:
        return base64.b64decode(value.split(",", 1)[-1], validate=True)
    except (binascii.Error, ValueError):
        raise PresenceInvalid(f"frame {index + 1} is not valid base64; expected a JPEG frame") from None


def _presence_message(result: PresenceResult, ctx: Any) -> str:
    """One plain sentence for the person on the page."""
    name = ctx.subject.display_name
    if result.frames and not result.face_matched and all(f.faces == 1 for f in result.frames):
        return (f"Not signed: the person on camera does not look like {name}'s photos on record. Only {name} can "
                "sign this grant on camera; if that is you, ask the studio.")
    if any(f.faces != 1 for f in result.frames):
        return "Not passed: " + result.reason + ". Make sure only you are in the picture, in good light, and try again."
    todo = advice(result).rstrip(".") or "Follow the words on screen"
    return f"Not passed: {result.reason}. {todo}, and try again."


def _keep_frames(folder: Any, draft_id: str, frames: list[bytes]) -> None:
    """Keep the person's opted-in frames (owner-only files) next to the studio's data."""
    import hashlib
    from pathlib import Path

    d = Path(folder) / hashlib.sha256(draft_id.encode()).hexdigest()[:24]
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    for i, f in enumerate(frames):
        p = d / f"frame-{i + 1:02d}.jpg"
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(f)


def _published(registry: Any, sha: str) -> tuple[bytes, str]:
    """The published output with this sha256, exactly as signed (its bytes must still match), and
    its media type. It is served as is: a re-encoded thumbnail would drop the XMP and the signed
    C2PA manifest, and no image leaves the studio without every disclosure layer."""
    from creator.jobs.store import signed_output

    out = signed_output(registry, sha)
    return out.data, out.media_type


#: What her page says after she answered a request (``/me?answered=…``; session 66: the card
#: just disappeared).
_ANSWERED = {
    "approve": "Approved: the studio may make exactly that request once. Its use will appear under the grant's "
               "uses below.",
    "decline": "Declined: the studio may not make that request, and it will not be asked of you again.",
    "take-back": "Taken back: the studio may not make that request; if it is being made right now, nothing of it is "
                 "published.",
    "opted-out": "Done: no image of this likeness is made here any more, under any grant. Images made before stay "
                 "labelled and listed below; the studio no longer hands them out for further use.",
    "withdrawn": "Withdrawn: nothing new can be made under that grant from now on. Images made before stay "
                 "labelled and listed below; the studio no longer hands them out for further use, and checking one "
                 "shows that consent is no longer in force.",
}


def _answer_token(session: Any, what: str) -> str:
    """``what`` her page is to confirm, bound to her session (its form token, a secret of hers):
    a link someone sends her cannot make her page confirm what she never did (red team s66:
    ``/talent/me?answered=withdrawn`` showed a withdrawal that never happened)."""
    import hashlib
    import hmac

    mac = hmac.new(str(session.csrf).encode(), f"answered:{what}".encode(), hashlib.sha256).hexdigest()[:24]
    return f"{what}.{mac}"


def _answered(session: Any, token: str) -> str:
    """The confirmation ``token`` (:func:`_answer_token`) names, when it is this session's; else ""."""
    import hmac

    what = token.rsplit(".", 1)[0] if "." in token else ""
    return what if what in _ANSWERED and hmac.compare_digest(_answer_token(session, what), token) else ""


def talent_app(registry: Any, operations: Any, *, origin: str | None = None, service: TalentService | None = None):
    """The FastAPI sub-application mounted at :data:`PREFIX`."""
    import fastapi
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

    svc = service or TalentService(Drafts(operations), origin=origin)
    drafts = svc.drafts
    app = fastapi.FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    def html(body: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(body, status, headers={"cache-control": "no-store", "x-frame-options": "DENY",
                                                   "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                                                   "script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; "
                                                   "frame-ancestors 'none'; base-uri 'none'",
                                                   "referrer-policy": "no-referrer"})

    def fail(e: Exception, status: int = 400) -> JSONResponse:
        text = describe(e).message if isinstance(e, ConsentError) else str(e)
        return JSONResponse({"detail": text}, status)

    async def body_json(request, limit: int = MAX_BODY) -> dict[str, Any]:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise ValueError("expected a JSON body (content-type application/json)")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ValueError(f"body is {declared} bytes; the limit is {limit}")
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > limit:
                raise ValueError(f"body is over {limit} bytes; the limit is {limit}")
        data = json.loads(raw or b"{}")
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        return data

    async def body_form(request, limit: int = MAX_BODY) -> dict[str, list[str]] | None:
        """A posted form's fields, read up to ``limit`` bytes (``None`` past it: the declared length,
        or the bytes as they come). Red team 66: the form routes read the whole body before cutting
        it, and before any token or session was checked: a 400 MB post took 2.7 s and 650 MB."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return None
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > limit:
                return None
        return urllib.parse.parse_qs(raw.decode("utf-8", "replace"))

    def too_large() -> HTMLResponse:
        return html(pages.message_page("This form cannot be read",
                                       f"What was sent is over {MAX_BODY // 1024} KB; the form sends far less.",
                                       status_class="no"), 413)

    @app.middleware("http")
    async def as_talent(request: Request, call_next):
        """What a request here writes to the audit log is the person's side's, never the account
        that runs the server (an operator's walkthrough, session 67: a failed camera check on a
        signing link was recorded as done by ``cli:root``): ``talent-link`` for a signing link's
        routes, ``talent`` for the rest; a handler that knows whose link or session it is names
        them more closely inside."""
        with acting_as("talent-link" if "/s/" in request.url.path else "talent"):
            return await call_next(request)

    @app.get("/", response_class=HTMLResponse)
    def index():
        return RedirectResponse(f"{PREFIX}/me", 303)

    # ------------------------------------------------------------------ signing links
    @app.get("/s/{token}", response_class=HTMLResponse)
    def open_link(token: str):
        try:
            ctx = drafts.open(token)
        except LinkInvalid as e:
            return html(pages.message_page("This link cannot be used", describe(e).message, status_class="no"), 410)
        except ConsentError as e:
            return html(pages.message_page("This link cannot be used", describe(e).message, status_class="no"), 400)
        return html(pages.signing_page(ctx, token))

    # ------------------------------------------------------------------ presence check (camera)
    @app.post("/s/{token}/presence/start")
    async def presence_start(token: str, request: Request):
        try:
            await body_json(request)
            ctx = drafts.open(token)
            if not ctx.presence_required:
                raise ValueError("no camera check is needed for this link" if ctx.presence is None else
                                 "the camera check for this grant has already passed")
        except (ConsentError, ValueError) as e:
            return fail(e, 410 if isinstance(e, LinkInvalid) else 400)
        refused = svc.presence_attempt(token)
        if refused:
            return fail(ValueError(refused), 429)
        ch = new_challenge(ctx.draft.id, ctx.role, drafts._clock())
        # a new challenge replaces the old one (the old one is stale), in every process
        svc.store.put("presence", token, _challenge_json(ch), CHALLENGE_TTL_S)
        return ch.to_public()

    @app.post("/s/{token}/presence")
    async def presence_check(token: str, request: Request):
        from starlette.concurrency import run_in_threadpool

        try:
            data = await body_json(request, PRESENCE_BODY)
            ctx = drafts.open(token)
            ch = _challenge_from(svc.store.take("presence", token))  # one-time: a replay finds nothing
            if ch is None or str(data.get("challenge_id") or "") != ch.id or ch.draft_id != ctx.draft.id:
                raise PresenceInvalid("this camera challenge was not issued for this link or was already used; "
                                      "start the camera check again")
            raw = data.get("frames")
            if not isinstance(raw, list) or not (MIN_FRAMES <= len(raw) <= MAX_FRAMES):
                raise PresenceInvalid(f"frames is {type(raw).__name__ if not isinstance(raw, list) else len(raw)}; "
                                      f"expected a list of {MIN_FRAMES} to {MAX_FRAMES} JPEG frames (base64)")
            frames = [_frame_bytes(f, i) for i, f in enumerate(raw)]
            keep = data.get("keep") is True and svc.capture_dir is not None
            ids, mat = drafts.registry.face_templates(MODEL_NAME)
            result = await run_in_threadpool(check_presence, frames, ch, subject_id=ctx.subject.id,
                                             templates=(ids, mat), now=drafts._clock(), capture_kept=keep)
            hit = svc.frames_seen([f.pixels_sha256 for f in result.frames])
            if hit is not None:
                raise PresenceInvalid(f"frame {hit + 1} was already sent in an earlier camera check; expected a fresh "
                                      "live sequence")
            record = record_json(result)
            if not result.passed:
                drafts.note_presence_failure(token, record)
                return JSONResponse({"passed": False, "detail": _presence_message(result, ctx)}, 400)
            drafts.record_presence(token, record)
            if keep:
                _keep_frames(svc.capture_dir, ctx.draft.id, frames)
        except (ConsentError, ValueError) as e:
            return fail(e, 410 if isinstance(e, LinkInvalid) else 400)
        return {"passed": True, "message": "Camera check passed. Now read the terms again and sign if you agree.",
                "best_similarity": max(f.similarity or 0.0 for f in result.frames), "order": list(ch.order)}

    @app.post("/s/{token}/begin")
    async def begin(token: str, request: Request):
        from webauthn import generate_registration_options, options_to_json
        from webauthn.helpers.structs import (
            AuthenticatorSelectionCriteria,
            ResidentKeyRequirement,
            UserVerificationRequirement,
        )

        try:
            await body_json(request)
            ctx = drafts.open(token)
        except (ConsentError, ValueError) as e:
            return fail(e, 410 if isinstance(e, LinkInvalid) else 400)
        rp_id, _origin = svc.party(request)
        registration = None
        if not ctx.passkeys:
            challenge = secrets.token_bytes(32)
            opts = generate_registration_options(
                rp_id=rp_id, rp_name=svc.rp_name, user_name=ctx.signer_name, user_display_name=ctx.signer_name,
                user_id=f"{ctx.subject.ref}:{ctx.role}".encode(), challenge=challenge,
                authenticator_selection=AuthenticatorSelectionCriteria(
                    resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.REQUIRED))
            registration = json.loads(options_to_json(opts))
            svc.store.put("ceremony", token, json.dumps({"challenge": b64url(challenge), "passkey": None}), CHALLENGE_TTL_S)
        signing = {"challenge": b64url(grant_challenge(ctx.payload)), "rpId": rp_id, "timeout": 120000,
                   "userVerification": "required",
                   "allowCredentials": [{"type": "public-key", "id": p.credential_id} for p in ctx.passkeys]}
        return {"registration": registration, "signing": signing}

    @app.post("/s/{token}/register")
    async def register(token: str, request: Request):
        try:
            cred = await body_json(request)
            if drafts.open(token).passkeys:
                # a passkey was bound for this signer since the ceremony began (an operator confirmed
                # one): only that one can sign, so a new one is refused here, not after the person
                # has used it at the sign step (red team 67)
                svc.store.drop("ceremony", token)
                raise ValueError("a passkey is already bound for this signer; sign with that passkey")
            raw = svc.store.peek("ceremony", token)
            pend = json.loads(raw) if raw else None
            if pend is None or not pend.get("challenge"):
                raise ValueError("no passkey creation was started for this link (or it timed out); press Accept again")
            rp_id, origin = svc.party(request)
            pk = verify_registration(cred, challenge=from_b64url(pend["challenge"]), rp_id=rp_id, origin=origin)
            # a registration challenge works once: only the caller that still finds it keeps its passkey
            if not svc.store.swap("ceremony", token, raw, json.dumps({"challenge": None, "passkey": _passkey_json(pk)}),
                                  CHALLENGE_TTL_S):
                raise ValueError("this passkey creation was already used or timed out; press Accept again")
        except (ConsentError, ValueError) as e:
            return fail(e, 410 if isinstance(e, LinkInvalid) else 400)
        return {"ok": True, "key_id": pk.key_id}

    @app.post("/s/{token}/sign")
    async def sign(token: str, request: Request):
        try:
            cred = await body_json(request)
            ctx = drafts.open(token)
            rp_id, origin = svc.party(request)
            raw = svc.store.peek("ceremony", token)
            new = _passkey_from((json.loads(raw) if raw else {}).get("passkey"))
            cid = str(cred.get("id") or "")
            if new is not None and cid == new.credential_id:
                public_key, count, bound = new.public_key, new.sign_count, None
            else:
                bound = next((p for p in ctx.passkeys if p.credential_id == cid), None)
                if bound is None:
                    raise ValueError("this passkey is not the one bound to this signer; use the passkey you created "
                                     "for this person" if ctx.passkeys else "create a passkey first (press Accept again)")
                public_key, count, new = bound.public_key, bound.sign_count, None
            new_count = verify_assertion(cred, challenge=grant_challenge(ctx.payload), rp_id=rp_id, origin=origin,
                                         public_key=public_key, sign_count=count)
            sig = signature_from_assertion(cred, public_key=public_key, role=ctx.role, rp_id=rp_id, origin=origin)
            view = drafts.sign(token, sig, new_passkey=new, rp_id=rp_id)
            if bound is not None:
                drafts.note_sign_count(bound.credential_id, new_count)
            elif new is not None:
                drafts.note_sign_count(new.credential_id, new_count)
        except (ConsentError, ValueError) as e:
            return fail(e, 410 if isinstance(e, LinkInvalid) else 400)
        svc.store.drop("ceremony", token)
        msg = ("Signed. The grant is now in force; you can see and withdraw it on your page (/talent/me)."
               if view.status == "complete" else
               "Signed. The grant comes into force when the other required signatures are in.")
        return {"ok": True, "status": view.status, "grant_id": view.id, "message": msg}

    @app.post("/s/{token}/decline", response_class=HTMLResponse)
    async def decline(token: str, request: Request):
        form = await body_form(request)
        if form is None:
            return too_large()
        # (a talent walkthrough, session 66) the person never made the passkey this studio holds for
        # her: someone who opened an earlier link first became her. She says so here; the operators
        # are told by the audit log and the declined draft's reason.
        disputed = (form.get("disputed") or [""])[0] == "yes"
        reason = (form.get("reason") or [""])[0]
        try:
            ctx = drafts.open(token) if disputed else None
            if ctx is not None and not ctx.passkeys:
                ctx = None  # nothing bound to dispute
            with acting_as(f"talent-link:{ctx.subject.id}:{ctx.role}" if ctx is not None else "talent-link"):
                drafts.decline(token, reason, disputed=ctx is not None)
        except LinkInvalid as e:
            return html(pages.message_page("This link cannot be used", describe(e).message, status_class="no"), 410)
        except Exception:  # noqa: BLE001 - a database that cannot be written: nothing was declined (one transaction)
            return html(pages.message_page("Not recorded", "The studio could not record your answer just now; nothing "
                                           "was declined or signed. Try again in a moment, or tell the studio.",
                                           status_class="no"), 503)
        if ctx is not None:
            return html(pages.message_page(
                "You declined, and told the studio", "Nothing was signed. That passkey no longer signs for you: "
                "anything signed with it allows nothing from now on, and the studio's operators are told that someone "
                "else may have created it as you. To give consent again, ask them for a new link and create your own "
                "passkey on it, in person with them if you can.",
                status_class="no"))
        return html(pages.message_page("You declined", "Nothing was signed and this grant cannot be used. The studio "
                                       "has been told."))

    # ------------------------------------------------------------------ the person's own page
    @app.get("/me", response_class=HTMLResponse)
    def me(request: Request):
        s = svc.session(request)
        if s is None:
            return html(pages.signin_page())
        ops = drafts.ops
        subject = drafts.registry.get_subject(s.subject_id)
        views = ops.grant_views(s.subject_id)
        # a request under a grant that allows nothing now (withdrawn, expired, its agent replaced)
        # asks nothing of her (a talent walkthrough, session 66: it stayed, with a live Approve)
        # (red team s66) nor under one used up: its cap reached, no new use can be made
        live = {v.grant.id for v in views if v.status.value == "active" and not v.stopped}
        pending = [a for a in Approvals(drafts.registry).list(subject_id=s.subject_id, status="pending")
                   if a.grant_id in live]
        # her recent answers, an approval not used yet with a way to take it back (session 66)
        answered = [a for a in Approvals(drafts.registry).list(subject_id=s.subject_id, limit=60)
                    if a.status in ("approved", "declined", "used")][:10]
        note = _ANSWERED.get(_answered(s, request.query_params.get("answered", "")), "")
        return html(pages.me_page(subject, s.role, views, {v.grant.id: drafts.ledger(v.grant.id) for v in views}, s.csrf,
                                  pending, note=note, answered=answered))

    @app.get("/me/approvals/{aid}/preview/{which}")
    def approval_preview(aid: str, which: str, request: Request):
        """A small picture of an input of a request waiting for the signed-in person's approval (the
        source, its mask's area tinted, a reference), as the studio kept it with the request."""
        import base64
        import binascii

        s = svc.session(request)
        if s is None:
            return JSONResponse({"detail": "sign in with your passkey first"}, 401)
        try:
            ap = Approvals(drafts.registry).get(aid)
        except ConsentError:
            ap = None
        if ap is None or ap.subject_id != s.subject_id:
            return JSONResponse({"detail": "no such request of yours"}, 404)
        previews = (ap.summary.get("request") or {}).get("previews") or {}
        refs = previews.get("references") if isinstance(previews.get("references"), list) else []
        if which == "source":
            b64 = previews.get("source")
        elif which.startswith("reference-") and which[10:].isdigit() and int(which[10:]) < len(refs):
            b64 = refs[int(which[10:])]
        else:
            b64 = None
        try:
            data = base64.b64decode(b64, validate=True) if isinstance(b64, str) else None
        except (binascii.Error, ValueError):
            data = None
        if not data or not data.startswith(b"\xff\xd8"):
            return JSONResponse({"detail": "no such picture"}, 404)
        return Response(data, media_type="image/jpeg", headers={"cache-control": "private, no-store",
                                                                "x-content-type-options": "nosniff"})

    async def signed_in_form(request: Request):
        """(form, session, None) for a form posted by the signed-in person with her form token;
        else (None, None, the answer to send)."""
        form = await body_form(request)
        if form is None:
            return None, None, too_large()
        s = svc.session(request)
        if s is None or not _csrf_ok(form, s):
            return None, None, html(pages.message_page("Not signed in", "Sign in with your passkey first."), 401)
        return form, s, None

    @app.post("/me/approvals/{aid}/{verdict}")
    async def approval(aid: str, verdict: str, request: Request):
        form, s, refused = await signed_in_form(request)
        if refused is not None:
            return refused
        if verdict not in ("approve", "decline", "take-back"):
            return html(pages.message_page("Not found", "No such action."), 404)
        try:
            approvals = Approvals(drafts.registry)
            ap = approvals.get(aid)
            # A use is approved by whoever the grant names as consenting (a minor's guardian, not the minor alone).
            consents = drafts.registry.get_grant(ap.grant_id).grant.signer_role.value if ap.subject_id == s.subject_id else None
            if consents is not None and s.role != consents:
                return html(pages.message_page("Not recorded", f"This use must be approved by the {consents} who "
                                               f"consented to the grant; you are signed in as {s.role}.",
                                               status_class="no"), 403)
            if verdict == "approve" and ap.subject_id == s.subject_id:
                view = drafts.ops.grant_view(ap.grant_id)
                if view.status.value != "active" or view.stopped:  # (used up too: red team s66)
                    return html(pages.message_page("Not recorded", "This grant no longer allows anything ("
                                                   + (view.stopped or view.message) + "), so there is nothing to "
                                                   "approve.", status_class="no"), 409)
            approvals.decide(aid, approve=verdict == "approve", by=f"talent:{s.subject_id}:{s.role}",
                             subject_id=s.subject_id, take_back=verdict == "take-back")
        except ConsentError as e:
            return html(pages.message_page("Not recorded", describe(e).message, status_class="no"), 400)
        return RedirectResponse(f"{PREFIX}/me?answered={_answer_token(s, verdict)}", 303)

    # ------------------------------------------------------------------ operator-confirmed enrollment
    @app.get("/enroll", response_class=HTMLResponse)
    def enroll_page():
        return html(pages.enroll_page())

    @app.post("/api/enroll/options")
    async def enroll_options(request: Request):
        from webauthn import generate_registration_options, options_to_json
        from webauthn.helpers.structs import (
            AuthenticatorSelectionCriteria,
            ResidentKeyRequirement,
            UserVerificationRequirement,
        )

        rp_id, _ = svc.party(request)
        challenge = from_b64url(svc.store.mint("enroll", CHALLENGE_TTL_S))  # stored only once used
        opts = generate_registration_options(
            rp_id=rp_id, rp_name=svc.rp_name, user_name="Consent Studio signer", user_display_name="Consent Studio signer",
            user_id=secrets.token_bytes(16), challenge=challenge,
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.REQUIRED))
        return json.loads(options_to_json(opts))

    @app.post("/api/enroll")
    async def enroll(request: Request):
        try:
            cred = await body_json(request)
            client = json.loads(from_b64url(str((cred.get("response") or {}).get("clientDataJSON") or "")))
            ch = str(client.get("challenge") or "")
            started = "this passkey creation was not started here or has already been used; press the button again"
            if svc.store.minted_until("enroll", ch) is None or svc.store.spent("enroll", ch):
                raise ValueError(started)
            rp_id, origin = svc.party(request)
            pk = verify_registration(cred, challenge=from_b64url(ch), rp_id=rp_id, origin=origin)
            if not svc.store.spend("enroll", ch):  # one-time, in every process
                raise ValueError(started)
            if drafts.passkey(pk.credential_id) is not None:
                raise ValueError("this passkey is already bound to someone; nothing to confirm")
            code = svc.enrollments.add(pk, rp_id)
        except (ConsentError, ValueError) as e:
            return fail(e, 400)
        return {"ok": True, "code": code, "message": f"Your code is {code}. Read it to the studio's operator, who "
                                                    "confirms it is you; then use this passkey to sign."}

    @app.post("/api/signin/options")
    async def signin_options(request: Request):
        rp_id, _ = svc.party(request)
        ch = svc.store.mint("signin", CHALLENGE_TTL_S)  # nothing stored until it is used: no pool to fill
        return {"challenge": ch, "rpId": rp_id, "userVerification": "required", "timeout": 120000, "allowCredentials": []}

    @app.post("/api/signin")
    async def signin(request: Request):
        try:
            cred = await body_json(request)
            client = json.loads(from_b64url(str((cred.get("response") or {}).get("clientDataJSON") or "")))
            ch = str(client.get("challenge") or "")
            started = "this sign-in was not started here or has already been used; press Sign in again"
            if svc.store.minted_until("signin", ch) is None or svc.store.spent("signin", ch):
                raise ValueError(started)
            pk = drafts.passkey(str(cred.get("id") or ""))
            if pk is None:
                raise ValueError("this passkey is not known here; use the passkey you created when you signed")
            rp_id, origin = svc.party(request)
            count = verify_assertion(cred, challenge=from_b64url(ch), rp_id=rp_id, origin=origin,
                                     public_key=pk.public_key, sign_count=pk.sign_count)
            if not svc.store.spend("signin", ch):  # one-time: a replayed assertion is refused here
                raise ValueError(started)
            drafts.note_sign_count(pk.credential_id, count)
            # a representative's passkey opens the page only while it is the representative key on
            # record (and a guardian's only for a minor): red team of session 59
            refused = drafts.session_refusal(pk.subject_id, pk.role, pk.key_id)
            if refused:
                raise ValueError(refused + "; ask the studio if this is wrong")
        except (ConsentError, ValueError) as e:
            return fail(e, 401)
        tok = svc.store.open_session(pk.subject_id, pk.role, pk.key_id, SESSION_TTL_S)
        resp = JSONResponse({"ok": True})
        resp.set_cookie(SESSION_COOKIE, tok, max_age=SESSION_TTL_S, httponly=True, samesite="strict", path=PREFIX,
                        secure=request.url.scheme == "https")
        return resp

    def _own_grant(request, gid: str):
        s = svc.session(request)
        if s is None:
            return None, None
        try:
            sg = drafts.registry.get_grant(gid)
        except ConsentError:
            return s, None
        return s, (sg if sg.grant.subject_id == s.subject_id else None)

    @app.get("/me/grants/{gid}/ledger.{fmt}")
    def ledger(gid: str, fmt: str, request: Request):
        s, sg = _own_grant(request, gid)
        if s is None:
            return JSONResponse({"detail": "sign in with your passkey first"}, 401)
        if sg is None or fmt not in ("csv", "json"):
            return JSONResponse({"detail": "no such grant of yours"}, 404)
        base = svc.party(request)[1]
        led = drafts.ledger(gid)
        rows = [{**r.to_dict(), "verify": base + r.verify if r.verify else ""} for r in led]
        name = f"uses-{gid}.{fmt}"
        # a cut ledger says so in the download too (the rows stay a plain list for the tools that read it)
        cut = {} if led.complete else {"x-ledger-listed": str(len(led)), "x-ledger-counted": str(led.counted)}
        # who used the person's likeness, when and for what: never kept by a shared cache (red team 24)
        cut.update({"cache-control": "no-store", "x-content-type-options": "nosniff"})
        if fmt == "json":
            return Response(json.dumps(rows, indent=2), media_type="application/json",
                            headers={"content-disposition": f'attachment; filename="{name}"', **cut})
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["at", "grant_id", "grantee", "purpose", "territory", "media", "output", "verify"])
        w.writeheader()
        w.writerows(rows)
        return Response(buf.getvalue(), media_type="text/csv",
                        headers={"content-disposition": f'attachment; filename="{name}"', **cut})

    @app.get("/me/grants/{gid}/picture/{sha}")
    def picture(gid: str, sha: str, request: Request):
        """An output made under the person's grant (only when the grant allows pictures): the
        published file itself, every disclosure layer included (the page shows it small), read
        from the output records and checked by digest."""
        s, sg = _own_grant(request, gid)
        if s is None:
            return JSONResponse({"detail": "sign in with your passkey first"}, 401)
        if sg is None or not sg.grant.ledger_thumbnails:
            return JSONResponse({"detail": "no pictures for this grant"}, 404)
        if not any(r.sha256 == sha for r in drafts.ledger(gid)):
            return JSONResponse({"detail": "no such output under this grant"}, 404)
        try:
            data, media = _published(drafts.registry, sha)
        except (ConsentError, OSError, ValueError):
            return JSONResponse({"detail": "this output's file is not available"}, 404)
        return Response(data, media_type=media, headers={"cache-control": "private, no-store",
                                                         "x-content-type-options": "nosniff"})

    @app.post("/me/opt-out")
    async def opt_out(request: Request):
        """The person's own "never generate me" (a talent walkthrough, session 66: only an operator
        could set it, and her page did not show it)."""
        form, s, refused = await signed_in_form(request)
        if refused is not None:
            return refused
        if (form.get("sure") or [""])[0] != "yes":
            return html(pages.message_page("Not changed", "Tick “Yes: never generate …” to confirm; nothing was changed.",
                                           status_class="no"), 400)
        try:
            with acting_as(f"talent:{s.subject_id}:{s.role}"):
                drafts.ops.set_opt_out(s.subject_id, True, reason=f"asked on the consent page by the {s.role}")
        except ConsentError as e:
            return html(pages.message_page("Not changed", describe(e).message, status_class="no"), 400)
        return RedirectResponse(f"{PREFIX}/me?answered={_answer_token(s, 'opted-out')}", 303)

    @app.post("/me/grants/{gid}/revoke")
    async def revoke(gid: str, request: Request):
        form = await body_form(request)
        if form is None:
            return too_large()
        s, sg = _own_grant(request, gid)
        if s is None or not _csrf_ok(form, s):
            return html(pages.message_page("Not signed in", "Sign in with your passkey first."), 401)
        if sg is None:
            return html(pages.message_page("Not found", "No such grant of yours."), 404)
        if (form.get("sure") or [""])[0] != "yes":  # (session 66: one click withdrew, without a word)
            return html(pages.message_page("Not withdrawn", "Tick “Yes, withdraw it” to confirm; nothing was changed.",
                                           status_class="no"), 400)
        reason = ((form.get("reason") or [""])[0].strip()[:300]) or "withdrawn by the person on their consent page"
        try:
            drafts.ops.revoke_grant(gid, reason, f"talent:{s.subject_id}:{s.role}")
        except ConsentError as e:
            return html(pages.message_page("Not withdrawn", describe(e).message, status_class="no"), 400)
        return RedirectResponse(f"{PREFIX}/me?answered={_answer_token(s, 'withdrawn')}", 303)

    @app.post("/me/signout")
    async def signout(request: Request):
        tok = request.cookies.get(SESSION_COOKIE)
        svc.store.end_session(tok)
        resp = RedirectResponse(f"{PREFIX}/me", 303)
        resp.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return resp

    app.state.talent = svc
    return app
