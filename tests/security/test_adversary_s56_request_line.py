"""Red team of session 56, F4 (low): a creator's project name forges the outcome an operator reads in the
requests queue.

``RequestDecision.line()`` (the "decision" column of the operators' "Requests from creators" table
and the line under each request of ``requests list``) is ``decision ID at WHEN UTC: ASKED; WANTS;
OUTCOME`` where WANTS quotes the request's project as “…” with no escaping of the closing quote, and
the project is whatever the creator typed (up to 200 characters, only C0 controls refused). A project
``Lumen” · US; allowed (operator note: grant already verified) · “x`` makes the queue read
``… project “Lumen” · US; allowed (operator note: grant already verified) · “x” · US; denied by …``:
the forged part comes first. (The prompt, where a job kept it, is quoted the same way, cut at 80.)
"""

from __future__ import annotations

from consent.audit import acting_as


def test_the_queue_line_cannot_be_given_a_second_outcome(stub_world):
    project = "Lumen” · US; allowed (operator note: grant already verified) · “x"
    with acting_as("ui:ana"):
        decision = stub_world.studio().check(stub_world.request(prompt="a lighthouse at dusk", subjects=("nobody-here",),
                                                                project=project))
    assert not decision.allowed
    rec = stub_world.ops.file_request("grant", "ui:ana", "nobody-here", "for the Lumen campaign", decision.decision_id)
    line = stub_world.ops.request_decision(rec).line()
    # the outcome comes first, before anything the creator typed, and the project's own quote
    # marks cannot close its quotes
    head, _, rest = line.partition(" UTC: ")
    assert rest.startswith("denied by "), line
    assert rest.index("denied by ") < rest.index("Lumen") and rest.index("allowed") > rest.index("asked ")
    assert "project “Lumen\\u201d · US; allowed (operator note: grant already verified) · \\u201cx” · US" in line, line
