"""The EyF window (PySide6): thin widgets over the Qt-free core in ``app``."""
