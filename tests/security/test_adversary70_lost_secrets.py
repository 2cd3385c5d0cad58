"""Red team 70: a watermark key or local C2PA chain lost after outputs were published.

After a partial restore (the database back, the keys folder not), the next ``generate`` made a new
watermark key and a new local C2PA chain without a word: every earlier output's mark became
unreadable (a stripped copy could no longer be traced) and the outputs themselves failed ``verify``
as signed by an untrusted signer. The studio now refuses to start making anything until they are
restored; a studio with no output yet makes them on first use, as before.
"""

from __future__ import annotations

import shutil

import pytest

from creator.errors import DisclosureError


@pytest.mark.parametrize("lost", ["watermark key", "c2pa chain"])
def test_a_lost_secret_is_not_silently_remade_once_outputs_exist(stub_world, lost):
    w = stub_world
    w.studio().generate(w.request(prompt="a harbour at dawn"))
    if lost == "watermark key":
        w.settings.watermark_key_file.unlink()
    else:
        shutil.rmtree(w.settings.c2pa_dir)
    with pytest.raises(DisclosureError, match="restore it from your backup"):
        w.studio()
    assert not w.settings.watermark_key_file.exists() if lost == "watermark key" else not w.settings.c2pa_dir.exists()
    assert len(w.output_files()) == 1


def test_a_replaced_watermark_key_is_refused_and_the_original_works_again(stub_world):
    """A self-hosting admin's walkthrough (session 66): 32 other bytes in keys/watermark.key were
    taken without a word; new outputs were marked with them and stripped copies of the earlier
    ones no longer traced."""
    import os

    w = stub_world
    w.studio().generate(w.request(prompt="a harbour at dawn"))
    original = w.settings.watermark_key_file.read_bytes()
    w.settings.watermark_key_file.write_bytes(os.urandom(32))
    (w.settings.watermark_key_file.with_name("watermark.checked")).unlink(missing_ok=True)  # as a restore without it
    with pytest.raises(DisclosureError, match="does not read the marks of this studio's outputs .* it is not the key "
                                              "they were made with. Restore the original key"):
        w.studio()
    assert len(w.output_files()) == 1  # nothing made
    w.settings.watermark_key_file.write_bytes(original)
    w.studio().generate(w.request(prompt="a harbour at dusk"))
    assert len(w.output_files()) == 2


def test_a_replaced_watermark_key_is_refused_even_beside_the_last_keys_record(stub_world):
    import os

    w = stub_world
    w.studio().generate(w.request(prompt="a harbour at dawn"))
    w.studio()  # (a later start: the key's id is on record beside it)
    assert w.settings.watermark_key_file.with_name("watermark.checked").exists()
    w.settings.watermark_key_file.write_bytes(os.urandom(32))
    with pytest.raises(DisclosureError, match="it is not the key they were made with"):
        w.studio()


def test_a_new_studio_makes_its_secrets_on_first_use(stub_world):
    w = stub_world
    assert not w.settings.watermark_key_file.exists()
    w.studio().generate(w.request(prompt="a harbour at dawn"))
    assert w.settings.watermark_key_file.exists() and len(w.output_files()) == 1


@pytest.mark.parametrize("command", [["verify"], ["c2pa", "show"]])
def test_verify_or_c2pa_show_does_not_remake_a_lost_secret_either(stub_world, command):
    """Red team 71: the check at the studio's start was passed by running first the commands an
    operator reaches for after a restore — `verify` made a new watermark key, `c2pa show` a new local
    CA — and the studio then started and marked and signed with them."""
    from click.testing import CliRunner

    from creator.cli import cli

    w = stub_world
    (out,) = w.studio().generate(w.request(prompt="a harbour at dawn")).outputs
    w.settings.watermark_key_file.unlink()
    shutil.rmtree(w.settings.c2pa_dir)
    w.registry.close()
    args = ["--data-dir", str(w.settings.data_dir), *command] + ([str(out.path)] if command == ["verify"] else [])
    r = CliRunner().invoke(cli, args)
    assert not w.settings.watermark_key_file.exists() and not (w.settings.c2pa_dir / "local-test-ca.cert.pem").exists()
    with pytest.raises(DisclosureError, match="restore it from your backup"):
        w.studio()
    assert r.exit_code != 0 or "missing" in r.output
