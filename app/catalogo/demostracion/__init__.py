"""Builders of the bundled demonstration catalog (no official catalog is public)."""
