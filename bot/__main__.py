"""`python -m bot` is the same as the `intervisie` command."""

from bot.cli import main

raise SystemExit(main())
