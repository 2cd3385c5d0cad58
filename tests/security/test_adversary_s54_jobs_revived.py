"""Red team of session 54 (F1): a database editor sets an ended job's row back to 'running' (or
'queued'). The signed log holds its job_finished entry: nothing may end it a second time (a second,
contradicting job_finished signed by the studio's key), cancel it, or list it as open. `jobs list`
refuses the row by name; `jobs cancel` signs nothing; the one signed end stands."""

from __future__ import annotations

import socket
import sqlite3

import pytest
from click.testing import CliRunner

from consent.registry import JobRecord
from creator.cli import cli
from creator.cli._common import CliState


@pytest.mark.parametrize("edited_to, index_row_deleted", [("running", False), ("queued", False), ("running", True)])
def test_an_ended_job_whose_row_was_reopened_is_not_ended_or_cancelled_again(stub_world, edited_to, index_row_deleted):
    reg = stub_world.registry
    dead = f"{socket.gethostname()}:999999:deadbeef"  # a service of this host whose process is gone
    reg.add_job(JobRecord(id="job_revived", owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                          request_digest="ab" * 32, settings={"prompt": "a harbour", "subjects": []}, service=dead))
    reg.finish_job("job_revived", "denied", error="Consent denied: no grant for jane")
    with sqlite3.connect(stub_world.settings.data_dir / "consent.db", isolation_level=None) as raw:
        raw.execute("UPDATE jobs SET state = ? WHERE id = 'job_revived'", (edited_to,))
        if index_row_deleted:  # (red team 2) the derived mentions index no longer names the end
            seq = raw.execute("SELECT seq FROM audit_entries WHERE kind = 'job_finished' ORDER BY seq DESC").fetchone()[0]
            raw.execute("DELETE FROM audit_mentions WHERE seq = ? AND mention = 'job_revived'", (seq,))

    def run(*args):
        return CliRunner().invoke(cli, list(args), obj=CliState(settings=stub_world.settings, _registry=reg))

    listed = run("jobs", "list")
    assert listed.exit_code == 1 and "ended" in listed.output and "signed" in listed.output
    assert f"its row says '{edited_to}'" in listed.output and "(rewritten behind the log)" in listed.output
    cancelled = run("jobs", "cancel", "job_revived")
    assert cancelled.exit_code != 0 and "OK" not in cancelled.output
    ends = [e.payload["state"] for e in reg.audit_entries(limit=None)
            if e.kind in ("job_finished", "job_cancel_requested") and e.payload.get("job_id") == "job_revived"]
    assert ends == ["denied"]  # the one signed end; no second end, no cancel request
