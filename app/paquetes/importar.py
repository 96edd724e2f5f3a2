"""Import: verify each bundle, check it may enter, then replace its origin's
data whole in one transaction (or, with ``prueba``, only say what would happen).

One result per file; a refused file changes nothing and does not stop the
others. Before the first write of a call the SQLite database is backed up.
The window calls ``importar`` from a worker thread with ``progreso`` and
``cancelado``; ``prueba=True`` is its first step.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.almacen.almacen import Almacen
from app.almacen.respaldos import respaldar
from app.almacen.sesion import lectura, transaccion
from app.captura.permisos import configuracion
from app.errores import ErrorEyF
from app.paquetes.aceptacion import Plan, leer_situacion, planear
from app.paquetes.escritura import aplicar
from app.paquetes.lector import PaqueteLeido, leer_paquete
from app.paquetes.llaves import normalizar_huella
from app.paquetes.reglas import (
    Rechazo,
    comprobar_catalogo,
    comprobar_registros,
    leer_catalogos,
)

GRUPO_ARCHIVOS = 100  # bundles committed together (each origin's data still replaced whole)
GRUPO_REGISTROS = 20_000
Progreso = Callable[[int, int, str], None]

ACCIONES = {
    # (dry run, real)
    "agregar": ("se agregaría", "agregado"),
    "reemplazar": ("reemplazaría los datos anteriores", "reemplazado"),
    "sin_cambios": ("sin cambios: ya está importado", "sin cambios: ya estaba importado"),
}


@dataclass(frozen=True)
class ResultadoImportacion:
    """One line per file: what happened (or would happen) and why."""

    ruta: Path
    aceptado: bool
    accion: str  # "agregar", "reemplazar", "sin_cambios" or "rechazar"
    mensaje: str  # Spanish, one line (refusals may carry details after it)
    paquete: str | None = None
    alcance: str | None = None
    origen: str | None = None  # CLUES of a unit bundle, entidad of an entidad bundle
    entidad: str | None = None
    secuencia: int | None = None
    registros: int | None = None
    huella: str | None = None
    confianza: str | None = None  # "nueva"/"distinta": the fingerprint needs confirming
    llave: str | None = None  # "registrada", "nueva", "distinta" when accepted
    secuencia_anterior: int | None = None
    registros_anteriores: int | None = None
    finalizada: bool | None = None


@dataclass(frozen=True)
class ResumenImportacion:
    resultados: tuple[ResultadoImportacion, ...]
    prueba: bool
    respaldo: Path | None

    @property
    def rechazados(self) -> int:
        return sum(not r.aceptado for r in self.resultados)


def importar(
    almacen: Almacen,
    rutas: Sequence[Path | str],
    *,
    prueba: bool = False,
    confiar: Collection[str] = (),
    reemplazar: Collection[str] = (),
    progreso: Progreso | None = None,
    cancelado: Callable[[], bool] | None = None,
) -> ResumenImportacion:
    """Import (or with ``prueba`` only check) the bundles at ``rutas``.

    ``confiar``: fingerprints the coordinator confirmed for origins seen for
    the first time; ``reemplazar``: fingerprints confirmed as a unit's new key.
    ``progreso(hecho, total, mensaje)`` is called as each file's result is
    known; ``cancelado()`` is asked between files (what was committed stays).

    Files are verified one by one and committed in groups (one transaction per
    group, each origin's data replaced whole inside it); a refused file never
    enters a group, so it changes nothing."""
    from app.paquetes.interrumpidas import limpiar_interrumpidas

    if not prueba:
        limpiar_interrumpidas(almacen)
    confiar = {normalizar_huella(h) for h in confiar}
    reemplazar = {normalizar_huella(h) for h in reemplazar}
    with lectura(almacen) as s:
        cats = leer_catalogos(s)
        persona = configuracion(s).persona
    lote = _Lote(almacen, cats, persona, prueba, confiar, reemplazar, len(rutas), progreso)
    for ruta in map(Path, rutas):
        if cancelado is not None and cancelado():
            break
        try:
            leido = leer_paquete(ruta)
        except ErrorEyF as exc:
            lote.rechazar(ruta, exc, None)
            continue
        lote.agregar(leido)
    lote.cerrar()
    return ResumenImportacion(tuple(lote.resultados), prueba, lote.respaldo)


class _Lote:
    """Verified bundles waiting to be decided and committed together."""

    def __init__(self, almacen, cats, persona, prueba, confiar, reemplazar, total, progreso):
        self.almacen, self.cats, self.persona = almacen, cats, persona
        self.prueba, self.confiar, self.reemplazar = prueba, confiar, reemplazar
        self.total, self.progreso = total, progreso
        self.resultados: list[ResultadoImportacion] = []
        self.respaldo: Path | None = None
        self.grupo: list[PaqueteLeido] = []
        self.registros = 0
        self.comprobados: dict[int, Rechazo | None] = {}
        self.simulados: list[Plan] = []

    def _anotar(self, resultado: ResultadoImportacion) -> None:
        self.resultados.append(resultado)
        if self.progreso is not None:
            self.progreso(len(self.resultados), self.total, resultado.mensaje)

    def rechazar(self, ruta: Path, exc: ErrorEyF, leido: PaqueteLeido | None) -> None:
        if self.grupo:  # results in the order of the files
            self.cerrar()
        self._anotar(_rechazado(ruta, exc, leido))

    def agregar(self, leido: PaqueteLeido) -> None:
        origen = leido.manifiesto.origen
        if any(p.manifiesto.origen == origen for p in self.grupo):
            self.cerrar()  # two bundles of one origin never share a group
        self.grupo.append(leido)
        self.registros += len(leido.registros)
        if len(self.grupo) >= GRUPO_ARCHIVOS or self.registros >= GRUPO_REGISTROS:
            self.cerrar()

    def _datos(self, leido: PaqueteLeido) -> Callable[[], None]:
        """The catalog and capture-rule checks of a bundle, run once however often it is decided."""

        def comprobar() -> None:
            clave = id(leido)
            if clave not in self.comprobados:
                try:
                    comprobar_catalogo(self.cats, leido)
                    comprobar_registros(self.cats, leido)
                    self.comprobados[clave] = None
                except Rechazo as exc:
                    self.comprobados[clave] = exc
            if self.comprobados[clave] is not None:
                raise self.comprobados[clave]

        return comprobar

    def _decidir(self, s) -> list[tuple[PaqueteLeido, Plan | ErrorEyF]]:
        sit = leer_situacion(s, self.grupo)
        for plan in self.simulados:  # a dry run: earlier groups as if they had been written
            sit.registrar(plan)
        decisiones: list[tuple[PaqueteLeido, Plan | ErrorEyF]] = []
        for leido in self.grupo:
            try:
                plan = planear(
                    sit,
                    self.cats,
                    leido,
                    confiar=self.confiar,
                    reemplazar=self.reemplazar,
                    comprobar_datos=self._datos(leido),
                )
            except Rechazo as exc:
                decisiones.append((leido, exc))
                continue
            sit.registrar(plan)
            decisiones.append((leido, plan))
        return decisiones

    def cerrar(self) -> None:
        grupo, self.grupo, self.registros = self.grupo, [], 0
        if not grupo:
            return
        self.grupo = grupo
        try:
            with lectura(self.almacen) as s:
                decisiones = self._decidir(s)
            if self.prueba:
                self.simulados.extend(d for _, d in decisiones if isinstance(d, Plan))
            escribe = any(isinstance(d, Plan) and d.accion != "sin_cambios" for _, d in decisiones)
            if not self.prueba and escribe:
                if self.respaldo is None and self.almacen.ruta_bd is not None:
                    # only once something will be written: a batch of bad files makes no backup
                    self.respaldo = respaldar(
                        self.almacen.ruta_bd, self.almacen.carpeta, "antes-de-importar"
                    )
                with transaccion(self.almacen) as s:
                    decisiones = self._decidir(s)  # again, under the write lock
                    planes = [d for _, d in decisiones if isinstance(d, Plan)]
                    aplicar(s, self.almacen.carpeta, planes, self.persona)
        except ErrorEyF as exc:  # the database is busy, the disk full...: nothing of the group
            decisiones = [(leido, exc) for leido in grupo]
        finally:
            self.grupo = []
            self.comprobados.clear()
        for leido, d in decisiones:
            if isinstance(d, Plan):
                self._anotar(_aceptado(leido.ruta, d, self.prueba))
            else:
                self._anotar(_rechazado(leido.ruta, d, leido))


def _aceptado(ruta: Path, plan: Plan, prueba: bool) -> ResultadoImportacion:
    m = plan.leido.manifiesto
    quien = (
        f"unidad {m.origen}"
        if m.alcance == "unidad"
        else f"entidad {m.entidad} ({m.entidad_nombre})"
    )
    texto = ACCIONES[plan.accion][0 if prueba else 1]
    detalle = f"secuencia {m.secuencia}, {m.conteos['registros']:,} registro(s)"
    if plan.accion == "reemplazar" and plan.previo is not None:
        detalle += f"; antes secuencia {plan.previo.secuencia} con {plan.previo.registros:,}"
    llave = {
        "nueva": f"; {'se registraría' if prueba else 'se registró'} la llave {m.huella}",
        "distinta": f"; {'reemplazaría' if prueba else 'reemplazó'} la llave {plan.llave_anterior} por {m.huella}",
    }.get(plan.llave, "")
    return ResultadoImportacion(
        ruta,
        True,
        plan.accion,
        f"{ruta.name}: {quien}: {texto} ({detalle}){llave}.",
        m.paquete,
        m.alcance,
        m.origen,
        m.entidad,
        m.secuencia,
        m.conteos["registros"],
        m.huella,
        None,
        plan.llave,
        plan.previo.secuencia if plan.previo else None,
        plan.previo.registros if plan.previo else None,
        m.unidad_finalizada if m.alcance == "unidad" else m.entidad_finalizada,
    )


def _rechazado(ruta: Path, exc: ErrorEyF, leido: PaqueteLeido | None) -> ResultadoImportacion:
    m = leido.manifiesto if leido is not None else None
    texto = str(exc)
    if not texto.startswith(ruta.name):
        texto = f"{ruta.name}: {texto}"
    return ResultadoImportacion(
        ruta,
        False,
        "rechazar",
        texto,
        m.paquete if m else None,
        m.alcance if m else None,
        m.origen if m else None,
        m.entidad if m else None,
        m.secuencia if m else None,
        m.conteos["registros"] if m else None,
        m.huella if m else None,
        getattr(exc, "confianza", None),
    )
