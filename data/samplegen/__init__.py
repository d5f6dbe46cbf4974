"""Synthetic but realistic Qualiopi dossiers and their ground truth.

`python -m data.samplegen --out data/samples` writes the default dossiers and `data/expected/`;
`--variant fresh --seed N` writes other organisations, wordings and layouts of the same dossiers.
"""

from data.samplegen.generate import GenerationError, generate
from data.samplegen.truth import ExpectedDossier, load_truth

__all__ = ["ExpectedDossier", "GenerationError", "generate", "load_truth"]
