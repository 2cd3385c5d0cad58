"""The web studio loads the name knowledge and the face models before it takes requests.

Loaded by the first request instead, their ~10 s hold the interpreter in stretches of up to
about a second: every other request waits, and a job's client watcher stalls, so a connected
client's job can be cancelled under a short grace period. Run in a fresh interpreter: in this
one earlier tests have loaded both already.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from server_support import free_port

_SCRIPT = textwrap.dedent("""
    import sys
    from consent import _name_knowledge, likeness
    from creator.auth import Role, UserStore
    from creator.settings import StudioSettings
    from creator.ui import launch

    settings = StudioSettings(data_dir=sys.argv[1])
    users = UserStore.from_settings(settings)
    users.add("olga", Role.OPERATOR, "olga-operator-pw1")
    before = (_name_knowledge._load.cache_info().currsize, likeness._Models._instance is not None)
    srv = launch(settings, port=int(sys.argv[2]), store=users, prevent_thread_lock=True)
    after = (_name_knowledge._load.cache_info().currsize, likeness._Models._instance is not None)
    srv.should_exit = True
    print("before", *before, "after", *after)
""")


def test_names_and_face_models_are_loaded_before_the_first_request(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    out = subprocess.run([sys.executable, "-c", _SCRIPT, str(tmp_path / "data"), str(free_port())],
                         capture_output=True, text=True, timeout=300, env=env, cwd=os.getcwd())
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["before", "0", "False", "after", "1", "True"], out.stdout
