"""Validating a whole catalog before anything is written: every value, every
key, every reference. ``leer_catalogo`` returns the catalog or raises
``ErrorCatalogo`` listing every problem with file, row and column."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from app.captura.contrasenas import formato_valido
from app.catalogo.formato import (
    ARCHIVO_DATOS,
    ARCHIVOS,
    COLUMNAS_DATOS,
    FORMATO,
    NIVELES,
    ContenidoCatalogo,
    DatosCatalogo,
    FilaCausa,
    FilaEntidad,
    FilaEspecialidad,
    FilaGrupo,
    FilaInstitucion,
    FilaMunicipio,
    FilaProducto,
    FilaServicio,
    FilaUnidad,
    columnas,
)
from app.catalogo.lectura import ErrorCatalogo, Problemas, filas_csv, leer_fuente

RE_CLAVE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
RE_ENTIDAD = re.compile(r"^\d{2}$")
RE_MUNICIPIO = re.compile(r"^\d{3}$")
RE_PREFIJO = re.compile(r"^[A-Z]{2}$")
RE_INSTITUCION = re.compile(r"^[A-Z]{3}$")
RE_CLUES = re.compile(r"^[A-Z]{2}[A-Z]{3}\d{6}$")
LARGO_NOMBRE = 300
EJEMPLO_CLAVE = "letras, dígitos, punto, guion o guion bajo; hasta 20 caracteres"


def leer_catalogo(ruta: Path) -> ContenidoCatalogo:
    """Read and validate the catalog at ``ruta`` (folder or ZIP)."""
    archivos = leer_fuente(ruta)
    problemas = Problemas()
    for nombre in (ARCHIVO_DATOS, *ARCHIVOS):
        if nombre not in archivos:
            problemas.agregar(nombre, None, None, "falta este archivo en el catálogo.")
    v = _Validador(archivos, problemas)
    contenido = v.contenido()
    if problemas:
        raise ErrorCatalogo(
            f"El catálogo tiene {len(problemas)} problema(s); no se cambió nada.", problemas
        )
    assert contenido is not None
    return contenido


class _Validador:
    def __init__(self, archivos: dict[str, bytes], problemas: Problemas):
        self.archivos = archivos
        self.p = problemas

    # -- helpers -----------------------------------------------------------
    def _filas(self, nombre: str, clase: type):
        if nombre in self.archivos:
            yield from filas_csv(nombre, self.archivos[nombre], columnas(clase), self.p)

    def _requerido(self, a: str, n: int, fila: dict[str, str], *cols: str) -> bool:
        ok = True
        for c in cols:
            if not fila[c]:
                self.p.agregar(a, n, c, "el valor es obligatorio y está vacío.")
                ok = False
            elif len(fila[c]) > LARGO_NOMBRE:
                self.p.agregar(a, n, c, f"el valor mide más de {LARGO_NOMBRE} caracteres.")
                ok = False
        return ok

    def _clave(self, a: str, n: int, col: str, valor: str, patron=RE_CLAVE, ayuda=EJEMPLO_CLAVE):
        if not patron.match(valor):
            self.p.agregar(a, n, col, f"«{valor}» no es una clave válida ({ayuda}).")
            return False
        return True

    def _unica(self, a: str, n: int, col: str, valor, vistas: dict) -> bool:
        if valor in vistas:
            self.p.agregar(
                a,
                n,
                col,
                f"la clave «{valor}» está repetida (ya aparece en la fila {vistas[valor]}).",
            )
            return False
        vistas[valor] = n
        return True

    def _referencia(self, a: str, n: int, col: str, valor: str, conocidas, destino: str) -> bool:
        if valor not in conocidas:
            self.p.agregar(a, n, col, f"«{valor}» no existe en {destino} (referencia huérfana).")
            return False
        return True

    # -- files -------------------------------------------------------------
    def contenido(self) -> ContenidoCatalogo | None:
        datos = self.datos()
        entidades = self.entidades()
        instituciones = self.simples(
            "instituciones.csv",
            FilaInstitucion,
            RE_INSTITUCION,
            "tres letras mayúsculas, p. ej. SSA",
        )
        municipios = self.municipios({e.clave for e in entidades})
        unidades = self.unidades(
            entidades, {i.clave for i in instituciones}, {(m.entidad, m.clave) for m in municipios}
        )
        servicios = self.simples("servicios.csv", FilaServicio)
        grupos = self.hijos(
            "grupos.csv", FilaGrupo, "servicio", {s.clave for s in servicios}, "servicios.csv"
        )
        especialidades = self.hijos(
            "especialidades.csv", FilaEspecialidad, "grupo", {g.clave for g in grupos}, "grupos.csv"
        )
        productos = self.productos({e.clave for e in especialidades})
        causas = self.simples("causas.csv", FilaCausa)
        if "causas.csv" in self.archivos and not causas and not self.p:
            self.p.agregar(
                "causas.csv", None, None, "no tiene ninguna causa; la guía define cuatro."
            )
        if datos is None:
            return None
        return ContenidoCatalogo(
            datos,
            tuple(entidades),
            tuple(instituciones),
            tuple(municipios),
            tuple(unidades),
            tuple(servicios),
            tuple(grupos),
            tuple(especialidades),
            tuple(productos),
            tuple(causas),
        )

    def datos(self) -> DatosCatalogo | None:
        a = ARCHIVO_DATOS
        if a not in self.archivos:
            return None
        valores: dict[str, tuple[int, str]] = {}
        for n, fila in filas_csv(a, self.archivos[a], COLUMNAS_DATOS, self.p):
            valores[fila["campo"]] = (n, fila["valor"])
        faltan = [
            c
            for c in (
                "formato",
                "nombre",
                "version",
                "demostracion",
                "periodo_anio",
                "periodo_inicio",
                "periodo_fin",
            )
            if c not in valores
        ]
        for c in faltan:
            self.p.agregar(a, None, "campo", f"falta el campo «{c}».")
        if faltan:
            return None
        n, formato = valores["formato"]
        if formato != FORMATO:
            self.p.agregar(
                a,
                n,
                "valor",
                f"el formato es «{formato}» y este programa lee «{FORMATO}». Actualice EyF o pida el catálogo en el formato {FORMATO}.",
            )
        for c in ("nombre", "version"):
            if not valores[c][1]:
                self.p.agregar(a, valores[c][0], "valor", f"el campo «{c}» no puede estar vacío.")
        n, demo = valores["demostracion"]
        if demo not in ("si", "no"):
            self.p.agregar(a, n, "valor", f"«demostracion» debe ser «si» o «no», no «{demo}».")
        n, anio_txt = valores["periodo_anio"]
        anio = int(anio_txt) if anio_txt.isdigit() and len(anio_txt) == 4 else None
        if anio is None:
            self.p.agregar(
                a, n, "valor", f"«periodo_anio» debe ser un año de cuatro dígitos, no «{anio_txt}»."
            )
        inicio = self._fecha(a, *valores["periodo_inicio"], "periodo_inicio")
        fin = self._fecha(a, *valores["periodo_fin"], "periodo_fin")
        if inicio and fin and fin < inicio:
            self.p.agregar(
                a, valores["periodo_fin"][0], "valor", "el fin del periodo es anterior a su inicio."
            )
        if anio is None or inicio is None or fin is None:
            return None
        return DatosCatalogo(
            formato, valores["nombre"][1], valores["version"][1], demo == "si", anio, inicio, fin
        )

    def _fecha(self, a: str, n: int, valor: str, campo: str) -> date | None:
        # A date in another shape (31/12/2027, as spreadsheets write it) is a problem
        # too: it used to return None silently and the import ended in an AssertionError.
        try:
            if re.match(r"^\d{4}-\d{2}-\d{2}$", valor):
                return date.fromisoformat(valor)
        except ValueError:
            pass
        self.p.agregar(
            a, n, "valor", f"«{campo}» debe ser una fecha AAAA-MM-DD válida, no «{valor}»."
        )
        return None

    def entidades(self) -> list[FilaEntidad]:
        a, filas, vistas, prefijos = "entidades.csv", [], {}, {}
        for n, f in self._filas(a, FilaEntidad):
            ok = self._requerido(a, n, f, "clave", "nombre", "prefijo_clues", "abreviatura")
            ok &= bool(f["clave"]) and self._clave(
                a, n, "clave", f["clave"], RE_ENTIDAD, "dos dígitos, p. ej. 05"
            )
            ok &= bool(f["prefijo_clues"]) and self._clave(
                a,
                n,
                "prefijo_clues",
                f["prefijo_clues"],
                RE_PREFIJO,
                "dos letras mayúsculas, p. ej. CL",
            )
            if f["contrasena"] and not formato_valido(f["contrasena"]):
                self.p.agregar(
                    a,
                    n,
                    "contrasena",
                    "no tiene el formato scrypt$n=…,r=…,p=…$SAL$DERIVADA; nunca escriba la contraseña en claro (use «eyf catalogo cifrar-contrasena»).",
                )
                ok = False
            ok &= self._unica(a, n, "clave", f["clave"], vistas)
            ok &= self._unica(a, n, "prefijo_clues", f["prefijo_clues"], prefijos)
            if ok:
                filas.append(FilaEntidad(**f))
        return filas

    def simples(self, a: str, clase: type, patron=RE_CLAVE, ayuda=EJEMPLO_CLAVE) -> list:
        filas, vistas = [], {}
        for n, f in self._filas(a, clase):
            ok = self._requerido(a, n, f, *columnas(clase))
            ok &= bool(f["clave"]) and self._clave(a, n, "clave", f["clave"], patron, ayuda)
            ok &= self._unica(a, n, "clave", f["clave"], vistas)
            if ok:
                filas.append(clase(**f))
        return filas

    def hijos(self, a: str, clase: type, padre: str, padres: set[str], destino: str) -> list:
        filas, vistas = [], {}
        for n, f in self._filas(a, clase):
            ok = self._requerido(a, n, f, *columnas(clase))
            ok &= bool(f["clave"]) and self._clave(a, n, "clave", f["clave"])
            ok &= self._unica(a, n, "clave", f["clave"], vistas)
            ok &= bool(f[padre]) and self._referencia(a, n, padre, f[padre], padres, destino)
            if ok:
                filas.append(clase(**f))
        return filas

    def municipios(self, entidades: set[str]) -> list[FilaMunicipio]:
        a, filas, vistas = "municipios.csv", [], {}
        for n, f in self._filas(a, FilaMunicipio):
            ok = self._requerido(a, n, f, "entidad", "clave", "nombre")
            ok &= bool(f["clave"]) and self._clave(
                a, n, "clave", f["clave"], RE_MUNICIPIO, "tres dígitos, p. ej. 030"
            )
            ok &= bool(f["entidad"]) and self._referencia(
                a, n, "entidad", f["entidad"], entidades, "entidades.csv"
            )
            ok &= self._unica(a, n, "clave", (f["entidad"], f["clave"]), vistas)
            if ok:
                filas.append(FilaMunicipio(**f))
        return filas

    def productos(self, especialidades: set[str]) -> list[FilaProducto]:
        a, filas, vistas = "productos.csv", [], {}
        for n, f in self._filas(a, FilaProducto):
            ok = self._requerido(a, n, f, "clave", "especialidad", "nombre", "unidad_medida")
            ok &= bool(f["clave"]) and self._clave(a, n, "clave", f["clave"])
            ok &= self._unica(a, n, "clave", f["clave"], vistas)
            ok &= bool(f["especialidad"]) and self._referencia(
                a, n, "especialidad", f["especialidad"], especialidades, "especialidades.csv"
            )
            if ok:
                filas.append(FilaProducto(**f))
        return filas

    def unidades(
        self, entidades, instituciones: set[str], municipios: set[tuple[str, str]]
    ) -> list[FilaUnidad]:
        a, filas, vistas = "unidades.csv", [], {}
        prefijos = {e.clave: e.prefijo_clues for e in entidades}
        for n, f in self._filas(a, FilaUnidad):
            ok = self._requerido(a, n, f, "clues", "nombre", "entidad", "nivel", "institucion")
            clues = f["clues"]
            if clues and not RE_CLUES.match(clues):
                self.p.agregar(
                    a,
                    n,
                    "clues",
                    f"«{clues}» no es una CLUES válida: dos letras de la entidad, tres de la institución y seis dígitos (p. ej. CLSSA000581).",
                )
                ok = False
            ok &= self._unica(a, n, "clues", clues, vistas)
            entidad = f["entidad"]
            if entidad and self._referencia(a, n, "entidad", entidad, prefijos, "entidades.csv"):
                if ok and clues[:2] != prefijos[entidad]:
                    self.p.agregar(
                        a,
                        n,
                        "clues",
                        f"la CLUES {clues} empieza con {clues[:2]}, pero la entidad {entidad} usa el prefijo {prefijos[entidad]}.",
                    )
                    ok = False
            else:
                ok = False
            if ok and clues[2:5] not in instituciones:
                self.p.agregar(
                    a,
                    n,
                    "clues",
                    f"las letras {clues[2:5]} de la CLUES no son una institución de instituciones.csv.",
                )
                ok = False
            ok &= not f["institucion"] or self._referencia(
                a, n, "institucion", f["institucion"], instituciones, "instituciones.csv"
            )
            if f["municipio"] and (entidad, f["municipio"]) not in municipios:
                self.p.agregar(
                    a,
                    n,
                    "municipio",
                    f"el municipio «{f['municipio']}» no existe para la entidad {entidad} en municipios.csv.",
                )
                ok = False
            if f["nivel"] and f["nivel"] not in NIVELES:
                self.p.agregar(
                    a,
                    n,
                    "nivel",
                    f"«{f['nivel']}» no es un nivel de atención; use: {', '.join(NIVELES)}.",
                )
                ok = False
            lat = self._numero(a, n, "latitud", f["latitud"], 90)
            lon = self._numero(a, n, "longitud", f["longitud"], 180)
            if (f["latitud"] == "") != (f["longitud"] == ""):
                self.p.agregar(
                    a,
                    n,
                    "latitud" if not f["latitud"] else "longitud",
                    "indique latitud y longitud juntas, o deje ambas vacías.",
                )
                ok = False
            if ok and lat is not False and lon is not False:
                filas.append(FilaUnidad(**{**f, "latitud": lat, "longitud": lon}))
        return filas

    def _numero(self, a: str, n: int, col: str, valor: str, limite: float) -> float | None | bool:
        if not valor:
            return None
        try:
            numero = float(valor)
        except ValueError:
            ayuda = " (use punto decimal, no coma)" if "," in valor else ""
            self.p.agregar(a, n, col, f"«{valor}» no es un número{ayuda}.")
            return False
        if not -limite <= numero <= limite:
            self.p.agregar(
                a, n, col, f"{valor} está fuera del intervalo −{limite} a {limite} grados."
            )
            return False
        return numero
