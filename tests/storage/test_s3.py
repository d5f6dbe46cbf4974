"""S3 storage against a real SeaweedFS server (tests/support/seaweed.py); no mocks."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from storage import ObjectNotFound, ObjectTooLarge, StorageUnavailable, UnsafeKey, open_storage
from storage.layout import discover_dossiers
from storage.s3 import S3Storage
from tests.support.seaweed import S3Endpoint

pytestmark = pytest.mark.slow


def _store(endpoint: S3Endpoint, prefix: str, **kwargs) -> S3Storage:
    storage = open_storage(f"s3://{endpoint.bucket}/{prefix}", s3_endpoint_url=endpoint.url, **kwargs)
    assert isinstance(storage, S3Storage)
    return storage


def _put(endpoint: S3Endpoint, files: dict[str, bytes]) -> None:
    client = endpoint.client()
    for key, data in files.items():
        client.put_object(Bucket=endpoint.bucket, Key=key, Body=data)


def _all_keys(endpoint: S3Endpoint, prefix: str) -> list[str]:
    listing = endpoint.client().list_objects_v2(Bucket=endpoint.bucket, Prefix=prefix)
    return sorted(obj["Key"] for obj in listing.get("Contents", []))


def _count_calls(storage: S3Storage, operation: str) -> list[str]:
    """Records every `operation` request the storage's client sends."""
    calls: list[str] = []
    storage.client.meta.events.register(f"before-call.s3.{operation}", lambda **_: calls.append(operation))
    return calls


def test_list_read_exists_round_trip(aws_env: S3Endpoint, s3_prefix: str) -> None:
    _put(aws_env, {
        f"{s3_prefix}/in/b.pdf": b"%PDF b",
        f"{s3_prefix}/in/a/programme é.docx": b"docx",
        f"{s3_prefix}/in/a/sub/scan.png": b"png" * 10,
        f"{s3_prefix}/in/a/empty-folder-marker/": b"",
        f"{s3_prefix}/inner/not-mine.pdf": b"sibling prefix sharing the same letters",
    })
    storage = _store(aws_env, f"{s3_prefix}/in")
    files = storage.list_files()
    assert [f.key for f in files] == ["a/programme é.docx", "a/sub/scan.png", "b.pdf"]
    assert files[1].size == 30 and files[1].etag_or_mtime
    assert [f.key for f in storage.list_files("a/sub")] == ["a/sub/scan.png"]
    assert storage.read_bytes("a/programme é.docx") == b"docx"
    assert storage.exists("b.pdf") and not storage.exists("absent.pdf")
    assert storage.local_path("b.pdf") is None
    with pytest.raises(ObjectNotFound):
        storage.read_bytes("absent.pdf")


def test_listing_is_paginated(aws_env: S3Endpoint, s3_prefix: str) -> None:
    _put(aws_env, {f"{s3_prefix}/f{i:02}.txt": b"x" for i in range(7)})
    storage = S3Storage(f"s3://{aws_env.bucket}/{s3_prefix}", endpoint_url=aws_env.url, page_size=2)
    calls = _count_calls(storage, "ListObjectsV2")
    assert [f.key for f in storage.list_files()] == [f"f{i:02}.txt" for i in range(7)]
    assert len(calls) == 4


def test_listing_skips_keys_that_cannot_be_addressed_safely(aws_env: S3Endpoint, s3_prefix: str) -> None:
    _put(aws_env, {f"{s3_prefix}/ok.pdf": b"ok", f"{s3_prefix}/bad\x01name.pdf": b"control character"})
    assert [f.key for f in _store(aws_env, s3_prefix).list_files()] == ["ok.pdf"]


def test_write_bytes_atomic_leaves_only_the_final_object(aws_env: S3Endpoint, s3_prefix: str) -> None:
    storage = _store(aws_env, f"{s3_prefix}/out")
    storage.write_bytes_atomic("D-1/gap_report.html", b"<html>1</html>")
    storage.write_bytes_atomic("D-1/gap_report.html", b"<html>2</html>")
    storage.write_bytes_atomic("batch_summary.csv", b"a;b\n")
    assert storage.read_bytes("D-1/gap_report.html") == b"<html>2</html>"
    assert _all_keys(aws_env, s3_prefix) == [f"{s3_prefix}/out/D-1/gap_report.html", f"{s3_prefix}/out/batch_summary.csv"]
    head = aws_env.client().head_object(Bucket=aws_env.bucket, Key=f"{s3_prefix}/out/D-1/gap_report.html")
    assert head["ContentType"] == "text/html"
    storage.delete("D-1/gap_report.html")
    storage.delete("D-1/never-written.json")
    assert _all_keys(aws_env, s3_prefix) == [f"{s3_prefix}/out/batch_summary.csv"]


def test_failed_copy_keeps_the_old_object_and_removes_the_temporary(
    aws_env: S3Endpoint, s3_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = _store(aws_env, s3_prefix)
    storage.write_bytes_atomic("D-1/gap_report.json", b"old")

    def crash(**_kwargs: object) -> None:
        raise ConnectionResetError("killed between upload and copy")

    monkeypatch.setattr(storage.client, "copy_object", crash)
    with pytest.raises(ConnectionResetError):
        storage.write_bytes_atomic("D-1/gap_report.json", b"new")
    assert storage.read_bytes("D-1/gap_report.json") == b"old"
    assert _all_keys(aws_env, s3_prefix) == [f"{s3_prefix}/D-1/gap_report.json"]


def test_download_to_is_streamed_to_a_file_or_folder(aws_env: S3Endpoint, s3_prefix: str, tmp_path: Path) -> None:
    payload = bytes(range(256)) * 12_000  # ~3 MB: several chunks
    _put(aws_env, {f"{s3_prefix}/dossier/pieces/big.pdf": payload})
    storage = _store(aws_env, s3_prefix)
    assert storage.download_to("dossier/pieces/big.pdf", tmp_path / "doc").read_bytes() == payload
    nested = storage.download_to("dossier/pieces/big.pdf", tmp_path)
    assert nested == tmp_path / "dossier" / "pieces" / "big.pdf"
    assert nested.read_bytes() == payload


def test_object_over_the_limit_is_refused_without_downloading(
    aws_env: S3Endpoint, s3_prefix: str, tmp_path: Path
) -> None:
    _put(aws_env, {f"{s3_prefix}/huge.pdf": b"x" * 2_000_000, f"{s3_prefix}/small.pdf": b"small"})
    storage = _store(aws_env, s3_prefix)
    gets = _count_calls(storage, "GetObject")
    with pytest.raises(ObjectTooLarge) as caught:
        storage.read_bytes("huge.pdf", max_bytes=1_000_000)
    assert (caught.value.size, caught.value.limit) == (2_000_000, 1_000_000)
    with pytest.raises(ObjectTooLarge):
        storage.download_to("huge.pdf", tmp_path / "huge.pdf", max_bytes=1_000_000)
    assert gets == []
    assert list(tmp_path.iterdir()) == []
    assert storage.read_bytes("small.pdf", max_bytes=5) == b"small"


def test_discovery_under_a_prefix(aws_env: S3Endpoint, s3_prefix: str) -> None:
    _put(aws_env, {
        f"{s3_prefix}/lot/OF-A/bpf.pdf": b"%PDF",
        f"{s3_prefix}/lot/OF-A/sub/cgv.docx": b"docx",
        f"{s3_prefix}/lot/OF-B/dossier.yaml": b"dossier_id: B\n",
        f"{s3_prefix}/lot/OF-B/.DS_Store": b"junk",
        f"{s3_prefix}/lot/vide/notes.md": b"no evidence",
        f"{s3_prefix}/lot/OF-C/.tmp-0123-x.pdf": b"left by a killed run",
    })
    dossiers = discover_dossiers(_store(aws_env, f"{s3_prefix}/lot"))
    assert [(d.dossier_key, [f.key for f in d.files]) for d in dossiers] == [
        ("OF-A", ["OF-A/bpf.pdf", "OF-A/sub/cgv.docx"]),
        ("OF-B", ["OF-B/dossier.yaml"]),
    ]
    [single] = discover_dossiers(_store(aws_env, f"{s3_prefix}/lot/OF-A"))
    assert (single.dossier_key, single.default_id) == ("", "OF-A")


def test_keys_cannot_escape_the_prefix(aws_env: S3Endpoint, s3_prefix: str, tmp_path: Path) -> None:
    _put(aws_env, {f"{s3_prefix}/secret/x.pdf": b"secret"})
    storage = _store(aws_env, f"{s3_prefix}/out")
    sent = _count_calls(storage, "*")
    for key in ("../secret/x.pdf", "a/../../secret/x.pdf", "/secret/x.pdf", "..\\secret\\x.pdf", "a\x00b"):
        for operation in (
            lambda: storage.read_bytes(key),
            lambda: storage.download_to(key, tmp_path),
            lambda: storage.exists(key),
            lambda: storage.write_bytes_atomic(key, b"overwrite"),
            lambda: storage.delete(key),
        ):
            with pytest.raises(UnsafeKey):
                operation()
    assert sent == []
    assert list(tmp_path.iterdir()) == []
    assert _all_keys(aws_env, s3_prefix) == [f"{s3_prefix}/secret/x.pdf"]
    assert not storage.exists("secret/x.pdf")  # the hook does see requests: this one was sent
    assert sent


def test_endpoint_from_the_standard_environment_variable(
    aws_env: S3Endpoint, s3_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", aws_env.url)
    storage = open_storage(f"s3://{aws_env.bucket}/{s3_prefix}")
    storage.write_bytes_atomic("x.txt", b"via env")
    assert storage.read_bytes("x.txt") == b"via env"


def test_wrong_credentials_are_storage_unavailable(
    aws_env: S3Endpoint, s3_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    with pytest.raises(StorageUnavailable) as caught:
        _store(aws_env, s3_prefix)
    assert "SignatureDoesNotMatch" in caught.value.reason
    assert "identifiants S3 ont été refusés" in caught.value.message_fr
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "unknown-key")
    with pytest.raises(StorageUnavailable, match="InvalidAccessKeyId"):
        _store(aws_env, s3_prefix)


def test_missing_bucket_is_storage_unavailable(aws_env: S3Endpoint) -> None:
    with pytest.raises(StorageUnavailable) as caught:
        open_storage("s3://no-such-bucket/x", s3_endpoint_url=aws_env.url)
    assert "no-such-bucket" in caught.value.message_fr


def test_unreachable_endpoint_fails_fast(aws_env: S3Endpoint) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(StorageUnavailable) as caught:
        open_storage(f"s3://{aws_env.bucket}/x", s3_endpoint_url=f"http://127.0.0.1:{closed_port}")
    assert time.monotonic() - started < 10
    assert "injoignable" in caught.value.message_fr
