"""Red team 33: a fictional persona carries anyone's likeness without a grant — by adapter or by name.

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

The same holds for a persona's **name**: ``add_subject(kind="fictional_persona")`` takes any display
name and aliases, and a registered name in the prompt resolves to that subject before the
famous-name rule can deny it. A persona called "Taylor Swift" (or "Nova Vex" with the alias
"Barack Obama") makes "portrait of Taylor Swift on stage" a likeness of a persona: allowed, no
grant, no photo — the prompt check that denies every other real person's name is switched off for
that name by one operator form.
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


@pytest.mark.parametrize("display_name, aliases, prompt", [
    ("Taylor Swift", (), "portrait of Taylor Swift on stage"),
    ("Nova Vex", ("Barack Obama",), "Barack Obama giving a speech"),
], ids=["display-name", "alias"])
@pytest.mark.xfail(strict=True, reason="red team 33: a fictional persona may be named (or aliased) as a famous real "
                                       "person; the prompt's name then resolves to the persona and needs no grant")
def test_a_persona_named_like_a_real_person_does_not_launder_the_name(stub_world, display_name, aliases, prompt):
    w = stub_world
    try:
        w.ops.add_subject("persona1", display_name, kind="fictional_persona", aliases=aliases)
    except ConsentError:
        return  # refusing a famous person's name for a persona is a right answer
    with pytest.raises(ConsentError):
        w.studio().generate(w.request(prompt=prompt))
    assert w.output_files() == []
