"""Command line: python -m data.samplegen --out DIR [--seed N] [--variant default|fresh] [--expected DIR]."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data.samplegen.dossiers import ARCHETYPES
from data.samplegen.fonts import FontNotFound
from data.samplegen.generate import GenerationError, timed_generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.samplegen", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder receiving one sub-folder per dossier")
    parser.add_argument(
        "--expected", type=Path, default=None, help="ground-truth folder (default: an 'expected' folder next to --out)"
    )
    parser.add_argument("--variant", choices=("default", "fresh"), default="default")
    parser.add_argument("--seed", type=int, default=0, help="drives every random choice of a fresh variant")
    parser.add_argument("--only", nargs="*", choices=sorted(ARCHETYPES), help="generate these archetypes only")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    expected = (args.expected or out.parent / "expected").resolve()
    if expected == out or out in expected.parents:
        parser.error("--expected must not be inside --out: the pipeline would read the ground truth as evidence")
    try:
        truths, seconds = timed_generate(out, expected, variant=args.variant, seed=args.seed, archetypes=args.only)
    except (GenerationError, FontNotFound) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    files = sum(len(truth.files) for truth in truths)
    print(f"{len(truths)} dossiers, {files} files in {out} ({seconds:.1f} s); ground truth in {expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
