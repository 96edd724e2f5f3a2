"""Whether a verified bundle may enter this database, and what it would do.

Only reads. The rules (docs/paquetes.md):

- a state coordination imports the unit bundles of its own entidad; a
  national installation imports entidad bundles; a unit installation imports
  nothing;
- the bundle was made with exactly the catalog loaded here;
- every CLUES belongs to the bundle's entidad; every product and causa
  exists; every record obeys the guide's rules (``app.captura.reglas``) and
  carries its stable id;
- trust: the first bundle of an origin is accepted only with its
  fingerprint confirmed; later ones must carry the registered key; another
  key only when the coordinator registers it on purpose;
- sequence: the same bundle again changes nothing; a newer one replaces the
  origin's data whole; an older one, or the same number with other content,
  is refused;
- a coordination's own captures of a unit and a unit's bundle never mix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.almacen.modelos import (
    Captura,
    Catalogo,
    Causa,
    Entidad,
    EstadoEntidad,
    LlaveRegistrada,
    PaqueteImportado,
    Producto,
    Unidad,
)
from app.captura.permisos import Configuracion, configuracion
from app.captura.reglas import FilaCaptura, id_registro, validar_fila
from app.errores import ErrorEyF, Problema
from app.paquetes.lector import PaqueteLeido

MAXIMO_PROBLEMAS = 20


class Rechazo(ErrorEyF):
    """The bundle may not enter; ``confianza`` is "nueva" or "distinta" when
    only the coordinator's confirmation of the fingerprint is missing."""

    def __init__(self, mensaje: str, problemas=(), *, confianza: str | None = None) -> None:
        super().__init__(mensaje, problemas)
        self.confianza = confianza


@dataclass(frozen=True)
class Catalogos:
    """Catalog facts read once per import call (thousands of bundles share them)."""

    version: str
    huella: str
    periodo: int
    unidades: dict[str, tuple[str, str]]  # clues → (entidad, nombre)
    entidades: dict[str, str]  # clave → nombre
    productos: frozenset[str]
    causas: dict[str, str]  # clave → nombre


def leer_catalogos(s: Session) -> Catalogos:
    cat = s.get(Catalogo, 1)
    if cat is None:
        raise ErrorEyF("No hay catálogo cargado; cárguelo con «eyf catalogo importar RUTA».")
    return Catalogos(
        cat.version,
        cat.huella,
        cat.periodo_anio,
        {
            c: (e, n)
            for c, e, n in s.execute(select(Unidad.clues, Unidad.entidad_clave, Unidad.nombre))
        },
        dict(s.execute(select(Entidad.clave, Entidad.nombre)).all()),
        frozenset(s.scalars(select(Producto.clave))),
        dict(s.execute(select(Causa.clave, Causa.nombre)).all()),
    )


@dataclass(frozen=True)
class Previo:
    id: str
    secuencia: int
    llave_id: str
    manifiesto_sha256: str
    registros: int
    creado_en: datetime
    importado_en: datetime
    adjunto_id: int | None


@dataclass(frozen=True)
class Plan:
    leido: PaqueteLeido
    accion: str  # "agregar", "reemplazar" or "sin_cambios"
    previo: Previo | None
    llave: str  # "registrada", "nueva" (first key of the origin) or "distinta" (replaces it)
    llave_anterior: str | None  # fingerprint being replaced


def planear(
    s: Session,
    cats: Catalogos,
    leido: PaqueteLeido,
    *,
    confiar: Collection[str] = (),
    reemplazar: Collection[str] = (),
) -> Plan:
    m = leido.manifiesto
    conf = configuracion(s)
    _comprobar_instalacion(conf, m.alcance, m.entidad, cats)
    origen = m.origen
    ya = s.get(PaqueteImportado, m.paquete)
    if ya is not None:
        if ya.manifiesto_sha256 != leido.manifiesto_sha256:
            raise Rechazo(
                f"Ya se importó otro paquete con el mismo identificador ({m.paquete}) y distinto "
                "contenido: se rechaza (dos versiones de los mismos datos). Pida a la unidad que "
                "exporte un paquete nuevo."
            )
        if not ya.vigente:
            raise Rechazo(
                f"Este paquete (secuencia {ya.secuencia}) ya se importó y después fue reemplazado "
                "por uno más reciente de la misma unidad; no se vuelve a datos anteriores."
            )
        return Plan(leido, "sin_cambios", _previo(ya), "registrada", None)
    if cats.huella != m.catalogo_huella:
        if cats.version != m.catalogo_version:
            detalle = f"con el catálogo versión «{m.catalogo_version}» y aquí está cargada la «{cats.version}»"
        else:
            detalle = (
                f"con un catálogo «{m.catalogo_version}» de contenido distinto al cargado aquí"
            )
        raise Rechazo(
            f"El paquete se hizo {detalle}. Ambas instalaciones deben tener el mismo catálogo "
            "(«eyf catalogo info» muestra su versión y huella): actualice el que esté atrasado "
            "y exporte de nuevo."
        )
    _comprobar_registros(cats, leido)
    _comprobar_destino(s, conf, leido)
    llave, anterior = _confianza(s, origen, m.alcance, m.llave_id, m.huella, confiar, reemplazar)
    vigente = s.scalar(
        select(PaqueteImportado).where(PaqueteImportado.origen == origen, PaqueteImportado.vigente)
    )
    if vigente is None:
        return Plan(leido, "agregar", None, llave, anterior)
    if vigente.llave_id == m.llave_id:
        quien = _quien(m.alcance, origen)
        if m.secuencia < vigente.secuencia:
            raise Rechazo(
                f"Este paquete de {quien} es más antiguo (secuencia {m.secuencia}) que el ya "
                f"importado (secuencia {vigente.secuencia}, del {vigente.creado_en:%d/%m/%Y %H:%M} "
                "UTC); no se vuelve a datos anteriores. Importe el más reciente."
            )
        if m.secuencia == vigente.secuencia:
            raise Rechazo(
                f"Ya se importó la secuencia {m.secuencia} de {quien} con otro contenido: dos "
                "paquetes distintos con el mismo número. Se rechaza; pida a la unidad un paquete "
                "nuevo («eyf paquete exportar»)."
            )
    return Plan(leido, "reemplazar", _previo(vigente), llave, anterior)


def _previo(p: PaqueteImportado) -> Previo:
    return Previo(
        p.id,
        p.secuencia,
        p.llave_id,
        p.manifiesto_sha256,
        p.registros,
        p.creado_en,
        p.importado_en,
        p.adjunto_id,
    )


def _quien(alcance: str, origen: str) -> str:
    return f"la unidad {origen}" if alcance == "unidad" else f"la entidad {origen}"


def _comprobar_instalacion(
    conf: Configuracion, alcance: str, entidad: str, cats: Catalogos
) -> None:
    if conf.modo == "estatal":
        if alcance != "unidad":
            raise Rechazo(
                "Es un paquete de entidad: se importa en la instalación nacional, no en una "
                "coordinación estatal."
            )
        if entidad != conf.entidad:
            nombre = cats.entidades.get(entidad, entidad)
            propia = cats.entidades.get(conf.entidad or "", conf.entidad)
            raise Rechazo(
                f"El paquete es de otra entidad: {nombre} ({entidad}). Esta coordinación es de "
                f"{propia} ({conf.entidad}) y solo importa paquetes de sus unidades."
            )
    elif conf.modo == "nacional":
        if alcance != "entidad":
            raise Rechazo(
                "Es un paquete de una unidad: se importa en la coordinación estatal de su "
                "entidad, que después envía el paquete de la entidad al nivel nacional."
            )
        if entidad not in cats.entidades:
            raise Rechazo(f"La entidad «{entidad}» del paquete no existe en el catálogo.")
    elif conf.modo == "unidad":
        raise Rechazo(
            "Esta instalación es de una unidad y no importa paquetes; los importa la "
            "coordinación estatal («eyf configurar --modo estatal»)."
        )
    else:
        raise Rechazo(
            "Esta instalación aún no está configurada. Para importar paquetes configúrela como "
            "coordinación estatal («eyf configurar --modo estatal --entidad CC») o como "
            "instalación nacional («eyf configurar --modo nacional»)."
        )


def _comprobar_registros(cats: Catalogos, leido: PaqueteLeido) -> None:
    """Every CLUES, product, causa and capture rule, all problems listed at once."""
    m = leido.manifiesto
    problemas: list[Problema] = []
    for c in m.clues:
        unidad = cats.unidades.get(c)
        if unidad is None:
            problemas.append(Problema("clues", c, f"La CLUES {c} no existe en el catálogo."))
        elif unidad[0] != m.entidad:
            problemas.append(
                Problema(
                    "clues", c, f"La unidad {c} es de la entidad {unidad[0]}, no de {m.entidad}."
                )
            )
    por_producto: dict[tuple[str, str], dict[str, object]] = defaultdict(dict)
    for r in leido.registros:
        if r.id != id_registro(r.clues, r.producto, r.tipo):
            problemas.append(
                Problema(
                    "id",
                    r.id,
                    f"{r.clues}: el registro {r.producto}/{r.tipo} no trae su identificador estable.",
                    r.producto,
                )
            )
        if r.producto not in cats.productos:
            problemas.append(
                Problema(
                    "producto",
                    r.producto,
                    f"{r.clues}: el producto «{r.producto}» no existe en el catálogo.",
                    r.producto,
                )
            )
        if m.alcance == "unidad" and r.origen is not None:
            problemas.append(
                Problema(
                    "origen",
                    r.origen,
                    "Un paquete de unidad no puede traer registros importados.",
                    r.producto,
                )
            )
        fila = por_producto[(r.clues, r.producto)]
        if r.tipo in fila:
            problemas.append(
                Problema(
                    "producto",
                    r.producto,
                    f"{r.clues}: el registro {r.producto}/{r.tipo} aparece dos veces.",
                    r.producto,
                )
            )
        fila[r.tipo] = r
        if len(problemas) >= MAXIMO_PROBLEMAS:
            break
    for (clues, producto), tipos in por_producto.items():
        if len(problemas) >= MAXIMO_PROBLEMAS:
            break
        f, e = tipos.get("faltante"), tipos.get("excedente")
        if f is not None and e is not None and f.pacientes != e.pacientes:
            problemas.append(
                Problema(
                    "pacientes",
                    str(e.pacientes),
                    f"{clues}: pacientes mensuales distintos en el faltante y el excedente de {producto}.",
                    producto,
                )
            )
            continue
        fila = FilaCaptura(
            producto,
            f.ambulatorio if f else None,
            f.hospitalario if f else None,
            f.causa if f else None,
            e.ambulatorio if e else None,
            e.hospitalario if e else None,
            (f or e).pacientes,
        )
        registros, malos = validar_fila(fila, cats.causas)
        problemas.extend(
            Problema(p.campo, p.valor, f"{clues}: {p.mensaje}", p.producto) for p in malos
        )
        if not malos and (
            len(registros) != len(tipos) or any(r.causa != tipos[r.tipo].causa for r in registros)
        ):
            problemas.append(
                Problema(
                    "producto",
                    producto,
                    f"{clues}: el registro de {producto} no es válido.",
                    producto,
                )
            )
    if leido.registros and leido.estado.entidad.respuesta != "si":
        problemas.append(
            Problema(
                "respuesta",
                str(leido.estado.entidad.respuesta),
                "El paquete trae registros pero su Paso 2 no está respondido SÍ.",
            )
        )
    if problemas:
        raise Rechazo(
            f"El paquete no cumple las reglas de captura ({len(problemas)} problema(s)"
            f"{' o más' if len(problemas) >= MAXIMO_PROBLEMAS else ''}); no se importó nada:",
            problemas[:MAXIMO_PROBLEMAS],
        )


def _comprobar_destino(s: Session, conf: Configuracion, leido: PaqueteLeido) -> None:
    """What this database allows now: its entidad's state, and no local captures in the way."""
    m = leido.manifiesto
    if m.alcance == "unidad":
        estado = s.get(EstadoEntidad, m.entidad)
        if estado is not None and estado.finalizada:
            raise Rechazo(
                f"La entidad {m.entidad} ya finalizó su registro (Paso 7) en esta coordinación; "
                "para importar datos nuevos se necesita una reapertura con la contraseña y un "
                f"motivo («eyf reabrir --entidad {m.entidad}»)."
            )
        if leido.registros and estado is not None and estado.respuesta == "no":
            raise Rechazo(
                "Esta coordinación respondió NO en el Paso 2 (ninguna unidad tiene excedentes ni "
                "faltantes), pero el paquete trae registros. Si la unidad sí los tiene, responda "
                "SÍ primero y vuelva a importar."
            )
        locales = s.scalar(
            select(func.count())
            .select_from(Captura)
            .where(Captura.clues == m.clues[0], Captura.paquete_id.is_(None))
        )
    else:
        locales = s.scalar(
            select(func.count())
            .select_from(Captura)
            .join(Unidad, Unidad.clues == Captura.clues)
            .where(Unidad.entidad_clave == m.entidad, Captura.paquete_id.is_(None))
        )
    if locales:
        donde = f"la unidad {m.clues[0]}" if m.alcance == "unidad" else f"la entidad {m.entidad}"
        raise Rechazo(
            f"Esta instalación tiene {locales} registro(s) de {donde} capturado(s) aquí. Los "
            "registros capturados aquí y los de un paquete no se mezclan: si la unidad envía su "
            "paquete, borre primero los capturados aquí («eyf captura borrar»); si no, siga "
            "capturando aquí y no importe su paquete."
        )


def _confianza(
    s: Session,
    origen: str,
    alcance: str,
    llave_id: str,
    huella: str,
    confiar: Collection[str],
    reemplazar: Collection[str],
) -> tuple[str, str | None]:
    activa = s.scalar(
        select(LlaveRegistrada).where(
            LlaveRegistrada.origen == origen, LlaveRegistrada.retirada_en.is_(None)
        )
    )
    quien = _quien(alcance, origen)
    if activa is None:
        if huella in confiar or huella in reemplazar:
            return "nueva", None
        raise Rechazo(
            f"Es el primer paquete de {quien}. Su llave tiene la huella {huella}. Confirme por "
            "teléfono o en persona que es la huella que muestra su EyF y acéptela: "
            f'«eyf paquete importar RUTA --confiar "{huella}"».',
            confianza="nueva",
        )
    if activa.llave_id == llave_id:
        return "registrada", None
    if huella in reemplazar:
        return "distinta", activa.huella
    raise Rechazo(
        f"¡Atención! El paquete de {quien} está firmado con una llave distinta (huella {huella}) "
        f"de la registrada (huella {activa.huella}). Puede ser otra computadora o una "
        "reinstalación, o un paquete falso. Confirme la huella nueva con la unidad y, solo si "
        "es correcta, regístrela a propósito: "
        f'«eyf paquete importar RUTA --reemplazar-llave "{huella}"».',
        confianza="distinta",
    )
