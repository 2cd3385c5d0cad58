"""Red team s63 C: attacks on what changed in session 63 (the pickle/Hub-code rule of the model
registry, the signers of a grant held to the signed log, the per-image seed, the famous-surname
rule, the CLI's new output)."""

from __future__ import annotations

import json
import shutil

import pytest

from consent.errors import RecordInvalid


def tiny_sd_with(tiny_models, folder, **text_encoder_keys):
    """A copy of the tiny pipeline at ``folder`` whose ``text_encoder/config.json`` also holds these keys."""
    shutil.copytree(tiny_models.sd, folder)
    config = folder / "text_encoder" / "config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), **text_encoder_keys}))
    return folder


def _outputs(world):
    return [p for p in world.output_files() if p.is_file() and p.suffix in (".png", ".jpg")]


# --- 1. models: Hub code named without a "/" ------------------------------------------------------


@pytest.mark.parametrize("value", ["flash_attention_2", "flash_attention_3", {"": "flash_attention_2"}])
def test_a_built_in_flash_attention_name_still_makes_transformers_fetch_a_hub_kernel(engine_world, tiny_models,
                                                                                     tmp_path, monkeypatch, value):
    """``_hub_code`` refuses an ``attn_implementation`` only when it has a "/" or ":" (a repository
    id). ``"flash_attention_2"`` has neither, but transformers (5.x) maps it, when the ``flash_attn``
    package is missing and ``kernels`` is installed (both true here), to
    ``FLASH_ATTN_KERNEL_FALLBACK["flash_attention_2"] == "kernels-community/flash-attn2"`` and asks
    the Hub for that kernel's code while ``CLIPTextModel`` (``_supports_flash_attn``) loads. The
    fetch is stood in for (no network here): that it is asked for is the finding."""
    import transformers.integrations.hub_kernels as hub_kernels

    asked = []

    def fetch(repo_id, *args, **kwargs):
        asked.append(repo_id)
        raise RuntimeError("no network in tests")

    monkeypatch.setattr(hub_kernels, "get_kernel", fetch)
    folder = tiny_sd_with(tiny_models, tmp_path / "fa-sd", attn_implementation=value)
    registered = True
    try:
        engine_world.register_model("fa-sd", folder)
    except RecordInvalid:
        registered = False
    if registered:
        try:
            engine_world.studio().generate(engine_world.request(purpose="art", engine="diffusion", model="fa-sd",
                                                                prompt="", steps=2, project=None))
        except Exception:  # noqa: BLE001 - the load failed (the fetch was refused here): the ask is the finding
            pass
    assert asked == [], f"a registered model's config made transformers ask the Hub for kernel code: {asked}"


# --- 2. a grant's signers held to the signed log: not from a snapshot written before they were kept --


# the database host's tools of red team s63 B (a raw connection, a fresh registry, a forged signature)
from test_adversary_s63_verify import _forge_signature as _forge_guardian_signature  # noqa: E402
from test_adversary_s63_verify import _fresh, _raw  # noqa: E402


def _output_then_custody_moves(w):
    """Tim, a minor, in Mo's custody: a grant Mo signed, an output made under it; then custody moves
    to Ann (a signed subject update). Returns (that output, Ann's key)."""
    from consent.signing import generate_key

    mo, ann = generate_key(), generate_key()
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian",
                      representative_key=mo.public_key())
    w.ops.issue_grant(w.grant_fields("tim", "g-tim", signer_role="guardian"), [mo])
    out = w.studio().generate(w.request(prompt="a harbour at dawn", subjects=("tim",))).outputs[0]
    w.ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian",
                         representative_key=ann.public_key())
    return out, ann


def _snapshot_as_the_version_before_signers_wrote_it(world, monkeypatch) -> None:
    """A signed state snapshot as the studio before e585a26 wrote it (every SNAPSHOT_EVERY = 2000
    entries, so every database of some age holds one): its grants carry no "signers". The snapshot
    is genuine (signed by the audit key, at the log's real head); only the field is absent, as it
    is in every snapshot an upgraded studio finds."""
    import gzip

    from consent.integrity import IntegrityState

    real = IntegrityState.to_bytes

    def old_to_bytes(self) -> bytes:
        d = json.loads(gzip.decompress(real(self)))
        for g in d["grants"].values():
            g.pop("signers", None)
        return gzip.compress(json.dumps(d, sort_keys=True, separators=(",", ":")).encode("utf-8"), mtime=0)

    with monkeypatch.context() as m:
        m.setattr(IntegrityState, "to_bytes", old_to_bytes)
        reg = _fresh(world)
        reg._write_snapshot(replace=True)
    with _raw(world) as raw:
        assert raw.execute("SELECT count(*) FROM state_snapshots").fetchone()[0] >= 1  # (the set-up)


def test_a_forged_guardian_signature_still_makes_verify_vouch_on_a_database_with_an_older_snapshot(stub_world,
                                                                                                   monkeypatch):
    """e585a26 holds a grant's signers to the ``signers`` of its ``grant_issued`` entry, as the
    replayed state keeps them (``IntegrityState.grants[g]["signers"]``). A reader starts from the
    newest signed snapshot; one written before that field existed has no "signers" for any grant it
    holds (``want.get("signers") is None``: not checked), and each new snapshot is written from that
    state, so the gap never closes. The integrity docstring says "an older snapshot is harmless (the
    replay catches up)": for this field it does not. The attack of test_adversary_s63_verify (custody
    moved; a forged signature by the new guardian added to the grant row) then makes verify say OK."""
    from creator.verify import verify

    w = stub_world
    out, ann = _output_then_custody_moves(w)
    _snapshot_as_the_version_before_signers_wrote_it(w, monkeypatch)
    before = verify(out.path, settings=w.settings, registry=_fresh(w))
    assert not before.ok and before.grants[0].status == "subject_rules", before.reasons  # (the set-up)
    _forge_guardian_signature(w, "g-tim", ann)
    after = verify(out.path, settings=w.settings, registry=_fresh(w))
    assert not after.ok, ("verify vouches again after a forged guardian signature was added to the grant row of a "
                          f"database whose newest snapshot predates 'signers': {after.grants}")


def test_a_forged_guardian_signature_on_a_database_with_an_older_snapshot_is_caught_by_audit_verify(stub_world,
                                                                                                    monkeypatch):
    from consent.signing import generate_key

    w = stub_world
    mo, ann = generate_key(), generate_key()
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian",
                      representative_key=mo.public_key())
    w.ops.issue_grant(w.grant_fields("tim", "g-tim", signer_role="guardian"), [mo])
    _snapshot_as_the_version_before_signers_wrote_it(w, monkeypatch)
    _forge_guardian_signature(w, "g-tim", ann)
    report = _fresh(w).verify_audit()
    assert not report.ok, "audit verify says the registry is intact after a grant's signatures were edited"


# --- 3. the per-image seed: the seed signed into image k makes it again alone ----------------------


def _square_mask():
    from PIL import Image

    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (16, 16, 48, 48))
    return mask


@pytest.mark.parametrize("pipeline", ["sd", "inpaint"])
def test_an_inpainted_image_of_a_batch_is_not_made_again_by_its_signed_seed(tiny_models, pipeline):
    """7ab8844: image k of a call with seed s is drawn from a generator seeded s + k and its C2PA
    generation assertion says s + k, "the one that makes that image again alone". For inpaint the
    engine passes one source image (not one per output, as it does for img2img): diffusers encodes
    it, and the masked image, once, with ``generator[0]`` only (the batch's seed s), then repeats the
    latents to the batch. Image 2 of ``seed 5, n 3`` is therefore not the image of ``seed 7, n 1``:
    the signed seed of every inpainted image but the first does not reproduce it."""
    import numpy as np

    from creator.engines.base import EngineCall
    from creator.engines.diffusion import DiffusionEngine

    rng = np.random.default_rng(0)
    from PIL import Image

    source = Image.fromarray((rng.random((64, 64, 3)) * 255).astype(np.uint8))
    engine = DiffusionEngine(str(getattr(tiny_models, pipeline)))

    def images(seed: int, n: int):
        call = EngineCall(mode="inpaint", prompt="a boat", seed=seed, num_images=n, steps=3, width=64, height=64,
                          source=source, mask=_square_mask(), strength=0.7)
        return [np.asarray(im).astype(int) for im in engine.generate(call)]

    batch = images(5, 3)
    alone = images(7, 1)[0]
    # (the set-up: image 0 is made again by seed 5, up to a batch's rounding)
    assert np.abs(batch[0] - images(5, 1)[0]).mean() < 0.5
    diff = np.abs(batch[2] - alone)
    assert diff.mean() < 0.5 and diff.max() <= 4, (
        f"image 2 of seed 5 x3 (signed 'seed 7') differs from seed 7 x1: mean {diff.mean():.1f}, max {diff.max()} of 255")


def test_jobs_submit_names_each_output_with_the_seed_signed_into_it(tmp_path):
    """``jobs submit -n 3 --seed 5`` prints one line per output, "OK: <path>  (<download name>, seed 5)",
    and the download names say "seed-5_2of3", "seed-5_3of3" (the UI's history captions too): since
    7ab8844 outputs 2 and 3 are signed "seed 6" and "seed 7", and ``--seed 5 -n 1`` does not make
    them. The line tells the user the wrong seed for every output but the first."""
    import re

    from click.testing import CliRunner

    from consent.registry import Registry
    from creator.cli import cli
    from creator.settings import StudioSettings
    from creator.verify import verify
    from studio_world import GRANTEE

    data_dir = tmp_path / "data"
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "jobs", "submit", "--purpose", "art", "--territory",
                                      "US", "--grantee", GRANTEE, "--engine", "gan", "--width", "256", "--height",
                                      "256", "-n", "3", "--seed", "5"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("OK: ")]
    assert len(lines) == 3, result.output
    settings = StudioSettings(data_dir=data_dir)
    wrong = []
    with Registry.from_settings(settings) as registry:
        for line in lines:
            path = line[4:].split("  (", 1)[0]
            signed = verify(path, settings=settings, registry=registry).generation["seed"]
            said = {int(s) for s in re.findall(r"seed[- ](\d+)", line)}
            if said != {signed}:
                wrong.append(f"{line!r} is signed seed {signed}")
    assert not wrong, "the job's output lines name a seed the file is not signed with: " + "; ".join(wrong)


# --- 4. names: the famous-surname rule at an English prompt's start (b3ebfd8) ---------------------

#: clean English prompts: a town, a region, an avenue, a museum, a watch, a spacecraft, an institute,
#: a porcelain, a festival, a dragon; each named after someone (or sharing a famous last name), at the
#: start before a preposition of where. Each is denied by the new rule alone (it passed before b3ebfd8).
FALSE_DENIALS = [
    "Perigord in the truffle season, oak woods and stone villages",
    "Lisieux on market day, half-timbered houses",
    "Mirandola on market day, the castle square",
    "Thiers in the Auvergne hills, knife workshops by the river",
    "Wellesley on commencement day, the college lake",
    "Calatrava on a leather strap, a gold dress watch",
    "Pompidou in Paris, the museum's colourful pipes",
    "Nevsky at rush hour, the avenue in Saint Petersburg",
    "Rustaveli at rush hour, the avenue in Tbilisi",
    "Cassini at Saturn, spacecraft render",
    "Fraunhofer in Munich, a research institute building",
    "Lomonosov on a shelf, cobalt net porcelain tea set",
    "Loong on the temple roof, a Chinese dragon",
    "Kupala on the river, flower wreaths floating at the solstice festival",
]

#: famous people named by their last name alone, as the rule means to read them, that still pass:
#: the rule's own examples (its docstring and constants: "Pamuk at a café", "Nurmi on the track",
#: "Kekkonen on skis"), a comma after the name, a time of day or season read first ("when a place is
#: seen" exempts a person too), a preposition not listed ("over", "across", "with"), the name in
#: lower or upper case, and famous last names that are also English words.
MISSES = [
    "Pamuk at a café",
    "Nurmi on the track",
    "Kekkonen on skis",
    "Isinbayeva, at the stadium",
    "Travolta, on the dance floor",
    "Isinbayeva in the morning at the stadium",
    "Travolta at night on the dance floor",
    "Bardot in summer on the beach",
    "Sampras at dusk on the centre court",
    "Isinbayeva over the bar at the stadium",
    "Travolta across the dance floor",
    "Travolta with a cigarette",
    "Pacino with a cigar",
    "Chirac with a glass of wine",
    "Cantona with the ball",
    "isinbayeva at the stadium",
    "ISINBAYEVA at the stadium",
    "Jobs on stage in a black turtleneck",
    "Woods on the eighteenth green",
    "Sinner on the clay court",
]


#: (session 63, after this red team) still denied: towns and regions the place lists lack, avenues,
#: a museum, a watch, a spacecraft, porcelain, a dragon, a festival named after someone or sharing a
#: famous last name; or read before a time the rule does not read ("on market day" fixed for the
#: towns named only with a particle, "de Lisieux", "della Mirandola", "von Fraunhofer")
OPEN_FALSE_DENIALS = {
    "Perigord in the truffle season, oak woods and stone villages",
    "Thiers in the Auvergne hills, knife workshops by the river",
    "Wellesley on commencement day, the college lake",
    "Calatrava on a leather strap, a gold dress watch",
    "Pompidou in Paris, the museum's colourful pipes",
    "Nevsky at rush hour, the avenue in Saint Petersburg",
    "Rustaveli at rush hour, the avenue in Tbilisi",
    "Cassini at Saturn, spacecraft render",
    "Lomonosov on a shelf, cobalt net porcelain tea set",
    "Loong on the temple roof, a Chinese dragon",
    "Kupala on the river, flower wreaths floating at the solstice festival",
}
#: (session 63, after this red team) still allowed: surnames that are words of another language's
#: lists ("pamuk", "nurmi", "kekkonen"), a time read first (the rule leaves "X at night" to places),
#: upper case (a prompt all in lower case is read since session 64's round 50), surnames that are English words; the comma, "over", "across" and "with" are read
OPEN_MISSES = {
    "Pamuk at a café", "Nurmi on the track", "Kekkonen on skis",
    "Isinbayeva in the morning at the stadium", "Travolta at night on the dance floor",
    "Bardot in summer on the beach", "Sampras at dusk on the centre court",
    "ISINBAYEVA at the stadium",
    "Jobs on stage in a black turtleneck", "Woods on the eighteenth green", "Sinner on the clay court",
}


def _open(prompts, open_set, why):
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=why)) if p in open_set else p
            for p in prompts]


@pytest.fixture(scope="module")
def matcher():
    from consent.names import NameMatcher

    return NameMatcher()


@pytest.mark.parametrize("prompt", _open(FALSE_DENIALS, OPEN_FALSE_DENIALS, "open: a place or thing named like a famous person"))
def test_famous_surname_rule_does_not_deny_a_place_or_thing(matcher, prompt):
    assert matcher.find(prompt) == [], f"{prompt!r} names no person but is denied: {matcher.find(prompt)}"


@pytest.mark.parametrize("prompt", _open(MISSES, OPEN_MISSES, "open: outside what the English rule reads"))
def test_famous_surname_rule_denies_a_famous_person_by_last_name(matcher, prompt):
    assert matcher.find(prompt), f"{prompt!r} names a famous person by last name and is allowed"
