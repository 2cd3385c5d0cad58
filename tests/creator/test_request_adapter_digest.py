"""A request's digest (what an approve-each-use approval is keyed by) holds each adapter file's
sha256, read once per request (red team 33: another file at an approved path is another request)."""

from __future__ import annotations

import consent.operations as ops_module
from creator.request import GenerationRequest


def _req(**kw):
    return GenerationRequest(grantee="studio", purpose="art", territory="US", **kw)


def test_another_file_at_the_same_path_is_another_request(tmp_path):
    f = tmp_path / "jane.safetensors"
    f.write_bytes(b"one adapter " * 10)
    first = _req(adapters=(str(f),)).digest()
    f.write_bytes(b"another adapter " * 10)
    assert _req(adapters=(str(f),)).digest() != first


def test_requests_without_adapters_keep_their_recorded_digests():
    """The digest an adapter-less request had before adapter files were hashed into it."""
    import hashlib
    import json

    r = _req(prompt="a lighthouse", seed=1)
    d = {"engine": r.engine, "model": r.model, "mode": r.mode, "prompt": r.prompt, "negative_prompt": r.negative_prompt,
         "subjects": [], "adapters": [], "purpose": r.purpose, "operation": r.operation, "territory": r.territory,
         "media": r.media, "grantee": r.grantee, "project": r.project, "content_flags": [], "source": None, "mask": None,
         "references": [], "width": r.width, "height": r.height, "steps": r.steps, "guidance": r.guidance,
         "strength": r.strength, "seed": r.seed, "num_images": r.num_images}
    assert r.digest() == hashlib.sha256(json.dumps(d, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def test_each_adapter_is_read_once_per_request(tmp_path, monkeypatch):
    f = tmp_path / "jane.safetensors"
    f.write_bytes(b"adapter " * 10)
    reads = []
    real = ops_module.sha256_file
    monkeypatch.setattr(ops_module, "sha256_file", lambda p, **kw: reads.append(p) or real(p, **kw))
    first = real(f)
    r = _req(adapters=(str(f),))
    assert r.digest() == r.digest() and r.adapter_digests() == (first,)
    assert len(reads) == 1
    f.write_bytes(b"swapped " * 10)  # this request keeps its first answer; the engine loads only those bytes
    assert r.adapter_digests() == (first,) and len(reads) == 1


def test_the_studio_reads_each_adapter_once_for_the_scan_and_the_approval_key(stub_world, tmp_path, monkeypatch):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane")
    f = tmp_path / "jane.safetensors"
    f.write_bytes(b"LoRA of Jane " * 10)
    w.register_adapter(f, "jane")
    reads = []
    real = ops_module.sha256_file
    monkeypatch.setattr(ops_module, "sha256_file", lambda p, **kw: reads.append(p) or real(p, **kw))
    req = w.request(subjects=("jane",), adapters=(str(f),), prompt="")
    result = w.studio().generate(req)
    assert result.request_digest == req.digest()
    assert len(reads) == 1
