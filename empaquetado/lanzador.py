"""Entry point of the frozen program: both executables (``eyf``, the window,
windowed on Windows; ``eyf-consola``, its console twin for support) run the
same ``eyf`` command, so every order works in either."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
