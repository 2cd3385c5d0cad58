"""Red team 70: a disk that fills at the wrong moment.

- After a generation's commit the studio moves the audit anchor (a file in the keys folder). With
  that folder full, ``generate`` deleted the signed output it had just recorded (its row, its signed
  entry and the grant's use stayed) and told the user it failed; a revocation and a grant import were
  committed but reported as failed. A committed change now reads as done, the anchor stays behind
  the log, and the next write moves it on.
- ``generate --out`` copied the output in place: a disk that filled during the copy left half a
  picture under the output's own name (its label and manifest cut off). The copy is now whole or
  absent, and the command says where the output is stored.
"""

from __future__ import annotations

import errno
import os

from click.testing import CliRunner

from consent.audit import AuditKeys
from creator.cli import cli
from creator.cli._common import CliState


def _full(*_a, **_k):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_keys_folder_after_the_commit_loses_nothing(stub_world, monkeypatch):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    monkeypatch.setattr(AuditKeys, "advance_anchor", _full)
    result = w.studio().generate(w.request(subjects=("jane",)))  # told it is done ...
    (out,) = result.outputs
    assert out.path.is_file() and [p.name for p in w.output_files()] == [out.path.name]  # ... and it is
    assert not any(w.settings.staging_dir.iterdir())
    w.ops.revoke_grant("g-jane-1", "withdrawn", "legal")  # committed, not an error
    monkeypatch.undo()
    w.add_person("nora", "Nora North")  # a later write moves the anchor over all of it
    assert w.registry.check_integrity() == []
    assert w.registry.get_grant("g-jane-1").revocation is not None
    r = CliRunner().invoke(cli, ["audit", "verify"], obj=CliState(settings=w.settings, _registry=w.registry))
    assert r.exit_code == 0 and "audit chain intact" in r.output, r.output


def test_a_copy_to_out_that_fails_leaves_no_partial_file(stub_world, tmp_path, monkeypatch):
    w = stub_world
    out_dir = tmp_path / "copies"
    real = os.fsync

    def fsync(fd):  # the disk fills while the copy into --out is written
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(out_dir)):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    r = CliRunner().invoke(cli, ["generate", "--grantee", "ACME Films", "--purpose", "film_reshoot", "--territory", "US",
                                 "--width", "256", "--height", "256", "--out", str(out_dir)],
                           obj=CliState(settings=w.settings, _registry=w.registry), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    (stored,) = w.output_files()
    assert f"could not copy {stored.name} into {out_dir}" in r.output and f"it is stored at {stored}" in r.output
    assert list(out_dir.iterdir()) == []  # no half picture, no hidden part file
