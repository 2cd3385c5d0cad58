"""Fault injection: when any disclosure step or the engine fails, the caller gets the error,
the audit log records the failure, and nothing reaches the outputs folder (no staging
leftovers either); usage counters stay where they were."""

from __future__ import annotations

from pathlib import Path

import pytest

import creator.disclosure._pipeline as disclosure
from creator.errors import DisclosureError, GenerationError
from studio_world import StubEngine

STEPS = ("label", "watermark", "encode", "sign", "readback", "fingerprint", "write")


@pytest.fixture
def jane(engine_world):
    engine_world.add_person("jane", "Jane Doe")
    engine_world.issue_grant("jane", "g-0412", usage_cap=5)


def _assert_failed_cleanly(engine_world, stage: str, error: str) -> None:
    assert engine_world.output_files() == [], "no output may remain"
    staging = engine_world.settings.data_dir / "staging"
    assert not staging.exists() or list(staging.iterdir()) == [], "no staging leftover may remain"
    entry = engine_world.last_audit()
    assert entry.kind == "failure"
    assert entry.payload["stage"] == stage and error in entry.payload["error"]
    assert entry.payload["decision"]["allowed"] is True
    assert engine_world.audit("generation") == []
    assert engine_world.registry.get_grant("g-0412").usage == 0


@pytest.mark.parametrize("step", STEPS)
def test_a_failing_disclosure_step_writes_nothing_and_is_audited(engine_world, jane, gan_engine, monkeypatch, step):
    real = getattr(disclosure, f"_step_{step}")

    def broken(*args, **kwargs):
        if step == "write":  # a disk that fills up halfway through the file
            data, out_dir, digest, fmt = args
            Path(out_dir).mkdir(parents=True, exist_ok=True)
            (Path(out_dir) / f".{digest[:16]}.partial").write_bytes(data[: len(data) // 2])
        elif step != "label":
            real(*args, **kwargs)  # the step did its work, then something after it broke
        raise RuntimeError(f"injected fault in {step}")

    monkeypatch.setattr(disclosure, f"_step_{step}", broken)
    studio = engine_world.studio(gan=lambda req: gan_engine)
    request = engine_world.request(engine="gan", subjects=("jane",), num_images=2)

    with pytest.raises(DisclosureError, match=f"disclosure step '{step}' failed: RuntimeError: injected fault in {step}"):
        studio.generate(request)

    _assert_failed_cleanly(engine_world, "disclose", f"injected fault in {step}")


def test_second_output_failing_to_disclose_discards_the_first(engine_world, jane, gan_engine, monkeypatch):
    real, calls = disclosure._step_sign, []

    def sign_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("signing service unavailable")
        return real(*args, **kwargs)

    monkeypatch.setattr(disclosure, "_step_sign", sign_once)
    studio = engine_world.studio(gan=lambda req: gan_engine)

    with pytest.raises(DisclosureError, match="signing service unavailable"):
        studio.generate(engine_world.request(engine="gan", subjects=("jane",), num_images=2))

    _assert_failed_cleanly(engine_world, "disclose", "signing service unavailable")


def test_engine_crash_becomes_an_audited_generation_error(engine_world, jane):
    stub = StubEngine(error=RuntimeError("CUDA out of memory"))
    studio = engine_world.studio(gan=lambda req: stub)

    with pytest.raises(GenerationError, match="engine 'stub' failed: RuntimeError: CUDA out of memory"):
        studio.generate(engine_world.request(engine="gan", subjects=("jane",)))

    _assert_failed_cleanly(engine_world, "generate", "CUDA out of memory")


def test_engine_generation_error_reaches_the_caller_unchanged(engine_world, jane):
    stub = StubEngine(error=GenerationError("model produced NaN latents at step 3"))
    studio = engine_world.studio(gan=lambda req: stub)

    with pytest.raises(GenerationError, match="^model produced NaN latents at step 3$"):
        studio.generate(engine_world.request(engine="gan", subjects=("jane",)))

    _assert_failed_cleanly(engine_world, "generate", "model produced NaN latents at step 3")


def test_engine_returning_too_few_images_is_a_generation_error(engine_world, jane):
    studio = engine_world.studio(gan=lambda req: StubEngine([]))

    with pytest.raises(GenerationError, match="engine returned 0 images, expected 2"):
        studio.generate(engine_world.request(engine="gan", subjects=("jane",), num_images=2))

    _assert_failed_cleanly(engine_world, "generate", "engine returned 0 images, expected 2")


def test_staging_is_outside_the_served_outputs_folder_and_left_empty(engine_world, gan_engine, monkeypatch):
    seen = []
    real = disclosure.disclose

    def spy(image, context, *, settings, out_dir, **kw):
        seen.append(out_dir)
        return real(image, context, settings=settings, out_dir=out_dir, **kw)

    monkeypatch.setattr(disclosure, "disclose", spy)
    engine_world.studio(gan=lambda req: gan_engine).generate(engine_world.request(purpose="art"))
    assert seen and all(engine_world.settings.outputs_dir not in p.parents for p in seen)
    assert list((engine_world.settings.data_dir / "staging").iterdir()) == []


@pytest.mark.parametrize("call", ["check", "generate"])
def test_a_name_scan_crash_refuses_the_request_in_plain_words_and_is_audited(engine_world, jane, gan_engine,
                                                                            monkeypatch, call):
    """A bug in the name scan (as d2c0ee1's AttributeError on "Trump特朗普|photo" was) refuses the
    request: the maker reads what happened and what to do, not the exception; the operators find
    the exception in the audit log; nothing is generated."""
    from consent.errors import NameCheckFailed, describe
    from consent.names import NameMatcher

    def crash(self, prompt, *args, **kwargs):
        raise AttributeError("'_Part' object has no attribute 'string'")

    monkeypatch.setattr(NameMatcher, "find_all", crash)
    studio = engine_world.studio(gan=lambda req: gan_engine)
    request = engine_world.request(engine="gan", subjects=("jane",), prompt="Jane Doe at the beach")

    with pytest.raises(NameCheckFailed) as caught:
        getattr(studio, call)(request)

    shown = describe(caught.value)
    assert shown.title == "Name check failed" and shown.expected
    assert "nothing was generated" in shown.message and "AttributeError" not in shown.message
    entry = engine_world.last_audit()
    assert entry.kind == "failure" and entry.payload["stage"] == "names"
    assert "AttributeError: '_Part' object has no attribute 'string'" in entry.payload["error"]
    assert engine_world.output_files() == []
    assert engine_world.audit("generation") == []


def test_a_check_that_fails_inside_is_audited(engine_world, gan_engine, monkeypatch):
    """Anything but the request's own fault that stops a check (here the face index cannot be
    read) refuses the request and is audited as a failure at stage 'check', for the operators."""
    from consent.registry import Registry
    from studio_world import noise, png_bytes

    def broken(self, *args, **kwargs):
        raise RuntimeError("the template store went away")

    monkeypatch.setattr(Registry, "face_templates_since", broken)
    studio = engine_world.studio(gan=lambda req: gan_engine)
    request = engine_world.request(engine="gan", prompt="a lighthouse", references=[png_bytes(noise())])

    with pytest.raises(RuntimeError, match="the template store went away"):
        studio.check(request)

    entry = engine_world.last_audit()
    assert entry.kind == "failure" and entry.payload["stage"] == "check"
    assert "RuntimeError: the template store went away" in entry.payload["error"]
    assert engine_world.output_files() == []
