"""Red team 69: ``generate`` killed between its record and the move into ``outputs/``.

The recipe records an output (row and signed log entry) and then moves the signed file from its
staging folder into the output store. A plain run (the CLI's ``generate``, no job) killed between
the two left the signed file in ``staging/`` for good: the registry and the log named an output that
never appeared, its grant use was counted, and nothing ever finished the move (only a job service
recovers, and only its jobs' folders). The next run on this host now publishes what such a run
recorded, once its process is gone and its folder is an hour old, and deletes the rest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

CRASH = r"""
import os, sys
from creator.jobs import store
def publish(self, staged, name):
    os._exit(137)  # killed right after the record's commit, before the move
store.FileOutputStore.publish = publish
from creator.cli import main
main(["generate", "--purpose", "art", "--territory", "US", "--grantee", "bob",
      "--prompt", "a harbour at dawn", "--width", "256", "--height", "256"])
"""


def test_a_recorded_output_a_killed_run_left_in_staging_is_published_by_the_next_run(stub_world):
    w = stub_world
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(w.settings.data_dir), "HF_HUB_OFFLINE": "1"}
    p = subprocess.run([sys.executable, "-c", CRASH], env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 137, p.stderr[-2000:]
    (lost,) = w.registry.list_outputs()
    assert not os.path.exists(lost.path)  # the set-up: recorded, never published
    (folder,) = [f for f in w.settings.staging_dir.iterdir() if f.name.startswith("gen-run-")]
    old = time.time() - 7200
    os.utime(folder, (old, old))

    w.studio().generate(w.request(prompt="a lighthouse at night"))
    assert os.path.exists(lost.path)  # the killed run's output, published as recorded
    with open(lost.path, "rb") as f:
        import hashlib

        assert hashlib.sha256(f.read()).hexdigest() == lost.sha256
    assert not folder.exists() and len(w.output_files()) == 2


def test_a_live_or_recent_runs_staging_is_left_alone(stub_world):
    w = stub_world
    staging = w.settings.staging_dir
    staging.mkdir(parents=True, exist_ok=True)
    from creator.jobs.store import FileOutputStore, _host

    mine = staging / f"gen-run-{_host()}-{os.getpid()}-live"  # this process: alive
    recent = staging / f"gen-run-{_host()}-999999999-recent"  # no such process, but touched just now
    other = staging / "gen-run-otherhost-999999999-old"  # another host's: never read from here
    for f in (mine, recent, other):
        (f / "signed").mkdir(parents=True)
    old = time.time() - 7200
    os.utime(other, (old, old))
    os.utime(mine, (old, old))
    assert FileOutputStore.for_settings(w.settings).stranded_runs(3600) == []
    w.studio().generate(w.request(prompt="a lighthouse at night"))
    assert mine.exists() and recent.exists() and other.exists()
