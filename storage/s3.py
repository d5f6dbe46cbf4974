"""S3 and S3-compatible stores through boto3.

Credentials, region and endpoint come from the standard AWS environment (boto3 reads
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL[_S3] itself);
`endpoint_url` overrides the endpoint for S3-compatible stores. Every botocore failure is turned
into a typed `StorageError` at this boundary so callers never see boto3 exceptions.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, PartialCredentialsError
from botocore.exceptions import ConnectionError as BotoConnectionError

from storage.base import StoredFile
from storage.errors import (
    InvalidStorageUrl,
    ObjectNotFound,
    ObjectTooLarge,
    StorageError,
    StorageUnavailable,
    UnsafeKey,
)
from storage.keys import folder_prefix, normalize_key
from storage.local import CHUNK_BYTES, TEMP_PREFIX, destination_path, write_file_atomically

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 60
MAX_ATTEMPTS = 5
# Opening a store fails fast: a wrong endpoint is a configuration error, not a transient one.
PROBE_MAX_ATTEMPTS = 2
MAX_POOL_CONNECTIONS = 32

# S3 error codes (and bare HTTP statuses, which HEAD responses carry instead of a code), by meaning.
_CODES_CREDENTIALS_REFUSED = frozenset({
    "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken",
    "TokenRefreshRequired", "AuthorizationHeaderMalformed", "AllAccessDisabled", "InvalidSecurity",
    "AccountProblem", "Forbidden", "403", "401",
})
_CODES_BUCKET_MISSING = frozenset({"NoSuchBucket"})
_CODES_KEY_MISSING = frozenset({"NoSuchKey", "NotFound", "404"})

_BUCKET_NAME_LENGTH = range(3, 64)


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/a/b`` -> (``bucket``, ``a/b/``): the root prefix always ends with '/' unless empty."""
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise InvalidStorageUrl(url, "scheme is not s3://")
    bucket = parts.netloc
    if len(bucket) not in _BUCKET_NAME_LENGTH or not all(ch.isalnum() or ch in ".-_" for ch in bucket):
        raise InvalidStorageUrl(url, "invalid bucket name")
    if parts.query or parts.fragment:
        raise InvalidStorageUrl(url, "query strings and fragments are not allowed")
    try:
        return bucket, folder_prefix(parts.path.lstrip("/"))
    except UnsafeKey as error:
        raise InvalidStorageUrl(url, error.reason) from None


def s3_config(*, path_style: bool, max_attempts: int = MAX_ATTEMPTS) -> Config:
    return Config(
        retries={"mode": "standard", "max_attempts": max_attempts},
        # Checksums only when S3 demands them: several S3-compatible stores reject the newer ones.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        max_pool_connections=MAX_POOL_CONNECTIONS,
        s3={"addressing_style": "path"} if path_style else None,
    )


def make_s3_client(
    endpoint_url: str | None = None, *, max_attempts: int = MAX_ATTEMPTS, session: boto3.session.Session | None = None
):
    """An S3 client; boto3 clients are thread-safe and costly to build, so share one per store.
    A second client from the same session costs a few milliseconds instead of ~100."""
    path_style = bool(endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL"))
    config = s3_config(path_style=path_style, max_attempts=max_attempts)
    return (session or boto3.session.Session()).client("s3", endpoint_url=endpoint_url, config=config)


class S3Storage:
    def __init__(self, url: str, *, endpoint_url: str | None = None, page_size: int = 1000) -> None:
        self.bucket, self.root_prefix = parse_s3_url(url)
        self.url = f"s3://{self.bucket}/{self.root_prefix}".rstrip("/")
        session = boto3.session.Session()
        self.client = make_s3_client(endpoint_url, session=session)
        self.endpoint = self.client.meta.endpoint_url
        self.page_size = page_size
        self._check_reachable(make_s3_client(endpoint_url, max_attempts=PROBE_MAX_ATTEMPTS, session=session))

    # --- reading -------------------------------------------------------------------------------

    def list_files(self, prefix: str = "") -> list[StoredFile]:
        paginator = self.client.get_paginator("list_objects_v2")
        pages = paginator.paginate(
            Bucket=self.bucket,
            Prefix=self.root_prefix + folder_prefix(prefix),
            PaginationConfig={"PageSize": self.page_size},
        )
        files: list[StoredFile] = []
        with self._translated():
            for page in pages:
                files.extend(f for obj in page.get("Contents", []) if (f := self._stored_file(obj)) is not None)
        return sorted(files, key=lambda f: f.key)

    def read_bytes(self, key: str, max_bytes: int | None = None) -> bytes:
        return b"".join(self._chunks(key, max_bytes))

    def download_to(self, key: str, destination: Path, max_bytes: int | None = None) -> Path:
        target = destination_path(destination, key)
        write_file_atomically(target, self._chunks(key, max_bytes))
        return target

    def local_path(self, key: str) -> Path | None:
        normalize_key(key)  # an unsafe key is refused here too, like by every other method
        return None

    def exists(self, key: str) -> bool:
        object_key = self._object_key(key)
        try:
            with self._translated(key):
                self.client.head_object(Bucket=self.bucket, Key=object_key)
        except ObjectNotFound:
            return False
        return True

    # --- writing (outputs only) ----------------------------------------------------------------

    def write_bytes_atomic(self, key: str, data: bytes) -> None:
        """PUT is atomic per object already; going through a hidden temporary key keeps the same
        guarantee as local folders for any future multipart upload, and a run killed mid-upload
        leaves only a hidden ``.tmp-`` key that dossier discovery ignores."""
        final = self._object_key(key)
        folder, _, name = final.rpartition("/")
        temporary = f"{folder}{'/' if folder else ''}{TEMP_PREFIX}{uuid.uuid4().hex}-{name[:100]}"
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with self._translated(key):
            self.client.put_object(Bucket=self.bucket, Key=temporary, Body=data, ContentType=content_type)
            try:
                self.client.copy_object(
                    Bucket=self.bucket, Key=final, CopySource={"Bucket": self.bucket, "Key": temporary}
                )
            finally:
                self._delete_quietly(temporary)

    def delete(self, key: str) -> None:
        with self._translated(key):
            self.client.delete_object(Bucket=self.bucket, Key=self._object_key(key))

    # --- helpers -------------------------------------------------------------------------------

    def _object_key(self, key: str) -> str:
        """Validation makes escaping impossible: the result always starts with the root prefix."""
        return self.root_prefix + normalize_key(key)

    def _stored_file(self, obj: dict) -> StoredFile | None:
        key = obj["Key"][len(self.root_prefix):]
        if key.endswith("/"):  # folder marker written by consoles, not a file
            return None
        try:
            canonical = normalize_key(key)
        except UnsafeKey as error:
            logger.warning("skipping s3://%s/%r: %s", self.bucket, obj["Key"], error.reason)
            return None
        if canonical != key:
            # 'a//b' would be read back as 'a/b', a different object: such keys are not addressable.
            logger.warning("skipping s3://%s/%r: non-canonical key", self.bucket, obj["Key"])
            return None
        etag = (obj.get("ETag") or "").strip('"') or None
        return StoredFile(key=key, size=int(obj.get("Size", 0)), etag_or_mtime=etag)

    def _chunks(self, key: str, max_bytes: int | None) -> Iterator[bytes]:
        """Refuses from the size in a HEAD, before any byte is downloaded; still counts while
        streaming because the object may be replaced between the HEAD and the GET."""
        object_key = self._object_key(key)
        with self._translated(key):
            if max_bytes is not None:
                size = self.client.head_object(Bucket=self.bucket, Key=object_key)["ContentLength"]
                if size > max_bytes:
                    raise ObjectTooLarge(key, size, max_bytes)
            body = self.client.get_object(Bucket=self.bucket, Key=object_key)["Body"]
            try:
                total = 0
                for chunk in body.iter_chunks(CHUNK_BYTES):
                    total += len(chunk)
                    if max_bytes is not None and total > max_bytes:
                        raise ObjectTooLarge(key, total, max_bytes)
                    yield chunk
            finally:
                body.close()

    def _delete_quietly(self, object_key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=object_key)
        except (BotoCoreError, ClientError) as error:
            logger.warning("could not delete temporary object s3://%s/%s: %s", self.bucket, object_key, error)

    def _check_reachable(self, probe) -> None:
        """One cheap listing call with few retries: a wrong endpoint, bucket or key fails at once."""
        with self._translated():
            probe.list_objects_v2(Bucket=self.bucket, Prefix=self.root_prefix, MaxKeys=1)

    @contextmanager
    def _translated(self, key: str | None = None) -> Iterator[None]:
        try:
            yield
        except StorageError:
            raise
        except (NoCredentialsError, PartialCredentialsError) as error:
            raise self._unavailable(
                f"no usable credentials ({error})",
                "Aucun identifiant S3 utilisable : renseignez AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY.",
            ) from None
        except BotoConnectionError as error:
            raise self._unavailable(
                f"endpoint unreachable ({error})",
                f"Le stockage S3 est injoignable ({self.endpoint}) : vérifiez l'adresse du service et le réseau.",
            ) from None
        except ClientError as error:
            raise self._client_error(error, key) from None
        except BotoCoreError as error:
            raise self._unavailable(
                f"transfer failed ({error})",
                f"Échange interrompu avec le stockage S3 « {self.url} » : réessayez plus tard.",
            ) from None

    def _client_error(self, error: ClientError, key: str | None) -> StorageError:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in _CODES_KEY_MISSING and key is not None:
            return ObjectNotFound(self.url, key)
        if code in _CODES_BUCKET_MISSING or (code in _CODES_KEY_MISSING and key is None):
            return self._unavailable(
                f"bucket {self.bucket!r} does not exist ({code})",
                f"Le bucket S3 « {self.bucket} » n'existe pas sur {self.endpoint}.",
            )
        if code in _CODES_CREDENTIALS_REFUSED:
            return self._unavailable(
                f"credentials refused ({code})",
                f"Les identifiants S3 ont été refusés pour « {self.url} » : clé d'accès, secret ou droits à vérifier.",
            )
        return self._unavailable(
            f"S3 error {code or 'unknown'} ({error})",
            f"Le stockage S3 « {self.url} » a répondu par une erreur ({code or 'inconnue'}).",
        )

    def _unavailable(self, reason: str, message_fr: str) -> StorageUnavailable:
        logger.error("S3 storage %s at %s unavailable: %s", self.url, self.endpoint, reason)
        return StorageUnavailable(self.url, reason, message_fr)
