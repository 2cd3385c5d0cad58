"""A persona enrolled before the studio kept the proof of its photos proves nothing (stop 31's leftover).

Since red team 33, enrollment takes a fictional persona's photos only as a trusted generator's
verified output, and a persona's adapter needs an enrolled template (the proof it is synthetic).
But a template enrolled *before* that check — any photo, a real person's included — counted as
proof all the same: enrollment stored no marker. The signed ``face_template_enrolled`` entry now
says ``synthetic`` when the photo was checked, and only such templates prove a persona synthetic:
at ``bind_adapter`` and at every decision (``Snapshot.proven_personas``).
"""

from __future__ import annotations

import numpy as np
import pytest
from studio_world import StubEngine

from consent.errors import ConsentDenied, RecordInvalid
from consent.likeness import MODEL_NAME
from consent.operations import sha256_file


def _lora(tmp_path):
    lora = tmp_path / "nova-lora.safetensors"
    lora.write_bytes(b"LoRA weights trained on whoever's pictures " * 8)
    return lora


def _enrolled_before_the_check(w):
    """Nova as a studio enrolled her before photos had to be proven synthetic: a template whose
    signed entry carries no proof (the registry's own call, as enrollment made it then)."""
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    w.registry.add_face_template("nova", np.ones(512, np.float32) / np.sqrt(512), "e" * 64, 120, 0.9, MODEL_NAME)
    assert w.registry.template_counts() == {"nova": 1} and w.registry.verify_audit().ok


def test_a_persona_enrolled_before_the_proof_was_kept_binds_no_adapter(stub_world, tmp_path):
    w = stub_world
    _enrolled_before_the_check(w)
    with pytest.raises(RecordInvalid, match="enrolled from photos not checked to be synthetic.*enroll it again"):
        w.ops.bind_adapter("nova", _lora(tmp_path), "lora")
    assert w.registry.list_adapters() == []


def test_its_adapter_bound_back_then_generates_nothing(stub_world, tmp_path):
    w = stub_world
    _enrolled_before_the_check(w)
    lora = _lora(tmp_path)
    w.registry.register_adapter(sha256_file(lora), "nova", lora.name, "lora")  # bound back then
    stub = StubEngine()
    studio = w.studio(stub)
    request = w.request(adapters=(str(lora),), prompt="")
    assert any("persona 'nova' has no proven-synthetic enrolled photo" in r for r in studio.check(request).creator_reasons())
    with pytest.raises(ConsentDenied, match="has no proven-synthetic enrolled photo"):
        studio.generate(request)
    assert stub.calls == 0 and w.output_files() == []


def test_a_template_whose_entry_says_synthetic_proves_the_persona(stub_world, tmp_path):
    w = stub_world
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    w.registry.add_face_template("nova", np.ones(512, np.float32) / np.sqrt(512), "e" * 64, 120, 0.9, MODEL_NAME,
                                 synthetic=True)
    (entry,) = w.registry.audit_entries(kind="face_template_enrolled")
    assert entry.payload["synthetic"] is True
    assert w.registry.proven_personas(["nova"]) == frozenset({"nova"})
    w.ops.bind_adapter("nova", _lora(tmp_path), "lora")
    assert [a.subject_id for a in w.registry.list_adapters()] == ["nova"]
