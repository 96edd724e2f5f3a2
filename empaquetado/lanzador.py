"""Entry point of the frozen program: both executables (``eyf``, the window,
windowed on Windows; ``eyf-consola``, its console twin for support) run the
same ``eyf`` command as from source (``ui.entrada``): with no order the
window opens straight away, any order runs headless."""

import sys

from ui.entrada import main

if __name__ == "__main__":
    sys.exit(main())
