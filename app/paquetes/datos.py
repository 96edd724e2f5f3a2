"""What goes into this installation's bundle, read from the database in the
export's own transaction (one consistent snapshot)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.almacen.modelos import (
    Adjunto,
    Bitacora,
    BitacoraImportada,
    Captura,
    Catalogo,
    Entidad,
    EstadoEntidad,
    EstadoUnidad,
    PaqueteImportado,
    Reapertura,
    Unidad,
)
from app.captura.permisos import Configuracion
from app.captura.reglas import id_registro
from app.errores import ErrorEyF
from app.paquetes import bitacora as B
from app.paquetes import contenido as C
from app.paquetes import formato as F
from app.paquetes.manifiesto import PERSONA
from app.sistema import causa


@dataclass(frozen=True)
class DatosExportacion:
    alcance: str
    entidad: str
    entidad_nombre: str
    origen: str  # the unit's CLUES or the entidad's key
    unidad_nombre: str | None
    clues: tuple[str, ...]
    periodo: int
    catalogo_version: str
    catalogo_huella: str
    registros: list[C.RegistroPaquete]
    estado: C.EstadoPaquete
    bitacora: list[B.EntradaBitacora]
    reporte: bytes | None
    unidad_finalizada: bool | None

    def conteos(self) -> dict[str, int]:
        faltantes = sum(r.tipo == "faltante" for r in self.registros)
        return {
            "registros": len(self.registros),
            "faltantes": faltantes,
            "excedentes": len(self.registros) - faltantes,
            "unidades": len({r.clues for r in self.registros}),
            "bitacora": len(self.bitacora),
            "reaperturas": len(self.estado.reaperturas),
        }


def reunir(s: Session, carpeta_datos: Path, conf: Configuracion) -> DatosExportacion:
    cat = s.get(Catalogo, 1)
    if cat is None:
        raise ErrorEyF("No hay catálogo cargado; cárguelo con «eyf catalogo importar RUTA».")
    assert conf.entidad is not None
    entidad = s.get(Entidad, conf.entidad)
    assert entidad is not None
    unidad_sola = conf.modo == "unidad"
    if unidad_sola:
        filtro_unidad = [Captura.clues == conf.clues]
    else:
        filtro_unidad = [
            Captura.clues.in_(select(Unidad.clues).where(Unidad.entidad_clave == conf.entidad))
        ]
    registros = [
        C.RegistroPaquete(
            id_registro(c.clues, c.producto_clave, c.tipo),
            c.clues,
            c.producto_clave,
            c.tipo,
            c.ambulatorio,
            c.hospitalario,
            c.causa_clave,
            c.pacientes,
            c.creada_en,
            c.modificada_en,
            c.persona[:PERSONA],
            c.paquete_id,
        )
        for c in s.scalars(
            select(Captura)
            .where(*filtro_unidad)
            .order_by(Captura.clues, Captura.producto_clave, Captura.tipo)
        )
    ]
    estado_ent = s.get(EstadoEntidad, conf.entidad)
    if not unidad_sola and registros and (estado_ent is None or estado_ent.respuesta != "si"):
        # the national level would refuse it: records without the entidad's SÍ
        raise ErrorEyF(
            f"La entidad {entidad.nombre} tiene {len(registros):,} registro(s) (capturados o "
            "llegados en paquetes de sus unidades), pero su Paso 2 no está respondido SÍ. "
            "Responda SÍ en el Paso 2 (en la ventana, al abrir la entidad; en la orden, "
            f"«eyf entidad responder --entidad {conf.entidad} --respuesta si») y exporte de nuevo."
        )
    consulta_unidades = select(EstadoUnidad).order_by(EstadoUnidad.clues)
    if unidad_sola:
        consulta_unidades = consulta_unidades.where(EstadoUnidad.clues == conf.clues)
    else:
        consulta_unidades = consulta_unidades.join(
            Unidad, Unidad.clues == EstadoUnidad.clues
        ).where(Unidad.entidad_clave == conf.entidad)
    unidades = tuple(
        C.EstadoUnidadPaquete(
            u.clues, bool(u.finalizada), u.finalizada_en, u.finalizada_por[:PERSONA]
        )
        for u in s.scalars(consulta_unidades)
    )
    importados = (
        []
        if unidad_sola
        else s.scalars(
            select(PaqueteImportado)
            .where(
                PaqueteImportado.vigente,
                PaqueteImportado.alcance == "unidad",
                PaqueteImportado.entidad_clave == conf.entidad,
            )
            .order_by(PaqueteImportado.origen)
        ).all()
    )
    # the reopenings here: this installation's own and, in a coordination,
    # those its units' bundles brought (app.paquetes.escritura keeps them here)
    instalacion_de = {p.origen: p.instalacion for p in importados}
    reaperturas = [
        C.ReaperturaPaquete(
            instalacion_de.get(r.clues or "", conf.uuid),
            r.clues,
            r.motivo[:4000],
            r.momento,
            r.persona[:PERSONA],
        )
        for r in s.scalars(
            select(Reapertura)
            .where(Reapertura.entidad_clave == conf.entidad)
            .order_by(Reapertura.momento, Reapertura.id)
        )
    ]
    procedencia = tuple(
        C.ProcedenciaPaquete(
            p.origen,
            p.id,
            p.secuencia,
            p.huella,
            p.llave_id,
            p.instalacion,
            p.creado_en,
            p.importado_en,
            p.registros,
            p.finalizada,
        )
        for p in importados
    )
    reporte, reporte_datos = (
        (None, None) if unidad_sola else _reporte(s, carpeta_datos, conf.entidad)
    )
    estado = C.EstadoPaquete(
        C.EstadoEntidadPaquete(
            estado_ent.respuesta if estado_ent else None,
            estado_ent.respondida_en if estado_ent else None,
            estado_ent.respondida_por[:PERSONA] if estado_ent else "",
            bool(estado_ent and estado_ent.finalizada),
            estado_ent.finalizada_en if estado_ent else None,
            estado_ent.finalizada_por[:PERSONA] if estado_ent else "",
        ),
        unidades,
        tuple(reaperturas),
        procedencia,
        reporte_datos,
    )
    bitacora = _bitacora(s, conf.uuid, [p.id for p in importados])
    if unidad_sola:
        assert conf.clues is not None
        unidad = s.get(Unidad, conf.clues)
        propia = next((u for u in unidades if u.clues == conf.clues), None)
        clues = (conf.clues,)
        unidad_nombre = unidad.nombre if unidad else None
        unidad_finalizada: bool | None = bool(propia and propia.finalizada)
    else:
        clues = tuple(sorted({r.clues for r in registros} | {u.clues for u in unidades}))
        unidad_nombre, unidad_finalizada = None, None
    return DatosExportacion(
        "unidad" if unidad_sola else "entidad",
        conf.entidad,
        entidad.nombre,
        conf.clues if unidad_sola else conf.entidad,
        unidad_nombre,
        clues,
        cat.periodo_anio,
        cat.version,
        cat.huella,
        registros,
        estado,
        bitacora,
        reporte,
        unidad_finalizada,
    )


def _bitacora(s: Session, instalacion: str, importados: list[str]) -> list[B.EntradaBitacora]:
    entradas = [
        B.EntradaBitacora(
            b.instalacion or instalacion,
            b.id,
            b.momento,
            b.persona[:PERSONA],
            b.accion,
            b.entidad_clave,
            b.clues,
            None if b.objeto is None else b.objeto[:500],
            b.antes,
            b.despues,
        )
        for b in s.scalars(select(Bitacora).order_by(Bitacora.id))
    ]
    for i in range(0, len(importados), 500):
        trozo = importados[i : i + 500]
        entradas.extend(
            B.EntradaBitacora(
                b.instalacion,
                b.numero,
                b.momento,
                b.persona,
                b.accion,
                b.entidad_clave,
                b.clues,
                b.objeto,
                b.antes,
                b.despues,
            )
            for b in s.scalars(
                select(BitacoraImportada)
                .where(BitacoraImportada.paquete_id.in_(trozo))
                .order_by(BitacoraImportada.id)
            )
        )
    return entradas


def _reporte(
    s: Session, carpeta_datos: Path, entidad: str
) -> tuple[bytes | None, C.ReportePaquete | None]:
    """The signed final report in force (Paso 9), read and checked against its hash."""
    adjunto = s.scalar(
        select(Adjunto)
        .where(Adjunto.entidad_clave == entidad, Adjunto.vigente)
        .order_by(Adjunto.subido_en.desc(), Adjunto.id.desc())
        .limit(1)
    )
    if adjunto is None:
        return None, None
    ruta = Path(adjunto.archivo)
    if not ruta.is_absolute():
        ruta = Path(carpeta_datos) / ruta
    try:
        datos = ruta.read_bytes()
    except OSError as exc:
        raise ErrorEyF(
            f"No se pudo leer el reporte firmado {ruta} ({causa(exc)}); súbalo de nuevo "
            "(Paso 9) antes de exportar."
        ) from exc
    if hashlib.sha256(datos).hexdigest() != adjunto.sha256:
        raise ErrorEyF(
            f"El reporte firmado guardado en {ruta} ya no es el que se subió (su huella cambió); "
            "súbalo de nuevo (Paso 9) antes de exportar."
        )
    if len(datos) > F.MAXIMOS[F.REPORTE]:
        raise ErrorEyF("El reporte firmado mide más de 150 MB; súbalo de nuevo más ligero.")
    return datos, C.ReportePaquete(
        adjunto.nombre_original[:255],
        adjunto.sha256,
        len(datos),
        adjunto.subido_en,
        adjunto.persona,
    )
