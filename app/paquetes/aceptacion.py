"""Whether a verified bundle may enter this database, and what it would do.

The rules (docs/paquetes.md), besides those of ``app.paquetes.reglas``:

- trust: the first bundle of an origin is accepted only with its
  fingerprint confirmed; later ones must carry the registered key; another
  key only when the coordinator registers it on purpose;
- sequence: the same bundle again changes nothing; a newer one replaces the
  origin's data whole; an older one, or the same number with other content,
  is refused (no rollback to stale data, no fork);
- the entidad must not be finalized here, nor have answered NO in Paso 2;
- a coordination's own captures of a unit and that unit's bundle never mix.

Planning reads nothing itself: ``leer_situacion`` takes, in a few queries,
what a group of bundles needs to know about this database; ``planear`` then
decides each bundle in memory and ``Situacion.registrar`` records the
decision, so the next bundle of the group sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.almacen.modelos import (
    Captura,
    EstadoEntidad,
    LlaveRegistrada,
    PaqueteImportado,
    Unidad,
)
from app.captura.permisos import Configuracion, configuracion
from app.paquetes.lector import PaqueteLeido
from app.paquetes.reglas import (
    Catalogos,
    Rechazo,
    comprobar_catalogo,
    comprobar_instalacion,
    comprobar_registros,
    quien,
)

TROZO = 500


@dataclass(frozen=True)
class Previo:
    id: str
    secuencia: int
    llave_id: str
    manifiesto_sha256: str
    registros: int
    creado_en: datetime
    adjunto_id: int | None = None


@dataclass(frozen=True)
class Plan:
    leido: PaqueteLeido
    accion: str  # "agregar", "reemplazar" or "sin_cambios"
    previo: Previo | None
    llave: str  # "registrada", "nueva" (first key of the origin) or "distinta" (replaces it)
    llave_anterior: str | None  # fingerprint being replaced


@dataclass
class Situacion:
    """What this database holds that matters to a group of bundles."""

    conf: Configuracion
    estados: dict[str, tuple[str | None, bool]]  # entidad → (Paso 2 answer, finalized)
    vigentes: dict[str, Previo] = field(default_factory=dict)  # origin → bundle in force
    importados: dict[str, tuple[str, bool, int]] = field(
        default_factory=dict
    )  # id → (sha, vigente, seq)
    llaves: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # origin → (key id, fingerprint)
    locales: dict[str, int] = field(default_factory=dict)  # origin → records captured here

    def registrar(self, plan: Plan) -> None:
        """Record the decision as if applied (for the next bundles of the group)."""
        if plan.accion == "sin_cambios":
            return
        m = plan.leido.manifiesto
        if plan.previo is not None:
            sha, _, secuencia = self.importados.get(plan.previo.id, ("", True, 0))
            self.importados[plan.previo.id] = (sha, False, secuencia)
        self.vigentes[m.origen] = Previo(
            m.paquete, m.secuencia, m.llave_id, plan.leido.manifiesto_sha256,
            len(plan.leido.registros), m.creado_en,
        )  # fmt: skip
        self.importados[m.paquete] = (plan.leido.manifiesto_sha256, True, m.secuencia)
        self.llaves[m.origen] = (m.llave_id, m.huella)


def _trozos(valores: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(valores), TROZO):
        yield valores[i : i + TROZO]


def leer_situacion(s: Session, leidos: Sequence[PaqueteLeido]) -> Situacion:
    conf = configuracion(s)
    estados = {
        e.entidad_clave: (e.respuesta, bool(e.finalizada)) for e in s.scalars(select(EstadoEntidad))
    }
    sit = Situacion(conf, estados)
    origenes = sorted({p.manifiesto.origen for p in leidos})
    ids = sorted({p.manifiesto.paquete for p in leidos})
    for trozo in _trozos(origenes):
        for p in s.scalars(
            select(PaqueteImportado).where(
                PaqueteImportado.origen.in_(trozo), PaqueteImportado.vigente
            )
        ):
            sit.vigentes[p.origen] = Previo(
                p.id, p.secuencia, p.llave_id, p.manifiesto_sha256, p.registros, p.creado_en,
                p.adjunto_id,
            )  # fmt: skip
        for origen, llave_id, huella in s.execute(
            select(LlaveRegistrada.origen, LlaveRegistrada.llave_id, LlaveRegistrada.huella).where(
                LlaveRegistrada.origen.in_(trozo), LlaveRegistrada.retirada_en.is_(None)
            )
        ):
            sit.llaves[origen] = (llave_id, huella)
        sit.locales.update(
            s.execute(
                select(Captura.clues, func.count())
                .where(Captura.clues.in_(trozo), Captura.paquete_id.is_(None))
                .group_by(Captura.clues)
            ).all()
        )
        sit.locales.update(
            s.execute(
                select(Unidad.entidad_clave, func.count())
                .join(Captura, Captura.clues == Unidad.clues)
                .where(Unidad.entidad_clave.in_(trozo), Captura.paquete_id.is_(None))
                .group_by(Unidad.entidad_clave)
            ).all()
        )
    for trozo in _trozos(ids):
        for i, sha, vigente, secuencia in s.execute(
            select(
                PaqueteImportado.id,
                PaqueteImportado.manifiesto_sha256,
                PaqueteImportado.vigente,
                PaqueteImportado.secuencia,
            ).where(PaqueteImportado.id.in_(trozo))
        ):
            sit.importados[i] = (sha, bool(vigente), secuencia)
    return sit


def planear(
    sit: Situacion,
    cats: Catalogos,
    leido: PaqueteLeido,
    *,
    confiar: Collection[str] = (),
    reemplazar: Collection[str] = (),
    comprobar_datos: Callable[[], None] | None = None,
) -> Plan:
    """Decide one bundle (raise ``Rechazo`` with the reason); reads nothing.

    ``comprobar_datos`` runs the checks that depend only on the bundle and
    the catalog (a caller deciding the same bundle twice passes a memo)."""
    m = leido.manifiesto
    comprobar_instalacion(sit.conf, m.alcance, m.entidad, cats)
    ya = sit.importados.get(m.paquete)
    if ya is not None:
        sha, vigente, secuencia = ya
        if sha != leido.manifiesto_sha256:
            raise Rechazo(
                f"Ya se importó otro paquete con el mismo identificador ({m.paquete}) y distinto "
                "contenido: se rechaza (dos versiones de los mismos datos). Pida a la unidad que "
                "exporte un paquete nuevo."
            )
        if not vigente:
            raise Rechazo(
                f"Este paquete (secuencia {secuencia}) ya se importó y después fue reemplazado "
                "por uno más reciente de la misma unidad; no se vuelve a datos anteriores."
            )
        return Plan(leido, "sin_cambios", sit.vigentes.get(m.origen), "registrada", None)
    if comprobar_datos is None:
        comprobar_catalogo(cats, leido)
        comprobar_registros(cats, leido)
    else:
        comprobar_datos()
    _comprobar_destino(sit, leido)
    llave, anterior = _confianza(
        sit, m.origen, m.alcance, m.llave_id, m.huella, confiar, reemplazar
    )
    vigente = sit.vigentes.get(m.origen)
    if vigente is None:
        return Plan(leido, "agregar", None, llave, anterior)
    if vigente.llave_id == m.llave_id:
        de = quien(m.alcance, m.origen)
        if m.secuencia < vigente.secuencia:
            raise Rechazo(
                f"Este paquete de {de} es más antiguo (secuencia {m.secuencia}) que el ya "
                f"importado (secuencia {vigente.secuencia}, del {vigente.creado_en:%d/%m/%Y %H:%M} "
                "UTC); no se vuelve a datos anteriores. Importe el más reciente."
            )
        if m.secuencia == vigente.secuencia:
            raise Rechazo(
                f"Ya se importó la secuencia {m.secuencia} de {de} con otro contenido: dos "
                "paquetes distintos con el mismo número. Se rechaza; pida a la unidad un paquete "
                "nuevo (Archivo › Exportar paquete…, o «eyf paquete exportar»)."
            )
    return Plan(leido, "reemplazar", vigente, llave, anterior)


def _comprobar_destino(sit: Situacion, leido: PaqueteLeido) -> None:
    """What this database allows now: its entidad's state, and no local captures in the way."""
    m = leido.manifiesto
    if m.alcance == "unidad":
        respuesta, finalizada = sit.estados.get(m.entidad, (None, False))
        if finalizada:
            raise Rechazo(
                f"La entidad {m.entidad} ya finalizó su registro (Paso 7) en esta coordinación; "
                "para importar datos nuevos se necesita una reapertura con la contraseña y un "
                f"motivo («Reabrir…» en el tablero, o «eyf reabrir --entidad {m.entidad}»)."
            )
        if leido.registros and respuesta == "no":
            raise Rechazo(
                "Esta coordinación respondió NO en el Paso 2 (ninguna unidad tiene excedentes ni "
                "faltantes), pero el paquete trae registros. Si la unidad sí los tiene, responda "
                "SÍ primero y vuelva a importar."
            )
    locales = sit.locales.get(m.origen, 0)
    if locales:
        donde = f"la unidad {m.clues[0]}" if m.alcance == "unidad" else f"la entidad {m.entidad}"
        raise Rechazo(
            f"Esta instalación tiene {locales} registro(s) de {donde} capturado(s) aquí. Los "
            "registros capturados aquí y los de un paquete no se mezclan: si la unidad envía su "
            "paquete, borre primero los capturados aquí (en su Paso 6, o «eyf captura borrar»); "
            "si no, siga "
            "capturando aquí y no importe su paquete."
        )


def _confianza(
    sit: Situacion,
    origen: str,
    alcance: str,
    llave_id: str,
    huella: str,
    confiar: Collection[str],
    reemplazar: Collection[str],
) -> tuple[str, str | None]:
    activa = sit.llaves.get(origen)
    de = quien(alcance, origen)
    if activa is None:
        if huella in confiar or huella in reemplazar:
            return "nueva", None
        raise Rechazo(
            f"Es el primer paquete de {de}. Su llave tiene la huella {huella}. Confirme por "
            "teléfono o en persona que es la huella que muestra su EyF y acéptela (en la "
            "ventana, marque «¿Confirmada?»; en la orden, "
            f'«eyf paquete importar RUTA --confiar "{huella}"»).',
            confianza="nueva",
        )
    if activa[0] == llave_id:
        return "registrada", None
    if huella in reemplazar:
        return "distinta", activa[1]
    raise Rechazo(
        f"¡Atención! El paquete de {de} está firmado con una llave distinta (huella {huella}) "
        f"de la registrada (huella {activa[1]}). Puede ser otra computadora o una "
        "reinstalación, o un paquete falso. Confirme la huella nueva con la unidad y, solo si "
        "es correcta, regístrela a propósito (en la ventana, «Registrar llave nueva…»; en la "
        f'orden, «eyf paquete importar RUTA --reemplazar-llave "{huella}"»).',
        confianza="distinta",
    )
