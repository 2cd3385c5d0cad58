"""Wiring: attach every sub-command module to the root group (one place, no logic)."""

from __future__ import annotations

import importlib

from creator.cli import cli

# (module, attribute) pairs; each attribute is a click command or group.
_COMMANDS = [
    ("consent.cli.records", "keys"),
    ("consent.cli.records", "subject"),
    ("consent.cli.records", "grant"),
    ("consent.cli.records", "audit"),
    ("consent.cli.records", "verifier"),
    ("consent.cli.records", "adapter"),
    ("consent.cli.likeness", "names"),
    ("creator.cli.disclosure", "verify"),
    ("creator.cli.generate", "generate"),
    ("creator.cli.generate", "check"),
    ("creator.cli.serve", "serve"),
    ("creator.cli.serve", "users"),
]
# Commands added to an existing group: (group module, group attr, module, command attr)
_SUBCOMMANDS: list[tuple[str, str, str, str]] = [
    ("consent.cli.records", "subject", "consent.cli.likeness", "enroll"),
    # `keys generate` makes Ed25519 grant-signing keys; init/show/rotate manage the C2PA chain.
    ("consent.cli.records", "keys", "creator.cli.disclosure", "init"),
    ("consent.cli.records", "keys", "creator.cli.disclosure", "show"),
    ("consent.cli.records", "keys", "creator.cli.disclosure", "rotate"),
]

for mod, attr in _COMMANDS:
    cli.add_command(getattr(importlib.import_module(mod), attr))
for gmod, gattr, mod, attr in _SUBCOMMANDS:
    getattr(importlib.import_module(gmod), gattr).add_command(getattr(importlib.import_module(mod), attr))
