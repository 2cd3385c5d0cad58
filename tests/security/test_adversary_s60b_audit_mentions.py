"""Red team s60b: ``audit list --mentions`` after commit 2d39502.

Commit 2d39502 caps each ``--mentions`` value at 500 characters (``Registry.audit_page``,
``MAX_MENTION_CHARS``) so that a long value is "an input error saying the id is too long (exit 2),
without the database's text" instead of ``FAIL: database error on sqlite:////…/consent.db: …``
(tests/security/test_adversary_s60_cli_numbers.py). Two other inputs of the same option still reach
SQLite and come back as its error, which README's CLI contract ("Exit codes: … 2 usage or input
error. Errors are one line (``FAIL: …``); ``--verbose`` shows tracebacks") rules out:

* how many values: each is one more ``AND … LIKE`` (or ``EXISTS``) term; 1,001 of them (a script
  passing every id of a list) exceed SQLite's expression depth, and the operator reads
  ``FAIL: database error on sqlite:////<data dir>/consent.db: Expression tree is too large
  (maximum depth 1000)``, exit 1;
* a value that is not text SQLite can store: an argument with a byte that is not UTF-8 (a Latin-1
  terminal, a pasted file name) arrives as a lone surrogate, and the command dies with a full
  ``UnicodeEncodeError`` traceback without ``--verbose`` (``--kind`` likewise).

Expected: an input error (exit 2), one line, no traceback and no database text or path.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from creator.cli import cli


def _run(tmp_path, *args):
    data = tmp_path / "data"
    return data, CliRunner().invoke(cli, ["--data-dir", str(data), "audit", "list", *args])


def test_a_thousand_and_one_mentions_is_an_input_error_not_the_databases(tmp_path):
    """Attack (a script): ``audit list`` with 1,001 ``--mentions`` values, each short.
    Expected: exit 2 saying how many values one search takes; no "database error", no path."""
    args = [a for i in range(1001) for a in ("--mentions", f"subject-{i:04d}")]
    data, r = _run(tmp_path, *args)
    assert "Traceback" not in r.output
    assert "database error" not in r.output and str(data) not in r.output, \
        f"1,001 --mentions values reached SQLite and came back as its error: {r.output[-300:]}"
    assert r.exit_code == 2, f"exit {r.exit_code}: {r.output[-300:]}"


@pytest.mark.parametrize("option", ["--mentions", "--kind"])
def test_a_value_that_is_not_utf8_is_an_input_error_not_a_traceback(tmp_path, option):
    """Attack (careless operator): a search value holding a byte that is not UTF-8 (the shell
    passes it; Python reads it as the lone surrogate U+DCFF). Expected: exit 2, one line."""
    _data, r = _run(tmp_path, option, "Ren\udcff")
    assert "Traceback" not in r.output, f"audit list {option} printed a traceback:\n{r.output[-600:]}"
    assert r.exit_code == 2, f"exit {r.exit_code}: {r.output[-300:]}"
