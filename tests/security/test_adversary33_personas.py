"""Red team 33: an adapter bound to a fictional persona carries anyone's likeness without a grant.

A persona needs no grant, so the studio makes a persona prove it is synthetic: every enrollment
photo must be a trusted generator's output, and a face matching an enrolled real person is
refused (``Operations._check_persona_photos`` / ``_refuse_real_lookalikes``; docs/ARCHITECTURE.md,
threat table, "operator error … cannot enroll a real person as a fictional persona"). Those checks
guard **photos** only. A persona can be added with no photo at all, and
``Operations.bind_adapter`` binds any LoRA or embedding file to it with no check; a request that
loads that adapter is then a likeness of the persona — allowed with no grant (``decide``: a
persona needs none) — while the adapter may have been trained on a real person's pictures. Her
name is never typed (the adapter's trigger word does the work), and the output scan only blocks
faces of *enrolled* people, so a celebrity's LoRA bound to "Nova Vex" makes pictures of the
celebrity under no consent at all.

(A persona's *name* does the same: tests/security/test_adversary33_names.py.)
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError


def test_an_adapter_bound_to_an_unproven_persona_generates_nothing_without_consent(stub_world, tmp_path):
    w = stub_world
    lora = tmp_path / "celebrity-lora.safetensors"  # trained on anyone's pictures: the studio cannot tell
    lora.write_bytes(b"LoRA weights of a real person's face " * 8)
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")  # no photo, so nothing was proven
    try:
        w.ops.bind_adapter("nova", lora, "lora")
    except ConsentError:
        return  # refusing to bind an unproven adapter to a persona is a right answer
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(adapters=(str(lora),), prompt=""))  # the trigger word could be anything
    assert w.output_files() == []



def test_an_unproven_persona_is_refused_with_the_reason_and_a_proven_one_binds(engine_world, gan_engine, tmp_path):
    """(Fixer's addition) The refusal names the persona and what proves it; once the persona is
    enrolled from this studio's own output (a verified synthetic image), the adapter binds."""
    w = engine_world
    lora = tmp_path / "nova-lora.safetensors"
    lora.write_bytes(b"LoRA weights of an invented face " * 8)
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    with pytest.raises(ConsentError, match="fictional persona 'nova' has no enrolled photo.*Enroll the persona"):
        w.ops.bind_adapter("nova", lora, "lora")
    assert w.registry.list_adapters() == []
    out = w.studio(gan=lambda req: gan_engine).generate(
        w.request(purpose="art", seed=3, width=512, height=512)).outputs[0]
    w.ops.enroll("nova", [out.path])
    assert w.ops.bind_adapter("nova", lora, "lora").subject_id == "nova"
