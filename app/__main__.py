"""``python -m app`` is the same as ``eyf``."""

import sys

from app.entrada import main

sys.exit(main())
