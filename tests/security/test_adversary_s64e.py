"""Red team s64 E: attacks on what changed in session 63 (a grant's signers held to the signed
log, the label's negation check, the Hub-code check of a registered model's configs).

Each test states the attack and fails until the product is fixed."""

from __future__ import annotations

import json

import pytest

from consent.errors import RecordInvalid
from test_adversary_s63c import _forge_guardian_signature, _fresh, tiny_sd_with
from test_adversary_s63d import _as_a_database_upgraded_to_signed_auditing


# --- 1. a grant of an upgraded database's baseline: its signers are held to nothing ----------------


def _tim_under_a_baseline_written_before_signers(w, monkeypatch):
    """Tim (a minor, Mo his guardian) and a grant Mo signed, in a database a studio from before
    session 63 upgraded to signed auditing: the unsigned entries that added Tim and issued the
    grant (its ``grant_issued`` lists the signers, as it always has), then the signed
    ``audit_signing_started`` whose baseline holds the grant as ``_state_from_tables`` wrote it
    then — without "signers" (the field is new in session 63). The search index is rebuilt as the
    migrations build it, so ``audit verify`` reads the set-up as intact. Returns (Mo's key, Ann's key)."""
    from sqlalchemy import create_engine

    from consent import audit_index
    from consent.integrity import IntegrityState
    from consent.signing import generate_key

    mo, ann = generate_key(), generate_key()
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian",
                      representative_key=mo.public_key())
    w.ops.issue_grant(w.grant_fields("tim", "g-tim", signer_role="guardian"), [mo])
    real = IntegrityState.baseline

    def baseline_before_session_63(self):
        b = json.loads(json.dumps(real(self)))
        for g in b["grants"].values():
            g.pop("signers", None)
        return b

    with monkeypatch.context() as m:
        m.setattr(IntegrityState, "baseline", baseline_before_session_63)
        _as_a_database_upgraded_to_signed_auditing(w)
    engine = create_engine(w.settings.resolved_database_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM {audit_index.TABLE}")
        conn.exec_driver_sql(f"DELETE FROM {audit_index.USES_TABLE}")
        audit_index.backfill(conn)
        audit_index.backfill_grant_uses(conn)
    engine.dispose()
    w.registry = _fresh(w)
    assert w.registry.verify_audit().ok  # (the set-up: an intact, upgraded database)
    return mo, ann


def test_a_forged_guardian_signature_on_a_grant_of_an_old_baseline_makes_verify_vouch(stub_world, monkeypatch):
    """Session 63 holds a grant's signers to its signed ``grant_issued`` entry, and
    ``_backfill_signers`` reads them back for an older snapshot — but a grant that an
    upgraded database's baseline holds is "accounted for" by that baseline and compared without
    signers. Every baseline written before session 63 has none. So on any database upgraded to
    signed auditing before then, the attack of test_adversary_s63_verify still works: custody of
    Tim moves from Mo to Ann (verify FAILs the output: "no longer meets the person's rules"), the
    database host adds to the grant row a 'signature' by Ann's public key that signs nothing, and
    verify says OK again (its grant check reads only the key ids listed, never verifies them)."""
    from creator.verify import verify

    w = stub_world
    _mo, ann = _tim_under_a_baseline_written_before_signers(w, monkeypatch)
    out = w.studio().generate(w.request(prompt="a harbour at dawn", subjects=("tim",))).outputs[0]
    w.ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian",
                         representative_key=ann.public_key())
    before = verify(out.path, settings=w.settings, registry=_fresh(w))
    assert not before.ok and before.grants[0].status == "subject_rules", before.reasons  # (the set-up)
    _forge_guardian_signature(w, "g-tim", ann)
    after = verify(out.path, settings=w.settings, registry=_fresh(w))
    assert not after.ok, ("verify vouches for an output whose grant no longer meets the person's rules once a forged "
                          f"guardian signature is added to a grant of an upgraded database's baseline: {after.grants}")


def test_a_forged_guardian_signature_on_a_grant_of_an_old_baseline_is_caught_by_audit_verify(stub_world, monkeypatch):
    """The same edit: the grant row's signatures are not those its ``grant_issued`` entry lists
    (that entry is unsigned, but the signed baseline's ``prev_hash`` chains it), yet ``audit
    verify`` reports the registry intact."""
    w = stub_world
    _mo, ann = _tim_under_a_baseline_written_before_signers(w, monkeypatch)
    _forge_guardian_signature(w, "g-tim", ann)
    report = _fresh(w).verify_audit()
    assert not report.ok, "audit verify says the registry is intact after a grant's signatures were edited"


def test_the_forgery_is_caught_too_where_an_old_snapshot_of_that_baseline_is_read(stub_world, monkeypatch):
    """(Fixer's addition) The same database with a signed snapshot written by the older studio at
    the signing start (its grants keep no signers either): a new process reads the snapshot, not
    the log from its first entry, and the signers still come from the ``grant_issued`` entries
    before the start (``Registry._backfill_baseline_signers``)."""
    from consent.integrity import IntegrityState

    w = stub_world
    _mo, ann = _tim_under_a_baseline_written_before_signers(w, monkeypatch)
    real = IntegrityState.to_bytes

    def without_signers(self):
        kept = self.grants
        self.grants = {g: {k: v for k, v in d.items() if k != "signers"} for g, d in kept.items()}
        try:
            return real(self)
        finally:
            self.grants = kept

    with monkeypatch.context() as m:
        m.setattr(IntegrityState, "to_bytes", without_signers)
        _fresh(w)._write_snapshot(replace=True)
    assert _fresh(w).verify_audit().ok  # (the set-up: intact, read through the old snapshot)
    _forge_guardian_signature(w, "g-tim", ann)
    assert not _fresh(w).verify_audit().ok


# --- 2. the label's negation check (_NEGATIONS): the same words, other characters -----------------


def _accepted(tmp_path, text: str) -> bool:
    from pydantic import ValidationError

    from creator.settings import StudioSettings

    try:
        StudioSettings(data_dir=tmp_path / "data", label_text=text)
    except ValidationError:
        return False
    return True


def test_a_label_that_denies_being_ai_in_look_alike_letters_is_refused(tmp_path):
    """``check_label_text`` refuses "AI-generated? Not AI, a real photo" by comparing ASCII words.
    Written with a Cyrillic "о" (U+043E) for the "o" of "Not" and "photo" the label is accepted
    and drawn on every output looking letter for letter like the refused one: the check compares
    code points, a reader sees glyphs."""
    text = "AI-generated? N\u043et AI, a real ph\u043eto"
    assert not _accepted(tmp_path, text), f"label_text {text!r} (looks like 'Not AI, a real photo') was accepted"


@pytest.mark.parametrize("text", ["AI-generated? Not\u2014AI", "AI-generated? Not (AI)", 'AI-generated? Not "AI"'])
def test_a_label_that_denies_being_ai_with_punctuation_between_the_words_is_refused(tmp_path, text):
    """Session 63 reads the label with hyphens, dots, slashes and bullets as spaces, so "Not-A.I."
    is refused; any other mark between "Not" and "AI" (an em dash, brackets, quotes) is not, and the label drawn still reads "Not AI" next to the disclosure it contradicts."""
    assert not _accepted(tmp_path, text), f"label_text {text!r} contradicts the disclosure and was accepted"


@pytest.mark.parametrize("text", ["AI-generated? No. A real photograph.", "KI-generiert? Nein, echtes Foto",
                                  "Généré par IA ? Non, une vraie photo"])
def test_a_label_that_calls_the_image_a_real_photo_is_refused(tmp_path, text):
    """``_NEGATIONS`` lists "real photo" as whole words, in English only: "a real photograph",
    and the EU profile's own other languages (its required wording accepts "KI-generiert",
    "Généré par IA"; "echtes Foto", "vraie photo" say "real photo") pass, though the docstring's
    example of what is refused is "Real photo, not AI"."""
    assert not _accepted(tmp_path, text), f"label_text {text!r} calls the output a real photo and was accepted"


# --- 3. the Hub-code check of a model's configs: a value of another type -------------------------


@pytest.mark.parametrize("value", [["sdpa"], {"text_config": ["sdpa"]}, {"": {"nested": "sdpa"}}])
def test_an_attn_implementation_of_another_type_is_refused_with_a_clear_error(engine_world, tiny_models, tmp_path,
                                                                                value):
    """``_hub_code`` tests ``n not in SAFE_ATTENTION`` on each value of ``attn_implementation``: a
    list (or a dict inside the dict) is unhashable, so registering a model whose
    ``text_encoder/config.json`` holds one raises a bare ``TypeError: unhashable type`` out of
    ``register_model`` (the CLI's "model register" then fails without saying which file or key),
    instead of the RecordInvalid naming the file that every other bad config gets."""
    folder = tiny_sd_with(tiny_models, tmp_path / "odd-sd", attn_implementation=value)
    with pytest.raises(RecordInvalid, match="attn_implementation"):
        engine_world.ops.register_model("odd-sd", folder, kind="diffusers", licence="test weights")


@pytest.mark.parametrize("text", ["This image isn't AI-generated", "This image isn\u2019t AI-generated"])
def test_a_label_that_says_the_image_isnt_ai_generated_is_refused(tmp_path, text):
    """``_NEGATIONS`` holds "isn t ai", meant for "isn't AI" read with its apostrophe as a space —
    but the check turns only hyphens, underscores, dots, middle dots, bullets and slashes into
    spaces, never an apostrophe (' or ’): that entry can never match, and a label saying outright
    that the image is *not* AI-generated is accepted (it holds the required "AI-generated")."""
    assert not _accepted(tmp_path, text), f"label_text {text!r} denies the disclosure and was accepted"


@pytest.mark.parametrize("text", ["非AI生成", "不是AI生成"])
def test_a_china_profile_label_that_says_not_ai_generated_is_refused(tmp_path, text):
    """The china profile requires "AI生成" (GB 45438-2025) and reads ``_NEGATIONS`` (English only)
    for a contradiction: "非AI生成" ("non-AI-generated") and "不是AI生成" ("not AI-generated")
    contain the required wording and are accepted, so every output is labelled as *not* AI-made
    in the very profile meant for that disclosure."""
    from pydantic import ValidationError

    from creator.settings import StudioSettings

    with pytest.raises(ValidationError):
        StudioSettings(data_dir=tmp_path / "data", label_text=text, label_profile="china")


@pytest.mark.parametrize(("text", "profile"), [
    ("AI-generated · not a real person", "eu"), ("KI-generiert – keine echte Person", "eu"),
    ("Généré par l'IA — pas une vraie personne", "eu"), ("Generado por IA — no es una persona real", "eu"),
    ("AI-generated, made by Studio Ana (no real person)", "eu"), ("AI生成 非真人", "china")])
def test_a_label_that_adds_true_words_to_its_disclosure_is_still_accepted(tmp_path, text, profile):
    """(Fixer's addition) The wider reading refuses what contradicts the disclosure, not what
    adds to it: "not a real person", in each profile's languages, is a label a studio may want."""
    from creator.disclosure.label import check_label_text

    check_label_text(text, profile)


def test_a_quantization_that_fetches_a_hub_kernel_is_refused(engine_world, tiny_models, tmp_path):
    """(Red team s64 E's lead, fixed before it could be shown: triton is not installed here) a
    ``quantization_config`` with ``quant_method: mxfp4`` makes transformers fetch
    ``kernels-community/gpt-oss-triton-kernels`` from the Hub while loading, whatever
    ``USE_HUB_KERNELS`` says: refused at registration, as a Hub attention kernel is."""
    folder = tiny_sd_with(tiny_models, tmp_path / "mx-sd", quantization_config={"quant_method": "mxfp4"})
    with pytest.raises(RecordInvalid, match="quantization_config.quant_method.*'mxfp4'.*Hugging Face Hub"):
        engine_world.ops.register_model("mx-sd", folder, kind="diffusers", licence="test weights")
