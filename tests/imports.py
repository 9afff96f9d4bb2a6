"""Which heavy packages a command of the command line imports, run in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def storage_packages_imported(argv: list[str], output_holds: str) -> list[str]:
    """Run `giaoviec ARGV` in a new interpreter (it must exit 0 and print `output_holds`) and
    return the SQLAlchemy and Alembic modules it imported, sorted."""
    probe = (
        "import io, json, sys\n"
        "from bot.cli import main\n"
        "out = io.StringIO()\n"
        f"code = main({argv!r}, out)\n"
        "assert code == 0, code\n"
        f"assert {output_holds!r} in out.getvalue(), out.getvalue()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return list(json.loads(done.stdout))
