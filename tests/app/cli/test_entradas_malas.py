"""What a person can mistype in an order: each gives a Spanish message that
names the value and says what to do, with exit 1 (refused) or 2 (the order
is malformed), never an internal error or the system's English."""

import errno

import pytest

from app.cli import main
from app.sistema import causa


@pytest.mark.parametrize(
    ("url", "mensaje"),
    [
        ("no es url", "La dirección de la base de datos «no es url» no es válida"),
        ("foo://bar", "EyF trabaja con SQLite o con PostgreSQL, no con «foo»"),
        ("mysql://x@y/z", "EyF trabaja con SQLite o con PostgreSQL, no con «mysql»"),
    ],
)
def test_una_direccion_de_base_mal_escrita(eyf, url, mensaje):
    estado, _, err = eyf("--bd", url, "entidades")
    assert estado == 2
    assert mensaje in err and "postgresql://usuario@servidor/eyf" in err
    assert "Error interno" not in err


def test_un_servidor_que_no_responde(eyf):
    estado, _, err = eyf("--bd", "postgresql://nadie@127.0.0.1:1/eyf", "entidades")
    assert estado == 1
    assert err.startswith("No se pudo conectar con la base de datos postgresql://nadie@127.0.0.1")
    assert "que el servidor esté encendido" in err and "Error interno" not in err


@pytest.mark.parametrize(
    ("orden", "mensaje"),
    [
        (["unidades", "--entidad", "99"], "No existe la entidad «99»"),
        (["unidades", "--entidad", "xyz"], "No existe la entidad «xyz»"),
        (["captura", "listar", "--entidad", "99"], "No existe la entidad «99»"),
        (["captura", "listar", "--clues", "NOPE"], "La CLUES «NOPE» no existe en el catálogo"),
        (["grupos", "--clues", "NOPE"], "La CLUES «NOPE» no existe en el catálogo"),
        (
            ["especialidades", "--clues", "CLSSA000581", "--grupo", "NOPE"],
            "No existe el grupo de servicio «NOPE»",
        ),
        (
            ["productos", "--clues", "CLSSA000581", "--especialidad", "NOPE"],
            "No existe la especialidad troncal «NOPE»",
        ),
        (["paquete", "estado", "--entidad", "99"], "No existe la entidad «99»"),
        (["bitacora", "--entidad", "99"], "No existe la entidad «99»"),
    ],
)
def test_lo_que_no_existe_se_dice(eyf, orden, mensaje):
    estado, out, err = eyf(*orden)
    assert estado == 1, out
    assert mensaje in err


def test_lo_que_existe_sigue_listando(eyf):
    estado, out, _ = eyf("unidades", "--entidad", "coahuila", "--buscar", "hercules")
    assert estado == 0 and "CLSSA002343" in out
    estado, out, _ = eyf("productos", "--clues", "clssa000581", "--especialidad", "EST-ODO")
    assert estado == 0 and "EST-ODO-0003" in out


def test_exportar_el_catalogo_a_una_carpeta_que_no_existe(eyf, tmp_path):
    destino = tmp_path / "no-existe" / "catalogo.zip"
    estado, _, err = eyf("catalogo", "exportar", str(destino))
    assert estado == 1
    assert f"No existe la carpeta {destino.parent}" in err
    assert not destino.parent.exists()


def test_ayuda_con_help_y_version_en_espanol(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    salida = capsys.readouterr().out
    assert "muestra la versión del programa y termina" in salida
    assert "show" not in salida


@pytest.mark.parametrize(
    ("numero", "texto"),
    [
        (errno.EROFS, "el disco o la memoria es de solo lectura"),
        (errno.EEXIST, "ya existe un archivo con ese nombre"),
        (errno.ENOENT, "no existe"),
        (errno.ENOSPC, "el disco está lleno"),
    ],
)
def test_los_errores_del_sistema_en_espanol(numero, texto):
    assert causa(OSError(numero, "English text from the system")) == texto


def test_registrar_sin_ningun_valor_es_un_error_de_uso(eyf):
    eyf("configurar", "--modo", "estatal", "--entidad", "05", "--contrasena", "demo-05")
    eyf("entidad", "responder", "--entidad", "05", "--respuesta", "si", "--contrasena", "demo-05")
    estado, _, err = eyf(
        "captura", "registrar", "--clues", "CLSSA000581", "--producto", "EST-ODO-0003"
    )
    assert estado == 2 and "Indique al menos un valor" in err
