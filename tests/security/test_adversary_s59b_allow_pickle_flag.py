"""Red team s59b: ``Operations.register_model(..., allow_pickle=...)`` still reads the operator's
yes/no word with ``bool()`` — the one confirmation session 59's ``yes_no`` left out.

Session 59 made the Python API's yes/no arguments strict (``consent.operations.yes_no``:
``famous_ok``, ``famous_namesake``, ``approve``, ``minor``, ``opt_out``): a script fed from JSON, YAML
or the environment that passes ``"false"`` must not confirm anything. ``register_model`` checks
``if d.pickle_files and not allow_pickle`` and stores ``bool(allow_pickle)``: ``allow_pickle="false"``
registers a pickle-based checkpoint — files that run code when the studio loads them — and the
registry records the operator's explicit decision to trust them (``creator/studio.py`` then loads it).

Expected: ``allow_pickle`` that is not True or False is refused naming the field (as ``yes_no``
does), and the model is not registered.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError


@pytest.mark.parametrize("word", ["false", "no", "0"])
def test_allow_pickle_given_as_text_registers_no_pickle_model(stub_world, tmp_path, word):
    import torch

    w = stub_world
    path = tmp_path / "weights.pt"
    torch.save({"w": torch.zeros(2)}, path)  # a pickle-based file: runs code when loaded
    with pytest.raises(ConsentError):
        w.ops.register_model("pickled", path, kind="gan", licence="test weights")  # no word: refused (holds)
    with pytest.raises((ConsentError, TypeError)):
        w.ops.register_model("pickled", path, kind="gan", licence="test weights", allow_pickle=word)
    assert w.registry.get_model("pickled") is None, f"allow_pickle={word!r} registered a pickle-based model"
