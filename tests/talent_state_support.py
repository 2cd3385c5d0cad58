"""Several studio processes on one registry database, for the talent page's shared state.

A :class:`Process` is what one ``consent-studio serve`` holds: its own :class:`Registry`
(its own engine and connections) over the same database, its own ``TalentService`` and
FastAPI app. Closing one and opening another on the same file is a restart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import fastapi
import pytest
from fastapi.testclient import TestClient

from consent.audit import AuditKeys
from consent.drafts import Drafts
from consent.operations import Operations
from consent.registry import Registry
from creator.talent.app import TalentService, talent_app
from talent_me_support import ORIGIN, fields  # noqa: F401 (fields: for the tests that import it from here)

TALENT_TABLES = ("talent_sessions", "talent_challenges", "talent_attempts", "talent_seen_frames", "talent_enrollments")


class Mono:
    """A clock every process of a test shares (seconds), moved by hand."""

    def __init__(self) -> None:
        self.t = time.time()  # starts at wall time: a store on the default clock agrees

    def __call__(self) -> float:
        return self.t


@dataclass
class Process:
    reg: Registry
    ops: Operations
    drafts: Drafts
    svc: TalentService
    root: Any

    def client(self, cookies: dict[str, str] | None = None) -> TestClient:
        c = TestClient(self.root, base_url=ORIGIN + "/talent")
        for k, v in (cookies or {}).items():
            c.cookies.set(k, v)
        return c

    def close(self) -> None:
        self.reg.close()


def process(url: str, keys_dir, clock: Mono, **svc_kw: Any) -> Process:
    reg = Registry(url, audit_keys=AuditKeys.load_or_create(keys_dir))
    ops = Operations(reg)
    drafts = Drafts(ops)
    svc = TalentService(drafts, clock=clock, **svc_kw)
    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=svc))
    return Process(reg, ops, drafts, svc, root)


def dump_talent_tables(reg: Registry) -> str:
    """Every row of the talent tables as text (what someone reading the database sees)."""
    from sqlalchemy import text

    out = []
    with reg.engine.connect() as c:
        for t in TALENT_TABLES:
            out += [f"{t}: {tuple(r)}" for r in c.execute(text(f"SELECT * FROM {t}"))]
    return "\n".join(out)


def count_rows(reg: Registry, table: str) -> int:
    from sqlalchemy import text

    with reg.engine.connect() as c:
        return c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.fixture
def two(tmp_path):
    """Processes A and B on one database file (Jane Doe registered), their shared clock, and
    ``restart()`` opening another process on the same file; all closed at the end."""
    clock = Mono()
    url = f"sqlite:///{tmp_path / 'c.db'}"
    a = process(url, tmp_path / "keys", clock)
    a.ops.add_subject("jane", "Jane Doe")
    b = process(url, tmp_path / "keys", clock)
    opened = [a, b]

    def restart():
        p = process(url, tmp_path / "keys", clock)
        opened.append(p)
        return p

    yield a, b, clock, restart
    for p in opened:
        p.close()
