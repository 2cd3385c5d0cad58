"""Red team 69: a settings file that names a device, a FIFO or a huge file as a C2PA key file.

``c2pa_trust_anchors: /dev/zero`` read until memory ran out (MemoryError, or the process killed);
a FIFO made ``generate`` wait for ever. Key, chain and anchor files are now read only as regular
files of at most 1 MiB, opened without waiting for a writer: the request fails with a clear
disclosure error and nothing is written.
"""

from __future__ import annotations

import os
import threading

import pytest

from creator.errors import DisclosureError


@pytest.mark.parametrize("kind", ["device", "fifo", "huge"])
def test_a_trust_anchor_path_that_is_no_pem_file_fails_the_request_clearly(stub_world, tmp_path, kind):
    w = stub_world
    if kind == "device":
        path = "/dev/zero"
    elif kind == "fifo":
        path = str(tmp_path / "anchors.pem")
        os.mkfifo(path)
    else:
        path = str(tmp_path / "anchors.pem")
        with open(path, "wb") as f:
            f.truncate(64 << 20)  # 64 MiB (sparse)
    settings = w.settings.model_copy(update={"c2pa_trust_anchors": path})
    result: list[BaseException] = []

    def run():
        try:
            w.studio(settings=settings).generate(w.request(prompt="a harbour at dawn"))
        except BaseException as e:  # noqa: BLE001 - the outcome is the assertion
            result.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), "generate still waiting on the trust-anchor file"
    assert len(result) == 1 and isinstance(result[0], DisclosureError), result
    assert "not a regular file" in str(result[0]) or "at most" in str(result[0])
    assert w.output_files() == []
