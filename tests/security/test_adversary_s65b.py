"""Red team s65 B: what session 65 added (the offline proof of consent, verify's two answers, the
uses lists and their CSV, WebP copies read by verify, /public/audit-key, the label check's negation).

Each test states the attack and asserts the safe behaviour: it fails until the product is fixed.
What held is listed in the round's report."""

from __future__ import annotations

import copy
import hashlib
import json
import sqlite3

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from proof_support import check_cli, proof  # noqa: F401 (the fixture)
from studio_world import StubEngine, astronaut

from creator.cli import cli
from creator.cli._common import CliState
from creator.errors import DisclosureError


# --- 1. proof check -----------------------------------------------------------------------------


def test_proof_check_vouches_for_any_file_once_the_unsigned_file_digest_is_rewritten(proof, tmp_path):
    """Attack: someone holding a genuine proof of output A (say, a dealer of fakes) writes the
    SHA-256 of their own picture B into the document's ``file.sha256`` and hands out the proof with
    B. ``file`` is no part of anything signed (not the generation entry, not the checkpoint), yet
    ``proof check PROOF B`` prints "ok the file given is the copy the proof was exported for; the
    studio traced it to the output by its watermark" and PROOF OK: any picture gets a checkable
    "made with consent" proof. Expected: PROOF FAILED for a file that is not the output itself (or
    the copy's digest bound by a signature of the audit key)."""
    _w, _out, doc = proof
    fake = tmp_path / "fake.png"
    Image.new("RGB", (64, 64), "red").save(fake)
    doc = copy.deepcopy(doc)
    doc["file"] = {"name": "fake.png", "sha256": hashlib.sha256(fake.read_bytes()).hexdigest(), "is_the_output": False}
    r = check_cli(tmp_path, doc, fake)
    assert r.exit_code == 1 and "PROOF FAILED" in r.output, r.output


def test_proof_check_passes_a_proof_whose_answers_were_rewritten_and_its_revocation_dropped(proof, tmp_path):
    """Attack: the proof of an output whose grant was revoked says ``consent_now: not in force``
    and holds the signed ``grant_revoked`` entry. The holder rewrites ``made_with_consent`` (the
    answers a reader looks at: ``consent_now`` "in force", ``made_by`` another account, another
    ``made_at``) and drops ``revoked_entries``. Nothing in the document binds either: ``proof
    check`` never compares the answers with the signed entries, and a dropped revocation cannot be
    told from none; it prints PROOF OK for a document that says consent is in force now. Expected:
    PROOF FAILED (the answers recomputed from the signed evidence and compared, and the export
    signed as a whole, e.g. an audit entry or an audit-key signature over the document's digest, so
    a dropped entry shows)."""
    _w, out, doc = proof
    doc = copy.deepcopy(doc)
    doc["made_with_consent"].update(consent_now="in force", not_in_force_because=[], made_by="someone-else",
                                    made_at="2020-01-01T00:00:00Z")
    for g in doc["grants"]:
        g["revoked_entries"] = []
    r = check_cli(tmp_path, doc, out.path)
    assert r.exit_code == 1 and "PROOF FAILED" in r.output, r.output


def test_proof_check_passes_with_the_checkpoint_removed(proof, tmp_path):
    """Attack: the holder of a proof deletes its ``checkpoint`` (the signed head of the log, the one
    thing a witness can hold the entries against). ``_check`` reads it only ``if isinstance(cp,
    dict)``: a proof without one is PROOF OK, with no line saying it is missing. Expected: a proof
    without its checkpoint fails (the export always writes one)."""
    _w, out, doc = proof
    doc = copy.deepcopy(doc)
    del doc["checkpoint"]
    r = check_cli(tmp_path, doc, out.path)
    assert r.exit_code == 1 and "PROOF FAILED" in r.output, r.output


def test_proof_check_of_a_deeply_nested_document_is_a_plain_refusal(tmp_path):
    """Attack: a "proof" of a few hundred kilobytes whose JSON nests arrays 100,000 deep (well under
    the 16 MiB cap). ``proof_check`` catches only OSError and ValueError around ``json.loads``; the
    decoder's RecursionError escapes, and the command ends in a Python traceback. Expected: "not a
    readable proof", exit 1 or 2, no traceback."""
    deep = '{"format": "consent-studio/proof/v1", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    r = check_cli(tmp_path, deep)
    assert r.exit_code in (1, 2) and "RecursionError" not in r.output and "Traceback" not in r.output, r.output[-400:]


def test_proof_export_hands_out_who_a_blocked_face_was_and_that_she_opted_out(stub_world, tmp_path):
    """Attack: a creator asks for two pictures for an art project naming no one. The output scan
    blocks output 0 (its face is Eileen's, an enrolled person who opted out); the creator is told
    only "the face at (...) is a registered person who has not consented", never who. The creator
    asks the operator for a proof of the output that was kept, to show a gallery. ``export_proof``
    copies the whole signed generation entry, whose ``blocked_outputs`` reasons read "face matches
    opted-out subject eileen": the proof names the person behind a face no one named, and that she
    opted out, to the creator and the gallery. Expected: the proof does not name her (the entry's
    blocked reasons kept out of what is signed, or the proof carrying a redacted form)."""
    w = stub_world
    w.add_person("eileen", "Eileen Collins", photo=astronaut(), opt_out=True)
    gradient = np.stack(list(np.meshgrid(np.linspace(0, 255, 512), np.linspace(0, 255, 512))) + [np.full((512, 512), 128.0)],
                        axis=-1).astype(np.uint8)
    result = w.studio(StubEngine([astronaut(), Image.fromarray(gradient)])).generate(
        w.request(prompt="a colour study", purpose="art", width=512, height=512, num_images=2))
    assert len(result.blocked) == 1 and "eileen" in result.blocked[0].reasons[0]  # the scan worked as designed
    (kept,) = result.outputs
    from creator.proof import export_proof

    doc = json.dumps(export_proof(kept.path, settings=w.settings, registry=w.registry))
    assert "eileen" not in doc and "opted-out" not in doc


# --- 3. uses lists ------------------------------------------------------------------------------


def test_subject_uses_silently_drops_the_outputs_of_a_grant_row_deleted_in_the_database(stub_world):
    """Attack: a database host deletes Jane's grant row (its revocation and usage rows with it).
    ``subject uses jane`` lists her grants with ``Registry.list_grants(subject_id=...)``, which
    checks the grants it read against the signed log but not that none is missing (``_grants_for``
    does: ``missing_grants``); the command answers an empty CSV, exit 0, to her agent, though the
    signed log holds a generation under her grant. Expected: an integrity failure (or the output
    still listed from the signed entries)."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    out = w.studio().generate(w.request(prompt="a harbour at dawn", subjects=("jane",))).outputs[0]
    con = sqlite3.connect(w.settings.data_dir / "consent.db")
    for table in ("revocations", "usage_counters", "use_approvals", "audit_grant_uses"):
        con.execute(f"DELETE FROM {table} WHERE grant_id = 'g-jane-1'")
    con.execute("DELETE FROM grants WHERE id = 'g-jane-1'")
    con.commit()
    con.close()
    r = CliRunner().invoke(cli, ["subject", "uses", "jane", "--csv"], obj=CliState(settings=w.settings))
    assert r.exit_code != 0 or out.sha256 in r.output, r.output


def test_uses_csv_writes_an_apostrophe_into_every_empty_cell(stub_world):
    """Attack (none needed): an output made without an account (the CLI, a script) has no
    ``made_by``. ``_print_uses`` guards formulas with ``v[:1] in "=+-@"``, which is True for the
    empty string, so the agent's CSV gets a lone "'" where the cell is empty: a value that was
    never recorded. Expected: an empty cell stays empty."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    w.studio().generate(w.request(prompt="a harbour at dawn", subjects=("jane",)))
    r = CliRunner().invoke(cli, ["grant", "uses", "g-jane-1", "--csv"], obj=CliState(settings=w.settings))
    assert r.exit_code == 0, r.output
    import csv
    import io

    (row,) = list(csv.DictReader(io.StringIO(r.output)))
    assert row["made_by"] in ("", "-"), row


# --- 4. WebP copies -----------------------------------------------------------------------------


def test_a_transparent_webp_copy_that_hides_the_label_on_a_dark_page_is_vouched_for(stub_world, tmp_path):
    """Attack: take an output and save it as a lossless WebP whose visible label's letters are
    black with an alpha of (255 - their grey): over white they composite to exactly the label as
    drawn, over a dark page (dark mode, a black site) the letters vanish and the label is a blank
    box. ``_webp_as_png`` decodes through ``consent.imaging.decode``, which composites transparency
    over white, so verify reads the output's own picture: "a copy of output ... made under grant
    g-jane-1", ``made_with_consent`` "yes", nothing said of the transparency. The same file as a
    PNG is refused (verify reads the PNG's RGB without its alpha: "does not show that output"): the
    WebP path is the more favourable reading. Expected: a copy whose transparency changes what it
    shows is not vouched for (or the report says so)."""
    from creator.verify import verify

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    out = w.studio().generate(w.request(prompt="a harbour at dawn", subjects=("jane",), width=512, height=512)).outputs[0]
    o = np.asarray(Image.open(out.path).convert("RGB"))
    h, wd = o.shape[:2]
    box = np.zeros((h, wd), bool)
    box[int(h * 0.88):, : int(wd * 0.3)] = True  # the label's box at the bottom left
    lit = box & (o.min(axis=2) > 60) & ((o.max(axis=2).astype(int) - o.min(axis=2)) < 40)  # its letters
    assert lit.sum() > 200
    rgb, alpha = o.copy(), np.full((h, wd), 255, np.uint8)
    rgb[lit] = 0
    alpha[lit] = np.clip(np.round(255 - o[lit].mean(axis=1)), 0, 255).astype(np.uint8)
    over_black = (rgb * (alpha[..., None] / 255.0)).astype(np.uint8)
    assert over_black[lit].max() == 0  # on a dark page the label's letters are gone
    path = tmp_path / "shared.webp"
    Image.fromarray(np.dstack([rgb, alpha]), "RGBA").save(path, "WEBP", lossless=True, exact=True)
    r = verify(path, settings=w.settings, registry=w.registry)
    said = " ".join(r.reasons).lower()
    assert r.made_with_consent() is None or "transparen" in said or "alpha" in said, (r.made_with_consent(), r.reasons)


# --- 6. the label check --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Real person? No, it's AI-generated.",
    "Is this real? No – AI-generated.",
    "¿Es real? No, fue generado por IA.",
    "É real? Não, foi gerado por IA.",
    "Photo ? Non, généré par IA.",
    "Vero? No, è generato dall'IA.",
    "Prawdziwe? Nie, wygenerowane przez AI.",
])
def test_an_honest_label_answering_no_before_the_disclosure_is_refused(text):
    """Attack (a false refusal): an honest custom label that answers a question and then discloses,
    "Real person? No, it's AI-generated." (and the same in Spanish, Portuguese, French, Italian,
    Polish). The negation rule added in session 65 walks the words of the whole text, across the
    question mark and the comma: "no" then "it s" (link words) then "ai" reads as "not AI", and the
    label is refused as contradicting the disclosure. The real-photo rule below it already keeps a
    negation to its own clause. Expected: accepted (a negation counts within its clause only)."""
    from creator.disclosure.label import check_label_text

    check_label_text(text, "eu")


@pytest.mark.parametrize("text", [
    "AI-generated? This wasn't made by an AI.",
    "KI-generiert? Nicht von einer KI erstellt.",
    "N o t AI-generated",
    "Pas du tout généré par IA",
    "No fue en absoluto generado por IA",
])
def test_a_label_denying_the_disclosure_with_one_word_more_is_accepted(text):
    """Attack: a creator's custom label denies the disclosure in the shape session 65's rule was
    written for (a negation, then only verbs, articles and prepositions, then the disclosure's
    words), with one word more than it reads: four link words ("wasn't made by an AI": the window
    is four words after the negation), a declined article the list lacks ("von einer KI"), an
    adverb ("du tout", "en absoluto"), or the negation spelled out letter by letter ("N o t").
    Each is accepted and drawn as the picture's visible label. Expected: refused as contradicting
    the disclosure."""
    from creator.disclosure.label import check_label_text

    with pytest.raises(DisclosureError, match="contradicts"):
        check_label_text(text, "eu")
