"""The studio keeps registry-derived state (name matcher, face index) between requests, and
rebuilds it exactly when who is registered changes — also when another process changed it."""

from __future__ import annotations

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
