"""The self-check's proof that the program can do its real work on this
computer: in a temporary folder it creates a throw-away state coordination
with a two-unit catalog, captures a shortage in one unit and a surplus in
the other, writes the preliminary report (the real report code), exports a
signed bundle (the real bundle code), verifies it and checks that a
tampered copy is refused, and finds the exchange opportunity between the
two units (the real exchange code).

Nothing of the person's is used or changed: the temporary installation has
its own database, keys and password, and is deleted at the end. The only
thing read from the person's data folder is the public key's fingerprint,
so support can compare it.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from app.diagnostico.comprobacion import Comprobacion, bien, mal, resguardar
from app.diagnostico.comprobaciones import cuantos

ENTIDAD = "05"
CLUES = "CLSSA000581"  # the shortage
CLUES_OFERTA = "CLIMS000010"  # the surplus, 2 km away, another institution
PRODUCTO = "EST-ODO-0003"


def catalogo_de_prueba(contrasena: str, hoy: date):
    """A valid catalog with one entidad, two units and one product, whose
    capture period is this year."""
    from app.captura.contrasenas import cifrar
    from app.catalogo import formato as F

    return F.ContenidoCatalogo(
        F.DatosCatalogo(
            F.FORMATO,
            "Catálogo de diagnóstico",
            "diagnostico-1",
            True,
            hoy.year,
            date(hoy.year, 1, 1),
            date(hoy.year, 12, 31),
        ),
        (F.FilaEntidad(ENTIDAD, "Coahuila de Zaragoza", "CL", "Coah", cifrar(contrasena)),),
        (F.FilaInstitucion("SSA", "Secretaría de Salud"), F.FilaInstitucion("IMS", "IMSS")),
        (F.FilaMunicipio(ENTIDAD, "018", "MONCLOVA"),),
        (
            F.FilaUnidad(
                CLUES,
                "CENTRO DE SALUD DE PRUEBA DEL DIAGNÓSTICO",
                ENTIDAD,
                "018",
                "MONCLOVA",
                "PRIMER NIVEL",
                "SSA",
                26.9000,
                -101.4200,
                "EN OPERACION",
            ),
            F.FilaUnidad(
                CLUES_OFERTA,
                "HOSPITAL DE PRUEBA DEL DIAGNÓSTICO",
                ENTIDAD,
                "018",
                "MONCLOVA",
                "SEGUNDO NIVEL",
                "IMS",
                26.9100,
                -101.4050,
                "EN OPERACION",
            ),
        ),
        (F.FilaServicio("SAM", "Servicios de Atención Médica"),),
        (F.FilaGrupo("EST", "SAM", "Atención Estomatológica"),),
        (F.FilaEspecialidad("EST-ODO", "EST", "Odontología"),),
        (
            F.FilaProducto(
                PRODUCTO,
                "EST-ODO",
                "Obturación con resina",
                "Procedimiento",
                "Consulta Dental (Estomatología)",
            ),
        ),
        (
            F.FilaCausa("CS", "Carencia de Servicio"),
            F.FilaCausa("FE", "Falta de Equipo"),
            F.FilaCausa("FI", "Falta de Insumos"),
            F.FilaCausa("FP", "Falta de Personal"),
        ),
    )


def _preparar(carpeta: Path) -> object:
    from app.almacen.almacen import Almacen
    from app.captura.proceso import configurar, responder
    from app.captura.registro import registrar
    from app.catalogo import formato as F
    from app.catalogo.importar import importar_catalogo

    contrasena = secrets.token_urlsafe(12)
    hoy = date.today()
    ruta_catalogo = F.escribir(catalogo_de_prueba(contrasena, hoy), carpeta / "catalogo")
    almacen = Almacen.abrir(carpeta / "datos", cargar_catalogo=False)
    try:
        importar_catalogo(almacen, ruta_catalogo)
        configurar(
            almacen, "estatal", entidad=ENTIDAD, contrasena=contrasena, persona="Diagnóstico"
        )
        responder(almacen, ENTIDAD, "si", contrasena)
        registrar(almacen, CLUES, PRODUCTO, faltante_ambulatorio="3", causa="FE", pacientes="3")
        registrar(almacen, CLUES_OFERTA, PRODUCTO, excedente_ambulatorio="5", pacientes="5")
    except BaseException:
        almacen.cerrar()
        raise
    return almacen


def _reporte(almacen, carpeta: Path) -> Comprobacion:
    from app.reportes.generar import reporte_preliminar, verificar

    destino = carpeta / "reportes"
    destino.mkdir()
    r = reporte_preliminar(almacen, ENTIDAD, destino)
    datos = r.ruta.read_bytes()
    if not datos.startswith(b"%PDF-") or b"%%EOF" not in datos[-1024:] or r.paginas < 1:
        return mal("reporte", "Reporte PDF", f"el reporte de prueba quedó incompleto ({r.ruta}).")
    if not verificar(almacen, ENTIDAD, r.codigo).coincide:
        return mal("reporte", "Reporte PDF", "el código de verificación del reporte no coincide.")
    return bien(
        "reporte",
        "Reporte PDF",
        f"se escribió un reporte preliminar de prueba ({cuantos(r.paginas, 'página', 'páginas')}, "
        f"{len(datos) / 1024:.0f} KB) con su código de verificación",
    )


def _huella_propia(carpeta_datos: Path) -> str:
    from app.paquetes.llaves import PUBLICA, cargar_publica_pem, carpeta_llaves, huella

    publica = carpeta_llaves(carpeta_datos) / PUBLICA
    if not publica.is_file():
        return (
            "esta instalación aún no tiene llave de firma (se crea al exportar el primer paquete)"
        )
    try:
        return f"huella de la llave de esta instalación: {huella(cargar_publica_pem(publica.read_bytes()))}"
    except ValueError:
        return f"la llave pública de esta instalación ({publica}) está dañada"


def _paquete(almacen, carpeta: Path, carpeta_datos: Path) -> Comprobacion:
    from app.paquetes.exportar import exportar
    from app.paquetes.verificar import verificar

    nombre = "Paquete firmado"
    destino = carpeta / "paquetes"
    destino.mkdir()
    r = exportar(almacen, destino)
    v = verificar(r.ruta)
    if not v.integro or v.huella != r.huella:
        return mal("paquete", nombre, f"el paquete de prueba no pasó la verificación: {v.motivo}")
    datos = bytearray(r.ruta.read_bytes())
    datos[len(datos) // 2] ^= 0xFF
    alterado = destino / "alterado.eyf"
    alterado.write_bytes(bytes(datos))
    if verificar(alterado).integro:
        return mal("paquete", nombre, "la verificación aceptó un paquete alterado.")
    return bien(
        "paquete",
        nombre,
        f"se firmó y se verificó un paquete de prueba "
        f"({cuantos(r.registros, 'registro', 'registros')}, "
        f"{r.bytes / 1024:.0f} KB) y una copia alterada se rechazó; "
        f"{_huella_propia(carpeta_datos)}",
    )


def _intercambio(almacen) -> Comprobacion:
    from app.intercambio.analisis import analizar

    nombre = "Intercambio"
    a = analizar(almacen, entidad=ENTIDAD)
    t = a.resumen.total
    if t.oportunidades != 1 or t.eventos_cubiertos != 3:
        return mal(
            "intercambio",
            nombre,
            f"se esperaba una oportunidad de 3 eventos entre las unidades de prueba y se "
            f"calcularon {t.oportunidades} de {t.eventos_cubiertos}.",
        )
    return bien(
        "intercambio",
        nombre,
        "se encontró la oportunidad de intercambio entre dos unidades de prueba (3 eventos al mes)",
    )


def comprobar_reporte_y_paquete(carpeta_datos: Path) -> Iterator[Comprobacion]:
    with tempfile.TemporaryDirectory(prefix="eyf-diagnostico-", ignore_cleanup_errors=True) as t:
        carpeta = Path(t)
        hecha: list = []

        def preparar() -> Comprobacion:
            hecha.append(_preparar(carpeta))
            return bien("prueba", "Instalación de prueba", "lista")

        preparada = resguardar("reporte", "Reporte PDF", preparar)
        if not preparada.ok:
            yield preparada
            for clave, nombre in (("paquete", "Paquete firmado"), ("intercambio", "Intercambio")):
                yield mal(
                    clave,
                    nombre,
                    "no se pudo probar: falló la instalación de prueba (vea el renglón anterior).",
                )
            return
        almacen = hecha[0]
        try:
            yield resguardar("reporte", "Reporte PDF", lambda: _reporte(almacen, carpeta))
            yield resguardar(
                "paquete", "Paquete firmado", lambda: _paquete(almacen, carpeta, carpeta_datos)
            )
            yield resguardar("intercambio", "Intercambio", lambda: _intercambio(almacen))
        finally:
            almacen.cerrar()
