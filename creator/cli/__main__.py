"""``python -m creator.cli …``: the ``consent-studio`` command, for a checkout run without the
console script on PATH (a walkthrough, session 65, found no module entry point)."""

from creator.console import main

main()
