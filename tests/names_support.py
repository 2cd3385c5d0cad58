"""Helpers for the name detector's tests."""

from __future__ import annotations

import pytest


def withdrawn(prompt: str, what: str, adversary: int):
    """A clean prompt a relaxation let through until a red team (``adversary``) showed that the
    relaxation also let real people through: the relaxation was withdrawn, so the prompt is
    denied again — a false denial kept on purpose, a strict xfail that says which rule it lost."""
    return pytest.param(prompt, marks=pytest.mark.xfail(
        strict=True, reason=f"withdrawn after adversary {adversary}: {what}; fail closed (a false denial)"))
