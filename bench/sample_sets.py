"""The sets of dossiers the measurements run on: the committed samples with their ground truth, or
fresh variants generated with another seed (same expectations, other wording and layout)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from data.samplegen import ExpectedDossier, generate, load_truth


@dataclass(frozen=True)
class DossierSet:
    name: str
    samples: Path
    truths: list[ExpectedDossier]


def load_set(name: str, samples: Path, expected: Path, only: Sequence[str] | None = None) -> DossierSet:
    truths = [load_truth(path) for path in sorted(expected.glob("*.yaml"))]
    if only:
        truths = [truth for truth in truths if truth.archetype in only]
    missing = [truth.dossier for truth in truths if not (samples / truth.dossier).is_dir()]
    if missing:
        raise FileNotFoundError(f"dossiers listed in {expected} but absent from {samples}: {', '.join(missing)}")
    return DossierSet(name, samples, truths)


def generate_fresh(seed: int, root: Path, only: Sequence[str] | None = None) -> DossierSet:
    samples, expected = root / f"fresh-{seed}" / "samples", root / f"fresh-{seed}" / "expected"
    truths = generate(samples, expected, variant="fresh", seed=seed, archetypes=only)
    return DossierSet(f"fresh-{seed}", samples, truths)
