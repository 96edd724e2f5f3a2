"""Pasos 7 to 9 through the eyf command: reports, finalizar, reabrir, the
verification code and the signed report; Spanish messages and exit status."""

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.paquetes.llaves import huella_instalacion


@pytest.fixture
def capturando(eyf):
    assert (
        eyf(
            "configurar",
            "--modo",
            "estatal",
            "--entidad",
            "05",
            "--contrasena",
            "demo-05",
            "--persona",
            "Ana",
        )[0]
        == 0
    )
    assert (
        eyf(
            "entidad",
            "responder",
            "--entidad",
            "05",
            "--respuesta",
            "si",
            "--contrasena",
            "demo-05",
        )[0]
        == 0
    )
    estado, _, err = eyf(
        "captura",
        "registrar",
        "--clues",
        "CLSSA000033",
        "--producto",
        "IMA-USG-0001",
        "--faltante-ambulatorio",
        "15",
        "--faltante-hospitalario",
        "5",
        "--causa",
        "Falta de Equipo",
        "--pacientes",
        "70",
    )
    assert estado == 0, err
    return eyf


def texto(ruta) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(ruta).pages).split())


def test_recorrido_pasos_7_a_9(capturando, tmp_path, carpeta):
    eyf = capturando
    pre = tmp_path / "R.pdf"
    estado, out, _ = eyf("reporte", "preliminar", "--entidad", "05", "--salida", str(pre))
    assert (
        estado == 0
        and "Se guardó el reporte preliminar en" in out
        and "1 página, 2 renglones de 1 unidad." in out
    )
    assert "Sin Validez Oficial" in texto(pre) and "1 de 4 Unidades Médicas reportan" in texto(pre)

    # the final version needs finalizar first
    estado, _, err = eyf("reporte", "final", "--entidad", "05", "--salida", str(tmp_path / "F.pdf"))
    assert estado == 1 and "solo se obtiene después de finalizar" in err
    assert not (tmp_path / "F.pdf").exists()

    # finalizar shows the totals and asks; without --si and no terminal it refuses (usage)
    estado, out, err = eyf("finalizar", "--entidad", "05", "--contrasena", "demo-05")
    assert estado == 2 and "Registros: 1 faltante(s), 0 excedente(s)" in out  # totals shown first
    assert "¿Desea finalizar el registro?" in err and "--si" in err
    estado, out, err = eyf("finalizar", "--entidad", "coahuila", "--contrasena", "demo-08", "--si")
    assert estado == 1 and "no es correcta" in err
    estado, out, _ = eyf("finalizar", "--entidad", "05", "--contrasena", "demo-05", "--si")
    assert estado == 0
    assert "Unidades médicas: 4 · con excedentes y/o faltantes: 1 · sin: 3" in out
    assert "Registros: 1 faltante(s), 0 excedente(s)" in out and "finalizado" in out
    estado, _, err = eyf(
        "captura",
        "registrar",
        "--clues",
        "CLSSA000033",
        "--producto",
        "IMA-USG-0001",
        "--pacientes",
        "71",
    )
    assert estado == 1 and "ya finalizó su registro" in err
    estado, out, _ = eyf("entidades", "--json")
    assert json.loads(out)["filas"][0]["finalizada"] is True

    # final report, with this installation's key fingerprint
    fin = tmp_path / "F.pdf"
    estado, out, _ = eyf("reporte", "final", "--entidad", "05", "--salida", str(fin), "--json")
    resultado = json.loads(out)
    assert estado == 0 and resultado["version"] == "final" and resultado["paginas"] == 1
    codigo = resultado["codigo"]
    contenido = texto(fin)
    assert (
        f"Código de verificación: {codigo}" in contenido
        and "Autoriza Secretario de Salud Estatal" in contenido
    )
    from app.almacen.almacen import Almacen

    a = Almacen.abrir(carpeta, cargar_catalogo=False)
    try:
        assert f"Huella de la llave de esta instalación: {huella_instalacion(a)}" in contenido
    finally:
        a.cerrar()

    # the code checks paper against data
    estado, out, _ = eyf("reporte", "verificar", "--entidad", "05", "--codigo", codigo.lower())
    assert estado == 0 and "coincide" in out
    estado, _, err = eyf("reporte", "verificar", "--entidad", "05", "--codigo", "0000-0000-0000")
    assert estado == 1 and "NO coincide" in err
    estado, _, err = eyf("reporte", "verificar", "--codigo", "hola")
    assert estado == 2 and "no es un código de verificación" in err

    # Paso 9: the signed scan
    falso = tmp_path / "foto.pdf"
    falso.write_bytes(b"\xff\xd8\xff\xe0 esto es un JPEG")
    estado, _, err = eyf("reporte", "adjuntar", "--entidad", "05", str(falso))
    assert estado == 1 and "no es un PDF" in err
    estado, out, _ = eyf("reporte", "adjuntar", "--entidad", "05", str(fin))
    assert estado == 0 and "Reporte firmado guardado: F.pdf, 1 página(s)" in out
    estado, out, _ = eyf("reporte", "firmados", "--entidad", "05", "--json")
    (firmado,) = json.loads(out)
    assert firmado["vigente"] and firmado["nombre_original"] == "F.pdf"
    estado, out, _ = eyf("reporte", "consultar", "--entidad", "05", "--ruta")
    assert (
        estado == 0
        and Path(out.strip()) == Path(firmado["ruta"])
        and Path(out.strip()).read_bytes() == fin.read_bytes()
    )
    estado, out, _ = eyf("entidades", "--json")
    assert json.loads(out)["filas"][0]["reporte_firmado"] is True

    # reabrir: password and a written reason, printed on the next report
    estado, _, err = eyf(
        "reabrir", "--entidad", "05", "--motivo", "error", "--contrasena", "demo-05"
    )
    assert estado == 1 and "al menos 10 caracteres" in err
    estado, out, _ = eyf(
        "reabrir",
        "--entidad",
        "05",
        "--motivo",
        "Corregir pacientes del ultrasonido",
        "--contrasena",
        "demo-05",
    )
    assert estado == 0 and "Registro reabierto" in out and "dejó de estar" in out
    assert (
        eyf(
            "captura",
            "registrar",
            "--clues",
            "CLSSA000033",
            "--producto",
            "IMA-USG-0001",
            "--pacientes",
            "71",
        )[0]
        == 0
    )
    estado, out, _ = eyf("reporte", "verificar", "--entidad", "05", "--codigo", codigo)
    assert "sin finalizar" in out
    assert eyf("reporte", "preliminar", "--salida", str(pre))[0] == 0
    assert "Corregir pacientes del ultrasonido" in texto(pre)
    estado, _, err = eyf(
        "reabrir", "--entidad", "05", "--motivo", "Otra corrección más", "--contrasena", "demo-05"
    )
    assert estado == 1 and "no está finalizado" in err


def test_salida_en_una_carpeta_con_nombre_sugerido(capturando, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    estado, out, _ = capturando("reporte", "preliminar", "--json")
    ruta = Path(json.loads(out)["ruta"])
    assert (
        estado == 0 and ruta.parent == tmp_path and ruta.name.startswith("reporte-preliminar-05-")
    )
    estado, _, err = capturando("reporte", "preliminar", "--salida", str(tmp_path / "no" / "R.pdf"))
    assert estado == 1 and "no existe" in err


def test_respuesta_no_y_finalizar(eyf, tmp_path):
    assert (
        eyf("configurar", "--modo", "estatal", "--entidad", "05", "--contrasena", "demo-05")[0] == 0
    )
    estado, _, err = eyf("finalizar", "--entidad", "05", "--contrasena", "demo-05", "--si")
    assert estado == 1 and "Responda primero el Paso 2" in err
    assert (
        eyf(
            "entidad",
            "responder",
            "--entidad",
            "05",
            "--respuesta",
            "no",
            "--contrasena",
            "demo-05",
            "--si",
        )[0]
        == 0
    )
    assert eyf("finalizar", "--contrasena", "demo-05", "--si")[0] == 0
    assert eyf("reporte", "final", "--salida", str(tmp_path / "F.pdf"))[0] == 0
    contenido = texto(tmp_path / "F.pdf")
    assert "0 de 4 Unidades Médicas reportan Excedentes y/o Faltantes" in contenido
    assert (
        "acepta de conformidad la inexistencia de oferta y/o demanda de servicios médicos"
        in contenido
    )


def test_sin_configurar_pide_la_entidad(eyf):
    estado, _, err = eyf("reporte", "preliminar")
    assert estado == 2 and "--entidad" in err
    estado, _, err = eyf("reporte", "adjuntar", "--entidad", "05", "x.pdf")
    assert estado == 1 and "no está configurada" in err
