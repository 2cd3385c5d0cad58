"""Red team 66: a face template's ``dim`` column, which no signature covers.

Each template's embedding is held to the signed log (its digest), but the index was built with
``np.frombuffer(embedding, count=dim)`` from the unsigned ``dim`` column: a database editor who set it
to 0 made every request with an image fail ("FaceIndex: 1 subject ids for 0 template rows"), with
nothing in the audit log and ``check_integrity`` clean. The embedding's own length is used now.
"""

from __future__ import annotations

from sqlalchemy import text

from studio_world import StubEngine, astronaut, noise, png_bytes


def test_an_edited_dim_column_changes_nothing(stub_world):
    w = stub_world
    w.add_person("eileen", "Eileen Collins", photo=astronaut())
    with w.registry.engine.begin() as c:
        c.execute(text("UPDATE face_templates SET dim = 0"))
    assert w.registry.check_integrity() == []
    studio = w.studio(StubEngine(images=[astronaut()]))
    assert studio.check(w.request(prompt="a lighthouse", references=[png_bytes(noise())])).allowed
    assert "eileen" in set(studio._face_index().subjects)
    decision = studio.check(w.request(prompt="a lighthouse", references=[png_bytes(astronaut())]))
    assert not decision.allowed and "eileen" in "; ".join(decision.reasons())
