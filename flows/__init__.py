"""Prefect flows, tasks, runners and the command line. The only package that knows Prefect."""

import os

# Set before Prefect is imported anywhere: its embedded server would otherwise send telemetry, and
# its first start on a cold machine took over 20 s, beyond Prefect's default start-up timeout.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
# Tesseract's OpenMP threads slowed a page down here: parallelism comes from worker processes.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
