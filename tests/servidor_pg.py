"""A real PostgreSQL server for the tests and the benchmarks.

The binaries come from the Debian package ``postgresql`` (installed by
``empaquetado/sistema.sh pruebas``, which CI runs). The server lives in a
temporary folder, listens on a free local port and a private socket folder,
and is stopped at the end. ``initdb`` refuses to run as root, so when the
tests run as root (CI containers) the server runs as the ``postgres`` OS user
the Debian package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


def binarios() -> Path | None:
    """The newest PostgreSQL bin folder installed (Debian layout), or None."""
    candidatos = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda r: int(Path(r).parent.name) if Path(r).parent.name.isdigit() else 0,
    )
    for carpeta in reversed(candidatos):
        if (Path(carpeta) / "initdb").exists():
            return Path(carpeta)
    en_ruta = shutil.which("initdb")
    return Path(en_ruta).parent if en_ruta else None


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServidorPG:
    """``with ServidorPG() as pg: pg.crear_base()`` → an SQLAlchemy URL."""

    def __init__(self, *, durable: bool = False) -> None:
        bin_pg = binarios()
        if bin_pg is None:
            raise RuntimeError(
                "No hay PostgreSQL instalado (paquete «postgresql»: sh empaquetado/sistema.sh pruebas)."
            )
        self.bin = bin_pg
        self.durable = durable  # fsync on: for benchmarks that report real figures
        self.puerto = _puerto_libre()
        self.carpeta = Path(tempfile.mkdtemp(prefix="eyf-pg-"))
        self.datos = self.carpeta / "datos"
        self.socket = self.carpeta / "socket"
        self._como: list[str] = []
        if os.geteuid() == 0:
            import pwd

            usuario = pwd.getpwnam("postgres")
            os.chown(self.carpeta, usuario.pw_uid, usuario.pw_gid)
            self._como = ["runuser", "-u", "postgres", "--"]
        self._ejecutar("mkdir", str(self.socket))

    def _ejecutar(self, programa: str, *argumentos: str) -> None:
        ruta = programa if "/" in programa or programa == "mkdir" else str(self.bin / programa)
        resultado = subprocess.run(
            [*self._como, ruta, *argumentos],
            capture_output=True,
            text=True,
            cwd=self.carpeta,
        )
        if resultado.returncode != 0:
            raise RuntimeError(
                f"{programa} falló ({resultado.returncode}):\n{resultado.stdout}\n{resultado.stderr}"
            )

    def iniciar(self) -> ServidorPG:
        self._ejecutar(
            "initdb",
            "-D",
            str(self.datos),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        opciones = (
            f"-p {self.puerto} -k {self.socket} -c listen_addresses=127.0.0.1 "
            "-c max_connections=60 -c shared_buffers=64MB"
        )
        if not self.durable:
            opciones += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._ejecutar(
            "pg_ctl",
            "-D",
            str(self.datos),
            "-l",
            str(self.carpeta / "registro.txt"),
            "-o",
            opciones,
            "-w",
            "-t",
            "60",
            "start",
        )
        return self

    def url(self, base: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.puerto}/{base}"

    def crear_base(self, nombre: str | None = None, *, plantilla: str = "template0") -> str:
        """A new database (empty, or a copy of ``plantilla``); returns its SQLAlchemy URL."""
        import psycopg

        nombre = nombre or f"eyf_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.puerto} user=postgres dbname=postgres", autocommit=True
        ) as conexion:
            conexion.execute(f'CREATE DATABASE "{nombre}" TEMPLATE "{plantilla}"')
        return self.url(nombre)

    def detener(self) -> None:
        try:
            self._ejecutar("pg_ctl", "-D", str(self.datos), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.carpeta, ignore_errors=True)

    def __enter__(self) -> ServidorPG:
        return self.iniciar()

    def __exit__(self, *_exc) -> None:
        self.detener()
