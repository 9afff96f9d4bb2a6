"""`python -m bot`: the same command line as the `giaoviec` script."""

from bot.cli import main

raise SystemExit(main())
