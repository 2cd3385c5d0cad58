"""Consent Studio's web front end: build the page from :mod:`creator.ui` and launch it.

Same as ``consent-studio serve``: login required, 127.0.0.1:7860 unless told otherwise.
"""

import sys

from creator.cli import main

if __name__ == "__main__":
    main(["serve", *sys.argv[1:]])
