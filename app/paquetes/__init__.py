"""Signed bundles (``.eyf``): keys and signatures, the bundle format, export,
verification, import and consolidation (see docs/paquetes.md)."""
