"""Adversary 11: a registered model whose file does not load names the server path.

``Studio._load_registered`` promises that "a load that fails names the model, never its server
folder": it catches ``ModelUnavailable`` and rewrites its message. The GAN loader
(``GanEngine.from_path``) reports a file it cannot read as a ``GenerationError`` (the parent
class), which passes through unchanged: "GAN weights file '/srv/…/faces.safetensors' is not a
safetensors file (arch='dcgan64')". A creator who picks such a registered model sees the
server's folder layout in the error (the UI's pop-up, the job's error in "My outputs", the
audit). Only an operator can register the file, but a model file is hostile input
(docs/ARCHITECTURE.md, threat model): a truncated download or a file of another architecture
is enough.

FAIL-OPEN (path disclosure): the refusal should name the model only.
"""

from __future__ import annotations

import pytest

from consent.errors import describe
from creator.errors import GenerationError


def test_a_registered_gan_file_that_does_not_load_names_no_server_path(engine_world, tmp_path):
    folder = tmp_path / "srv-models-private"
    folder.mkdir()
    path = folder / "faces.safetensors"
    path.write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}garbage")  # a header, then nothing of a DCGAN
    engine_world.register_model("faces", path, kind="gan")
    with pytest.raises(GenerationError) as caught:
        engine_world.studio().generate(engine_world.request(purpose="art", engine="gan", model="faces", prompt=""))
    shown = describe(caught.value).message
    assert "faces" in shown
    assert "srv-models-private" not in shown and str(tmp_path) not in shown
