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


@pytest.mark.xfail(strict=True, reason="red team 33: bind_adapter binds any file to a fictional persona (one with no "
                                       "enrollment photo, no proof of anything), and its likeness then needs no grant")
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

