# Environment for every run: Prefect stays on this machine and tells nobody anything.
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export DO_NOT_TRACK=1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="${PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS:-90}"
# Task runs recorded in batches of up to 100 events (flushed every 5 s at least), not one transaction
# each: half the server's CPU (see flows/__init__.py).
export PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE="${PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE:-100}"
export PREFECT_HOME="${PREFECT_HOME:-$PWD/.cache/prefect}"
# Tesseract's OpenMP threads made a page slower here: parallelism comes from processes.
export OMP_THREAD_LIMIT=1
mkdir -p "$PREFECT_HOME"
