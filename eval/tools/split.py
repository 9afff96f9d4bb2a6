#!/usr/bin/env python3
"""Split the labelled passages once, by a fixed seed, into eval/tuning and eval/heldout.

Run once, when the passages came in; the split is then committed and never redrawn, so the
held-out half stays unseen by whoever writes rules.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

SEED = 20261206


def main() -> int:
    """Move eval/incoming/*/ pairs into the two halves."""
    root = Path(__file__).resolve().parent.parent
    incoming = root / "incoming"
    names = sorted(p.stem for p in incoming.glob("*/*.json"))
    if not names:
        print("nothing in eval/incoming", file=sys.stderr)
        return 1
    shuffled = names[:]
    random.Random(SEED).shuffle(shuffled)
    half = len(shuffled) // 2
    for folder, chosen in (("tuning", shuffled[:half]), ("heldout", shuffled[half:])):
        target = root / folder
        target.mkdir(exist_ok=True)
        for name in sorted(chosen):
            for suffix in (".txt", ".json"):
                (source,) = incoming.glob(f"*/{name}{suffix}")
                shutil.move(str(source), target / f"{name}{suffix}")
        print(f"{folder}: {len(chosen)} passages")
    shutil.rmtree(incoming)
    return 0


if __name__ == "__main__":
    sys.exit(main())
