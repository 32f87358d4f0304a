"""Persistence: SQLModel tables, Alembic migrations, and repositories that map rows to flows."""
