"""Red team 69: ``jobs submit --out`` that cannot be written.

``jobs submit --out /dev/null`` (or a path under a file) ran the job to its end — decision, grant
use counted, output signed and published — then failed on the copy ("File exists", exit 2) without
saying the job was done or where its output was; ``--json`` printed nothing. ``--no-wait --out`` was
silently ignored. Now the folder is made before the job is queued (as ``generate`` does), and
``--out`` needs ``--wait``.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from creator.cli import cli
from creator.cli._common import CliState

COMMON = ["--grantee", "ACME Films", "--purpose", "film_reshoot", "--territory", "US", "--width", "256", "--height", "256"]


def _run(world, *args):
    return CliRunner().invoke(cli, list(args), obj=CliState(settings=world.settings, _registry=world.registry),
                              catch_exceptions=False)


@pytest.mark.parametrize("where", ["/dev/null", "a file/x"])
def test_an_out_folder_that_cannot_be_made_is_refused_before_the_job(stub_world, tmp_path, where):
    (tmp_path / "a file").write_text("notes")
    out = where if where.startswith("/") else str(tmp_path / where)
    r = _run(stub_world, "jobs", "submit", *COMMON, "--out", out)
    assert r.exit_code == 2 and "nothing was generated" in r.output, r.output
    assert stub_world.registry.list_jobs() == []  # nothing queued, no grant use spent
    assert stub_world.output_files() == []


def test_out_without_wait_is_refused_before_anything_is_queued(stub_world, tmp_path):
    r = _run(stub_world, "jobs", "submit", *COMMON, "--no-wait", "--out", str(tmp_path / "copies"))
    assert r.exit_code == 2 and "--out copies the outputs when the job ends, so it needs --wait" in r.output, r.output
    assert not (tmp_path / "copies").exists()
    assert stub_world.output_files() == []
