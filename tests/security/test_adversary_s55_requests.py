"""Red team of session 55 on requests that name a decision, and on the joined grant read.

- F1: a word typed as the decision id (a subject id, a user's name, a territory) read and
  signature-checked every audit entry that mentions it before the refusal, so its time told a
  creator who is registered and how many decisions another user made, and cost CPU without
  bound. Only a decision id's shape is looked up, and only the first few entries of it.
- F4: one job row that disagrees with the signed log, or is missing, hid the operators' whole
  request queue (or made a job's denial read "a Check consent").
- F3: a second revocation or usage row of a grant (a table rebuilt without its key) made every
  decision fail while ``audit verify`` said the tables agree, and listed the grant twice.
"""

from __future__ import annotations

import sqlite3

import pytest

from consent.audit import acting_as
from consent.errors import RecordInvalid
from consent.integrity import IntegrityFailure


def _denials(world, actor: str, n: int, **over) -> list[str]:
    ids = []
    with acting_as(actor):
        studio = world.studio()
        for i in range(n):
            d = studio.check(world.request(prompt=f"a portrait of Claude Monet, study {i}", **over))
            assert not d.allowed
            ids.append(d.decision_id)
    return ids


def test_a_word_typed_as_the_decision_reads_no_entry_and_a_decision_reads_a_few(stub_world, monkeypatch):
    stub_world.add_person("jane", "Jane Doe")
    doras = _denials(stub_world, "ui:dora", 12, subjects=("jane",), territory="GB")
    (carls,) = _denials(stub_world, "ui:carl", 1)
    reg = stub_world.registry
    checked: list[int] = []
    real = reg.entry_intact
    monkeypatch.setattr(reg, "entry_intact", lambda e: (checked.append(e.seq), real(e))[1])
    for word in ("ui:dora", "jane", "GB", "Jane Doe", doras[0][:8]):
        with pytest.raises(RecordInvalid, match="is not a decision made for you"):
            stub_world.ops.file_request("exception", "ui:carl", "Claude Monet", "named for the painting style", word)
    assert checked == []  # not even one of dora's twelve decisions was read for those words
    with pytest.raises(RecordInvalid, match="is not a decision made for you"):
        stub_world.ops.file_request("exception", "ui:carl", "Claude Monet", "named for the painting style", doras[0])
    assert 0 < len(checked) <= 4
    rq = stub_world.ops.file_request("exception", "ui:carl", "Claude Monet", "named for the painting style", carls)
    assert rq.decision_id == carls


def _job_request(world):
    """A request naming the denial of a job (whose row keeps the prompt)."""
    from studio_world import StubEngine

    from creator.jobs import JobManager, JobSettings

    engine = StubEngine()
    with JobManager.from_settings(world.settings, registry=world.registry, jobs=JobSettings(job_workers=1),
                                  engines={"gan": lambda r: engine, "diffusion": lambda r: engine}) as jobs:
        job = jobs.wait(jobs.submit(world.request(prompt="Claude Monet painting water lilies"), owner="ui:carl").id,
                        timeout=180, recorded=True)
    assert job.decision_id
    return job, world.ops.file_request("exception", "ui:carl", "Claude Monet", "named for the painting style",
                                       job.decision_id)


@pytest.mark.parametrize("edit", ["rewritten", "deleted"])
def test_one_bad_job_row_is_named_on_its_request_and_the_queue_still_shows(stub_world, edit):
    from click.testing import CliRunner

    from creator.cli import cli
    from creator.cli._common import CliState

    (other,) = _denials(stub_world, "ui:dora", 1)
    stub_world.ops.file_request("exception", "ui:dora", "Claude Monet", "named for the painting style", other)
    job, rq = _job_request(stub_world)
    with sqlite3.connect(stub_world.settings.data_dir / "consent.db", isolation_level=None) as raw:
        if edit == "rewritten":
            raw.execute("UPDATE jobs SET settings = replace(settings, 'water lilies', 'a bridge') WHERE id = ?", (job.id,))
        else:
            raw.execute("DELETE FROM jobs WHERE id = ?", (job.id,))
    d = stub_world.ops.request_decision(rq)
    assert d.found and d.theirs and d.asked is None
    assert ("is missing from the database" if edit == "deleted" else "cannot be read") in d.problem
    assert "a Check consent" not in d.line() and "prompt not shown" in d.line()
    res = CliRunner().invoke(cli, ["requests", "list"], obj=CliState(settings=stub_world.settings, _registry=stub_world.registry))
    assert res.exit_code == 0, res.output
    assert rq.id in res.output and "ui:dora" in res.output and "prompt not shown" in res.output


@pytest.mark.parametrize("table", ["usage_counters", "revocations"])
def test_a_grants_second_state_row_fails_reads_and_audit_verify_names_it(stub_world, table):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    stub_world.studio().generate(stub_world.request(subjects=("jane",)))  # one use: a usage row
    if table == "revocations":
        stub_world.ops.revoke_grant("g-jane-1", "withdrew", "legal@acme")
    reg = stub_world.registry
    db = stub_world.settings.data_dir / "consent.db"
    with sqlite3.connect(db, isolation_level=None) as raw:
        cols = [r[1] for r in raw.execute(f"PRAGMA table_info({table})")]
        raw.execute(f"CREATE TABLE t AS SELECT * FROM {table}")  # the table rebuilt without its key
        raw.execute(f"DROP TABLE {table}")
        raw.execute(f"CREATE TABLE {table} AS SELECT * FROM t")
        raw.execute("DROP TABLE t")
        raw.execute(f"INSERT INTO {table} SELECT * FROM {table}")  # a second, identical row
        assert raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 2, cols
    with pytest.raises(IntegrityFailure, match="g-jane-1' has more than one revocation or usage row"):
        reg.list_grants()
    with pytest.raises(IntegrityFailure, match="g-jane-1' has more than one"):
        reg.grants_for_subjects(["jane"])
    problems = reg.check_integrity()
    assert any("g-jane-1" in p and "more than one revocation or usage row" in p for p in problems), problems
