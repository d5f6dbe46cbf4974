"""SIRENs misread by OCR, corrected against the dossier's other sources.

A scanned document's SIREN that fails its check digit may be one OCR confusion away from the
organisation's (« 6 » read for « 9 »). It is corrected only when exactly one confusion
(`IdentityRules.ocr_digit_confusions`) makes it valid and equal to a SIREN read on a document with a
text layer or declared in dossier.yaml: the cross-check is what makes the correction safe. The
record keeps what was read (`siren_ocr_read`), so the report says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from indicator_mappers.admissibility import OCR_READ_SIREN_FIELD, siren_is_valid
from indicator_mappers.admissibility_rules import load_admissibility_rules
from schemas import DossierDocument, DossierManifest


def trusted_sirens(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> set[str]:
    """Valid SIRENs of dossier.yaml and of readable documents that were not OCR'd."""
    found = {manifest.organization.siren} if manifest is not None and manifest.organization.siren else set()
    for document in documents:
        record = document.record
        siren = str(record.fields.get("siren") or "")
        if record.status == "ok" and not record.ocr and siren:
            found.add(siren)
    return {siren for siren in found if siren_is_valid(siren)}


def confusion_variants(number: str, confusions: dict[str, list[str]]) -> Iterator[str]:
    for index, digit in enumerate(number):
        for other in confusions.get(digit, []):
            yield number[:index] + other + number[index + 1 :]


def repair_ocr_sirens(
    documents: Sequence[DossierDocument], manifest: DossierManifest | None
) -> list[DossierDocument]:
    confusions = load_admissibility_rules().identity.ocr_digit_confusions
    trusted = trusted_sirens(documents, manifest)
    repaired: list[DossierDocument] = []
    for document in documents:
        fields = document.record.fields
        read = str(fields.get("siren") or "")
        if not (document.record.ocr and read and trusted) or siren_is_valid(read):
            repaired.append(document)
            continue
        matches = {variant for variant in confusion_variants(read, confusions) if variant in trusted}
        if len(matches) != 1:
            repaired.append(document)
            continue
        corrected = matches.pop()
        update = {"siren": corrected, "siren_valid": True, OCR_READ_SIREN_FIELD: read}
        if isinstance(fields.get("siret"), str) and fields["siret"].startswith(read):
            update["siret"] = corrected + fields["siret"][9:]
        record = document.record.model_copy(update={"fields": {**fields, **update}})
        repaired.append(document.model_copy(update={"record": record}))
    return repaired
