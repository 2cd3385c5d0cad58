"""Adversary 9: the move from staging into the outputs store fails after the record committed.

``Studio.generate`` records the outputs (output rows, usage counted, signed ``generation``
entry) and then publishes the signed files from staging (step 7). store.py promises that "no
record lacks its file once the job's worker is known dead and its staging recovered", and the
recipe's comment says a crash between commit and move leaves the file in staging for
``recover_staging``. But when the move *raises* (a full disk, a shared store's copy failing),
``generate``'s ``finally`` deleted the staging folder: the signed file was gone, its record and
the grant's counted use stayed, and nothing could recover it. Fixed since: once recorded, the
signed files stay in staging until published, and the error says where they are.
"""

from __future__ import annotations

import errno

import pytest

from creator.jobs.store import FileOutputStore, recover_staging
from creator.studio import Studio
from studio_world import StubEngine

JOB = "job_0123456789abcdef"


class _FullDisk(FileOutputStore):
    def publish(self, staged, name):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_publish_that_fails_after_the_record_loses_no_recorded_file(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    engine = StubEngine()
    studio = Studio(stub_world.settings, registry=stub_world.registry, engines={"gan": lambda r: engine},
                    store=_FullDisk.for_settings(stub_world.settings))
    with pytest.raises(OSError, match="No space left on device") as raised:
        studio.generate(stub_world.request(subjects=("jane",)), job_id=JOB)
    assert any("stay in" in note for note in raised.value.__notes__)  # the error says where the files are
    recorded = stub_world.registry.outputs_for_job(JOB)
    assert len(recorded) == 1 and stub_world.registry.get_grant("g-jane-1").usage == 1  # recorded, use counted
    # once the disk has room again, recovery must be able to finish the move
    store = FileOutputStore.for_settings(stub_world.settings)
    recover_staging(store, stub_world.registry, JOB)
    assert store.exists(f"{recorded[0].sha256}.{recorded[0].format.lower().replace('jpeg', 'jpg')}")
