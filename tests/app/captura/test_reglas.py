"""The guide's Paso 6 rules: what a unit's staff can type and what is refused."""

import pytest

from app.captura.reglas import FilaCaptura, id_registro, leer_cantidad, validar_fila

CAUSAS = {
    "CS": "Carencia de Servicio",
    "FE": "Falta de Equipo",
    "FI": "Falta de Insumos",
    "FP": "Falta de Personal",
}


@pytest.mark.parametrize(
    "valor, esperado", [("1", 1), (" 20 ", 20), (7, 7), ("007", 7), ("1000000", 1_000_000)]
)
def test_cantidades_validas(valor, esperado):
    assert leer_cantidad("pacientes", valor) == (esperado, None)


@pytest.mark.parametrize("valor", [None, "", "   "])
def test_vacio_es_ninguno(valor):
    assert leer_cantidad("pacientes", valor) == (None, None)


@pytest.mark.parametrize(
    "valor, fragmento",
    [
        ("0", "la cantidad mínima es 1"),
        (0, "la cantidad mínima es 1"),
        ("-3", "no se aceptan negativos"),
        (-3, "no se aceptan negativos"),
        ("2.5", "sin decimales"),
        ("2,5", "sin decimales"),
        (2.0, "sin decimales"),
        ("abc", "no es un número"),
        ("1e3", "no es un número"),
        ("١٢", "no es un número"),
        (True, "no es un número"),
        ("1000001", "demasiado grande"),
    ],
)
def test_cantidades_rechazadas_dicen_campo_valor_y_como_corregir(valor, fragmento):
    numero, problema = leer_cantidad("faltante_ambulatorio", valor, "P1")
    assert numero is None
    assert problema.campo == "faltante_ambulatorio"
    assert problema.producto == "P1"
    assert problema.mensaje.startswith("Faltante ambulatoria:")
    assert fragmento in problema.mensaje
    assert str(valor).strip() in problema.mensaje


def test_faltante_completo_da_un_registro_con_la_clave_de_la_causa():
    registros, problemas = validar_fila(
        FilaCaptura("P", "20", None, "falta de equipo", None, None, "20"), CAUSAS
    )
    assert problemas == []
    assert [(r.tipo, r.ambulatorio, r.hospitalario, r.causa, r.pacientes) for r in registros] == [
        ("faltante", 20, None, "FE", 20)
    ]


def test_causa_por_clave_o_nombre_sin_acentos_ni_mayusculas():
    for escrito in ("FP", "fp", "FALTA DE PERSONAL", "Falta de personal"):
        registros, _ = validar_fila(FilaCaptura("P", None, 3, escrito, None, None, 1), CAUSAS)
        assert registros[0].causa == "FP"


def test_faltante_y_excedente_del_mismo_producto_comparten_pacientes():
    registros, problemas = validar_fila(FilaCaptura("P", 15, 5, "FE", None, 12, 70), CAUSAS)
    assert problemas == []
    assert {(r.tipo, r.pacientes) for r in registros} == {("faltante", 70), ("excedente", 70)}
    excedente = next(r for r in registros if r.tipo == "excedente")
    assert (
        excedente.causa is None and excedente.hospitalario == 12 and excedente.ambulatorio is None
    )


def test_fila_vacia_no_es_registro():
    assert validar_fila(FilaCaptura("P"), CAUSAS) == ([], [])
    assert validar_fila(FilaCaptura("P", "", " ", None, "", None, ""), CAUSAS) == ([], [])


@pytest.mark.parametrize(
    "fila, campo, fragmento",
    [
        (FilaCaptura("P", 5, None, None, None, None, 5), "causa", "necesita su causa principal"),
        (FilaCaptura("P", 5, None, "FE", None, None, None), "pacientes", "obligatorio"),
        (FilaCaptura("P", None, None, None, 5, None, None), "pacientes", "obligatorio"),
        (FilaCaptura("P", None, None, "FE", 5, None, 5), "causa", "solo se indica con un faltante"),
        (
            FilaCaptura("P", None, None, None, None, None, 9),
            "pacientes",
            "solo se indica con un faltante o un excedente",
        ),
        (FilaCaptura("P", 5, None, "Falta de ganas", None, None, 5), "causa", "no es una causa"),
    ],
)
def test_reglas_de_obligatorios(fila, campo, fragmento):
    registros, problemas = validar_fila(fila, CAUSAS)
    assert registros == []
    assert [p.campo for p in problemas] == [campo]
    assert fragmento in problemas[0].mensaje


def test_todos_los_problemas_de_una_fila_a_la_vez():
    _, problemas = validar_fila(FilaCaptura("P", "0", "x", None, "-1", "2.5", ""), CAUSAS)
    campos = {p.campo for p in problemas}
    assert {
        "faltante_ambulatorio",
        "faltante_hospitalario",
        "excedente_ambulatorio",
        "excedente_hospitalario",
        "causa",
        "pacientes",
    } <= campos


def test_id_estable_por_unidad_producto_y_tipo():
    assert id_registro("CLSSA000581", "P", "faltante") == id_registro(
        "CLSSA000581", "P", "faltante"
    )
    assert id_registro("CLSSA000581", "P", "faltante") != id_registro(
        "CLSSA000581", "P", "excedente"
    )
    assert id_registro("CLSSA000581", "P", "faltante") != id_registro(
        "CLSSA002343", "P", "faltante"
    )
