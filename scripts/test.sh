#!/usr/bin/env bash
# The whole test suite, integration tests included: installs what is missing, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
source scripts/env.sh
.venv/bin/python -m pytest "$@"
