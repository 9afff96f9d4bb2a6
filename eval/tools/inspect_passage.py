#!/usr/bin/env python3
"""Show, for passages of the TUNING half, what the project extracts and answers beside the labels.

Never point it at eval/heldout: that half is only scored.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "shared" / "eval"))
import score  # the scorer's own matching, importable only once its folder is on the path

CLI = str(Path(".venv/bin/giaoviec").resolve())


def main() -> int:
    """Print labels beside predictions and each question beside its answer."""
    for arg in sys.argv[1:]:
        txt = Path(arg).with_suffix(".txt")
        if "heldout" in txt.parts:
            print("refusing: the held-out half is only scored", file=sys.stderr)
            return 2
        lab = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        issued = ["--issued", lab["issued_date"]] if lab.get("issued_date") else []
        out = subprocess.run(
            [CLI, "extract", "--json", *issued, str(txt)], capture_output=True, text=True
        ).stdout
        preds = json.loads(out)["assignments"] if out.strip() else []
        pairs = score.match(lab["assignments"], preds)
        matched_labels = {id(label) for label, _ in pairs}
        matched_preds = {id(pred) for _, pred in pairs}
        print(f"=== {txt.name}  labels {len(lab['assignments'])} preds {len(preds)}")
        for label, pred in pairs:
            ok = score.same_units(label["lead"], pred["lead"]) and (
                label["deadline"] == pred["deadline"]
            )
            print(
                f" {'ok ' if ok else 'BAD'} {label['id']}: {label['lead']} {label['deadline']}"
                f" | {pred['lead']} {pred['deadline']}"
            )
        for label in lab["assignments"]:
            if id(label) not in matched_labels:
                print(
                    f" MISS {label['id']}: {label['lead']} {label['deadline']}"
                    f" «{label['quote'][:200]}»"
                )
        for pred in preds:
            if id(pred) not in matched_preds:
                print(f" EXTRA {pred['lead']} {pred['deadline']} «{pred['quote'][:200]}»")
        qs = lab.get("questions") or []
        with tempfile.TemporaryDirectory() as tmp:
            db = ["--db", f"sqlite:///{tmp}/x.db"]
            subprocess.run([CLI, *db, "ingest", *issued, str(txt)], capture_output=True)
            res = subprocess.run(
                [CLI, *db, "ask", "--json"],
                capture_output=True,
                text=True,
                input="".join(q["q"] + "\n" for q in qs),
            )
        answers = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
        for q, a in zip(qs, answers, strict=False):
            got = a.get("assignments") or []
            ids = score.quoted_ids(lab["assignments"], got[0]["quote"]) if got else set()
            ok = (not q["expect"] and not got) or bool(set(q["expect"]) & ids)
            print(
                f"  {'ok ' if ok else 'BAD'} Q {q['q']!r} expect {q['expect']} got {sorted(ids)} "
                f"({len(got)})"
            )
            if not ok:
                print("      reply:", a["reply"][:300].replace("\n", " / "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
