#!/usr/bin/env bash
# The main job on the bundled samples, with Prefect in embedded mode: installs what is missing, then runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh run
source scripts/env.sh
.venv/bin/qualiopi-review run data/samples --out "${1:-out}"
echo "Reports: $(realpath "${1:-out}")/<dossier>/gap_report.html, audit_grid.xlsx, gap_report.json; batch: $(realpath "${1:-out}")/batch_summary.csv"
