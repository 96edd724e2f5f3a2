"""Storage: engine and pragmas, typed models, Alembic migrations, sessions."""
