"""The demonstration catalog's tree: servicio → grupo de servicio → especialidad
troncal → producto, built from a curated vocabulary (JSON, Spanish).

The vocabulary (``recursos/fuentes/vocabulario_productos.json``) lists the
servicios, their grupos and especialidades, and for each especialidad its
products. A product entry is one of:

- a string: a product name, with the especialidad's unidad de medida and
  tipo de costo;
- an object with ``nombre`` (and optionally ``unidad_medida``, ``tipo_costo``,
  ``real``): ``real: true`` marks a name taken verbatim from the reference
  documents (the guide and the 2021 annual report);
- a family: an object with ``plantilla`` (e.g. ``"{procedimiento} {abordaje}"``)
  and ``partes`` (an ordered mapping of part name → list of values): one
  product per combination, in order, the first part varying slowest. Families
  only combine parts where every combination is a real intervention.

``unidad_medida`` and ``tipo_costo`` are inherited grupo → especialidad →
entry; ``"tipo_costo": ""`` clears it.

Keys: servicio and grupo keys come from the vocabulary; an especialidad's key
is ``GRUPO-ESPECIALIDAD`` and a product's is ``GRUPO-ESPECIALIDAD-NNNN``,
numbered in vocabulary order (``CIR-GEN-0001``). Captures are stored with
product keys, so **only append** to an especialidad's list (after its last
entry) to keep existing keys: inserting, reordering or growing a family in
the middle renumbers what follows.

Standard library only; every rule a catalog needs (key format, unique
folded names, name length) is checked here and reported as
``VocabularioInvalido``.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LARGO_MAXIMO_CLAVE = 20
LARGO_MAXIMO_NOMBRE = 250
RE_CLAVE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
RE_PARTE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Servicio:
    clave: str
    nombre: str


@dataclass(frozen=True)
class Grupo:
    clave: str
    servicio: str
    nombre: str


@dataclass(frozen=True)
class Especialidad:
    clave: str
    grupo: str
    nombre: str


@dataclass(frozen=True)
class Producto:
    clave: str
    especialidad: str
    nombre: str
    unidad_medida: str
    tipo_costo: str
    real: bool


@dataclass(frozen=True)
class ArbolProductos:
    servicios: tuple[Servicio, ...]
    grupos: tuple[Grupo, ...]
    especialidades: tuple[Especialidad, ...]
    productos: tuple[Producto, ...]


class VocabularioInvalido(ValueError):
    """The vocabulary breaks a rule of the catalog (message in Spanish)."""


def plegar(texto: str) -> str:
    """Accent-, case- and spacing-insensitive form used to detect duplicates."""
    descompuesto = unicodedata.normalize("NFKD", texto)
    sin_marcas = "".join(c for c in descompuesto if not unicodedata.combining(c))
    return " ".join(sin_marcas.casefold().split())


def arbol_productos(ruta_vocabulario: Path) -> ArbolProductos:
    """Read the vocabulary at ``ruta_vocabulario`` and build the whole tree."""
    datos = json.loads(Path(ruta_vocabulario).read_text(encoding="utf-8"))
    servicios: list[Servicio] = []
    grupos: list[Grupo] = []
    especialidades: list[Especialidad] = []
    productos: list[Producto] = []
    claves: set[str] = set()
    nombres: dict[str, str] = {}

    def registrar_clave(clave: str) -> str:
        if len(clave) > LARGO_MAXIMO_CLAVE or not RE_CLAVE.match(clave):
            raise VocabularioInvalido(f"clave mal formada: «{clave}»")
        if clave in claves:
            raise VocabularioInvalido(f"clave repetida: «{clave}»")
        claves.add(clave)
        return clave

    for s in datos["servicios"]:
        servicio = Servicio(registrar_clave(s["clave"]), _texto(s["nombre"]))
        servicios.append(servicio)
        for g in s["grupos"]:
            grupo = Grupo(registrar_clave(g["clave"]), servicio.clave, _texto(g["nombre"]))
            grupos.append(grupo)
            herencia_grupo = _herencia({"unidad_medida": "", "tipo_costo": ""}, g)
            for e in g["especialidades"]:
                clave_esp = registrar_clave(f"{grupo.clave}-{e['clave']}")
                especialidad = Especialidad(clave_esp, grupo.clave, _texto(e["nombre"]))
                especialidades.append(especialidad)
                herencia = _herencia(herencia_grupo, e)
                for numero, (nombre, unidad, tipo, real) in enumerate(
                    _expandir(e["productos"], herencia), start=1
                ):
                    clave = registrar_clave(f"{clave_esp}-{numero:04d}")
                    _validar_nombre(nombre, clave, nombres)
                    if not unidad:
                        raise VocabularioInvalido(f"{clave} «{nombre}»: sin unidad de medida")
                    productos.append(Producto(clave, clave_esp, nombre, unidad, tipo, real))
    return ArbolProductos(tuple(servicios), tuple(grupos), tuple(especialidades), tuple(productos))


def _texto(valor: str) -> str:
    return " ".join(str(valor).split())


def _herencia(base: dict[str, str], nodo: dict) -> dict[str, str]:
    return {campo: nodo.get(campo, valor) for campo, valor in base.items()}


def _expandir(entradas: list, herencia: dict[str, str]) -> Iterator[tuple[str, str, str, bool]]:
    """Yield (nombre, unidad_medida, tipo_costo, real) for every product entry."""
    for entrada in entradas:
        if isinstance(entrada, str):
            yield _texto(entrada), herencia["unidad_medida"], herencia["tipo_costo"], False
            continue
        propia = _herencia(herencia, entrada)
        if "nombre" in entrada:
            real = bool(entrada.get("real", False))
            yield _texto(entrada["nombre"]), propia["unidad_medida"], propia["tipo_costo"], real
        elif "plantilla" in entrada:
            for nombre in _combinar(entrada["plantilla"], entrada["partes"]):
                yield nombre, propia["unidad_medida"], propia["tipo_costo"], False
        else:
            raise VocabularioInvalido(f"entrada sin «nombre» ni «plantilla»: {entrada!r}")


def _combinar(plantilla: str, partes: dict[str, list[str]]) -> Iterator[str]:
    """Every combination of the parts, in order, the first part varying slowest."""
    usadas = RE_PARTE.findall(plantilla)
    if set(usadas) != set(partes) or any(not valores for valores in partes.values()):
        raise VocabularioInvalido(f"plantilla «{plantilla}» y partes {list(partes)} no coinciden")
    nombres_partes = list(partes)
    for valores in itertools.product(*(partes[p] for p in nombres_partes)):
        texto = _texto(plantilla.format(**dict(zip(nombres_partes, valores, strict=True))))
        texto = texto.replace(" ,", ",")
        yield texto[:1].upper() + texto[1:]


def _validar_nombre(nombre: str, clave: str, vistos: dict[str, str]) -> None:
    if not nombre or len(nombre) > LARGO_MAXIMO_NOMBRE:
        raise VocabularioInvalido(
            f"{clave}: el nombre debe tener de 1 a {LARGO_MAXIMO_NOMBRE} caracteres: «{nombre}»"
        )
    plegado = plegar(nombre)
    if plegado in vistos:
        raise VocabularioInvalido(
            f"{clave}: producto repetido «{nombre}» (ya existe como {vistos[plegado]})"
        )
    vistos[plegado] = clave
