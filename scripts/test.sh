#!/usr/bin/env bash
# Install the studio with its test extras into .venv and run the whole test suite offline.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0 -e '.[test]'
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
.venv/bin/python -m pytest "$@"
