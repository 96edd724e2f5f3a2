"""Table models over the plain rows the core returns."""
