"""Attacks on adapter binding: the registry binds adapter *bytes* (sha256) to a subject, so
renaming, copying, symlinking or swapping the file must never change who it depicts."""

from __future__ import annotations

import os

import pytest

from consent.errors import ConsentDenied


@pytest.fixture
def jane_adapter(stub_world, tmp_path):
    """A LoRA file bound to Jane, who has given no consent."""
    stub_world.add_person("jane", "Jane Doe")
    path = tmp_path / "adapters" / "jane-lora.safetensors"
    path.parent.mkdir()
    path.write_bytes(os.urandom(4096))
    stub_world.register_adapter(path, "jane")
    return path


def _denied(stub_world, adapter, match: str) -> None:
    studio = stub_world.studio()
    with pytest.raises(ConsentDenied, match=match):
        studio.generate(stub_world.request(prompt="a watercolour harbour", adapters=(str(adapter),)))
    assert stub_world.engine.calls == 0
    assert stub_world.output_files() == []
    last = stub_world.last_audit()
    assert last.kind == "decision" and last.payload["decision"]["allowed"] is False


def test_same_bytes_under_an_innocent_name_still_depict_the_subject(stub_world, jane_adapter, tmp_path):
    disguised = tmp_path / "watercolour-style-v3.safetensors"
    disguised.write_bytes(jane_adapter.read_bytes())
    _denied(stub_world, disguised, "subject 'jane' has no consent grant")


def test_symlink_to_a_bound_adapter_depicts_the_subject(stub_world, jane_adapter, tmp_path):
    link = tmp_path / "style.safetensors"
    link.symlink_to(jane_adapter)
    _denied(stub_world, link, "subject 'jane' has no consent grant")


def test_registered_path_with_different_bytes_is_an_unknown_likeness(stub_world, jane_adapter):
    # Jane has consented now; the file at her adapter's path is swapped for someone else's.
    stub_world.issue_grant("jane", "g-jane-1")
    jane_adapter.write_bytes(os.urandom(4096))
    _denied(stub_world, jane_adapter, r"unknown likeness at adapter sha256 [0-9a-f]{12}…: it matches no registered subject")


def test_missing_adapter_file_is_an_input_error_and_audits_nothing_allowed(stub_world, tmp_path):
    from creator.errors import InputError

    with pytest.raises(InputError, match="`adapters`: file .*nope.safetensors' does not exist"):
        stub_world.studio().generate(stub_world.request(prompt="a harbour", adapters=(str(tmp_path / "nope.safetensors"),)))
    assert stub_world.output_files() == []
    assert "generation" not in stub_world.audit_kinds()


def test_an_adapter_path_the_filesystem_cannot_take_is_an_input_error(stub_world, tmp_path):
    """A name longer than the filesystem allows raised a raw OSError out of ``Studio.generate``
    (red team s63 A's note); it is the same clear input error as a missing file."""
    from creator.errors import InputError

    too_long = str(tmp_path / ("a" * 300 + ".safetensors"))
    with pytest.raises(InputError, match=r"`adapters`: file 'a{80}' cannot be opened \(File name too long\)"):
        stub_world.studio().generate(stub_world.request(prompt="a harbour", adapters=(too_long,)))
    assert stub_world.output_files() == []
