"""Red team 33: an approve-each-use approval covers an adapter by its path, not by what it is.

With an approve-each-use grant the person approves each request herself; the approval is keyed by
the request's digest (``GenerationRequest.digest``), and "a request that differs in any of these
is another request and waits for its own approval" (``for_the_person``). For input images the
digest holds their sha256; for adapters it holds ``list(self.adapters)`` — the **paths** — and the
person is shown their file names. So once she approved a request that loads
``…/jane-headshot.safetensors``, any other file put at that path (another LoRA bound to her — a
full-body one she never approved for this request — or a retrained one) runs under her approval:
same path, same digest, approved.
"""

from __future__ import annotations

import shutil

import pytest

from consent.approvals import Approvals
from consent.errors import ConsentDenied


def test_an_approval_does_not_cover_another_adapter_at_the_same_path(stub_world, tmp_path):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    approved = tmp_path / "adapters" / "jane-headshot.safetensors"
    approved.parent.mkdir()
    approved.write_bytes(b"LoRA trained on Jane's headshots " * 8)
    other = tmp_path / "jane-full-body.safetensors"
    other.write_bytes(b"LoRA trained on other pictures of Jane " * 8)
    w.register_adapter(approved, "jane")
    w.register_adapter(other, "jane")
    req = w.request(subjects=("jane",), adapters=(str(approved),), prompt="")
    with pytest.raises(ConsentDenied):
        w.studio().generate(req)  # waits for her approval
    (ap,) = Approvals(w.registry).list(subject_id="jane", status="pending")
    Approvals(w.registry).decide(ap.id, approve=True, by="talent:jane:self", subject_id="jane")

    shutil.copyfile(other, approved)  # the same path, another adapter of hers
    again = w.request(subjects=("jane",), adapters=(str(approved),), prompt="")
    with pytest.raises(ConsentDenied):  # another request: it waits for its own approval
        w.studio().generate(again)
    assert w.output_files() == []
