#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image (Ubuntu, as root).
set -euo pipefail
cd /autograder/source
apt-get update && apt-get install -y python3.11 python3.11-venv || true
python3.11 -m venv /autograder/venv
/autograder/venv/bin/pip install --upgrade pip
/autograder/venv/bin/pip install -r requirements.txt
