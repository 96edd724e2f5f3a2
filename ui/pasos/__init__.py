"""One screen per step of the guide (Pasos 1 to 6)."""
