"""The rules a verified bundle must obey before it may enter, that need no
database: which installation imports which kind of bundle, the catalog it
was made with, and every CLUES, product, causa and capture rule of its
records (``app.captura.reglas``, the same rules as a capture)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.almacen.modelos import Catalogo, Causa, Entidad, Producto, Unidad
from app.captura.permisos import Configuracion
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


def quien(alcance: str, origen: str) -> str:
    return f"la unidad {origen}" if alcance == "unidad" else f"la entidad {origen}"


def comprobar_instalacion(conf: Configuracion, alcance: str, entidad: str, cats: Catalogos) -> None:
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


def comprobar_catalogo(cats: Catalogos, leido: PaqueteLeido) -> None:
    m = leido.manifiesto
    if cats.huella == m.catalogo_huella:
        return
    if cats.version != m.catalogo_version:
        detalle = f"con el catálogo versión «{m.catalogo_version}» y aquí está cargada la «{cats.version}»"
    else:
        detalle = f"con un catálogo «{m.catalogo_version}» de contenido distinto al cargado aquí"
    raise Rechazo(
        f"El paquete se hizo {detalle}. Ambas instalaciones deben tener el mismo catálogo "
        "(«eyf catalogo info» muestra su versión y huella): actualice el que esté atrasado "
        "y exporte de nuevo."
    )


def comprobar_registros(cats: Catalogos, leido: PaqueteLeido) -> None:
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
