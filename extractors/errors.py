"""Typed extraction failures. Each one carries a machine-readable `kind` and a one-line French message.

Format readers raise these; `extractors.extract` turns them (and anything unexpected) into an
`ExtractedDocument` with `error`/`error_kind` at exactly one place (`extractors.failure_record`).
"""

from __future__ import annotations


class ExtractionError(Exception):
    """Base class. `message_fr` is what an officer reads in the report: one line, no stack trace."""

    kind: str = "failed"
    default_message: str = "Le fichier n'a pas pu être lu."

    def __init__(self, message_fr: str | None = None) -> None:
        self.message_fr = " ".join((message_fr or self.default_message).split())
        super().__init__(self.message_fr)


class EmptyFile(ExtractionError):
    kind = "empty"
    default_message = "Fichier vide (0 octet)."


class CorruptFile(ExtractionError):
    kind = "corrupt"
    default_message = "Fichier endommagé ou tronqué : il n'a pas pu être ouvert."


class EncryptedFile(ExtractionError):
    kind = "encrypted"
    default_message = "PDF protégé par un mot de passe : fournir une version sans mot de passe."


class ArchiveBomb(ExtractionError):
    kind = "archive_bomb"
    default_message = "Archive refusée : taille décompressée ou taux de compression anormal."


class TooManyPixels(ExtractionError):
    kind = "too_many_pixels"
    default_message = "Image refusée : nombre de pixels trop élevé."


class TooManyPages(ExtractionError):
    kind = "too_many_pages"
    default_message = "Document refusé : trop de pages."


class TooLarge(ExtractionError):
    kind = "too_large"
    default_message = "Fichier refusé : taille trop importante."


class Unreadable(ExtractionError):
    kind = "unreadable"
    default_message = "Fichier introuvable ou accès refusé : il n'a pas pu être lu."


class ExtractionTimeout(ExtractionError):
    kind = "timeout"
    default_message = "Lecture interrompue : durée maximale de traitement dépassée."


class UnsupportedFormat(ExtractionError):
    kind = "unsupported"
    default_message = "Format de fichier non pris en charge."


class OcrFailed(ExtractionError):
    kind = "ocr_failed"
    default_message = "La reconnaissance de texte (OCR) a échoué."


class ExtractionCrashed(ExtractionError):
    """The isolated worker died (segfault, out of memory) while reading the file."""

    kind = "crashed"
    default_message = "La lecture du fichier a provoqué l'arrêt du programme de lecture."
