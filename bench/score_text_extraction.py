"""Score the text extractor against the hand-made answer key: one row per article, one per measure.

    .venv/bin/python bench/score_text_extraction.py [--seeds ../shared/seeds] [--gold ../shared/gold/seed_facts.csv]

Exits 1 when F1 falls below --min-f1 (default 0.95), so it can gate a change to the vocabulary.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from warehouse.text.evaluate import evaluate, table

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "seed_facts.csv")
    parser.add_argument("--min-f1", type=float, default=0.95)
    args = parser.parse_args(argv)
    if not args.seeds.is_dir() or not args.gold.is_file():
        print(f"no articles at {args.seeds} or no answer key at {args.gold}", file=sys.stderr)
        return 2
    evaluation = evaluate(args.seeds, args.gold)
    print(table(evaluation))
    return 0 if evaluation.total.f1 >= args.min_f1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
