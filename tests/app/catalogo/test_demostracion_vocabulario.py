"""The product vocabulary the demonstration catalog is built from
(``recursos/fuentes/vocabulario_productos.json``): families expand into
products that inherit their group and especialidad, and a malformed
vocabulary is refused with its reason."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.catalogo.demostracion.productos import (
    LARGO_MAXIMO_NOMBRE,
    VocabularioInvalido,
    arbol_productos,
)

RE_CLAVE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")


def _vocabulario(tmp_path: Path, productos: list) -> Path:
    ruta = tmp_path / "vocabulario.json"
    ruta.write_text(
        json.dumps(
            {
                "servicios": [
                    {
                        "clave": "SAM",
                        "nombre": "Servicio",
                        "grupos": [
                            {
                                "clave": "CIR",
                                "nombre": "Cirugía",
                                "unidad_medida": "Procedimiento",
                                "tipo_costo": "Intervención Quirúrgica",
                                "especialidades": [
                                    {
                                        "clave": "GEN",
                                        "nombre": "Cirugía General",
                                        "productos": productos,
                                    }
                                ],
                            }
                        ],
                    }
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return ruta


def test_familias_herencia_y_claves(tmp_path):
    arbol = arbol_productos(
        _vocabulario(
            tmp_path,
            [
                {"nombre": "Cirugía menor dentro de quirófano", "real": True},
                {
                    "plantilla": "{procedimiento} {abordaje}",
                    "partes": {
                        "procedimiento": ["Apendicectomía", "Colecistectomía"],
                        "abordaje": ["abierta", "laparoscópica"],
                    },
                },
                {"nombre": "Valoración", "unidad_medida": "Consulta", "tipo_costo": ""},
            ],
        )
    )
    assert [
        (p.clave, p.nombre, p.unidad_medida, p.tipo_costo, p.real) for p in arbol.productos
    ] == [
        (
            "CIR-GEN-0001",
            "Cirugía menor dentro de quirófano",
            "Procedimiento",
            "Intervención Quirúrgica",
            True,
        ),
        (
            "CIR-GEN-0002",
            "Apendicectomía abierta",
            "Procedimiento",
            "Intervención Quirúrgica",
            False,
        ),
        (
            "CIR-GEN-0003",
            "Apendicectomía laparoscópica",
            "Procedimiento",
            "Intervención Quirúrgica",
            False,
        ),
        (
            "CIR-GEN-0004",
            "Colecistectomía abierta",
            "Procedimiento",
            "Intervención Quirúrgica",
            False,
        ),
        (
            "CIR-GEN-0005",
            "Colecistectomía laparoscópica",
            "Procedimiento",
            "Intervención Quirúrgica",
            False,
        ),
        ("CIR-GEN-0006", "Valoración", "Consulta", "", False),
    ]
    assert [e.clave for e in arbol.especialidades] == ["CIR-GEN"]


@pytest.mark.parametrize(
    "productos",
    [
        ["Apendicectomía abierta", "APENDICECTOMIA  abierta"],
        ["x" * (LARGO_MAXIMO_NOMBRE + 1)],
        [
            {
                "plantilla": "{procedimiento} {abordaje}",
                "partes": {"procedimiento": ["Apendicectomía"]},
            }
        ],
        [{"sin": "nombre"}],
    ],
)
def test_vocabulario_invalido(tmp_path, productos):
    with pytest.raises(VocabularioInvalido):
        arbol_productos(_vocabulario(tmp_path, productos))
