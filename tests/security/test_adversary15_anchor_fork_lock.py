"""Adversary 15: a process forked while the anchor writer thread holds the anchor's ``flock``
keeps that lock for its whole life, and every consent change of the parent then hangs.

``AuditKeys.advance_anchor`` takes ``flock(LOCK_EX)`` on ``keys/audit-anchor.lock`` through a
file it opens and closes each time. Since the anchor moved to a background thread (every
non-state commit: a denial, a failure, a job or security event), that lock is held off the
caller's thread at moments the caller does not see. A ``fork()`` (``multiprocessing``'s default
start method on Linux with Python 3.11, a pre-fork server, a batch script's worker pool) taken
while it is held gives the child a duplicate of the locked file description; ``flock`` locks
belong to the description, so the parent's ``close`` no longer releases it: the lock stays held
until the child exits. The child never closes it (the thread that opened it does not exist in
the child), so every later ``advance_anchor`` — every revocation, grant, generation, person
added, in the parent and in the child — blocks in ``flock``, without a timeout or a message.

The moment is made deterministic here by holding the writer thread inside the lock (its
``make_anchor`` waits for an event: only the timing is the test's; the lock, the fork and the
file descriptors are the real ones). Fix: take the cross-process lock with ``fcntl.lockf``
(POSIX record locks belong to the process and are not inherited by ``fork``) plus a
``threading.Lock`` for the threads of one process (record locks do not exclude them); or
close the lock descriptor in the child (``os.register_at_fork(after_in_child=...)``, the
descriptor kept where the hook can reach it).
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_a_fork_during_a_background_anchor_write_does_not_hang_the_parents_consent_changes(stub_world):
    w = stub_world
    reg = w.registry
    keys = reg._keys
    inside, release = threading.Event(), threading.Event()
    real = keys.make_anchor

    def held(*a, **k):  # the writer thread, inside advance_anchor's flock
        if threading.current_thread().name == "consent-audit-anchor" and not release.is_set():
            inside.set()
            release.wait(30)
        return real(*a, **k)

    keys.make_anchor = held
    reg.record_security_event("login_failed", {"user": "", "client": "203.0.113.9"})  # a non-state commit
    assert inside.wait(30), "the anchor writer thread did not start"
    pid = os.fork()
    if pid == 0:  # the child: a worker that lives on (it never touches the registry)
        time.sleep(60)
        os._exit(0)
    try:
        release.set()
        reg._anchor_writer.flush(30)
        done = threading.Event()

        def revoke_like_change():
            w.add_person("bob", "Bob Roe")  # a consent-state change: anchored before it returns
            done.set()

        t = threading.Thread(target=revoke_like_change, daemon=True)
        t.start()
        finished = done.wait(20)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        keys.make_anchor = real
    t.join(30)  # the child gone, the lock is free again
    assert finished, "adding a person hung in the anchor's flock while the forked child lived"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_the_anchor_lock_still_excludes_another_process(tmp_path):
    """The record lock still holds another process off while this one writes (the child here
    tries without blocking and reports whether it got the lock), and frees it when done."""
    import fcntl

    from consent.audit import _exclusive

    lock = tmp_path / "audit-anchor.lock"

    def child_can_lock() -> bool:
        r, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT)
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.write(wfd, b"1")
            except OSError:
                os.write(wfd, b"0")
            os._exit(0)
        os.close(wfd)
        got = os.read(r, 1)
        os.close(r)
        os.waitpid(pid, 0)
        return got == b"1"

    with _exclusive(lock):
        assert not child_can_lock(), "another process took the anchor lock while this one held it"
    assert child_can_lock(), "the anchor lock stayed held after the writer was done"
    with _exclusive(lock):  # and the lock is free again in this process too (no thread lock left held)
        pass
