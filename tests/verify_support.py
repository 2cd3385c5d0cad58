"""Helpers for tests that read a verification report."""

from __future__ import annotations


def problems(report) -> list[str]:
    """The report's reasons other than "the registry was not consulted" (the unsafe mode's
    own reason): what the signature and metadata layers found wrong."""
    return [r for r in report.reasons if not r.startswith("UNSAFE mode:")]
