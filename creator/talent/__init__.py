"""The talent page: the depicted person reads a drafted grant, signs it with a passkey or
declines, and later sees every use and withdraws (``/talent``, no studio account)."""

from __future__ import annotations

__all__ = ["mount_talent", "PREFIX", "qr_svg", "signing_url"]

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
