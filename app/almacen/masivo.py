"""Fast bulk INSERT for the bulk paths (tens of thousands of rows).

SQLAlchemy's executemany spends most of its time building parameters row by
row; on SQLite we convert the values with the columns' own bind processors
and hand plain tuples to the driver's executemany (about twice as fast).
Other databases take SQLAlchemy's regular path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Date, DateTime, Table, insert
from sqlalchemy.orm import Session


def insertar_muchos(s: Session, tabla: Table, filas: Sequence[dict[str, Any]]) -> None:
    """INSERT ``filas`` (dicts with the same keys) into ``tabla`` in the session's transaction."""
    if not filas:
        return
    conexion = s.connection()
    dialecto = conexion.dialect
    if dialecto.name != "sqlite":
        conexion.execute(insert(tabla), list(filas))
        return
    columnas = list(filas[0])
    por_columna = []
    for c in columnas:
        tipo = tabla.c[c].type
        valores = [f[c] for f in filas]
        proceso = tipo._cached_bind_processor(dialecto)
        if proceso is not None:
            if isinstance(tipo, Date | DateTime):  # timestamps repeat: convert each once
                unicos = {v: proceso(v) for v in set(valores) if v is not None}
                valores = [None if v is None else unicos[v] for v in valores]
            else:
                valores = [None if v is None else proceso(v) for v in valores]
        por_columna.append(valores)
    marcas = ", ".join("?" * len(columnas))
    sql = f"INSERT INTO {tabla.name} ({', '.join(columnas)}) VALUES ({marcas})"
    conexion.exec_driver_sql(sql, list(zip(*por_columna, strict=True)))
