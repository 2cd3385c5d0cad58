"""The studio keeps registry-derived state (name matcher, face index) between requests, and
rebuilds it exactly when who is registered changes — also when another process changed it."""

from __future__ import annotations

import pytest

from consent.errors import ConsentDenied
from consent.registry import Registry


def test_a_text_only_request_never_loads_face_templates(stub_world, monkeypatch):
    studio = stub_world.studio()
    monkeypatch.setattr(stub_world.registry, "face_templates", lambda *a, **k: (_ for _ in ()).throw(AssertionError("faces loaded")))
    assert studio.check(stub_world.request(prompt="a lighthouse at dusk")).allowed


def test_state_is_reused_until_someone_is_registered_elsewhere(stub_world, monkeypatch):
    studio = stub_world.studio()
    studio.check(stub_world.request(prompt="a lighthouse"))
    built = studio._people_cache
    studio.check(stub_world.request(prompt="a harbour"))
    assert studio._people_cache is built  # decisions append audit entries, but nobody new: reused
    # another process registers Jane Doe (same database, its own Registry)
    with Registry.from_settings(stub_world.settings) as other:
        from consent.operations import Operations

        Operations(other).add_subject("jane", "Jane Doe")
    decision = studio.check(stub_world.request(prompt="Jane Doe at the harbour"))
    assert studio._people_cache is not built
    assert [f.subject_id for f in decision.findings if f.subject_id] == ["jane"]  # known now, by the new matcher


def test_outputs_are_scanned_only_when_someone_could_be_recognised(stub_world, monkeypatch):
    """Nobody enrolled and no input face to watch: an output face can only be nobody's, so the
    output scan is skipped; once a face is enrolled, every output is scanned again."""
    from consent import likeness
    from studio_world import StubEngine, astronaut

    calls = []
    real = likeness.find_faces
    monkeypatch.setattr(likeness, "find_faces", lambda *a, **k: calls.append(k.get("label")) or real(*a, **k))
    request = stub_world.request(prompt="a lighthouse at dusk", num_images=2, width=256, height=256)
    result = stub_world.studio(StubEngine(images=[astronaut()])).generate(request)
    assert len(result.outputs) == 2 and calls == []
    stub_world.add_person("eileen", "Eileen Collins", photo=astronaut())
    calls.clear()
    with pytest.raises(ConsentDenied, match="face matches enrolled subject eileen"):  # what the scan is for
        stub_world.studio(StubEngine(images=[astronaut()])).generate(request)
    assert calls == ["output[0]", "output[1]"]
