"""Session 57 red team: a FIFO or a device given where the CLI reads an input file.

``grant issue --key`` and ``subjects add --key`` (key files), ``grant issue --file`` and
``grant import`` (grant files), ``subjects enroll PHOTO`` and ``audit verify --checkpoint`` read
the file they were given as it was: a FIFO hung the command for ever, ``/dev/zero`` read until
memory ran out and printed a MemoryError traceback. Evidence files, model files, adapters and
``--source`` were already refused as "not a regular file". Every such read now goes through
:mod:`consent.input_files` (opened without waiting for a writer, checked on the open file to be a
regular file, read with a size cap), so each is one ``FAIL:`` line at once, exit 2.

Each case runs the CLI in its own process, as an operator does, under a memory cap and a timeout
(a hang or a run on memory fails the test instead of the machine).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

GRANT = ["--subject", "jane", "--grantee", "ACME Films", "--project", "Blue",
         "--description", "Reshoot of the harbour scenes for the film", "--purpose", "film_reshoot",
         "--operation", "likeness_generation", "--medium", "still_image", "--territory", "US",
         "--valid-until", "2030-01-01", "--evidence", "signed_release:" + "ab" * 32]


def _cli(world, *args, timeout=60, mem_gb=4):
    """The CLI in its own process against ``world``'s data dir, memory capped: (exit, stderr), or
    (None, why) when it hung."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}

    def cap():
        lim = mem_gb << 30
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))

    try:
        r = subprocess.run([sys.executable, "-c", "from creator.cli import main; main()",
                            "--data-dir", str(world.settings.data_dir), *map(str, args)],
                           capture_output=True, text=True, env=env, timeout=timeout, preexec_fn=cap, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None, "timed out (the command hung)"
    return r.returncode, r.stderr


def _private_key_file(world, sid: str, folder: Path) -> Path:
    from consent.signing import save_private_key

    folder.mkdir(parents=True, exist_ok=True)
    return save_private_key(world.keys[sid], folder / f"{sid}.key.pem")


CASES = {
    "issue-key-fifo": lambda fifo, priv: ["grant", "issue", *GRANT, "--key", fifo],
    "issue-key-devzero": lambda fifo, priv: ["grant", "issue", *GRANT, "--key", "/dev/zero"],
    "subject-key-fifo": lambda fifo, priv: ["subjects", "add", "--id", "nora", "--name", "Nora North", "--key", fifo],
    "subject-key-devzero": lambda fifo, priv: ["subjects", "add", "--id", "nora", "--name", "Nora North", "--key", "/dev/zero"],
    "grant-file-devzero": lambda fifo, priv: ["grant", "issue", "--file", "/dev/zero", "--key", priv],
    "grant-file-fifo": lambda fifo, priv: ["grant", "issue", "--file", fifo, "--key", priv],
    "import-fifo": lambda fifo, priv: ["grant", "import", fifo],
    "enroll-fifo": lambda fifo, priv: ["subjects", "enroll", "jane", fifo],
    "checkpoint-devzero": lambda fifo, priv: ["audit", "verify", "--checkpoint", "/dev/zero"],
    "checkpoint-fifo": lambda fifo, priv: ["audit", "verify", "--checkpoint", fifo],
    # (not in the red team's list: the same read, found beside it)
    "names-watch-devzero": lambda fifo, priv: ["names", "watch", "--file", "/dev/zero", "--reason", "agency roster"],
    "names-watch-fifo": lambda fifo, priv: ["names", "watch", "--file", fifo, "--reason", "agency roster"],
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_fifo_or_a_device_as_an_input_file_is_refused_at_once(stub_world, tmp_path, case):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    priv = _private_key_file(w, "jane", tmp_path / "k")
    fifo = tmp_path / "in.pem"
    os.mkfifo(fifo)
    rc, err = _cli(w, *CASES[case](fifo, priv))
    assert rc is not None, f"{case}: {err}"
    assert rc == 2, f"{case}: exit {rc}: {err[-800:]}"
    assert "Traceback" not in err and "MemoryError" not in err, err[-800:]
    last = err.strip().splitlines()[-1]
    assert last.startswith("FAIL: ") and "not a regular file" in last, last
    assert w.registry.list_grants() == []
    assert [s.id for s in w.registry.list_subjects()] == ["jane"]


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "too big"])
def test_the_shared_read_refuses_what_is_not_a_small_regular_file(tmp_path, kind):
    from consent.errors import RecordInvalid
    from consent.input_files import read_regular_file

    path = tmp_path / "x"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path.write_bytes(b"x" * 101)
    with pytest.raises(RecordInvalid, match="is not a regular file|the limit is 100 bytes"):
        read_regular_file(path, "the file", 100)
    (tmp_path / "ok").write_bytes(b"x" * 100)
    assert read_regular_file(tmp_path / "ok", "the file", 100) == b"x" * 100
