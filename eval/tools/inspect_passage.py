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
import score  # noqa: E402  (the scorer's own matching)

CLI = str(Path(".venv/bin/giaoviec").resolve())


def main() -> int:
    for arg in sys.argv[1:]:
        txt = Path(arg).with_suffix(".txt")
        if "heldout" in txt.parts:
            print("refusing: the held-out half is only scored", file=sys.stderr)
            return 2
        lab = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        issued = ["--issued", lab["issued_date"]] if lab.get("issued_date") else []
        out = subprocess.run([CLI, "extract", "--json", *issued, str(txt)], capture_output=True,
                             text=True).stdout
        preds = json.loads(out)["assignments"] if out.strip() else []
        pairs = score.match(lab["assignments"], preds)
        matched_l = {id(l) for l, _ in pairs}
        matched_p = {id(p) for _, p in pairs}
        print(f"=== {txt.name}  labels {len(lab['assignments'])} preds {len(preds)}")
        for l, p in pairs:
            ok = score.same_units(l["lead"], p["lead"]) and l["deadline"] == p["deadline"]
            mark = "ok " if ok else "BAD"
            print(f" {mark} {l['id']}: {l['lead']} {l['deadline']} | {p['lead']} {p['deadline']}")
        for l in lab["assignments"]:
            if id(l) not in matched_l:
                print(f" MISS {l['id']}: {l['lead']} {l['deadline']} «{l['quote'][:200]}»")
        for p in preds:
            if id(p) not in matched_p:
                print(f" EXTRA {p['lead']} {p['deadline']} «{p['quote'][:200]}»")
        qs = lab.get("questions") or []
        with tempfile.TemporaryDirectory() as tmp:
            db = ["--db", f"sqlite:///{tmp}/x.db"]
            subprocess.run([CLI, *db, "ingest", *issued, str(txt)], capture_output=True)
            res = subprocess.run([CLI, *db, "ask", "--json"], capture_output=True, text=True,
                                 input="".join(q["q"] + "\n" for q in qs))
        answers = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
        for q, a in zip(qs, answers):
            got = a.get("assignments") or []
            ids = score.quoted_ids(lab["assignments"], got[0]["quote"]) if got else set()
            ok = (not q["expect"] and not got) or bool(set(q["expect"]) & ids)
            print(f"  {'ok ' if ok else 'BAD'} Q {q['q']!r} expect {q['expect']} got {sorted(ids)} "
                  f"({len(got)})")
            if not ok:
                print("      reply:", a["reply"][:300].replace("\n", " / "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
