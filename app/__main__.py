"""``python -m app`` is the same as ``eyf``."""

import sys

from app.cli import main

sys.exit(main())
