"""Every audit entry names who acted: the CLI's OS user, the UI's signed-in user; concurrent
contexts keep their own actor."""

from __future__ import annotations

import threading


from consent.audit import acting_as, current_actor
from consent.registry import Registry
from consent.settings import Settings
from creator.cli import main


def test_acting_as_names_the_actor_in_each_entry(registry, person, keys):
    with acting_as("ui:olive"):
        registry.add_subject(person, keys=[keys.subject.public_key()])
    registry.set_opt_out(person.id, True)  # outside: no actor recorded
    first, second = registry.audit_entries()[-2:]
    assert first.payload["actor"] == "ui:olive"
    assert "actor" not in second.payload
    assert registry.verify_audit().ok


def test_actors_do_not_leak_between_threads():
    seen = {}

    def work(name):
        with acting_as(name):
            threading.Event().wait(0.05)
            seen[name] = current_actor()

    threads = [threading.Thread(target=work, args=(f"ui:user{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {f"ui:user{i}": f"ui:user{i}" for i in range(4)}
    assert current_actor() is None


def test_cli_mutations_record_the_os_user(tmp_path, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "rights-desk")
    data = tmp_path / "data"
    try:
        main(["--data-dir", str(data), "subject", "add", "--id", "jane-doe", "--name", "Jane Doe"])
    except SystemExit as e:
        assert e.code == 0
    entries = Registry.from_settings(Settings(data_dir=data)).audit_entries()
    assert entries[-1].kind == "subject_added" and entries[-1].payload["actor"] == "cli:rights-desk"
