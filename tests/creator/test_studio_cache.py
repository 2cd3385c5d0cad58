"""The studio keeps registry-derived state (name matcher, face index) between requests, and
rebuilds it exactly when who is registered changes — also when another process changed it."""

from __future__ import annotations

import pytest

from consent.errors import ConsentDenied
from consent.registry import Registry


def test_a_text_only_request_never_loads_face_templates(stub_world, monkeypatch):
    studio = stub_world.studio()
    for name in ("face_templates", "face_templates_since"):
        monkeypatch.setattr(stub_world.registry, name, lambda *a, **k: (_ for _ in ()).throw(AssertionError("faces loaded")))
    assert studio.check(stub_world.request(prompt="a lighthouse at dusk")).allowed


def test_after_changes_only_what_changed_is_read_even_across_text_only_versions(stub_world, monkeypatch):
    """The face index of version 3 builds on version 1's, although version 2 (text only) never
    loaded faces; likewise for the people behind the name matcher."""
    from consent.operations import Operations

    studio = stub_world.studio()
    ops = Operations(stub_world.registry)
    ops.add_subject("ann", "Ann Example")
    studio._people().matcher()
    studio._people().face_index()
    calls = []
    for name in ("subjects_since", "face_templates_since"):
        real = getattr(stub_world.registry, name)

        def spy(*a, _real=real, _name=name, **k):
            calls.append((_name, a[-2] is None))  # (which, full read?)
            return _real(*a, **k)

        monkeypatch.setattr(stub_world.registry, name, spy)
    ops.add_subject("bea", "Bea Example")
    studio.check(stub_world.request(prompt="a lighthouse"))  # text only: the matcher is rebuilt
    ops.add_subject("cai", "Cai Example")
    studio._people().face_index()                           # a face request: the index is rebuilt
    # the colour and the grey templates, each read incrementally
    assert calls == [("subjects_since", False), ("face_templates_since", False), ("face_templates_since", False)]
    assert "cai" not in studio._people().face_index().subjects  # nobody enrolled yet
    assert [f.subject_id for f in studio.check(stub_world.request(prompt="Cai Example smiling")).findings
            if f.subject_id] == ["cai"]


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


def test_a_source_is_scanned_once_for_its_check_and_generate_but_matched_against_the_registry_of_the_moment(
        stub_world, monkeypatch):
    """The UI checks a request, then generates it: the second look at the same source reuses the
    first one's face scan. Who the face is, is decided each time: someone enrolled in between
    is recognised."""
    from consent import likeness
    from studio_world import StubEngine, astronaut, grace_hopper, png_bytes

    calls = []
    real = likeness.find_faces
    monkeypatch.setattr(likeness, "find_faces", lambda *a, **k: calls.append(k.get("label")) or real(*a, **k))
    studio = stub_world.studio(StubEngine(images=[grace_hopper()]))
    source = png_bytes(astronaut())

    def request():
        return stub_world.request(engine="diffusion", mode="img2img", source=source, subjects=("eileen",))

    first = studio.check(request())
    # nobody enrolled: an unknown face denies (the 512² source is scanned as given and as the
    # model gets it, resized to the request's 256²)
    assert not first.allowed and calls == ["source", "source"]
    stub_world.add_person("eileen", "Eileen Collins", photo=astronaut())
    stub_world.issue_grant("eileen", "g-eileen")
    calls.clear()
    assert studio.check(request()).allowed  # the same face, now recognised
    result = studio.generate(request())     # a new request object with the same bytes
    assert calls == ["output[0]"]            # the source was not scanned again, the output was
    assert result.decision.allowed and set(result.decision.subjects) == {"eileen"}
    other = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(grace_hopper()))
    calls.clear()
    # another picture is scanned: as given, and (512×600 into 256²) as the model gets it
    assert not studio.check(other).allowed and calls == ["source", "source"]
