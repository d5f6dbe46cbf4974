"""Entry point of an isolated extraction worker, started by `extractors.isolation` with two pipe fds.

The worker imports the parsers and the classification rules once, says it is ready, then serves
jobs one at a time over the two pipes until its parent closes them: each answer is the document's
text and its contract record (type and fields), so classification too runs on every core. It runs
in its own session (process group), so that the parent can kill it together with any Tesseract it
started.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

READY = "ready"
# glibc's `mallopt` parameters (malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# The largest block glibc agrees to serve from its heap rather than map on its own (HEAP_MAX_SIZE / 2
# on 64 bits), and how much freed heap a worker keeps for the next page instead of handing it back.
HEAP_BLOCK_LIMIT = 32 * 1024 * 1024
KEPT_FREE_HEAP = 128 * 1024 * 1024


@dataclass(frozen=True)
class Job:
    path: str
    relative_path: str
    limits_json: str
    sha256: str | None
    tesseract_cmd: str | None  # None: the Tesseract library in the worker (`extractors.ocr.OcrEngine`)


def main(read_fd: int, write_fd: int) -> None:
    # Stray prints from a library must not corrupt the result pipe: stdout goes to stderr.
    os.dup2(2, 1)
    # Ctrl-C is the parent's business; it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    keep_freed_memory()

    from extractors.core import extract_document
    from extractors.ocr import OcrEngine
    from extractors.records import prepare, to_record
    from schemas import Limits, ReadDocument

    prepare()
    # The parsers and rules (some 120 000 objects) live as long as the worker: no collection needs to
    # walk them again, nor free them one by one when the worker exits.
    gc.freeze()

    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    outbox.send(READY)
    while True:
        try:
            # Plain dicts on the wire: nothing but builtins is unpickled.
            job = Job(**inbox.recv())
        except (EOFError, OSError):
            return
        limits = Limits.model_validate_json(job.limits_json)
        engine = OcrEngine(job.tesseract_cmd)
        extracted = extract_document(Path(job.path), job.relative_path, limits, job.sha256, engine)
        answer = ReadDocument(extracted=extracted, record=to_record(extracted))
        try:
            outbox.send(answer.model_dump_json())
        except (BrokenPipeError, OSError):
            return  # the parent is gone


def keep_freed_memory() -> None:
    """A scanned page allocates and frees some 70 MB of large blocks (the page in grey, its
    straightened copy, the skew search's copies, Tesseract's own images of it). glibc maps each block
    of 128 KB or more on its own and hands it back to the kernel when freed, so the next page gets it
    again, zero-filled and faulted in 4 KB at a time: some 30 ms of kernel CPU a page. Blocks up to 32 MB
    are served from the heap instead, and up to 128 MB of freed heap stay for the next page; a larger
    image is still returned at once. Nothing to do with another C library."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_MMAP_THRESHOLD, HEAP_BLOCK_LIMIT)
    mallopt(M_TRIM_THRESHOLD, KEPT_FREE_HEAP)
