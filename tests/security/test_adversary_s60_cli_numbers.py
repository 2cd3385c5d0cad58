"""Red team s60: CLI number options without a range reach SQLite as integers it cannot hold.

README: "Exit codes: 0 OK, 1 denied or a failed check, 2 usage or input error. Errors are one line
(``FAIL: …``); ``--verbose`` shows tracebacks." ``audit list --before`` (``creator/cli/audit.py``,
``type=int``) and ``jobs list --limit`` (``creator/cli/jobs.py``, ``type=int``) take any integer;
one past SQLite's 64-bit range (a paste error, a page cursor from another tool) goes into the
query and the command dies with ``OverflowError: Python int too large to convert to SQLite
INTEGER``, printed as a full traceback without ``--verbose``, exit 1 ("the studio hit an internal
error"). ``--limit`` of ``audit list`` is a ``click.IntRange`` and answers with a usage error.

Expected: a usage/input error (exit 2), one line, no traceback.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from creator.cli import cli

HUGE = str(2**64)


@pytest.mark.parametrize("args", [("audit", "list", "--before", HUGE), ("jobs", "list", "--limit", HUGE),
                                  ("jobs", "list", "--limit", "-1"), ("audit", "list", "--before", "-1")],
                         ids=["audit-before", "jobs-limit", "jobs-limit-negative", "audit-before-negative"])
def test_a_number_past_64_bits_is_a_usage_error_not_a_traceback(tmp_path, args):
    """Attack (careless operator): a 20-digit number in a paging option.
    Expected: exit 2 with one line naming the option, no traceback."""
    r = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), *args])
    assert "Traceback" not in r.output, f"{' '.join(args[:3])} printed a traceback:\n{r.output[-800:]}"
    assert r.exit_code == 2, f"{' '.join(args[:3])} exited {r.exit_code}: {r.output[-400:]}"


def test_a_very_long_mentions_filter_is_refused_in_plain_words(tmp_path):
    """Attack (careless operator, or a script pasting a blob): ``audit list --mentions`` with a
    60,000-character id. The id goes into a LIKE pattern for the slower full scan, and SQLite
    answers ``LIKE or GLOB pattern too complex``, shown as ``FAIL: database error on
    sqlite:////…/consent.db: LIKE or GLOB pattern too complex`` (the database's words and its server
    path). Expected: an input error saying the id is too long (exit 2), without the database's text."""
    data = tmp_path / "data"
    r = CliRunner().invoke(cli, ["--data-dir", str(data), "audit", "list", "--mentions", "x" * 60_000])
    assert "Traceback" not in r.output
    assert "database error" not in r.output and str(data) not in r.output, \
        f"a long --mentions value reached the database and came back as its error: {r.output[-300:]}"
    assert r.exit_code == 2, f"exit {r.exit_code}: {r.output[-300:]}"
