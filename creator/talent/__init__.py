"""The talent page: the depicted person reads a drafted grant, signs it with a passkey or
declines, and later sees every use and withdraws (``/talent``, no studio account)."""

from __future__ import annotations

__all__ = ["mount_talent", "PREFIX", "qr_svg", "signing_url", "checked_base_url"]

PREFIX = "/talent"


def mount_talent(app, settings, registry, *, origin: str | None = None):
    """Mount the talent routes at :data:`PREFIX` on ``app`` (before the studio page at ``/``)."""
    from creator.personas import operations_for
    from consent.drafts import Drafts
    from creator.talent.app import TalentService, talent_app

    ops = operations_for(settings, registry)
    svc = TalentService(Drafts(ops), origin=origin, capture_dir=settings.presence_dir)
    sub = talent_app(registry, ops, origin=origin, service=svc)
    app.mount(PREFIX, with_identity(sub, settings.provider, getattr(settings, "talent_contact", None)))
    return sub


def with_identity(app, provider: str, contact: str | None):
    """``app`` with who runs these pages, and how to reach them, at the foot of every HTML page (a
    talent walkthrough, session 66: "ask the studio" six times over, and no way to; only the
    address told the real page from a copy)."""
    import html

    who = f"These pages are run by {html.escape(provider or 'this studio')}."
    if contact:
        who += f" About your consent: {html.escape(contact)}."
    footer = f"<footer class='muted' data-studio>{who}</footer>".encode()

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        start: dict = {}
        chunks: list[bytes] = []

        async def watch(message):
            if message["type"] == "http.response.start":
                ctype = dict((k.lower(), v) for k, v in message.get("headers") or []).get(b"content-type", b"")
                if not ctype.startswith(b"text/html"):
                    start["pass"] = True
                    return await send(message)
                start["message"] = message
                return None
            if start.get("pass"):
                return await send(message)
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return None
            body = b"".join(chunks).replace(b"</main>", footer + b"</main>", 1)
            head = start["message"]
            headers = [(k, v) for k, v in head.get("headers") or [] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**head, "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        return await app(scope, receive, watch)

    return wrapped


def checked_base_url(base_url: str | None) -> str:
    """``base_url`` (how people reach this studio) when it is an http(s) address with a host and
    nothing after its path; else :class:`~creator.errors.InputError` naming what was found. A
    draft's one-time links were made from "", "javascript:alert(1)" or "ftp://…" (red team of
    session 57): a link no browser opens as the talent page, handed to the person to sign."""
    from urllib.parse import urlsplit

    from consent.errors import escaped
    from creator.errors import InputError

    url = (base_url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port  # a port that is no number raises here
    except ValueError:
        parts, port = None, None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.username is not None
            or parts.password is not None or parts.query or parts.fragment or not url.isprintable()):
        raise InputError(f"`base-url` is '{escaped(url[:200])}'; expected how people reach this studio, an http(s) "
                         "address such as https://studio.example (no user name, query or fragment)")
    del port
    return url.rstrip("/")


def signing_url(base_url: str, token: str) -> str:
    """The link a signer opens (``base_url``: how people reach this studio, e.g. https://studio.example)."""
    return f"{base_url.rstrip('/')}{PREFIX}/s/{token}"


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as inline SVG (for the operator to show or print)."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
                                     title="QR code of the signing link")
    return buf.getvalue().decode("utf-8")
