"""Red team 65: the studio's people caches (name matcher, face index) read from the wrong point of
the signed log.

The studio keeps its name matcher and face index per *people version* and, after a change, reads
again only the people the signed log names since its last read. Three ways that went wrong, each
publishing an enrolled person's face (or name) without a grant, and ``verify`` said OK:

- another thread of the same process (the UI server's page poll, a job worker) caught the shared
  replayed state up while a check read inside one read transaction: the people version came from
  the newer state, the face index or the subjects from the older snapshot, and the cache kept the
  older data under the newer version — for good, until the next change;
- the people named since were read from the database's audit rows again, never checked again: a
  database editor who set an enrolment's ``kind`` to another for the moment of the studio's read,
  then put it back, hid the person from its face index and left a log that verifies clean.

Threads are interleaved deterministically (a read is paused in thread A while thread B writes).
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from consent.registry import Registry
from creator.verify import verify
from studio_world import StubEngine, World, astronaut, noise, png_bytes


def _face_request(w):
    return w.request(prompt="a lighthouse", references=[png_bytes(noise())])


def _output_of_her_is_blocked(w, studio) -> None:
    """Eileen is enrolled and has no grant: an output showing her face is blocked, nothing published."""
    before = w.output_files()
    with pytest.raises(Exception, match="face matches enrolled subject eileen"):
        studio.generate(w.request(prompt="a portrait of an astronaut", width=512, height=512))
    assert w.output_files() == before


def _pause_in(thread: str, registry, method: str):
    """Pause ``thread``'s first call of ``registry.method`` after it returns; (paused, resume) events."""
    real = getattr(registry, method)
    paused, resume, done = threading.Event(), threading.Event(), []

    def hooked(*a, **k):
        out = real(*a, **k)
        if threading.current_thread().name == thread and not done:
            done.append(1)
            paused.set()
            resume.wait(30)
        return out

    setattr(registry, method, hooked)
    return paused, resume


def test_a_face_enrolled_while_another_thread_checks_is_in_the_studios_face_index(stub_world):
    w = stub_world
    w.add_person("ann", "Ann Example")
    studio = w.studio(StubEngine(images=[astronaut()]))
    studio.check(_face_request(w))                    # the face index is built
    w.ops.add_subject("zed", "Zed Someone")           # a change: the next check reads again
    paused, resume = _pause_in("A", w.registry, "subjects_since")
    a = threading.Thread(name="A", target=lambda: studio.check(_face_request(w)))
    a.start()
    assert paused.wait(30)
    w.add_person("eileen", "Eileen Collins", photo=astronaut())   # thread B enrols her ...
    w.registry.list_subjects()                                    # ... and reads (the state catches up)
    resume.set()
    a.join(60)

    assert "eileen" in set(studio._face_index().subjects)
    _output_of_her_is_blocked(w, studio)


def test_a_person_registered_while_another_thread_checks_is_in_the_studios_name_matcher(stub_world):
    w = stub_world
    w.add_person("ann", "Ann Example")
    studio = w.studio()
    studio.check(w.request(prompt="a lighthouse"))    # the matcher is built
    w.ops.add_subject("zed", "Zed Someone")
    paused, resume = _pause_in("A", w.registry, "people_version")
    a = threading.Thread(name="A", target=lambda: studio.check(w.request(prompt="a lighthouse")))
    a.start()
    assert paused.wait(30)
    w.add_person("kestrel", "Kestrel Vane")           # thread B: a person with no grant
    w.registry.list_subjects()
    resume.set()
    a.join(60)
    for i in range(3):                                # later changes read on from the matcher's head
        w.ops.add_subject(f"later{i}", f"Later Person{i}")

    decision = studio.check(w.request(prompt="a portrait of Kestrel Vane"))
    assert not decision.allowed
    assert "subject 'kestrel' has no consent grant" in "; ".join(decision.reasons())


@pytest.mark.parametrize("edit", ["kind", "payload"])
def test_an_enrolment_hidden_for_a_moment_by_a_database_editor_stays_in_the_face_index(stub_world, edit):
    w = stub_world
    w.add_person("eileen", "Eileen Collins")          # registered, no photo yet, no grant
    studio = w.studio(StubEngine(images=[astronaut()]))
    studio.check(_face_request(w))
    head = w.registry.audit_entries()[-1].seq
    other = Registry.from_settings(w.settings)        # another process enrols her photo
    try:
        World(settings=w.settings, registry=other).ops.enroll("eileen", [astronaut()])
    finally:
        other.close()
    w.registry.list_subjects()                        # the studio's process replays those entries
    with w.registry.engine.begin() as c:
        rows = c.execute(text("SELECT seq, kind, payload FROM audit_entries WHERE seq > :s "
                              "AND kind = 'face_template_enrolled'"), {"s": head}).all()
        assert rows
        for seq, _kind, payload in rows:              # the editor hides the enrolment ...
            if edit == "kind":
                c.execute(text("UPDATE audit_entries SET kind = 'decision' WHERE seq = :s"), {"s": seq})
            else:
                c.execute(text("UPDATE audit_entries SET payload = :p WHERE seq = :s"),
                          {"p": payload.replace('"eileen"', '"nobody"'), "s": seq})
    studio.check(_face_request(w))                    # ... while the studio reads its new faces ...
    with w.registry.engine.begin() as c:              # ... and puts the rows back
        for seq, kind, payload in rows:
            c.execute(text("UPDATE audit_entries SET kind = :k, payload = :p WHERE seq = :s"),
                      {"k": kind, "p": payload, "s": seq})
    assert w.registry.check_integrity() == []

    assert "eileen" in set(studio._face_index().subjects)
    _output_of_her_is_blocked(w, studio)


def test_a_published_output_of_her_would_not_verify_ok_had_it_been_made(stub_world):
    """The yardstick of the three above: with the caches right, her face is blocked; a fresh
    studio blocks it too, and an output made before she was enrolled verifies (what 'OK' means)."""
    w = stub_world
    studio = w.studio(StubEngine(images=[astronaut()]))
    made = studio.generate(w.request(prompt="a portrait of an astronaut", width=512, height=512))
    assert verify(made.outputs[0].path, settings=w.settings, registry=w.registry).verdict == "OK"
    w.add_person("eileen", "Eileen Collins", photo=astronaut())
    _output_of_her_is_blocked(w, studio)
    _output_of_her_is_blocked(w, w.studio(StubEngine(images=[astronaut()])))
