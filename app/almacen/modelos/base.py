"""Declarative base with named constraints (Alembic batch mode needs names)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, MetaData, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

CONVENCION_NOMBRES = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def ahora_utc() -> datetime:
    """Current time in UTC, stored naive (every timestamp in the database is UTC)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=CONVENCION_NOMBRES)
    type_annotation_map = {datetime: DateTime(), date: Date(), str: Text()}


class Vigencia:
    """Catalog rows are never deleted: an update marks what disappeared as retired,
    so captures that point to it keep their meaning (and their foreign key)."""

    orden: Mapped[int] = mapped_column(default=0)
    vigente: Mapped[bool] = mapped_column(default=True)
