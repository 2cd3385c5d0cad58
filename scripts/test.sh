#!/usr/bin/env bash
# Install the studio with its test extras into .venv and run the whole test suite offline.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0 -e '.[test]'
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
# One worker process per core, up to 4 (pytest-xdist); each test file runs whole on one worker,
# so its module fixtures are built once. A later "-n 0" in the arguments runs in one process.
workers=$(python3 -c 'import os; print(max(1, min(4, len(os.sched_getaffinity(0)))))')
.venv/bin/python -m pytest -n "$workers" --dist loadfile "$@"
