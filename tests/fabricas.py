"""Small, hand-made catalogs and helpers for tests (real files, real database)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

from app.almacen.almacen import Almacen
from app.captura.contrasenas import cifrar
from app.captura.proceso import configurar, responder
from app.catalogo import formato as F
from app.catalogo.importar import importar_catalogo

CONTRASENAS = {"05": "demo-05", "08": "demo-08"}


def _hash(clave: str) -> str:
    return cifrar(CONTRASENAS[clave], hashlib.sha256(clave.encode()).digest()[:16])


def contenido_pequeno(
    inicio: date = date(2000, 1, 1), fin: date = date(2099, 12, 31)
) -> F.ContenidoCatalogo:
    """Two entidades, five units, the guide's own examples as products."""
    return F.ContenidoCatalogo(
        F.DatosCatalogo(F.FORMATO, "Catálogo de prueba", "t-1", False, 2026, inicio, fin),
        (
            F.FilaEntidad("05", "Coahuila de Zaragoza", "CL", "Coah", _hash("05")),
            F.FilaEntidad("08", "Chihuahua", "CH", "Chih", _hash("08")),
        ),
        (
            F.FilaInstitucion("SSA", "Secretaría de Salud"),
            F.FilaInstitucion("IMB", "IMSS-BIENESTAR"),
            F.FilaInstitucion("IMS", "IMSS"),
        ),
        (
            F.FilaMunicipio("05", "018", "MONCLOVA"),
            F.FilaMunicipio("05", "030", "SALTILLO"),
            F.FilaMunicipio("08", "011", "CAMARGO"),
        ),
        (
            F.FilaUnidad(
                "CLSSA000581",
                "CENTRO DE SALUD URBANO GUADALUPE DE MONCLOVA",
                "05",
                "018",
                "MONCLOVA",
                "PRIMER NIVEL",
                "SSA",
                None,
                None,
                "EN OPERACION",
            ),
            F.FilaUnidad(
                "CLSSA002343",
                "CENTRO DE SALUD URBANO HÉRCULES",
                "05",
                "",
                "HERCULES",
                "PRIMER NIVEL",
                "SSA",
                None,
                None,
                "EN OPERACION",
            ),
            F.FilaUnidad(
                "CLSSA000033",
                "HOSPITAL GENERAL CD. ACUÑA",
                "05",
                "",
                "CIUDAD ACUÑA",
                "SEGUNDO NIVEL",
                "SSA",
                29.3232,
                -100.9522,
                "EN OPERACION",
            ),
            F.FilaUnidad(
                "CLIMS000010",
                "HOSPITAL GENERAL DE ZONA 1 SALTILLO",
                "05",
                "030",
                "SALTILLO",
                "SEGUNDO NIVEL",
                "IMS",
                25.4232,
                -101.0053,
                "EN OPERACION",
            ),
            F.FilaUnidad(
                "CHSSA000372",
                "HOSPITAL GENERAL DE CAMARGO",
                "08",
                "011",
                "CAMARGO",
                "SEGUNDO NIVEL",
                "SSA",
                27.6667,
                -105.1667,
                "EN OPERACION",
            ),
        ),
        (
            F.FilaServicio("SAM", "Servicios de Atención Médica"),
            F.FilaServicio("SAD", "Servicios Auxiliares de Diagnóstico y Tratamiento"),
        ),
        (
            F.FilaGrupo("EST", "SAM", "Atención Estomatológica"),
            F.FilaGrupo("CIR", "SAM", "Cirugía"),
            F.FilaGrupo("IMA", "SAD", "Imagenología"),
        ),
        (
            F.FilaEspecialidad("EST-CEX", "EST", "Consulta externa"),
            F.FilaEspecialidad("EST-ODO", "EST", "Odontología"),
            F.FilaEspecialidad("CIR-GEN", "CIR", "Cirugía General"),
            F.FilaEspecialidad("IMA-USG", "IMA", "Ultrasonografía"),
        ),
        (
            F.FilaProducto(
                "EST-ODO-0001",
                "EST-ODO",
                "Exodoncia simple (por pieza)",
                "Consulta",
                "Consulta Dental (Estomatología)",
            ),
            F.FilaProducto(
                "EST-ODO-0002",
                "EST-ODO",
                "Obturación con amalgama de plata",
                "Procedimiento",
                "Consulta Dental (Estomatología)",
            ),
            F.FilaProducto(
                "EST-ODO-0003",
                "EST-ODO",
                "Obturación con resina",
                "Procedimiento",
                "Consulta Dental (Estomatología)",
            ),
            F.FilaProducto("EST-CEX-0001", "EST-CEX", "Consulta de estomatología", "Consulta", ""),
            F.FilaProducto(
                "CIR-GEN-0001",
                "CIR-GEN",
                "Cirugía menor dentro de quirófano",
                "Procedimiento",
                "Intervención Quirúrgica",
            ),
            F.FilaProducto(
                "CIR-GEN-0002",
                "CIR-GEN",
                "Colecistectomía laparoscópica",
                "Procedimiento",
                "Intervención Quirúrgica",
            ),
            F.FilaProducto(
                "IMA-USG-0001",
                "IMA-USG",
                "Ultrasonido cualquier región.",
                "Estudio",
                "Estudio de Ultrasonografía",
            ),
        ),
        (
            F.FilaCausa("CS", "Carencia de Servicio"),
            F.FilaCausa("FE", "Falta de Equipo"),
            F.FilaCausa("FI", "Falta de Insumos"),
            F.FilaCausa("FP", "Falta de Personal"),
        ),
    )


def escribir_catalogo(destino: Path, contenido: F.ContenidoCatalogo | None = None) -> Path:
    return F.escribir(contenido or contenido_pequeno(), destino)


def sin(contenido: F.ContenidoCatalogo, **quitar: set[str]) -> F.ContenidoCatalogo:
    """The catalog without some rows, e.g. ``sin(c, productos={"CIR-GEN-0002"})``."""
    cambios = {}
    for atributo, claves in quitar.items():
        filas = getattr(contenido, atributo)
        cambios[atributo] = tuple(
            f for f in filas if getattr(f, "clave", getattr(f, "clues", None)) not in claves
        )
    return replace(contenido, **cambios)


def almacen_con_catalogo(carpeta: Path, catalogo: Path) -> Almacen:
    almacen = Almacen.abrir(carpeta, cargar_catalogo=False)
    importar_catalogo(almacen, catalogo)
    return almacen


def preparar_captura(
    almacen: Almacen,
    *,
    modo: str = "estatal",
    entidad: str = "05",
    clues: str | None = None,
    persona: str = "Ana Pérez",
) -> None:
    """Configure the installation and answer SÍ in Paso 2, as a user would."""
    configurar(
        almacen,
        modo,
        entidad=entidad,
        clues=clues,
        contrasena=CONTRASENAS[entidad],
        persona=persona,
    )
    responder(almacen, entidad, "si", CONTRASENAS[entidad])
