"""Attacks on the decision → record path: recording what was never allowed, a revocation
that lands while the model runs, and two processes racing for the last use of a grant."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timezone

import pytest

from consent.errors import ConsentDenied
from consent.policy import DecisionContext, Snapshot, decide
from consent.registry import OutputRecord
from consent.types import Likeness, LikenessSource


def _ctx() -> DecisionContext:
    return DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                           media="still_image", territory="US")


def test_denied_decision_cannot_be_recorded_as_a_generation(stub_world):
    stub_world.add_person("jane", "Jane Doe")  # no grant
    now = datetime.now(timezone.utc)
    lk = [Likeness(LikenessSource.DECLARED, "jane", text="jane")]
    denied = decide(lk, _ctx(), stub_world.registry.snapshot(["jane"], now), now)
    assert denied.allowed is False
    before = len(stub_world.registry.audit_entries())
    with pytest.raises(ConsentDenied, match="a denied decision cannot be recorded as a generation: subject 'jane' has no consent grant"):
        stub_world.registry.record_generation(denied, [OutputRecord(sha256="0" * 64, path="/tmp/x.png", format="png")])
    assert len(stub_world.registry.audit_entries()) == before
    assert stub_world.registry.find_output(sha256="0" * 64) is None


def test_unknown_likeness_is_never_allowed_even_with_an_empty_snapshot():
    now = datetime.now(timezone.utc)
    d = decide([Likeness(LikenessSource.PROMPT_NAME, None, text="Tom Hanks", span=(0, 9))], _ctx(), Snapshot({}, {}), now)
    with pytest.raises(ConsentDenied, match="unknown likeness at"):
        d.require()


class _RevokingEngine:
    """A model that takes a while — long enough for the actor's revocation to arrive."""

    name, model_id, model_version = "stub", "stub-engine", "0.0.1"

    def __init__(self, registry, grant_id: str, image):
        self.registry, self.grant_id, self.image, self.calls = registry, grant_id, image, 0

    def generate(self, call, progress=None):
        self.calls += 1
        self.registry.revoke_grant(self.grant_id, "actor withdrew consent mid-shoot", "legal desk")
        return [self.image.copy() for _ in range(call.num_images)]


def test_revocation_while_generating_stops_publication(stub_world):
    from PIL import Image

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    engine = _RevokingEngine(stub_world.registry, "g-jane-1", Image.effect_noise((256, 256), 90).convert("RGB"))
    studio = stub_world.studio(engine)
    with pytest.raises(ConsentDenied, match="grant g-jane-1: revoked at .* before the outputs were recorded"):
        studio.generate(stub_world.request(prompt="a harbour at dawn", subjects=("jane",)))
    assert engine.calls == 1
    assert stub_world.output_files() == []
    last = stub_world.last_audit()
    assert last.kind == "failure" and last.payload["stage"] == "record"
    assert stub_world.registry.get_grant("g-jane-1").usage == 0


_RACER = textwrap.dedent(
    """
    import os, sys, time
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch; torch.set_num_threads(1)
    from studio_world import StubEngine, noise
    from consent.errors import ConsentDenied
    from creator.request import GenerationRequest
    from creator.settings import StudioSettings
    from creator.studio import Studio

    class Slow(StubEngine):
        def generate(self, call, progress=None):
            time.sleep(1.5)  # both racers decide before either records
            return super().generate(call, progress)

    settings = StudioSettings(data_dir={data!r})
    studio = Studio(settings, engines={{"gan": lambda req: Slow(images=[noise()])}})
    req = GenerationRequest(grantee="ACME Films", purpose="film_reshoot", territory="US", width=256, height=256,
                            subjects=("jane",), prompt="a harbour at dawn", project="Blue (2026)")
    open(sys.argv[1] + ".ready", "w").close()
    while not os.path.exists({go!r}):
        time.sleep(0.01)
    try:
        studio.generate(req)
        print("OK")
    except ConsentDenied as e:
        print("DENIED:", e)
    """
)


@pytest.mark.slow
def test_usage_cap_raced_by_two_processes_records_one_output(stub_world, tmp_path):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1", usage_cap=1)
    stub_world.studio().generate(stub_world.request(prompt="a lighthouse"))  # creates the local CA once
    go = tmp_path / "go"
    script = tmp_path / "racer.py"
    script.write_text(_RACER.format(data=str(stub_world.settings.data_dir), go=str(go)))
    tests_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # the project (installed) and tests/ (for studio_world), as pytest's pythonpath sets them
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "PYTHONPATH": os.pathsep.join([os.path.dirname(tests_dir), tests_dir])}
    procs = [subprocess.Popen([sys.executable, str(script), str(tmp_path / f"r{i}")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for i in range(2)]
    deadline = time.monotonic() + 90
    while not all((tmp_path / f"r{i}.ready").exists() for i in range(2)):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        time.sleep(0.05)
    go.touch()
    outs = [p.communicate(timeout=90) for p in procs]
    lines = sorted(o.strip().splitlines()[-1] if o.strip() else f"<no output> {e[-2000:]}" for o, e in outs)
    assert lines[0].startswith("DENIED: grant g-jane-1: usage 1 + 1 outputs would exceed cap 1"), lines
    assert lines[1] == "OK", lines
    assert stub_world.registry.get_grant("g-jane-1").usage == 1
    generations = [e for e in stub_world.registry.audit_entries(kind="generation") if e.payload["decision"]["subjects"]]
    assert len(generations) == 1
    assert len([p for p in stub_world.output_files() if p.suffix == ".png"]) == 2  # the warm-up + one racer
    assert stub_world.registry.verify_audit().ok


# ----------------------------------------------------------------------------- forged grants
def _forged(stub_world, how: str):
    """A grant for Jane signed by a stranger's key, disguised as Jane's signature."""
    import base64

    from consent.records import ConsentGrant, SignedGrant
    from consent.signing import add_signature, generate_key, public_key_b64

    stub_world.add_person("jane", "Jane Doe")
    stranger = generate_key()
    grant = ConsentGrant(**stub_world.grant_fields("jane", "g-forged"))
    signed = add_signature(grant, stranger, "self")
    (sig,) = signed.signatures
    jane_key = stub_world.keys["jane"]
    jane_kid = stub_world.registry.get_subject("jane").key_ids[0]
    if how == "claims-jane-key-id":  # stranger's signature labelled with Jane's key id
        sig = sig.model_copy(update={"key_id": jane_kid})
    elif how == "carries-jane-public-key":  # Jane's public key, stranger's signature bytes
        sig = sig.model_copy(update={"key_id": jane_kid, "public_key": public_key_b64(jane_key.public_key())})
    assert base64.b64decode(sig.signature)
    return SignedGrant.model_construct(grant=grant, signatures=(sig,))


@pytest.mark.parametrize("how, match", [
    ("stranger-key", "is not from a registered key"),
    ("claims-jane-key-id", "signature claims key"),
    ("carries-jane-public-key", "signature|does not verify"),
])
def test_grant_signed_by_a_key_that_is_not_the_subjects_is_refused_at_issue(stub_world, how, match):
    from consent.errors import SignatureInvalid

    with pytest.raises(SignatureInvalid, match=match):
        stub_world.registry.issue_grant(_forged(stub_world, how))
    with pytest.raises(Exception, match="g-forged"):
        stub_world.registry.get_grant("g-forged")


@pytest.mark.parametrize("how", ["stranger-key", "claims-jane-key-id", "carries-jane-public-key"])
def test_forged_grant_in_a_snapshot_is_denied_as_not_intact_or_not_trusted(stub_world, how):
    from consent.records import StoredGrant

    forged = _forged(stub_world, how)
    now = datetime.now(timezone.utc)
    snap = Snapshot(subjects={"jane": stub_world.registry.get_subject("jane")}, grants={"jane": (StoredGrant(signed=forged),)})
    d = decide([Likeness(LikenessSource.DECLARED, "jane", text="jane")], _ctx(), snap, now)
    failed = {f.check for f in d.findings if not f.passed}
    assert d.allowed is False and failed & {"intact", "trusted"}, d.reasons()


@pytest.mark.parametrize("territory", ["ZZ", "QQ", "EU", "us"])
def test_a_territory_no_country_has_is_refused_before_any_decision(territory):
    """User audit: "ZZ" and "QQ" passed as territories (two upper-case letters) and signed outputs
    named them; a worldwide grant allowed them. Only assigned ISO 3166 codes are territories."""
    from consent.errors import RecordInvalid

    with pytest.raises(RecordInvalid, match=rf"territory is '{territory}'; expected one ISO 3166 alpha-2 code a country holds"):
        DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot",
                        operation="likeness_generation", media="still_image", territory=territory)
