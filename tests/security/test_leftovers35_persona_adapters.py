"""Leftovers of red team 33: a persona's adapter is judged when it is used, not only when it is bound.

``Operations.bind_adapter`` refuses to bind an adapter to a fictional persona that has no enrolled
photo (enrollment takes a persona's photos only as a trusted generator's verified output). But a
binding made before that rule (the registry's own ``register_adapter``, signed in the log, as
``bind_adapter`` did then), or a persona whose enrolled templates are gone from the database, still
reached ``decide`` as "a fictional persona: no grant needed" — and the adapter, trained on anyone's
pictures, generated with no consent of anyone's. The decision now asks the registry snapshot whether
the persona holds an enrolled template the signed log vouches for; without one, the request is denied
before any model runs, with the reason and what to do.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from consent.errors import ConsentDenied, ConsentError
from consent.operations import sha256_file
from consent.policy import DecisionContext, Snapshot, decide
from consent.records import Subject
from consent.types import Likeness, LikenessSource
from studio_world import StubEngine

UNPROVEN = "persona 'nova' has no proven-synthetic enrolled photo.*enroll one of this studio's outputs"


def _lora(tmp_path, name="nova-lora.safetensors"):
    lora = tmp_path / name
    lora.write_bytes(b"LoRA weights trained on whoever's pictures " * 8)
    return lora


def _proven_persona(w, gan_engine):
    """Nova Vex, enrolled from this studio's own GAN output (a verified synthetic image)."""
    out = w.studio(gan=lambda req: gan_engine).generate(w.request(purpose="art", seed=3, width=512, height=512)).outputs[0]
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    w.ops.enroll("nova", [out.path])
    return len(w.output_files())


def test_an_adapter_bound_to_a_persona_before_the_rule_generates_nothing(engine_world, tmp_path):
    w = engine_world
    lora = _lora(tmp_path)
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")  # no photo: nothing proves it synthetic
    # bound as bind_adapter bound it before red team 33: by the registry itself, signed in the audit log
    w.registry.register_adapter(sha256_file(lora), "nova", lora.name, "lora")
    assert w.registry.verify_audit().ok
    stub = StubEngine()
    studio = w.studio(stub)
    request = w.request(adapters=(str(lora),), prompt="")

    decision = studio.check(request)
    assert not decision.allowed
    assert any("persona 'nova' has no proven-synthetic enrolled photo" in r for r in decision.creator_reasons())
    with pytest.raises(ConsentDenied, match=UNPROVEN):
        studio.generate(request)
    assert stub.calls == 0 and w.output_files() == []


def test_a_persona_whose_enrolled_templates_were_deleted_loses_its_adapter(engine_world, gan_engine, tmp_path):
    w = engine_world
    before = _proven_persona(w, gan_engine)
    lora = _lora(tmp_path)
    w.ops.bind_adapter("nova", lora, "lora")
    with w.registry.engine.begin() as conn:  # the database editor removes what proved the persona synthetic
        assert conn.execute(text("DELETE FROM face_templates WHERE subject_id = 'nova'")).rowcount >= 1
    stub = StubEngine()
    with pytest.raises(ConsentError):
        w.studio(stub).generate(w.request(adapters=(str(lora),), prompt=""))
    assert stub.calls == 0, "the adapter reached the model"
    assert len(w.output_files()) == before


def test_a_proven_persona_still_generates_with_its_adapter(engine_world, gan_engine, tmp_path):
    w = engine_world
    before = _proven_persona(w, gan_engine)
    lora = _lora(tmp_path)
    assert w.ops.bind_adapter("nova", lora, "lora").subject_id == "nova"
    stub = StubEngine()
    result = w.studio(stub).generate(w.request(adapters=(str(lora),), prompt=""))
    assert result.decision.allowed and result.decision.fictional_personas == ("nova",)
    assert result.decision.grants_used == () and stub.calls == 1
    (out,) = result.outputs
    assert out.path.is_file() and len(w.output_files()) > before


@pytest.mark.parametrize("source, proven, allowed", [
    (LikenessSource.ADAPTER, False, False),
    (LikenessSource.ADAPTER, True, True),
    (LikenessSource.DECLARED, False, True),  # a persona's id or name alone carries no trained face
], ids=["adapter-unproven", "adapter-proven", "declared-unproven"])
def test_decide_reads_the_proof_from_the_snapshot(source, proven, allowed):
    nova = Subject.from_dict({"id": "nova", "display_name": "Nova Vex", "kind": "fictional_persona"})
    snap = Snapshot(subjects={"nova": nova}, grants={}, proven_personas={"nova"} if proven else ())
    ctx = DecisionContext(grantee="ACME Films", purpose="art", operation="likeness_generation", media="still_image",
                          territory="US")
    d = decide([Likeness(source, "nova", text="nova-lora.safetensors")], ctx, snap, datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert d.allowed is allowed and d.grants_used == ()
    assert d.reasons() == ([] if allowed else [
        "persona 'nova' has no proven-synthetic enrolled photo, so nothing shows its adapter carries an invented face "
        "rather than a real person's; enroll one of this studio's outputs (a verified synthetic image) as 'nova' "
        "before using its adapter"])
