"""A proof of consent exported through the CLI, and `proof check` run where there is no studio
(tests/creator/test_proof.py, tests/security/test_adversary_s65b.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from creator.cli import cli
from creator.cli._common import CliState


@pytest.fixture
def proof(stub_world, tmp_path):
    """An output made under Jane's grant, the grant revoked since, and its proof: (world, output, doc)."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    stored = w.issue_grant("jane", "g-jane-1")
    out = w.studio().generate(w.request(prompt="a harbour at dawn", subjects=("jane",))).outputs[0]
    w.ops.revoke_grant(stored.id, "actor withdrew consent", "legal@acme")
    path = tmp_path / "proof.json"
    r = CliRunner().invoke(cli, ["proof", "export", str(out.path), "--out", str(path)], obj=CliState(settings=w.settings))
    assert r.exit_code == 0, r.output
    assert "consent when made: yes, now: not in force" in r.output
    return w, out, json.loads(path.read_text())


def check_cli(tmp_path, doc, *files):
    """`proof check` of ``doc`` (a document, or its text) on a machine with no studio: another data
    dir, which stays empty."""
    p = tmp_path / "given.json"
    p.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "nowhere"), "proof", "check", str(p), *map(str, files)])
