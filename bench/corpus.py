"""Benchmark corpus, generated at run time under `bench/.corpus/<size>/` (gitignored).

Sets (each a pipeline INPUT folder):
  main/    N dossiers of mixed native PDFs, scanned (image-only) PDFs, DOCX and XLSX
  scans/   the scanned PDFs of `main`, same bytes, same dossier folders: the subset compared with OCRmyPDF
  big/     one dossier holding one 500-page native PDF (memory measurement)
  large_dossier/  one dossier as an organisation uploads it: 60 files, 300 pages, a fifth of them scanned
  batch/   many tiny dossiers (memory measurement of a batch)
  warmup/  one tiny dossier of every format, run before timed batches to load code and start servers

The content comes from `corpus_text.yaml`; every choice goes through a random stream seeded by
(seed, dossier, document), so a size and seed always give the same bytes and one document's choices
never shift another's.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import shutil
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel

from bench.layout import Block, Bullets, Heading, PageBreak, Para, Table
from bench.render import render_docx, render_pdf, render_scan, render_xlsx

HERE = Path(__file__).resolve().parent
TEXT_FILE = HERE / "corpus_text.yaml"
DEFAULT_ROOT = HERE / ".corpus"

FileKind = Literal["native_pdf", "scanned_pdf", "docx", "xlsx"]
SetName = Literal["main", "scans", "big", "large_dossier", "batch", "warmup"]
Format = Literal["pdf", "scan", "docx", "xlsx"]

_KIND_OF_FORMAT: dict[str, FileKind] = {"pdf": "native_pdf", "scan": "scanned_pdf", "docx": "docx", "xlsx": "xlsx"}


@dataclass(frozen=True)
class SizeProfile:
    name: str
    dossiers: int
    big_pdf_pages: int = 500
    batch_dossiers: int = 50
    large_dossier_files: int = 60
    large_dossier_pages: int = 300
    large_dossier_scanned_percent: int = 20


SIZES: dict[str, SizeProfile] = {
    "small": SizeProfile("small", dossiers=4),
    "medium": SizeProfile("medium", dossiers=16),
    "large": SizeProfile("large", dossiers=48),
}

# What every dossier of `main` holds, as (document type, format, file name template).
DOSSIER_PLAN: tuple[tuple[str, Format, str], ...] = (
    ("programme", "pdf", "Programme_{slug}.pdf"),
    ("terms_of_sale", "pdf", "CGV_{year}.pdf"),
    ("internal_rules", "pdf", "reglement-interieur.pdf"),
    ("bpf", "pdf", "BPF_{fiscal_year}.pdf"),
    ("nda_receipt", "pdf", "recepisse_declaration_activite.pdf"),
    ("complaints_procedure", "pdf", "procedure_reclamations.pdf"),
    ("welcome_booklet", "docx", "livret_accueil.docx"),
    ("trainer_cv", "docx", "CV_{trainer_slug}.docx"),
    ("satisfaction_survey", "xlsx", "questionnaires_satisfaction_{year}.xlsx"),
    ("watch_log", "xlsx", "tableau_veille.xlsx"),
)
# Scanned evidence, cycled over the dossiers: about 1.5 scanned pages per dossier.
SCAN_CYCLE: tuple[tuple[tuple[str, str], ...], ...] = (
    (("attendance_sheet", "emargement_{session_slug}.pdf"), ("completion_certificate", "certificat_realisation.pdf")),
    (("attendance_sheet", "emargement_{session_slug}.pdf"),),
    (("training_agreement", "convention_signee.pdf"),),
    (("completion_certificate", "attestation_fin_formation.pdf"),),
)
BATCH_PLAN: tuple[tuple[str, Format, str], ...] = (
    ("nda_receipt", "pdf", "recepisse_nda.pdf"),
    ("trainer_cv", "docx", "cv_formateur.docx"),
)
WARMUP_PLAN: tuple[tuple[str, Format, str], ...] = (
    ("nda_receipt", "pdf", "recepisse.pdf"),
    ("completion_certificate", "scan", "certificat_scan.pdf"),
    ("trainer_cv", "docx", "cv.docx"),
    ("watch_log", "xlsx", "veille.xlsx"),
)


class CorpusFile(BaseModel):
    set: SetName
    path: str  # relative to the corpus root, `/` separators
    kind: FileKind
    doc_type: str
    pages: int  # PDF pages; a DOCX or XLSX counts as one page


class CorpusManifest(BaseModel):
    generator_digest: str
    size: str
    profile: dict[str, str | int]
    seed: int
    root: str
    files: list[CorpusFile]
    generation_seconds: float

    def set_dir(self, name: SetName) -> Path:
        return Path(self.root) / name

    def select(self, set_name: SetName, kinds: Iterable[FileKind] | None = None) -> list[CorpusFile]:
        wanted = set(kinds) if kinds is not None else None
        return [f for f in self.files if f.set == set_name and (wanted is None or f.kind in wanted)]

    def pages(self, set_name: SetName, kinds: Iterable[FileKind] | None = None) -> int:
        return sum(f.pages for f in self.select(set_name, kinds))

    def absolute(self, corpus_file: CorpusFile) -> Path:
        return Path(self.root) / corpus_file.path


# --- content ---------------------------------------------------------------------------------


@cache
def corpus_text() -> dict:
    return yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))


def generator_digest() -> str:
    """Changes whenever the code or the text that produce the corpus change: a stale corpus is rebuilt."""
    digest = hashlib.sha256()
    for source in (HERE / "corpus.py", HERE / "layout.py", HERE / "render.py", TEXT_FILE):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def stream(*parts: object) -> random.Random:
    seed = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))


def luhn_complete(digits: str) -> str:
    """Appends the Luhn check digit (SIREN and SIRET keys)."""
    total = 0
    for position, char in enumerate(reversed(digits + "0")):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


THOUSANDS_SEPARATORS = (" ", "\u00a0", "\u202f", ".")


def french_number(value: float, separator: str) -> str:
    return f"{int(round(value)):,}".replace(",", separator)


def _slug(text: str) -> str:
    folded = text.lower().translate(str.maketrans("àâäéèêëîïôöùûüçœ", "aaaeeeeiioouuuco"))
    return "-".join("".join(ch if ch.isalnum() else " " for ch in folded).split())[:40]


def dossier_context(seed: int, key: str) -> dict:
    """Everything a dossier's documents say about the organisation, one training and one session."""
    rng = stream(seed, key, "identity")
    identity = corpus_text()["identity"]
    training = rng.choice(corpus_text()["trainings"])
    city, postcode, region_code, department, region = rng.choice(identity["cities"])
    name = f"{rng.choice(identity['org_prefixes'])} {rng.choice(identity['org_cores'])}"
    siren = luhn_complete("".join(str(rng.randint(0, 9)) for _ in range(8)))
    siret = luhn_complete(siren + f"{rng.randint(1, 9):04d}")
    nda_digits = f"{region_code}{department}{rng.randint(10000, 99999)}{department}"

    def person() -> str:
        return f"{rng.choice(identity['first_names'])} {rng.choice(identity['last_names'])}"

    revenue_parts = [rng.randint(20, 300) * 500 for _ in range(4)]
    trainees_a, trainees_d = rng.randint(40, 400), rng.randint(0, 40)
    day = rng.randint(1, 20)
    month = rng.randint(1, 9)
    trainer = person()
    separator = rng.choice(THOUSANDS_SEPARATORS)  # one habit per organisation, as in real paperwork

    def number(value: float) -> str:
        return french_number(value, separator)

    context = {
        "org_name": name,
        "org_name_upper": name.upper(),
        "org_form": rng.choice(identity["legal_forms"]),
        "capital": number(rng.choice([1000, 5000, 8000, 10000, 37000])),
        "street_no": rng.randint(1, 140),
        "street": rng.choice(identity["streets"]),
        "postcode": postcode,
        "city": city,
        "city_upper": city.upper(),
        "prefecture": city,
        "region": region,
        "region_upper": region.upper(),
        "siren": siren,
        "siret": f"{siren[:3]} {siren[3:6]} {siren[6:]} {siret[9:]}",
        "nda_digits": nda_digits,
        "nda": f"{nda_digits[:2]} {nda_digits[2:4]} {nda_digits[4:9]} {nda_digits[9:]}",
        "manager": person(),
        "manager_title": rng.choice(["Président", "Gérante", "Directeur", "Présidente"]),
        "referent": person(),
        "referent_peda": person(),
        "trainer": trainer,
        "trainer_slug": _slug(trainer),
        "domain": training["title"].split("–")[0].strip().lower(),
        "trainer_since": rng.randint(2012, 2020),
        "trainer_since_prev": rng.randint(2000, 2011),
        "sessions": rng.randint(40, 300),
        "company": rng.choice(identity["companies"]),
        "phone": f"0{rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "email": f"contact@{_slug(name)}.fr",
        "created": rng.randint(1995, 2021),
        "updated": f"{rng.randint(1, 28):02d}/{rng.randint(1, 10):02d}/2026",
        "declared": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2008, 2022)}",
        "registered": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2008, 2022)}",
        "title": training["title"],
        "slug": _slug(training["title"]),
        "hours": training["hours"],
        "days": max(1, math.ceil(training["hours"] / 7)),
        "price": number(training["price"]),
        "public": training["public"],
        "prerequisites": training["prerequisites"],
        "objectives": training["objectives"],
        "objective1": training["objectives"][0].lower(),
        "modules": training["modules"],
        "delay": rng.choice([7, 10, 14, 15, 21]),
        "satisfaction_pct": rng.randint(86, 99),
        "satisfaction_score": f"{rng.uniform(4.1, 4.9):.1f}".replace(".", ","),
        "fiscal_year": 2025,
        "year": 2026,
        "line1": number(revenue_parts[0]),
        "line2e": number(revenue_parts[1]),
        "line2h": number(revenue_parts[2]),
        "line2": number(revenue_parts[1] + revenue_parts[2]),
        "line9": number(revenue_parts[3]),
        "revenue_eur": sum(revenue_parts),
        "revenue": number(sum(revenue_parts)),
        "charges": number(sum(revenue_parts) * 0.8),
        "salaries": number(sum(revenue_parts) * 0.45),
        "trainees_a": trainees_a,
        "trainees_d": trainees_d,
        "trainees_year": trainees_a + trainees_d,
        "hours_a": trainees_a * training["hours"],
        "hours_d": trainees_d * training["hours"],
        "hours_year": (trainees_a + trainees_d) * training["hours"],
        "session_start": f"{day:02d}/{month:02d}/2026",
        "session_end": f"{day + max(0, math.ceil(training['hours'] / 7) - 1):02d}/{month:02d}/2026",
        "session_slug": f"2026-{month:02d}-{day:02d}",
        "signed": f"{max(1, day - 10):02d}/{month:02d}/2026",
        "headcount": rng.randint(5, 10),
        "agreement_price": number(training["price"] * rng.randint(5, 10)),
    }
    context["trainees"] = [
        {"name": person(), "company": rng.choice(identity["companies"])} for _ in range(context["headcount"])
    ]
    context["trainee_name"] = context["trainees"][0]["name"]
    return context


def _pick(value: object, rng: random.Random) -> object:
    return rng.choice(value) if isinstance(value, list) else value


def _fill(template: object, context: dict, rng: random.Random) -> str:
    return str(_pick(template, rng)).format(**context)


def resolve_blocks(spec: list[dict], context: dict, rng: random.Random) -> list[Block]:
    """Turns a document spec of `corpus_text.yaml` into concrete blocks for one dossier."""
    blocks: list[Block] = []
    for entry in spec:
        if "h" in entry:
            blocks.append(Heading(_fill(entry["h"], context, rng)))
        elif "p" in entry:
            blocks.append(Para(_fill(entry["p"], context, rng)))
        elif "b" in entry:
            blocks.append(Bullets(tuple(_fill(item, context, rng) for item in entry["b"])))
        elif "b_from" in entry:
            blocks.append(Bullets(tuple(context[entry["b_from"]])))
        elif "kv" in entry:
            blocks.extend(Para(f"{label} : {_fill(value, context, rng)}") for label, value in entry["kv"])
        elif "t" in entry:
            blocks.append(_table(entry["t"], context, rng))
        elif "br" in entry:
            blocks.append(PageBreak())
        else:
            raise ValueError(f"unknown block in corpus_text.yaml: {entry}")
    return blocks


def _table(spec: dict, context: dict, rng: random.Random) -> Table:
    header = tuple(_fill(cell, context, rng) for cell in spec["header"])
    if "rows_from" in spec:
        items = context[spec["rows_from"]]
        rows = tuple(tuple(str(cell).format(**{**context, **item}) for cell in spec["row"]) for item in items)
        signed = frozenset((row, column) for row in range(len(rows)) for column in spec.get("sign", []))
    else:
        rows = tuple(tuple(_fill(cell, context, rng) for cell in row) for row in spec["rows"])
        signed = frozenset(tuple(cell) for cell in spec.get("sign_cells", []))
    return Table(header=header, rows=rows, sign_cells=signed)


def spreadsheet_rows(doc_type: str, context: dict, rng: random.Random) -> list[tuple[str, list[list[object]]]]:
    spec = corpus_text()["spreadsheets"][doc_type]
    title = spec["title"].format(**context)
    if doc_type == "satisfaction_survey":
        answers = []
        for _ in range(rng.randint(8, 30)):
            scores = [rng.choice([3, 4, 4, 5, 5, 5]) for _ in range(3)]
            answers.append([
                context["session_end"], context["title"], *scores, round(sum(scores) / 3, 1),
                rng.choice(["Oui", "Oui", "Oui", "Non"]), rng.choice(spec["comments"]),
            ])
        satisfied = sum(1 for row in answers if row[5] >= 4)
        summary = [
            [title],
            [f"Nombre de répondants : {len(answers)}"],
            [f"Taux de satisfaction : {round(100 * satisfied / len(answers))} %"],
            [],
            list(spec["header"]),
        ]
        return [("Réponses", summary + answers)]
    rows = [[title], [], list(spec["header"])]
    for month, row in enumerate(spec["rows"], start=1):
        rows.append([f"{rng.randint(1, 28):02d}/{month:02d}/2026", *row])
    return [("Veille", rows)]


# --- generation ------------------------------------------------------------------------------


def _render(
    doc_type: str, fmt: Format, target: Path, context: dict, rng: random.Random
) -> int:
    author = context["org_name"]
    title = f"{doc_type} – {context['org_name']}"
    if fmt == "xlsx":
        render_xlsx(spreadsheet_rows(doc_type, context, rng), target, author)
        return 1
    blocks = resolve_blocks(corpus_text()["documents"][doc_type], context, rng)
    if fmt == "docx":
        render_docx(blocks, target, title, author)
        return 1
    if fmt == "scan":
        return render_scan(blocks, target, rng)
    return render_pdf(blocks, target, title, author, rng)


def _write_manifest_yaml(folder: Path, dossier_id: str, context: dict) -> None:
    manifest = {
        "dossier_id": dossier_id,
        "organization": {"name": context["org_name"], "siren": context["siren"], "nda": context["nda_digits"]},
        "categories": ["AF"],
        "declared_revenue_eur": context["revenue_eur"],
        "audit_date": "2026-12-15",
    }
    (folder / "dossier.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _document(
    root: Path, set_name: SetName, folder: Path, doc_type: str, fmt: Format, name: str, context: dict, rng: random.Random
) -> CorpusFile:
    target = folder / name.format(**context)
    pages = _render(doc_type, fmt, target, context, rng)
    return CorpusFile(
        set=set_name, path=target.relative_to(root).as_posix(), kind=_KIND_OF_FORMAT[fmt], doc_type=doc_type, pages=pages
    )


# What a programme of another training takes from that training's context.
TRAINING_KEYS = ("title", "slug", "hours", "days", "price", "public", "prerequisites", "objectives", "objective1", "modules")


def _planned_dossier(
    root: Path, set_name: SetName, seed: int, dossier_id: str
) -> tuple[Path, dict, list[CorpusFile]]:
    """A dossier folder with its manifest and the documents of `DOSSIER_PLAN`: (folder, context, files)."""
    folder = root / set_name / dossier_id
    folder.mkdir(parents=True)
    context = dossier_context(seed, dossier_id)
    _write_manifest_yaml(folder, dossier_id, context)
    files = [
        _document(root, set_name, folder, doc_type, fmt, name, context, stream(seed, dossier_id, doc_type))
        for doc_type, fmt, name in DOSSIER_PLAN
    ]
    return folder, context, files


def _main_dossier(root: Path, seed: int, index: int, size: str) -> list[CorpusFile]:
    dossier_id = f"BENCH-{size.upper()}-{index + 1:03d}"
    folder, context, files = _planned_dossier(root, "main", seed, dossier_id)
    for doc_type, name in SCAN_CYCLE[index % len(SCAN_CYCLE)]:
        files.append(_document(root, "main", folder, doc_type, "scan", name, context, stream(seed, dossier_id, doc_type)))
    return files


def _scan_subset(root: Path, main_files: list[CorpusFile]) -> list[CorpusFile]:
    """The same scanned files, hard-linked (same bytes) into dossier folders of their own."""
    subset = []
    for corpus_file in main_files:
        if corpus_file.kind != "scanned_pdf":
            continue
        relative = Path(corpus_file.path).relative_to("main")
        target = root / "scans" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / corpus_file.path, target)
        except OSError:
            shutil.copyfile(root / corpus_file.path, target)
        subset.append(corpus_file.model_copy(update={"set": "scans", "path": target.relative_to(root).as_posix()}))
    return subset


def _catalogue_blocks(seed: int, pages: int) -> tuple[list[Block], dict]:
    """A training catalogue, one programme per page: long but text-only, like real catalogues."""
    context = dossier_context(seed, "catalogue")
    trainings = corpus_text()["trainings"]
    blocks: list[Block] = []
    for number in range(pages):
        training = trainings[number % len(trainings)]
        blocks += [
            Heading(f"Réf. CAT-{number + 1:04d} – {training['title']}"),
            Para(f"Public visé : {training['public']}"),
            Para(f"Prérequis : {training['prerequisites']}"),
            Para("Objectifs pédagogiques : à l'issue de la formation, le stagiaire sera capable de :"),
            Bullets(tuple(training["objectives"])),
            Para(f"Durée : {training['hours']} heures. Tarif : {training['price']} € HT par participant."),
            Para(f"Modalités et délais d'accès : inscription jusqu'à {7 + number % 14} jours avant le début."),
            Para("Contenu :"),
            Bullets(tuple(training["modules"])),
            Para("Modalités d'évaluation : QCM de fin de formation et mise en situation."),
            Para(f"Accessibilité : locaux accessibles ; référent handicap : {context['referent']}."),
        ]
        if number + 1 < pages:
            blocks.append(PageBreak())
    return blocks, context


def _big(root: Path, seed: int, pages: int) -> list[CorpusFile]:
    folder = root / "big" / "catalogue"
    folder.mkdir(parents=True)
    blocks, context = _catalogue_blocks(seed, pages)
    _write_manifest_yaml(folder, "BENCH-CATALOGUE", context)
    target = folder / "catalogue_formations_2026.pdf"
    count = render_pdf(blocks, target, "Catalogue des formations 2026", context["org_name"], stream(seed, "catalogue"))
    return [CorpusFile(set="big", path=target.relative_to(root).as_posix(), kind="native_pdf",
                       doc_type="programme", pages=count)]


def _large_dossier(root: Path, seed: int, profile: SizeProfile) -> list[CorpusFile]:
    """One dossier of `profile.large_dossier_files` files: the documents of a `main` dossier, scanned
    evidence (attendance sheets, agreements, certificates, one file per session or trainee, as they are
    uploaded) up to the scanned percentage of the pages (or of the files), the programmes of other
    trainings, and a catalogue that brings the dossier to `profile.large_dossier_pages` pages."""
    dossier_id = "BENCH-LARGE-DOSSIER"
    folder, context, files = _planned_dossier(root, "large_dossier", seed, dossier_id)
    scans = [entry for cycle in SCAN_CYCLE for entry in cycle]
    scanned_pages = 0
    # One file is left for the catalogue.
    while (
        100 * scanned_pages < profile.large_dossier_scanned_percent * profile.large_dossier_pages
        and len(files) < profile.large_dossier_files - 1
    ):
        number = sum(1 for f in files if f.kind == "scanned_pdf")
        doc_type, name = scans[number % len(scans)]
        numbered = name.replace(".pdf", f"_{number + 1:02d}.pdf")
        rng = stream(seed, dossier_id, doc_type, number)
        scan = _document(root, "large_dossier", folder, doc_type, "scan", numbered, context, rng)
        files.append(scan)
        scanned_pages += scan.pages
    for number in range(profile.large_dossier_files - len(files) - 1):
        other = dossier_context(seed, f"{dossier_id}-{number}")
        programme = {**context, **{key: other[key] for key in TRAINING_KEYS}}
        name = f"Programme_{number + 1:02d}_{{slug}}.pdf"
        rng = stream(seed, dossier_id, "programme", number)
        files.append(_document(root, "large_dossier", folder, "programme", "pdf", name, programme, rng))
    remaining = max(1, profile.large_dossier_pages - sum(f.pages for f in files))
    blocks, _ = _catalogue_blocks(seed, remaining)
    target = folder / "catalogue_formations_2026.pdf"
    rng = stream(seed, dossier_id, "catalogue")
    count = render_pdf(blocks, target, "Catalogue des formations 2026", context["org_name"], rng)
    files.append(CorpusFile(set="large_dossier", path=target.relative_to(root).as_posix(), kind="native_pdf",
                            doc_type="programme", pages=count))
    return files


def _small_dossiers(
    root: Path, set_name: SetName, seed: int, count: int, plan: tuple[tuple[str, Format, str], ...], prefix: str
) -> list[CorpusFile]:
    files = []
    for index in range(count):
        dossier_id = f"{prefix}-{index + 1:03d}"
        folder = root / set_name / dossier_id
        folder.mkdir(parents=True)
        context = dossier_context(seed, dossier_id)
        _write_manifest_yaml(folder, dossier_id, context)
        files += [
            _document(root, set_name, folder, doc_type, fmt, name, context, stream(seed, dossier_id, doc_type))
            for doc_type, fmt, name in plan
        ]
    return files


def generate_corpus(root: Path, profile: SizeProfile, seed: int = 0) -> CorpusManifest:
    """Builds every set under `root` (wiped first) and writes `root/manifest.json`."""
    started = time.monotonic()
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    main: list[CorpusFile] = []
    for index in range(profile.dossiers):
        main += _main_dossier(root, seed, index, profile.name)
    files = main + _scan_subset(root, main) + _big(root, seed, profile.big_pdf_pages) + _large_dossier(root, seed, profile)
    files += _small_dossiers(root, "batch", seed, profile.batch_dossiers, BATCH_PLAN, "BENCH-LOT")
    files += _small_dossiers(root, "warmup", seed, 1, WARMUP_PLAN, "BENCH-WARMUP")
    manifest = CorpusManifest(
        generator_digest=generator_digest(),
        size=profile.name,
        profile=asdict(profile),
        seed=seed,
        root=str(root),
        files=files,
        generation_seconds=round(time.monotonic() - started, 3),
    )
    (root / "manifest.json").write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
    return manifest


def load_or_generate(root: Path, profile: SizeProfile, seed: int = 0) -> tuple[CorpusManifest, bool]:
    """Reuses a corpus built by the same generator code, size and seed; returns (manifest, reused)."""
    manifest_path = root / "manifest.json"
    if manifest_path.is_file():
        try:
            manifest = CorpusManifest.model_validate(json.loads(manifest_path.read_text(encoding="utf-8")))
        except ValueError:
            manifest = None
        if (
            manifest is not None
            and manifest.generator_digest == generator_digest()
            and manifest.profile == asdict(profile)
            and manifest.seed == seed
            and manifest.root == str(root)
            and all((root / f.path).is_file() for f in manifest.files)
        ):
            return manifest, True
    return generate_corpus(root, profile, seed), False
