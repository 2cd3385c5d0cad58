"""Adversary 16 (held): a second Ctrl-C quits ``jobs submit`` at once (``os._exit``); landing after
the generation's record is committed and before its files leave staging, the signed file sits in
staging and the job stays queued; the next job service on the host ends it done and publishes the
recorded file (no published image without a record, no record without its file)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from consent.registry import Registry
from creator.jobs import JobManager
from jobs_support import run_studio_script, stepped_engines

ROOT = Path(__file__).resolve().parents[2]

_CLI = textwrap.dedent("""
    import faulthandler, os, signal, sys, threading, time
    signal.signal(signal.SIGINT, signal.default_int_handler)
    faulthandler.dump_traceback_later({dump_after}, exit=True)
    sys.path.insert(0, {tests!r})
    from jobs_support import SteppedEngine, request_fields, stepped_engines, wait_until
    from creator.jobs.manager import JobManager
    made = JobManager.from_settings.__func__
    JobManager.from_settings = classmethod(lambda cls, settings=None, **kw: made(
        cls, settings, **{{**kw, "engines": stepped_engines()}}))
    {hook}
    from creator.cli import main
    main(["jobs", "submit", "--grantee", "ACME Films", "--purpose", "film_reshoot", "--territory", "US",
          "--width", "256", "--height", "256", "--steps", "2"])
""")

_TWICE_BEFORE_PUBLISH = """
import creator.studio as st
_pub = st.Studio._publish
def _publish(self, signed, staging, progress):
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(2.0)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(60)
    return _pub(self, signed, staging, progress)
st.Studio._publish = _publish
"""


def _run_cli(world, hook: str, wait_s: float = 90):
    script = _CLI.format(tests=str(ROOT / "tests"), dump_after=int(wait_s - 10), hook=hook)
    return run_studio_script(world.settings, script, wait_s)


def _jobs(settings):
    with Registry.from_settings(settings) as reg:
        return reg.list_jobs(limit=None)


def test_a_second_ctrl_c_between_record_and_publish_leaves_a_job_the_next_service_completes(stub_world):
    code, out, err = _run_cli(stub_world, _TWICE_BEFORE_PUBLISH)
    assert code == 130 and "Ctrl-C again" in err, (code, err)
    data = stub_world.settings.data_dir
    (rec,) = _jobs(stub_world.settings)
    assert rec.state == "running"  # as its worker marked it; its service quit without ending it
    assert not list((data / "outputs").glob("*.png")) if (data / "outputs").exists() else True
    assert len(list((data / "staging").rglob("*.png"))) == 1
    with JobManager.from_settings(stub_world.settings, engines=stepped_engines()) as jobs:
        assert jobs.recovered == [rec.id]
    (rec,) = _jobs(stub_world.settings)
    assert rec.state == "done"
    with Registry.from_settings(stub_world.settings) as reg:
        (o,) = reg.outputs_for_job(rec.id)
    assert Path(o.path).is_file() and not list((data / "staging").rglob("*.png"))
