"""Fixtures of the red-team tests: a real studio in a temp data dir, as an attacker meets it.

The world is :mod:`studio_world` (shared with tests/creator): everything a user would meet
is real. Only the *engine* is a stub that returns a chosen picture, so each attack
exercises the governed recipe around generation, fast, on one CPU thread.
"""

from __future__ import annotations

import pytest

from studio_world import (  # noqa: F401  (re-exported for the tests' helpers)
    StubEngine,
    astronaut,
    grace_hopper,
    noise,
    png_bytes,
)


@pytest.fixture
def pictures():
    """The picture helpers of studio_world, for test modules (which do not import them)."""
    from types import SimpleNamespace

    return SimpleNamespace(astronaut=astronaut, grace_hopper=grace_hopper, noise=noise, png_bytes=png_bytes)


@pytest.fixture
def jane_output(stub_world, monkeypatch):
    """A consented 512² output (jane, grant g-jane-1, watermark payload pinned) that verifies OK,
    as RGB pixels: the copy-check tests edit it and verify the copy."""
    from PIL import Image

    from creator.verify import verify

    stub_world.pin_watermark(monkeypatch, 5)
    stub_world.add_person("jane", "Jane Doe", photo=astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    result = stub_world.studio(StubEngine(images=[astronaut()])).generate(
        stub_world.request(prompt="a portrait", subjects=("jane",), width=512, height=512))
    assert verify(result.paths[0], settings=stub_world.settings, registry=stub_world.registry).ok
    return Image.open(result.paths[0]).convert("RGB")


@pytest.fixture
def make_engine():
    """``make_engine(images)`` -> a :class:`StubEngine` returning those pictures."""
    return lambda images=None: StubEngine(images=list(images)) if images else StubEngine()


@pytest.fixture(scope="module")
def carl(server):
    """carl (a creator) signed in to the module's live ``server`` over HTTP."""
    from ui_support import CREATOR, CREATOR_PW, api_session

    c = api_session(server, CREATOR, CREATOR_PW)
    yield c
    c.close()


@pytest.fixture(scope="module")
def dora(server):
    """dora (another creator; the module's ``server`` adds her) signed in over HTTP."""
    from ui_support import DORA, DORA_PW, api_session

    c = api_session(server, DORA, DORA_PW)
    yield c
    c.close()
