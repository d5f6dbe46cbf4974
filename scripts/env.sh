# Environment for every run: Prefect stays on this machine and tells nobody anything.
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export DO_NOT_TRACK=1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="${PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS:-90}"
export PREFECT_HOME="${PREFECT_HOME:-$PWD/.cache/prefect}"
# Tesseract's OpenMP threads made a page slower here: parallelism comes from processes.
export OMP_THREAD_LIMIT=1
mkdir -p "$PREFECT_HOME"
