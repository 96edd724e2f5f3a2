"""``python -m app``: the orders of ``eyf`` without the window (the core
never imports it; ``eyf`` or ``python -m ui`` with no order opens it)."""

import sys

from app.cli import main

sys.exit(main())
