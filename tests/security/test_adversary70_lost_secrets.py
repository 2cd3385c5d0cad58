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
    with pytest.raises(DisclosureError, match="restore them from your backup"):
        w.studio()
    assert not w.settings.watermark_key_file.exists() if lost == "watermark key" else not w.settings.c2pa_dir.exists()
    assert len(w.output_files()) == 1


def test_a_new_studio_makes_its_secrets_on_first_use(stub_world):
    w = stub_world
    assert not w.settings.watermark_key_file.exists()
    w.studio().generate(w.request(prompt="a harbour at dawn"))
    assert w.settings.watermark_key_file.exists() and len(w.output_files()) == 1
