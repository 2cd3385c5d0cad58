"""Adversary 15: a load killed mid-way (the OOM killer on a model too big for the box, a
supervisor restart) leaves its private copy — the whole model — under ``<data dir>/model-loads``
for a day (``consent.model_files._STALE_SECONDS``): the next load removes only folders older
than that. A creator who asks again for the model whose load gets the process killed (the
service restarts, the next request loads again) adds one full copy per crash: 2.27 GB each for
the benchmark's SD folder, so a few dozen restarts within a day fill the data disk that the
registry, the audit log and the outputs share — after which every consent write fails.

Fix: mark the folder as in use by its load (an ``flock`` on a file inside it, held while
loading) and remove at the next load every ``load-*`` folder whose lock is free, whatever its
age; or name the folder by the loading PID and boot id and remove those of dead processes.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from consent.model_files import copy_model, remove_copy


def test_a_copy_left_by_a_killed_load_is_removed_by_the_next_load(tiny_models, tmp_path):
    loads = tmp_path / "loads"
    crashed = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import os
        from consent.model_files import copy_model
        copy_model({str(tiny_models.sd)!r}, None, {str(loads)!r})
        os._exit(137)  # killed while the engine loads from the copy
    """)], capture_output=True, text=True, timeout=300)
    assert crashed.returncode == 137, crashed.stderr
    left = [p for p in loads.iterdir()]
    assert len(left) == 1 and left[0].name.startswith("load-")  # the set-up: the dead load's full copy
    copy = copy_model(tiny_models.sd, None, loads)
    try:
        assert [p for p in loads.iterdir() if p != copy.root] == [], "the killed load's copy is still on disk"
    finally:
        remove_copy(copy)
