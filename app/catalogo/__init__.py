"""The catalog: exchange format (read, validate, write), import, search,
and the builder of the bundled demonstration catalog."""
