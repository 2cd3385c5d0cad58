"""Red team 33: a creator's request in the operators' queue, rewritten by the database host.

A denied creator asks for a name exception ("Van Gogh is named for the painting style",
``Operations.file_request`` → a ``requests`` row and a signed ``request_filed`` entry). An
operator reads the queue (``consent-studio requests list``, the UI's Requests tab) and approves it
by its id (``requests approve ID``, ``StudioApp.answer_request``). ``Operations.answer_request``
then records the exception for the name **the row holds at that moment** (``allow_name(rec.subject,
…)``); ``Registry.requests`` reads the rows as the database host left them, never against the
signed ``request_filed`` entry, and ``audit verify`` does not compare them either.

So the host rewrites a pending request's subject between the operator reading it and approving
it — "Van Gogh" becomes "Taylor Swift" — and the operator's approval signs a name exception for
a real person: prompts naming her are no longer denied (no grant, no consent), and the log says
an operator allowed it. A row inserted behind the log reads as a creator's request just the same.
"""

from __future__ import annotations

import sqlite3

import pytest

from consent.errors import ConsentError


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _allowed_names(world) -> set[str]:
    return {e.name for e in world.registry.name_exceptions()}


def test_approving_a_request_rewritten_behind_the_log_allows_no_other_name(stub_world):
    w = stub_world
    rq = w.ops.file_request("exception", "ui:carl", "Van Gogh", "Van Gogh is named for the painting style")
    assert [r.subject for r in w.registry.requests(status="pending")] == ["Van Gogh"]  # what the operator reads
    with _raw(w) as raw:  # the database host, before the operator clicks "approve"
        raw.execute("UPDATE requests SET subject = 'Taylor Swift' WHERE id = ?", (rq.id,))
    try:
        w.ops.answer_request(rq.id, True, "painting style", "cli:olive")
    except ConsentError:
        pass  # refusing the rewritten row is a right answer
    assert "Taylor Swift" not in _allowed_names(w)
    with pytest.raises(ConsentError, match="Taylor Swift"):  # her name still denies
        w.studio().generate(w.request(prompt="portrait of Taylor Swift on stage"))


def test_a_request_inserted_behind_the_log_is_not_in_the_operators_queue(stub_world):
    w = stub_world
    w.ops.file_request("exception", "ui:carl", "Van Gogh", "Van Gogh is named for the painting style")
    with _raw(w) as raw:
        raw.execute("INSERT INTO requests (id, kind, requested_by, subject, message, decision_id, status, answer, "
                    "created_at) VALUES ('r-000000000bad', 'exception', 'ui:carl', 'Taylor Swift', "
                    "'Taylor Swift is the name of our guitar model', NULL, 'pending', NULL, '2026-01-01T00:00:00Z')")
    try:
        queue = [r.subject for r in w.registry.requests(status="pending")]
    except ConsentError:
        return  # failing closed is a right answer
    assert "Taylor Swift" not in queue
