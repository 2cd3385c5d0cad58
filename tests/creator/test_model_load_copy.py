"""A registered model loads from a private copy hashed while it is copied (consent.model_files)."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import time

import pytest

from consent.model_files import copy_model, model_digest, remove_copy
from creator.errors import GenerationError


def _documented_digest(folder, skip=(".git", "__pycache__")) -> str:
    """The registered digest as documented: sorted ``relative name\\0sha256(file)\\n`` lines."""
    lines = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.is_file() and not set(rel.parts[:-1]) & set(skip):
            lines.append(f"{rel.as_posix()}\0{hashlib.sha256(p.read_bytes()).hexdigest()}\n")
    return hashlib.sha256("".join(sorted(lines)).encode()).hexdigest()


def test_models_registered_before_keep_their_digest_and_the_copy_holds_only_what_it_covers(tiny_models, tmp_path):
    folder = tmp_path / "sd"
    shutil.copytree(tiny_models.sd, folder)
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "unet" / "__pycache__").mkdir()
    (folder / "unet" / "__pycache__" / "x.pyc").write_bytes(b"\0" * 16)
    want = _documented_digest(folder)
    assert model_digest(folder).sha256 == want
    copy = copy_model(folder, None, tmp_path / "loads")
    try:
        assert copy.digest.sha256 == want and copy.path.name == "sd"
        assert model_digest(copy.path).sha256 == want  # the copy holds exactly the covered bytes …
        assert not list(copy.path.rglob(".git")) and not list(copy.path.rglob("__pycache__"))  # … and nothing else
        assert oct(copy.root.stat().st_mode & 0o777) == "0o700"
        assert {oct(p.stat().st_mode & 0o777) for p in copy.path.rglob("*") if p.is_file()} == {"0o400"}
    finally:
        remove_copy(copy)
    assert list((tmp_path / "loads").iterdir()) == []


def test_a_full_data_disk_says_so_without_a_path_and_leaves_nothing(engine_world, tiny_models, monkeypatch):
    import consent.model_files as model_files

    def no_space(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    w = engine_world
    model = w.register_model("tiny-sd", tiny_models.sd)
    monkeypatch.setattr(model_files, "_write_all", no_space)
    studio = w.studio()
    request = w.request(engine="diffusion", model=model, prompt="a lighthouse at dusk", steps=2)
    with pytest.raises(GenerationError, match="could not copy it for loading .No space left on device.*free space") as e:
        studio.generate(request)
    assert "/" not in str(e.value)  # no server path
    assert list(w.settings.model_loads_dir.iterdir()) == []
    monkeypatch.undo()  # room again: the same studio loads it
    assert len(studio.generate(request).outputs) == 1


def test_a_load_folder_left_by_a_crash_goes_at_the_next_load_and_a_live_one_stays(tiny_models, tmp_path):
    """Each load holds an flock on ``<folder>/.lock``: the next load removes every folder whose lock
    is free (a crashed load's, at any age) and keeps one whose lock is held (a load in progress,
    here held through another open of the file, as another process or thread would); a folder
    with no lock file yet (being created) stays for a minute."""
    import fcntl

    loads = tmp_path / "loads"
    crashed, running, creating, old_empty = (loads / n for n in ("load-crashed", "load-running", "load-creating",
                                                                 "load-old-empty"))
    for d in (crashed, running, creating, old_empty):
        d.mkdir(parents=True)
    for d in (crashed, running):
        (d / ".lock").write_bytes(b"")
        (d / "w.safetensors").write_bytes(b"x" * 1024)
    two_minutes = time.time() - 120
    os.utime(old_empty, (two_minutes, two_minutes))
    held = os.open(running / ".lock", os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        remove_copy(copy_model(tiny_models.sd, None, loads))
        assert sorted(p.name for p in loads.iterdir()) == ["load-creating", "load-running"]
    finally:
        os.close(held)
    remove_copy(copy_model(tiny_models.sd, None, loads))  # its load ended without removing it: now it goes
    assert sorted(p.name for p in loads.iterdir()) == ["load-creating"]


def test_two_processes_loading_at_once_keep_each_others_copy(tiny_models, tmp_path):
    import subprocess
    import sys
    import textwrap

    loads = tmp_path / "loads"
    other = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from consent.model_files import copy_model, remove_copy, model_digest
        copy = copy_model({str(tiny_models.sd)!r}, None, {str(loads)!r})
        print(copy.root, flush=True)
        sys.stdin.readline()  # still loading while the parent loads
        assert model_digest(copy.path).sha256 == copy.digest.sha256, "its copy changed under it"
        remove_copy(copy)
        print("ok", flush=True)
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        theirs = other.stdout.readline().strip()
        assert theirs.startswith(str(loads))
        mine = copy_model(tiny_models.sd, None, loads)
        try:
            assert sorted(str(p) for p in loads.iterdir()) == sorted([theirs, str(mine.root)])
        finally:
            remove_copy(mine)
        out, _ = other.communicate("go\n", timeout=120)
        assert other.returncode == 0 and out.strip() == "ok"
    finally:
        if other.poll() is None:
            other.kill()
    assert list(loads.iterdir()) == []
