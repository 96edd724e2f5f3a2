"""``python -m ui`` is the same as ``eyf``: with no order, the window."""

import sys

from ui.entrada import main

sys.exit(main())
