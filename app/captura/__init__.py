"""The guide's capture rules and use cases: configure, answer Paso 2,
register and delete records, finalize and reopen."""
