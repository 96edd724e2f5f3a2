"""The demonstration catalog's servicio → grupo → especialidad → producto tree."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from app.catalogo.demostracion.productos import (
    LARGO_MAXIMO_CLAVE,
    LARGO_MAXIMO_NOMBRE,
    ArbolProductos,
    arbol_productos,
    plegar,
)

RAIZ = Path(__file__).resolve().parents[3]
VOCABULARIO = RAIZ / "recursos" / "fuentes" / "vocabulario_productos.json"
RE_CLAVE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")

# Paso 4 of the guide, in its order ("Cuidado Intensivos" in the guide is a typo).
GRUPOS_DE_LA_GUIA = [
    "Atención Estomatológica",
    "Cirugía",
    "Consulta",
    "Cuidados Intensivos",
    "Hospitalización",
    "Intervencionismo Terapéutico (Hemodinamia)",
    "Litotricia",
    "Parto y Puerperio",
    "Urgencias",
    "Anatomía Patológica",
    "Electrodiagnóstico",
    "Estudios de Intervencionismo Diagnóstico",
]

# tipo_de_servicio of imss_costos_unitarios_2025_PARCIAL.csv (IMSS, DOF 2025), transcribed.
TIPOS_DE_SERVICIO_IMSS = frozenset(
    {
        "Consulta de Medicina Familiar",
        "Consulta Dental (Estomatología)",
        "Atención de Urgencias",
        "Curaciones",
        "Estudio de Laboratorio Clínico",
        "Estudio de Radiodiagnóstico",
        "Traslado en Ambulancia",
        "Día paciente en Hospitalización",
        "Consulta/Sesión de Medicina Física y Rehabilitación",
        "Terapia Psicológica",
        "Sesión de Diálisis",
        "Prueba rápida de detección de antígenos del virus SARS-CoV-2 (COVID-19)",
        "Prueba RT-PCR de detección de material genético del virus SARS-CoV-2 (COVID-19)",
        "Consulta de Especialidades",
        "Día Paciente en Hospitalización",
        "Día Paciente en Incubadora",
        "Día Paciente en Terapia Intensiva",
        "Citología Exfoliativa",
        "Estudio de Medicina Nuclear",
        "Estudio de Electrodiagnóstico",
        "Estudio de Ultrasonografía",
        "Estudio de Tomografía Axial",
        "Estudio de Resonancia Magnética",
        "Estudio/Procedimiento de Endoscopía",
        "Sesión de Radioterapia",
        "Estudio de Anatomía Patológica",
        "Intervención Quirúrgica",
        "Intervención de Tococirugía",
        "Sesión de Quimioterapia",
        "Sesión de Hemodiálisis",
        "Estudio/Procedimiento de Hemodinámica",
        "Estudio/Sesión de Gabinete de Tratamiento",
        "Sesión de Terapia/Reeducación Ocupacional",
        "Servicio de Banco de Sangre",
        "Consulta a Donadores",
    }
)

# Every intervention named in the two reference documents, with the grupo where it lives:
# the guide's Paso 6 and Paso 8 report example, then the 2021 annual report's tables.
NOMBRES_REALES = {
    "Exodoncia simple (por pieza)": "Atención Estomatológica",
    "Obturación con amalgama de plata": "Atención Estomatológica",
    "Obturación con resina": "Atención Estomatológica",
    "Tarifa mensual por un consultorio con atención médica y sin insumos médicos (6 horas diarias)": "Consulta",
    "Ultrasonido cualquier región.": "Imagenología",
    "Atención del recién nacido": "Hospitalización",
    "Biometría hemática completa, velocidad de sedimentación globular (VSG), reticulocitos y plaquetas": "Laboratorio de Análisis Clínicos",
    "Urgencias": "Urgencias",
    "Cirugía menor dentro de quirófano": "Cirugía",
    "Cirugía menor que no requiere quirófano (20 minutos de sala)": "Cirugía",
    "Terapia psicológica 1 a 3 sesiones (conyugal o individual)": "Salud Mental",
    "Consulta de especialidad": "Consulta",
    "Química sanguínea IV (glucosa, urea, creatinina y ácido úrico)": "Laboratorio de Análisis Clínicos",
    "Examen general de orina": "Laboratorio de Análisis Clínicos",
    "Hospitalización día cama": "Hospitalización",
    "Terapia de grupo (por 1 sesión)": "Salud Mental",
    "Hospitalización psiquiátrica por día": "Hospitalización",
    "Placa simple 1 proyección. Grande. 35 x 43": "Imagenología",
    "Consulta psiquiátrica incluye tratamiento farmacológico": "Consulta",
    "Identificación del COVID-19 por RT-PCR a partir de muestras faríngeas (exudados o lavado) "
    "incluye insumos": "Laboratorio de Análisis Clínicos",
    "Anticuerpos anti-VHC (CMIA)": "Laboratorio de Análisis Clínicos",
    "Antígeno de superficie AgsHB (CMIA)": "Laboratorio de Análisis Clínicos",
    "Detección de anti-cuerpos VIH 1/2 (CMIA)": "Laboratorio de Análisis Clínicos",
    "Prueba de Chagas (CMIA) (serología inicial)": "Laboratorio de Análisis Clínicos",
    "R.P.R. prueba de sífilis (CMIA)": "Laboratorio de Análisis Clínicos",
    "Consulta especializada onco-radio": "Consulta",
    "Sodio": "Laboratorio de Análisis Clínicos",
    "Potasio": "Laboratorio de Análisis Clínicos",
    "Placa simple 1 proyección. Chica. 24 x 30": "Imagenología",
    "Cloro sérico": "Laboratorio de Análisis Clínicos",
    "Gasometría": "Laboratorio de Análisis Clínicos",
    "Transaminasa glutámico oxalacética (TGO)": "Laboratorio de Análisis Clínicos",
    "Prueba de enfermedad mínima residual para leucemias agudas": "Laboratorio de Análisis Clínicos",
    "Electrocardiograma": "Electrodiagnóstico",
    "Fosfatasa alcalina": "Laboratorio de Análisis Clínicos",
    "Amilasa": "Laboratorio de Análisis Clínicos",
    "Tomografía por emisión de positrones unidosis 18FDG, hasta 15 mCi "
    "18F-FDG-fluordesioxyglucosa": "Medicina Nuclear",
    "Tomografía por emisión de positrones con 68GaPSMA 68-Ga DOTATOC galio DOTATOC": "Medicina Nuclear",
    "Tomografía por emisión de positrones con 68GaPSMA 68-Ga-PSMA galio PSMA": "Medicina Nuclear",
    "Tomografía por emisión de positrones con 18F-FDG 18F-FDG fluordesioxyglucosa": "Medicina Nuclear",
    "Sesión de terapia física": "Rehabilitación",
    "Terapia de estimulación temprana": "Rehabilitación",
    "Terapia de lenguaje": "Rehabilitación",
    "Sesión de terapia (servicios especiales)": "Rehabilitación",
    "Entrenamiento robótico de la marcha (Lokomat)": "Rehabilitación",
    "Terapia ocupacional": "Rehabilitación",
}


@pytest.fixture(scope="module")
def arbol() -> ArbolProductos:
    return arbol_productos(VOCABULARIO)


def _grupo_de_producto(arbol: ArbolProductos) -> dict[str, str]:
    nombre_grupo = {g.clave: g.nombre for g in arbol.grupos}
    grupo_de_especialidad = {e.clave: e.grupo for e in arbol.especialidades}
    return {p.nombre: nombre_grupo[grupo_de_especialidad[p.especialidad]] for p in arbol.productos}


def _productos_por_grupo(arbol: ArbolProductos) -> Counter[str]:
    grupo_de_especialidad = {e.clave: e.grupo for e in arbol.especialidades}
    return Counter(grupo_de_especialidad[p.especialidad] for p in arbol.productos)


def test_servicios(arbol):
    assert [s.nombre for s in arbol.servicios] == [
        "Servicios de Atención Médica",
        "Servicios Auxiliares de Diagnóstico y Tratamiento",
    ]


def test_grupos_de_la_guia_con_nombres_y_orden_exactos(arbol):
    atencion_medica = arbol.servicios[0].clave
    assert [g.nombre for g in arbol.grupos if g.servicio == atencion_medica] == GRUPOS_DE_LA_GUIA


def test_grupos_auxiliares(arbol):
    auxiliares = [g.nombre for g in arbol.grupos if g.servicio == arbol.servicios[1].clave]
    assert auxiliares[:2] == ["Imagenología", "Laboratorio de Análisis Clínicos"]
    assert {"Rehabilitación", "Salud Mental", "Medicina Nuclear"} <= set(auxiliares)


def test_especialidades_de_atencion_estomatologica_como_en_la_guia(arbol):
    (grupo,) = [g for g in arbol.grupos if g.nombre == "Atención Estomatológica"]
    nombres = [e.nombre for e in arbol.especialidades if e.grupo == grupo.clave]
    assert nombres == ["Consulta externa", "Odontología"]


def test_odontologia_empieza_como_en_la_guia(arbol):
    (odontologia,) = [e for e in arbol.especialidades if e.nombre == "Odontología"]
    primeros = [
        (p.nombre, p.unidad_medida) for p in arbol.productos if p.especialidad == odontologia.clave
    ][:3]
    assert primeros == [
        ("Exodoncia simple (por pieza)", "Consulta"),
        ("Obturación con amalgama de plata", "Procedimiento"),
        ("Obturación con resina", "Procedimiento"),
    ]


def test_todos_los_nombres_reales_estan_en_su_grupo(arbol):
    grupo_de = _grupo_de_producto(arbol)
    faltan = [n for n in NOMBRES_REALES if n not in grupo_de]
    assert not faltan
    mal_ubicados = {n: grupo_de[n] for n, g in NOMBRES_REALES.items() if grupo_de[n] != g}
    assert not mal_ubicados


def test_solo_los_nombres_reales_llevan_la_marca_real(arbol):
    assert {p.nombre for p in arbol.productos if p.real} == set(NOMBRES_REALES)


def test_tamano_de_cirugia_y_del_catalogo(arbol):
    por_grupo = _productos_por_grupo(arbol)
    (cirugia,) = [g for g in arbol.grupos if g.nombre == "Cirugía"]
    assert 2_800 <= por_grupo[cirugia.clave] <= 3_000
    assert 9_000 <= len(arbol.productos) <= 11_000
    assert all(por_grupo[g.clave] > 0 for g in arbol.grupos)


def test_cirugia_repartida_en_especialidades_quirurgicas(arbol):
    (cirugia,) = [g for g in arbol.grupos if g.nombre == "Cirugía"]
    nombres = {e.nombre for e in arbol.especialidades if e.grupo == cirugia.clave}
    assert {
        "Cirugía General",
        "Ortopedia y Traumatología",
        "Ginecología",
        "Urología",
        "Oftalmología",
        "Otorrinolaringología",
        "Neurocirugía",
        "Cirugía Plástica y Reconstructiva",
        "Cirugía Pediátrica",
        "Cirugía Cardiotorácica",
        "Angiología y Cirugía Vascular",
        "Coloproctología",
        "Cirugía Oncológica",
        "Cirugía Maxilofacial",
    } <= nombres


def test_claves_unicas_y_bien_formadas(arbol):
    claves = [
        *(s.clave for s in arbol.servicios),
        *(g.clave for g in arbol.grupos),
        *(e.clave for e in arbol.especialidades),
        *(p.clave for p in arbol.productos),
    ]
    assert len(claves) == len(set(claves))
    malas = [c for c in claves if len(c) > LARGO_MAXIMO_CLAVE or not RE_CLAVE.match(c)]
    assert not malas


def test_referencias_y_forma_jerarquica_de_las_claves(arbol):
    servicios = {s.clave for s in arbol.servicios}
    grupos = {g.clave for g in arbol.grupos}
    especialidades = {e.clave for e in arbol.especialidades}
    assert all(g.servicio in servicios for g in arbol.grupos)
    assert all(
        e.grupo in grupos and e.clave.startswith(e.grupo + "-") for e in arbol.especialidades
    )
    assert all(
        p.especialidad in especialidades
        and re.fullmatch(re.escape(p.especialidad) + r"-\d{4}", p.clave)
        for p in arbol.productos
    )


def test_nombres_unicos_sin_distinguir_mayusculas_ni_acentos(arbol):
    plegados = Counter(plegar(p.nombre) for p in arbol.productos)
    assert [n for n, veces in plegados.items() if veces > 1] == []


def test_nombres_limpios_y_de_largo_valido(arbol):
    for p in arbol.productos:
        assert 0 < len(p.nombre) <= LARGO_MAXIMO_NOMBRE, p.clave
        assert p.nombre == " ".join(p.nombre.split()), p.clave
        assert not p.nombre[0].islower() or p.nombre.startswith("pH"), p.clave


def test_tipo_costo_vacio_o_de_la_tabla_imss(arbol):
    ajenos = {p.tipo_costo for p in arbol.productos} - TIPOS_DE_SERVICIO_IMSS - {""}
    assert not ajenos
    cirugia = {g.clave for g in arbol.grupos if g.nombre == "Cirugía"}
    grupo_de_especialidad = {e.clave: e.grupo for e in arbol.especialidades}
    quirurgicos = [p for p in arbol.productos if grupo_de_especialidad[p.especialidad] in cirugia]
    assert sum(p.tipo_costo == "Intervención Quirúrgica" for p in quirurgicos) > 0.95 * len(
        quirurgicos
    )


def test_unidad_de_medida_nunca_vacia_y_de_un_conjunto_pequeno(arbol):
    unidades = {p.unidad_medida for p in arbol.productos}
    assert "" not in unidades
    assert unidades <= {
        "Consulta",
        "Procedimiento",
        "Estudio",
        "Sesión",
        "Día cama",
        "Evento",
        "Prueba",
        "Unidad",
        "Mes",
    }


def test_determinista(arbol):
    assert arbol_productos(VOCABULARIO) == arbol


# The builder itself, on small vocabularies.
