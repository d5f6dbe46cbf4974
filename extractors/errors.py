"""Typed extraction failures. Each one carries a machine-readable `kind` and a one-line French message.

Format readers raise these; `extractors.extract` turns them (and anything unexpected) into an
`ExtractedDocument` with `error`/`error_kind` at exactly one place (`extractors.failure_record`).
"""

from __future__ import annotations


class ExtractionError(Exception):
    """Base class. `message_fr` is what an officer reads in the report: one line, no stack trace."""

    kind: str = "failed"
    default_message: str = "Le fichier n'a pas pu être lu."
    # True when the same bytes always fail the same way (damaged, encrypted, too large...), so the
    # outcome may be cached by content hash. False when it depends on the run: a time-out, a worker
    # that died, a missing program, a file that could not be fetched, a parser fault of ours.
    about_the_bytes: bool = False

    def __init__(self, message_fr: str | None = None) -> None:
        self.message_fr = " ".join((message_fr or self.default_message).split())
        super().__init__(self.message_fr)


class EmptyFile(ExtractionError):
    kind = "empty"
    about_the_bytes = True
    default_message = "Fichier vide (0 octet)."


class CorruptFile(ExtractionError):
    kind = "corrupt"
    about_the_bytes = True
    default_message = "Fichier endommagé ou tronqué : il n'a pas pu être ouvert."


class EncryptedFile(ExtractionError):
    kind = "encrypted"
    about_the_bytes = True
    default_message = "PDF protégé par un mot de passe : fournir une version sans mot de passe."


class ArchiveBomb(ExtractionError):
    kind = "archive_bomb"
    about_the_bytes = True
    default_message = "Archive refusée : taille décompressée ou taux de compression anormal."


class TooManyPixels(ExtractionError):
    kind = "too_many_pixels"
    about_the_bytes = True
    default_message = "Image refusée : nombre de pixels trop élevé."


class TooManyPages(ExtractionError):
    kind = "too_many_pages"
    about_the_bytes = True
    default_message = "Document refusé : trop de pages."


class TooLarge(ExtractionError):
    kind = "too_large"
    about_the_bytes = True
    default_message = "Fichier refusé : taille trop importante."


class OutOfMemory(ExtractionError):
    """Reading needed more memory than this run had: another machine or a quieter moment may do."""

    kind = "out_of_memory"
    default_message = "Fichier refusé : sa lecture demande trop de mémoire."


class Unreadable(ExtractionError):
    kind = "unreadable"
    default_message = "Fichier introuvable ou accès refusé : il n'a pas pu être lu."


class ExtractionTimeout(ExtractionError):
    kind = "timeout"
    default_message = "Lecture interrompue : durée maximale de traitement dépassée."


class UnsupportedFormat(ExtractionError):
    kind = "unsupported"
    about_the_bytes = True
    default_message = "Format de fichier non pris en charge."


class OcrFailed(ExtractionError):
    kind = "ocr_failed"
    default_message = "La reconnaissance de texte (OCR) a échoué."


class ExtractionCrashed(ExtractionError):
    """The isolated worker died (segfault, out of memory) while reading the file."""

    kind = "crashed"
    default_message = "La lecture du fichier a provoqué l'arrêt du programme de lecture."


def _all_subclasses(base: type[ExtractionError]) -> list[type[ExtractionError]]:
    return [base, *(sub for child in base.__subclasses__() for sub in _all_subclasses(child))]


CONTENT_ERROR_KINDS: frozenset[str] = frozenset(
    error.kind for error in _all_subclasses(ExtractionError) if error.about_the_bytes
)
