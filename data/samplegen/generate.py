"""Writes the dossiers of every archetype, then their ground truth."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Iterable, Literal

import yaml

from data.samplegen.builders.common import Built
from data.samplegen.dossiers import ARCHETYPES, DossierPlan, FileSpec
from data.samplegen.identity import siren_with_key
from data.samplegen.model import Document, Workbook
from data.samplegen.render_office import render_csv, render_docx, render_txt, render_xlsx
from data.samplegen.render_pdf import render_pdf
from data.samplegen.render_scan import degrade_photo, degrade_scan, rasterize, save_photo_jpg, save_scanned_pdf
from data.samplegen.style import Style, derive_seed
from data.samplegen.truth import (
    ExpectedAudit,
    ExpectedDossier,
    ExpectedFile,
    ExpectedIndicator,
    ExpectedOrganization,
    ExpectedRepresentative,
    ExpectedScope,
    expectations,
)
from indicator_mappers.nonconformity import load_nonconformity_rules
from indicator_mappers.previous_nc import NC_ORDER
from schemas.contract import ProposedNc

Variant = Literal["default", "fresh"]
SCAN_DPI = 300
PHOTO_WIDTH = 1500
SCANNERS = ("Canon iR-ADV C5535", "RICOH IM C3000", "HP LaserJet MFP M430", "Brother MFC-L8900CDW")
PHONES = (("Apple", "iPhone 12"), ("samsung", "SM-A525F"), ("Xiaomi", "Redmi Note 11"))


class GenerationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Written:
    path: str
    spec: FileSpec
    fmt: str
    pages: int | None
    page_texts: list[str] | None
    built: Built
    details: dict


def dossier_style(variant: Variant, seed: int, archetype: str) -> Style:
    return Style(f"default/{archetype}") if variant == "default" else Style(f"fresh/{seed}/{archetype}")


def _extension(fmt: str) -> str:
    return {
        "pdf": "pdf",
        "pdf2col": "pdf",
        "scan": "pdf",
        "photo": "jpg",
        "docx": "docx",
        "txt": "txt",
        "xlsx": "xlsx",
        "csv": "csv",
    }[fmt]


def _relative_name(spec: FileSpec, style: Style, fresh: bool, fmt: str) -> str:
    name = style.pick(spec.names[1:]) if fresh else spec.names[0]
    stem = name.rsplit(".", 1)[0]
    return f"{stem}.{_extension(fmt)}"


def _write(
    spec: FileSpec, built: Built, fmt: str, target: Path, style: Style, stamp: datetime
) -> tuple[int | None, list[str] | None, dict]:
    content = built.content
    details: dict = {}
    if fmt in ("xlsx", "csv"):
        if not isinstance(content, Workbook):
            raise GenerationError(f"{spec.key}: {fmt} needs a workbook")
        if fmt == "xlsx":
            render_xlsx(content, target, stamp)
        else:
            render_csv(content, target, encoding=spec.encoding or "utf-8", delimiter=";")
            details["delimiter"] = ";"
        return None, None, details
    if not isinstance(content, Document):
        raise GenerationError(f"{spec.key}: {fmt} needs a text document")
    seed = derive_seed(style.key, "render")
    if fmt in ("pdf", "pdf2col"):
        document = replace(content, columns=2) if fmt == "pdf2col" else content
        return render_pdf(document, target, seed=seed), None, details
    if fmt == "docx":
        render_docx(content, target, stamp)
        return None, None, details
    if fmt == "txt":
        render_txt(content, target, encoding=spec.encoding or "utf-8")
        return None, None, details
    if fmt == "scan":
        pages = rasterize(content, dpi=SCAN_DPI, seed=seed)
        images = [degrade_scan(page.image, seed + index) for index, page in enumerate(pages)]
        scanner = style.pick(SCANNERS)
        save_scanned_pdf(
            images,
            target,
            dpi=SCAN_DPI,
            quality=style.pick([48, 55, 60]),
            title=target.stem,
            producer=scanner,
            when=stamp.timetuple(),
        )
        details.update({"dpi": SCAN_DPI, "scanner": scanner})
        return len(pages), [page.text for page in pages], details
    if fmt == "photo":
        pages = rasterize(content, dpi=SCAN_DPI, seed=seed)
        if len(pages) != 1:
            raise GenerationError(f"{spec.key}: a photographed document must fit on one page, got {len(pages)}")
        orientation = style.pick([6, 8, 3])
        camera = style.pick(PHONES)
        photo = degrade_photo(pages[0].image, seed, PHOTO_WIDTH)
        save_photo_jpg(
            photo,
            target,
            quality=style.pick([78, 84, 88]),
            orientation=orientation,
            camera=camera,
            taken=stamp.strftime("%Y:%m:%d %H:%M:%S"),
        )
        details.update({"exif_orientation": orientation, "camera": " ".join(camera)})
        return 1, [pages[0].text], details
    raise GenerationError(f"{spec.key}: unknown format {fmt}")


def _damage(target: Path, kind: str) -> None:
    """Makes a file unreadable the way uploads break in practice: a transfer cut short."""
    if kind != "truncate":
        raise GenerationError(f"unknown damage {kind}")
    data = target.read_bytes()
    target.write_bytes(data[: int(len(data) * 0.42)])


def _manifest_text(plan: DossierPlan) -> str | None:
    if plan.manifest is None:
        return None
    if isinstance(plan.manifest, str):
        return plan.manifest
    return yaml.safe_dump(plan.manifest, allow_unicode=True, sort_keys=False)


def write_dossier(plan: DossierPlan, root: Path, style: Style, fresh: bool) -> list[Written]:
    folder = root / plan.folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    stamp = datetime.combine(plan.ctx.reference_day, datetime.min.time()).replace(hour=9)
    manifest = _manifest_text(plan)
    if manifest is not None:
        (folder / "dossier.yaml").write_text(manifest, encoding="utf-8")
    written: list[Written] = []
    used: set[str] = set()
    for spec in plan.files:
        doc_style = style.fork(spec.key)
        fmt = doc_style.pick(spec.formats) if fresh else spec.formats[0]
        relative = _relative_name(spec, doc_style, fresh, fmt)
        if relative.lower() in used:
            raise GenerationError(f"{plan.folder}: two files named {relative}")
        used.add(relative.lower())
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        built = spec.build(doc_style)
        pages, texts, details = _write(spec, built, fmt, target, doc_style, stamp)
        if spec.damage:
            _damage(target, spec.damage)
        written.append(Written(relative, spec, fmt, pages, texts, built, details))
    return written


def _file_truth(item: Written) -> ExpectedFile:
    spec, fmt = item.spec, item.fmt
    broken = spec.damage is not None
    details = dict(item.details)
    details.update(item.built.extra)
    return ExpectedFile(
        path=item.path,
        doc_type=spec.doc_type,
        format=_extension(fmt),
        layout=fmt,
        scan=fmt in ("scan", "photo"),
        error=broken,
        error_kind="truncated" if spec.damage == "truncate" else None,
        encoding=spec.encoding if fmt in ("csv", "txt") else None,
        pages=None if broken else item.pages,
        fields={} if broken else item.built.fields,
        page_texts=None if broken else item.page_texts,
        note=spec.note,
        details=details,
    )


def _proposed_nc(number: int, status: str, requalified: ProposedNc | None = None) -> str | None:
    """What an auditor proposes for a status under the indicator's grading rule; None when not applicable,
    or when the grading is unknown and the status partial. `requalified`: the grade a previous NC still
    not lifted (partial or missing now) takes, when above that proposal."""
    if status == "not_applicable":
        return None
    if status == "partial":
        grading = expectations()["nc_grading"]
        proposed = "minor" if number in grading["minor_or_major"] else "major" if number in grading["major_only"] else None
    else:
        proposed = {"covered": "none", "missing": "major"}[status]
    if status != "covered" and requalified is not None and NC_ORDER[requalified] > NC_ORDER[proposed or "none"]:
        return requalified
    return proposed


def _requalified(plan: DossierPlan, audit: ExpectedAudit) -> dict[int, ProposedNc]:
    """The grade each previous NC takes if not lifted, by indicator, under the rule tables' `previous_audit`:
    only at an audit that follows one of the same certification."""
    rules = load_nonconformity_rules().previous_audit
    if audit.type not in rules.follows_an_audit:
        return {}
    return {
        f.indicator: rules.requalified_when_not_lifted[f.grade]
        for f in plan.previous_findings
        if f.grade in rules.requalified_when_not_lifted
    }


def _audit(plan: DossierPlan, table: dict) -> ExpectedAudit:
    """Declared in dossier.yaml, else stated by the archetype; a dossier without a certificate is an initial audit."""
    declared = plan.manifest.get("audit_type") if isinstance(plan.manifest, dict) else None
    if declared:
        return ExpectedAudit(type=declared, source="manifest")
    if "audit_type" in table:
        return ExpectedAudit(type=table["audit_type"], source="inferred")
    if any(spec.doc_type == "qualiopi_certificate" for spec in plan.files):
        raise GenerationError(f"{plan.archetype}: a dossier with a certificate needs its audit_type in expectations.yaml")
    return ExpectedAudit(type="initial", source="inferred")


def _organization(plan: DossierPlan) -> ExpectedOrganization:
    org, foreign = plan.ctx.org, plan.foreign
    if foreign is None:
        return ExpectedOrganization(name=org.name, siren=org.siren, nda=org.nda, siren_luhn_valid=luhn_ok(org.siren))
    return ExpectedOrganization(
        name=foreign.name,
        siren=org.siren,
        nda=org.nda,
        siren_luhn_valid=luhn_ok(org.siren),
        foreign=True,
        representative=ExpectedRepresentative(name=org.name, siren=org.siren, nda=org.nda),
        foreign_registration={"company_number": foreign.company_number, "vat": foreign.vat},
    )


def _truth(plan: DossierPlan, written: list[Written], variant: Variant, seed: int | None) -> ExpectedDossier:
    table = expectations()[plan.archetype]
    manifest_state = "absent" if plan.manifest is None else "invalid" if isinstance(plan.manifest, str) else "present"
    manifest_siren = None
    if isinstance(plan.manifest, dict):
        manifest_siren = plan.manifest["organization"]["siren"]
        dossier_id = plan.manifest.get("dossier_id", plan.folder)
    elif isinstance(plan.manifest, str):
        loaded = yaml.safe_load(plan.manifest)
        manifest_siren = str(loaded["organization"]["siren"])
        dossier_id = loaded.get("dossier_id", plan.folder)
    else:
        dossier_id = plan.folder
    audit = _audit(plan, table)
    requalified = _requalified(plan, audit)
    indicators = [
        ExpectedIndicator(
            number=int(number),
            status=entry[0],
            reason=entry[1],
            proposed_nc=_proposed_nc(int(number), entry[0], requalified.get(int(number))),
        )
        for number, entry in table["indicators"].items()
    ]
    return ExpectedDossier(
        dossier=plan.folder,
        dossier_id=dossier_id,
        archetype=plan.archetype,
        variant=variant,
        seed=seed,
        manifest=manifest_state,
        manifest_siren=manifest_siren,
        manifest_siren_luhn_valid=None if manifest_siren is None else luhn_ok(manifest_siren),
        organization=_organization(plan),
        scope=ExpectedScope(**table["scope"]),
        referential=table["referential"],
        referential_reason=table["referential_reason"],
        admissibility=table["admissibility"],
        audit=audit,
        files=[_file_truth(item) for item in written],
        indicators=indicators,
        notes=list(plan.notes) + list(table.get("notes", [])),
    )


def luhn_ok(number: str) -> bool:
    return len(number) == 9 and number.isdigit() and siren_with_key(number[:8]) == number


def generate(
    out: Path,
    expected_dir: Path,
    *,
    variant: Variant = "default",
    seed: int = 0,
    archetypes: Iterable[str] | None = None,
) -> list[ExpectedDossier]:
    """Writes one folder per archetype under `out` and `<dossier>.yaml` ground truth under `expected_dir`."""
    chosen = list(archetypes) if archetypes is not None else list(ARCHETYPES)
    unknown = [name for name in chosen if name not in ARCHETYPES]
    if unknown:
        raise GenerationError(f"unknown archetype(s): {', '.join(unknown)}")
    out.mkdir(parents=True, exist_ok=True)
    expected_dir.mkdir(parents=True, exist_ok=True)
    fresh = variant == "fresh"
    truths = []
    folders: set[str] = set()
    for archetype in chosen:
        style = dossier_style(variant, seed, archetype)
        plan = ARCHETYPES[archetype](style, fresh)
        if plan.folder in folders:
            plan.folder = f"{plan.folder}-{len(folders) + 1}"
        folders.add(plan.folder)
        written = write_dossier(plan, out, style, fresh)
        truth = _truth(plan, written, variant, seed if fresh else None)
        (expected_dir / f"{plan.folder}.yaml").write_text(truth.dump(), encoding="utf-8")
        truths.append(truth)
    return truths


def timed_generate(*args: object, **kwargs: object) -> tuple[list[ExpectedDossier], float]:
    started = time.perf_counter()
    truths = generate(*args, **kwargs)
    return truths, time.perf_counter() - started
