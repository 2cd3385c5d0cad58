"""`consent-studio … | head`: the reader going away is no failure of the command (a walkthrough,
session 65: "FAIL: Broken pipe" on stderr)."""

from __future__ import annotations

import os
import subprocess
import sys

_SCRIPT = """
import click, sys
from creator.cli import cli, main

@cli.command("flood")
def flood():
    for i in range(200000):
        click.echo(f"line {i} " + "x" * 60)

main(["flood"])
"""


def test_a_reader_that_stops_early_gets_no_failure_message(tmp_path):
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1"}
    p = subprocess.Popen([sys.executable, "-c", _SCRIPT], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert p.stdout.read(100).startswith(b"line 0")
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 141, err
    assert "Broken pipe" not in err and "Traceback" not in err, err
