"""`consent-studio generate` as a user runs it (a fresh process): what it loads, what it leaves.

The cold-start work (bench/cli_cold.py) made the one-shot command lighter without skipping a
check; these tests hold the behaviour a user would notice: the same signed, verifiable file,
the heavy parts of other paths never loaded, the database closed cleanly, and the built-in
GAN's weights checked exactly as before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Loaded by other paths only (UI, diffusion, face models, ORM sessions, job queue, migrations).
NOT_ON_GAN_PATH = ("gradio", "diffusers", "transformers", "onnxruntime", "onnx", "sqlalchemy.orm",
                   "creator.jobs.manager", "creator.jobs.config", "alembic", "creator.ui")

_DRIVER = """
import atexit, gc, json, sys
def report():
    mods = sorted(m for m in sys.modules if m.split('.')[0] in {'gradio', 'diffusers', 'transformers', 'onnxruntime',
                  'onnx', 'alembic', 'sqlalchemy', 'creator'})
    print(json.dumps({"modules": mods, "frozen": gc.get_freeze_count()}), file=sys.stderr)
atexit.register(report)  # registered first: runs last, after main()'s own exit hook
from creator.cli import main
main()
"""


def _generate(data_dir: Path, out: Path, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CONSENT_STUDIO_DATA_DIR=str(data_dir), HF_HUB_OFFLINE="1",
               GRADIO_ANALYTICS_ENABLED="False", OMP_NUM_THREADS="1")
    r = subprocess.run([sys.executable, "-c", _DRIVER, "generate", "--purpose", "art", "--grantee", "me",
                        "--territory", "US", "-n", "1", "--seed", "1", "--width", "256", "--height", "256",
                        "--out", str(out), *extra],
                       env=env, capture_output=True, text=True, timeout=300)
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("{")]
    return r, (json.loads(lines[-1]) if lines else {})


def _database(data_dir: Path) -> Path:
    from creator.settings import StudioSettings

    url = StudioSettings(data_dir=data_dir).resolved_database_url
    assert url.startswith("sqlite:///"), url
    return Path(url.removeprefix("sqlite:///"))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cold")
    first, _ = _generate(tmp / "data", tmp / "first")  # a user's first command creates and migrates the database
    assert first.returncode == 0, first.stderr[-2000:]
    r, report = _generate(tmp / "data", tmp / "out")
    db = _database(tmp / "data")
    report["wal_left"] = Path(str(db) + "-wal").exists()  # before anything here opens the database
    report["db_exists"] = db.is_file()
    return tmp, r, report


def test_gan_generate_in_a_fresh_process_writes_a_verified_signed_file(run):
    from consent.registry import Registry
    from creator.settings import StudioSettings
    from creator.verify import verify

    tmp, r, _ = run
    assert r.returncode == 0, r.stderr[-2000:]
    path = Path(r.stdout.strip().removeprefix("OK: "))
    assert path.parent == tmp / "out" and path.is_file()
    settings = StudioSettings(data_dir=tmp / "data")
    with Registry.from_settings(settings) as registry:
        report = verify(path, settings=settings, registry=registry)
        assert report.ok and report.c2pa_state == "Trusted", report.reasons
        assert registry.find_output(watermark_payload=report.watermark_payload) is not None
        assert [e.kind for e in registry.audit_entries(kind="generation")]  # the run is in the signed log


def test_gan_generate_loads_nothing_of_the_other_paths(run):
    _, r, report = run
    assert r.returncode == 0, r.stderr[-2000:]
    loaded = set(report["modules"])
    assert "creator.studio" in loaded and "creator.disclosure._pipeline" in loaded  # the governed path ran
    wrongly = sorted(m for m in loaded for heavy in NOT_ON_GAN_PATH if m == heavy or m.startswith(heavy + "."))
    assert wrongly == []


def test_console_script_leaves_the_collector_frozen_at_exit(run):
    _, r, report = run
    assert r.returncode == 0, r.stderr[-2000:]
    assert report["frozen"] > 100_000  # torch and every module: the shutdown collections walk none of it


def test_the_database_is_closed_cleanly_when_the_command_ends(run):
    _, r, report = run
    assert r.returncode == 0, r.stderr[-2000:]
    # closing the last connection checkpoints SQLite's write-ahead log and removes it
    assert report["db_exists"] and report["wal_left"] is False


def test_creator_jobs_names_load_on_first_use():
    code = ("import sys, creator.jobs.store as s; before = 'creator.jobs.manager' in sys.modules\n"
            "import creator.jobs as j\n"
            "names = {n: getattr(j, n).__module__ if hasattr(getattr(j, n), '__module__') else 'x' for n in j.__all__}\n"
            "try:\n    j.NoSuchName\nexcept AttributeError as e:\n    err = str(e)\n"
            "print(before, sorted(set(names.values())), err)")
    r = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=str(ROOT)),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split(" ", 1)[0] == "False"
    assert "creator.jobs.manager" in r.stdout and "creator.jobs.queue" in r.stdout
    assert "has no attribute 'NoSuchName'" in r.stdout
