"""The person-name knowledge is built once per installation and kept, signed, in the data dir.

A new process (every CLI command, every studio start) then loads it in under a second instead
of rebuilding it from the package lists. The file is only trusted when the installation's audit
key signed it for this exact build of the lists."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

from consent import _name_knowledge as nk
from consent.audit import AuditKeys


def _fields(kb):
    return {f.name: getattr(kb, f.name) for f in dataclasses.fields(kb)}


def test_a_written_cache_reads_back_as_the_same_knowledge(tmp_path, audit_keys):
    kb = nk.knowledge()
    cache = nk._SignedCache(tmp_path / "cache", audit_keys)
    cache.write(kb)
    assert cache.path.exists() and cache.path.stat().st_mode & 0o077 == 0
    got = cache.read()
    assert got is not None and got is not kb
    assert _fields(got) == _fields(kb)
    assert got.skeletons() == kb.skeletons()


def test_verification_only_keys_never_write(tmp_path, audit_keys):
    cache = nk._SignedCache(tmp_path / "cache", AuditKeys.for_verification(audit_keys.keys_dir))
    cache.write(nk.knowledge())
    assert not (tmp_path / "cache").exists()


def test_a_new_process_uses_the_cache_and_still_finds_names(tmp_path):
    """Two processes on one data dir: the first builds and signs the file, the second reads it
    (it never imports the package lists' builder) and denies the same names."""
    script = textwrap.dedent(f"""
        import sys
        from consent.registry import Registry
        from consent.settings import Settings
        from consent import _name_knowledge as nk
        from consent.names import NameMatcher
        built = []
        real_build = nk._build
        nk._build = lambda: built.append(1) or real_build()
        Registry.from_settings(Settings(data_dir={str(tmp_path / 'data')!r})).close()
        found = [lk.text for lk in NameMatcher([]).find("barack obama and Taylor Swift at a rally")]
        print("built" if built else "cached", found)
    """)
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
            for _ in range(2)]
    for r in runs:
        assert r.returncode == 0, r.stderr
    assert runs[0].stdout.startswith("built")
    assert runs[1].stdout.startswith("cached")
    assert runs[0].stdout.split(" ", 1)[1] == runs[1].stdout.split(" ", 1)[1]
    assert "obama" in runs[1].stdout.lower() and "swift" in runs[1].stdout.lower()
    assert len(list((tmp_path / "data" / "cache").glob("names-*.bin"))) == 1
