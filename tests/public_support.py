"""Shared by the public verify tests: the public router alone on a FastAPI app, and PNG bytes."""

from __future__ import annotations

import io

import fastapi
from PIL import Image

from creator.ui.public import PublicLimits, public_router


def public_app(world, **limits) -> fastapi.FastAPI:
    """The public routes of ``world``'s studio; the rate limit is out of the way unless ``limits`` say otherwise."""
    app = fastapi.FastAPI()
    app.include_router(public_router(world.settings, world.registry, limits=PublicLimits(**{"burst": 1000, **limits})))
    return app


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()
