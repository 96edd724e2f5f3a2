"""Build the bundled demonstration catalog from the public files in
``recursos/fuentes`` (see its LEEME.md), deterministically:

    python -m app.catalogo.demostracion.construir [--fuentes DIR] [--salida DIR]

The output is a catalog folder in the exchange format (docs/formato-catalogo.md),
validated by the same reader the program uses before it is written.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from datetime import date
from pathlib import Path

from app.captura.contrasenas import cifrar
from app.catalogo import formato as F
from app.catalogo.demostracion.productos import arbol_productos
from app.catalogo.validacion import leer_catalogo
from app.rutas import recurso
from app.texto import plegar

NOMBRE = "Catálogo de demostración EyF"
VERSION = "2026.1-demo"
PERIODO = (2026, date(2026, 1, 1), date(2027, 12, 31))
CAUSAS = (
    ("CS", "Carencia de Servicio"),
    ("FE", "Falta de Equipo"),
    ("FI", "Falta de Insumos"),
    ("FP", "Falta de Personal"),
)
# Three-letter institution codes of the CLUES (national DGIS list, April 2026).
INSTITUCIONES = (
    ("SSA", "Secretaría de Salud (SSA)"),
    ("IMB", "IMSS-BIENESTAR"),
    ("IMS", "Instituto Mexicano del Seguro Social (IMSS)"),
    ("IMO", "IMSS-BIENESTAR (régimen anterior IMSS-Oportunidades)"),
    ("IST", "Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado (ISSSTE)"),
    ("PMX", "Petróleos Mexicanos (PEMEX)"),
    ("SDN", "Secretaría de la Defensa Nacional (SEDENA)"),
    ("SMA", "Secretaría de Marina (SEMAR)"),
    ("SME", "Servicios Médicos Estatales"),
    ("SMM", "Servicios Médicos Municipales"),
    ("SMP", "Servicios Médicos Privados"),
    ("DIF", "Sistema Nacional para el Desarrollo Integral de la Familia (DIF)"),
    ("CRO", "Cruz Roja Mexicana"),
    ("CIJ", "Centros de Integración Juvenil"),
    ("HUN", "Hospitales Universitarios"),
    ("FGE", "Fiscalía General del Estado"),
    ("PGR", "Fiscalía General de la República"),
    ("SCT", "Secretaría de Infraestructura, Comunicaciones y Transportes"),
    ("SPC", "Otra institución pública (clave SPC)"),
    ("ICF", "Otra institución pública (clave ICF)"),
    ("PJE", "Otra institución pública (clave PJE)"),
)


def _leer(ruta: Path) -> list[dict[str, str]]:
    with ruta.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def contrasena_demo(clave: str) -> str:
    """``demo-CC``, hashed with a salt derived from the key (public, reproducible)."""
    sal = hashlib.sha256(f"eyf-demostracion-{clave}".encode()).digest()[:16]
    return cifrar(f"demo-{clave}", sal)


def construir(fuentes: Path) -> F.ContenidoCatalogo:
    entidades_src = _leer(fuentes / "entidades_claves_combinado.csv")
    entidades = tuple(
        F.FilaEntidad(
            e["clave_inegi"],
            e["nombre_inegi"],
            e["prefijo_clues_ssa"],
            e["abreviatura_inegi"],
            contrasena_demo(e["clave_inegi"]),
        )
        for e in entidades_src
    )
    claves = {e.clave for e in entidades}
    municipios = {  # the DGE list also has placeholder entidades 36, 97–99 (no especificado)
        (m["CLAVE_ENTIDAD"], m["CLAVE_MUNICIPIO"]): m["MUNICIPIO"]
        for m in _leer(fuentes / "municipios_ssa_dge_2020.csv")
        if m["CLAVE_ENTIDAD"] in claves
    }
    imssb = _leer(fuentes / "clues_imss_bienestar_giras_imssb.csv")
    for u in imssb:  # municipalities created after 2020 (San Quintín, Eldorado, …)
        clave = (u["clave_de_la_entidad"].zfill(2), u["clave_del_municipio"].zfill(3))
        municipios.setdefault(clave, u["municipio"])
    unidades = [_unidad_imssb(u) for u in imssb]
    coahuila = {plegar(n): c for (e, c), n in municipios.items() if e == "05"}
    unidades += [
        _unidad_coahuila(u, coahuila) for u in _leer(fuentes / "clues_coahuila_ssa_webdevssc.csv")
    ]
    unidades.sort(key=lambda u: (u.entidad, u.clues))

    arbol = arbol_productos(fuentes / "vocabulario_productos.json")
    return F.ContenidoCatalogo(
        F.DatosCatalogo(F.FORMATO, NOMBRE, VERSION, True, *PERIODO),
        entidades,
        tuple(F.FilaInstitucion(c, n) for c, n in INSTITUCIONES),
        tuple(F.FilaMunicipio(e, c, n) for (e, c), n in sorted(municipios.items())),
        tuple(unidades),
        tuple(F.FilaServicio(s.clave, s.nombre) for s in arbol.servicios),
        tuple(F.FilaGrupo(g.clave, g.servicio, g.nombre) for g in arbol.grupos),
        tuple(F.FilaEspecialidad(e.clave, e.grupo, e.nombre) for e in arbol.especialidades),
        tuple(
            F.FilaProducto(p.clave, p.especialidad, p.nombre, p.unidad_medida, p.tipo_costo)
            for p in arbol.productos
        ),
        tuple(F.FilaCausa(c, n) for c, n in CAUSAS),
    )


def _unidad_imssb(u: dict[str, str]) -> F.FilaUnidad:
    return F.FilaUnidad(
        clues=u["clues_imb"],
        nombre=u["nombre_de_la_unidad"].strip(),
        entidad=u["clave_de_la_entidad"].zfill(2),
        municipio=u["clave_del_municipio"].zfill(3),
        localidad=u["localidad"].strip(),
        nivel=u["nivel_atencion"].strip(),
        institucion="IMB",
        latitud=float(u["latitud"]) if u["latitud"] else None,
        longitud=float(u["longitud"]) if u["longitud"] else None,
        estatus=u["estatus_de_operacion"].strip(),
    )


def _unidad_coahuila(u: dict[str, str], municipios: dict[str, str]) -> F.FilaUnidad:
    nombre = u["nombre"].strip()
    lugar = u["municipio_o_localidad"].strip()
    return F.FilaUnidad(
        clues=u["clues"],
        nombre=nombre,
        entidad="05",
        municipio=municipios.get(plegar(lugar), ""),
        localidad=lugar,
        nivel="SEGUNDO NIVEL" if "HOSPITAL" in nombre.upper() else "PRIMER NIVEL",
        institucion="SSA",
        latitud=None,
        longitud=None,
        estatus="",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construye el catálogo de demostración incluido.")
    parser.add_argument("--fuentes", type=Path, default=recurso("fuentes"))
    parser.add_argument("--salida", type=Path, default=recurso("catalogo"))
    args = parser.parse_args(argv)
    contenido = construir(args.fuentes)
    F.escribir(contenido, args.salida)
    leido = leer_catalogo(args.salida)  # the program's own reader must accept it
    huella = F.huella(F.serializar(leido))
    print(
        f"{args.salida}: {len(leido.entidades)} entidades, {len(leido.unidades)} unidades, "
        f"{len(leido.productos)} productos; huella {huella[:16]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
