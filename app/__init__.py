"""EyF core: catalog, capture rules, storage, reports, bundles and matching.

Nothing in this package imports PySide6 or ``ui``: the window and the command
line are two faces of the same use cases, and everything runs headless.
"""
