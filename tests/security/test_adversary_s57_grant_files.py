"""Session 57 red team: grant files that name a field twice, or nest thousands of levels deep.

- A grant file (JSON or YAML) naming a field twice was read as its LAST value, silently: the file
  an operator (or the person) reviewed said valid until 2027, the signed grant said 2099. Now
  ``grant issue --file`` (and ``grant draft --file``, ``grant import``: one parser,
  :func:`consent.input_files.parse_record_text`) refuses it: "field 'valid_until' is given twice",
  exit 2, nothing stored.
- A grant file nested thousands deep crashed the parser with a RecursionError ("internal error"
  and a traceback, exit 1); so did an audit checkpoint (``audit verify --checkpoint``) nested 3000
  deep (6 KB, under its size check). Both are one clear ``FAIL:`` line now.
"""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from creator.cli import cli


def _run(world, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(world.settings.data_dir), *map(str, args)])


def _key(world, sid, folder):
    from consent.signing import save_private_key

    folder.mkdir(parents=True, exist_ok=True)
    return save_private_key(world.keys[sid], folder / f"{sid}.key.pem")


def _fields(world, sid):
    f = world.grant_fields(sid, "g-file")
    f.pop("valid_from")
    f["valid_until"] = "2027-01-01T00:00:00Z"
    return json.loads(json.dumps(f, default=str))


def _one_clear_line(output):
    assert "Traceback" not in output and "internal error" not in output, output[-2000:]
    assert any(line.startswith("FAIL: ") for line in output.splitlines()), output[-2000:]


def _audit_intact(world):
    r = _run(world, "audit", "verify")
    assert r.exit_code == 0 and "audit chain intact" in r.output, r.output


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("command", ["issue", "draft"])
def test_a_grant_file_naming_a_field_twice_is_refused(stub_world, tmp_path, fmt, command):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    fields = _fields(w, "jane")
    if fmt == "json":
        text = json.dumps(fields)[:-1] + ', "valid_until": "2099-01-01T00:00:00Z"}'
    else:
        text = yaml.safe_dump(fields, sort_keys=False) + "valid_until: '2099-01-01T00:00:00Z'\n"
    f = tmp_path / f"grant.{fmt}"
    f.write_text(text)
    extra = ["--key", _key(w, "jane", tmp_path / "k")] if command == "issue" else []
    r = _run(w, "grant", command, "--file", f, *extra)
    assert r.exit_code == 2, r.output[-800:]
    _one_clear_line(r.output)
    assert "field 'valid_until' is given twice" in r.output, r.output
    assert w.registry.list_grants() == []
    _audit_intact(w)


def test_a_nested_mapping_naming_a_key_twice_is_refused_and_distinct_keys_pass(tmp_path):
    from consent.errors import RecordInvalid
    from consent.input_files import parse_record_text

    with pytest.raises(RecordInvalid, match="field 'kind' is given twice"):
        parse_record_text('{"evidence": [{"kind": "a", "kind": "b"}]}', "JSON", "grant file g.json", "expected grant fields")
    with pytest.raises(RecordInvalid, match=r"field 'kind' is given twice \(line 3\)"):
        parse_record_text("evidence:\n  - kind: a\n    kind: b\n", "YAML", "grant file g.yaml", "expected grant fields")
    assert parse_record_text("a: 1\nb: {a: 2}\n", "YAML", "g", "x") == {"a": 1, "b": {"a": 2}}
    assert parse_record_text('{"a": 1, "b": {"a": 2}}', "JSON", "g", "x") == {"a": 1, "b": {"a": 2}}


def test_a_grant_import_naming_a_field_twice_is_refused(stub_world, tmp_path):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    stored = w.issue_grant("jane", "g-elsewhere")
    doc = stored.signed.model_dump(mode="json")
    text = json.dumps(doc)[:-1] + ', "signatures": []}'
    f = tmp_path / "signed.json"
    f.write_text(text)
    before = [g.id for g in w.registry.list_grants()]
    r = _run(w, "grant", "import", f)
    assert r.exit_code == 2, r.output[-800:]
    assert "field 'signatures' is given twice" in r.output, r.output
    assert [g.id for g in w.registry.list_grants()] == before


NESTED = {
    "grant.json": '{"subject_id": "jane", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "grant.yaml": "subject_id: jane\nx: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "checkpoint.json": '{"seq": ' + "[" * 3000 + "]" * 3000 + "}",
}


@pytest.mark.parametrize("name", list(NESTED))
def test_a_deeply_nested_file_is_a_clear_error(stub_world, tmp_path, name):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    f = tmp_path / name
    f.write_text(NESTED[name])
    if name.startswith("grant"):
        r = _run(w, "grant", "issue", "--file", f, "--key", _key(w, "jane", tmp_path / "k"))
        assert r.exit_code == 2, r.output[-800:]
        assert "grant file" in r.output and "nested too deep" in r.output, r.output[-800:]
    else:
        r = _run(w, "audit", "verify", "--checkpoint", f)
        assert r.exit_code != 0
        assert "checkpoint" in r.output and "nested too deep" in r.output, r.output[-800:]
    _one_clear_line(r.output)
    assert w.registry.list_grants() == []
    _audit_intact(w)
