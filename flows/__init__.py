"""Prefect flows, tasks, runners and the command line. The only package that knows Prefect."""

import os

# Set before Prefect is imported anywhere: its embedded server would otherwise send telemetry, and
# its first start on a cold machine took over 20 s, beyond Prefect's default start-up timeout.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
# Tesseract's OpenMP threads slowed a page down here: parallelism comes from worker processes.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# Prefect's server records task runs one event at a time by default: each state change of each task is
# its own SQLite transaction and statement compilation. In batches of up to 100 (still flushed at least
# every 5 s, and on shutdown) its CPU per small benchmark batch went from 1.9 to 0.9 s; a task's state
# reaches the UI at most 5 s later.
os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE", "100")
