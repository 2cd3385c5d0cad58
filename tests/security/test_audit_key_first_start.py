"""The audit key on a fresh install, made by several processes at once (the UI and the job
service started together): each must get the same whole key, none a "not a PEM private key"
error from reading the file another process has created but not yet written (found while chasing
a bench fixture's false alarm, stop 33)."""

from __future__ import annotations

import multiprocessing as mp
import time

from consent.audit import AuditKeys
from consent.errors import ConsentError


def _open(keys_dir: str, start: float) -> str:
    while time.time() < start:  # every process begins at the same moment
        pass
    try:
        keys = AuditKeys.load_or_create(keys_dir)
        return keys.key_id + " " + (keys.keys_dir / AuditKeys.PUB_FILE).read_text(encoding="ascii")
    except ConsentError as e:
        return "ERR " + str(e)


def test_first_start_from_many_processes_at_once_gives_everyone_the_same_audit_key(tmp_path):
    ctx = mp.get_context("fork")
    with ctx.Pool(8) as pool:
        for trial in range(60):
            keys_dir = str(tmp_path / f"t{trial}" / "keys")
            got = pool.starmap(_open, [(keys_dir, time.time() + 0.05)] * 8)
            assert len(set(got)) == 1 and not got[0].startswith("ERR"), (trial, sorted(set(got)))
            assert "BEGIN PUBLIC KEY" in got[0] and got[0].rstrip().endswith("-----END PUBLIC KEY-----")
