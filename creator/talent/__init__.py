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
    app.mount(PREFIX, sub)
    return sub


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
