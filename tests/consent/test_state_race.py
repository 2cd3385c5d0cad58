"""A read that began before another thread's write is held to the log as of its own snapshot.

The log's replayed state is one object per process, caught up in place by whichever read first
sees a newer head. A read transaction (``Registry.reading``) that began before another thread's
enrolment must not compare its rows with the newer state and report rows "missing from the
database": that is a false registry integrity failure.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import numpy as np

from consent.likeness import MODEL_NAME


def test_a_read_begun_before_another_threads_enrolment_reports_no_tampering(stub_world):
    reg = stub_world.registry
    stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    reg.add_face_template("nova", np.ones(8, np.float32), "e" * 64, 120, 0.9, MODEL_NAME, synthetic=True)
    with reg.reading():
        assert reg.template_counts() == {"nova": 1}  # this read's snapshot: one template
        other = threading.Thread(target=lambda: (
            reg.add_face_template("nova", np.full(8, 2, np.float32), "f" * 64, 120, 0.9, MODEL_NAME, synthetic=True),
            reg.people_version()))  # another request: enrols, and its read catches the shared state up
        other.start()
        other.join(timeout=30)
        assert not other.is_alive()
        snap = reg.snapshot(["nova"], datetime.now(timezone.utc))
        assert snap.proven_personas == frozenset({"nova"})
        assert reg.template_counts() == {"nova": 1}
    assert reg.template_counts() == {"nova": 2}


def test_a_read_begun_before_another_threads_revocation_reports_no_tampering(stub_world):
    """The commonest case: one request reads a person's grants while another withdraws one (or,
    the same way, uses it: its usage count). The first read answers as of its own snapshot."""
    w, reg = stub_world, stub_world.registry
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    with reg.reading():
        assert reg.get_grant("g-jane-1").revocation is None  # this read's snapshot: in force
        other = threading.Thread(target=lambda: (
            reg.revoke_grant("g-jane-1", "withdrawn by the person", "ops"), reg.people_version()))
        other.start()
        other.join(timeout=30)
        assert not other.is_alive()
        assert reg.get_grant("g-jane-1").revocation is None
        assert [g.id for g in reg.list_grants("jane")] == ["g-jane-1"]
        snap = reg.snapshot(["jane"], datetime.now(timezone.utc))
        assert [sg.revocation for sg in snap.grants["jane"]] == [None]
    assert reg.get_grant("g-jane-1").revocation is not None
