"""Loading a catalog: every kind of bad file is refused with file, row and
column, nothing changes; a good update never deletes captures; round trip."""

import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.almacen.modelos import Bitacora, Catalogo, Producto, Unidad
from app.almacen.sesion import lectura
from app.captura.consultas import listar_capturas
from app.captura.registro import borrar, guardar_capturas
from app.captura.reglas import FilaCaptura
from app.catalogo import formato as F
from app.catalogo.consultas import buscar_productos, info
from app.catalogo.importar import exportar_catalogo, importar_catalogo
from app.catalogo.lectura import ErrorCatalogo
from app.catalogo.validacion import leer_catalogo
from app.errores import ErrorValidacion
from tests import fabricas


def huella_bd(almacen):
    with lectura(almacen) as s:
        return (
            s.get(Catalogo, 1).huella,
            s.scalar(select(func.count()).select_from(Bitacora)),
            s.scalar(select(func.count()).select_from(Unidad)),
        )


def test_importar_catalogo_bueno(almacen):
    i = info(almacen)
    assert (i.entidades, i.unidades, i.productos, i.causas, i.demostracion) == (2, 5, 7, 4, False)
    assert len(i.huella) == 64


def editar(carpeta: Path, archivo: str, viejo: str, nuevo: str) -> None:
    ruta = carpeta / archivo
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto, f"{viejo!r} no está en {archivo}"
    ruta.write_text(texto.replace(viejo, nuevo, 1), encoding="utf-8")


@pytest.fixture
def copia(ruta_catalogo_pequeno, tmp_path) -> Path:
    destino = tmp_path / "copia"
    shutil.copytree(ruta_catalogo_pequeno, destino)
    return destino


CASOS_MALOS = [
    # (archivo, texto a reemplazar, reemplazo, archivo, fila, columna, fragmento)
    (
        "productos.csv",
        "clave,especialidad,nombre,unidad_medida,tipo_costo",
        "clave,especialidad,nombre,tipo_costo",
        "productos.csv",
        1,
        "unidad_medida",
        "falta esta columna",
    ),
    (
        "productos.csv",
        "clave,especialidad,nombre,unidad_medida,tipo_costo",
        "clave,especialidad,nombre,unidad_medida,tipo_costo,precio",
        "productos.csv",
        1,
        "precio",
        "columna desconocida",
    ),
    (
        "productos.csv",
        "EST-ODO-0002,",
        "EST-ODO-0001,",
        "productos.csv",
        3,
        "clave",
        "está repetida (ya aparece en la fila 2)",
    ),
    (
        "grupos.csv",
        "CIR,SAM,",
        "CIR,SXX,",
        "grupos.csv",
        3,
        "servicio",
        "«SXX» no existe en servicios.csv",
    ),
    (
        "productos.csv",
        "CIR-GEN-0002,CIR-GEN,",
        "CIR-GEN-0002,CIR-XXX,",
        "productos.csv",
        7,
        "especialidad",
        "referencia huérfana",
    ),
    (
        "unidades.csv",
        "CLSSA000581,",
        "CLSSA00058,",
        "unidades.csv",
        2,
        "clues",
        "no es una CLUES válida",
    ),
    (
        "unidades.csv",
        "CHSSA000372,",
        "CLSSA000372,",
        "unidades.csv",
        6,
        "clues",
        "la entidad 08 usa el prefijo CH",
    ),
    ("unidades.csv", "29.3232", "29,3232", "unidades.csv", None, None, "tiene 11 valores"),
    ("unidades.csv", "29.3232", "norte", "unidades.csv", 4, "latitud", "«norte» no es un número"),
    ("unidades.csv", "29.3232", "129.3", "unidades.csv", 4, "latitud", "fuera del intervalo"),
    (
        "unidades.csv",
        ",018,MONCLOVA,PRIMER NIVEL",
        ",099,MONCLOVA,PRIMER NIVEL",
        "unidades.csv",
        2,
        "municipio",
        "no existe para la entidad 05",
    ),
    (
        "unidades.csv",
        "PRIMER NIVEL",
        "NIVEL UNO",
        "unidades.csv",
        2,
        "nivel",
        "no es un nivel de atención",
    ),
    (
        "catalogo.csv",
        "periodo_fin,2099-12-31",
        "periodo_fin,2099-02-30",
        "catalogo.csv",
        8,
        "valor",
        "fecha AAAA-MM-DD válida",
    ),
    (
        "catalogo.csv",
        "formato,eyf-catalogo/1",
        "formato,eyf-catalogo/9",
        "catalogo.csv",
        2,
        "valor",
        "Actualice EyF",
    ),
    (
        "catalogo.csv",
        "periodo_anio,2026",
        "periodo_anio,dos mil",
        "catalogo.csv",
        6,
        "valor",
        "año de cuatro dígitos",
    ),
    (
        "entidades.csv",
        'Coahuila de Zaragoza,CL,Coah,"scrypt',
        'Coahuila de Zaragoza,CL,Coah,"demo-05 scrypt',
        "entidades.csv",
        2,
        "contrasena",
        "nunca escriba la contraseña en claro",
    ),
    (
        "entidades.csv",
        "08,Chihuahua,CH",
        "08,Chihuahua,CL",
        "entidades.csv",
        3,
        "prefijo_clues",
        "está repetida",
    ),
    (
        "municipios.csv",
        "05,030,SALTILLO",
        "05,30,SALTILLO",
        "municipios.csv",
        3,
        "clave",
        "tres dígitos",
    ),
]


@pytest.mark.parametrize("caso", CASOS_MALOS, ids=[c[6][:30] for c in CASOS_MALOS])
def test_catalogo_malo_se_rechaza_con_archivo_fila_columna_y_nada_cambia(almacen, copia, caso):
    archivo, viejo, nuevo, a, fila, columna, fragmento = caso
    antes = huella_bd(almacen)
    editar(copia, archivo, viejo, nuevo)
    with pytest.raises(ErrorCatalogo) as e:
        importar_catalogo(almacen, copia)
    problema = next((p for p in e.value.problemas if fragmento in p.explicacion), None)
    assert problema is not None, [p.mensaje for p in e.value.problemas]
    assert (problema.archivo, problema.fila, problema.columna) == (a, fila, columna) or fila is None
    assert problema.archivo in str(e.value) and "no se cambió nada" in str(e.value)
    assert huella_bd(almacen) == antes


def test_codificacion_que_no_es_utf8(almacen, copia):
    ruta = copia / "unidades.csv"
    ruta.write_bytes(ruta.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(ErrorCatalogo) as e:
        importar_catalogo(almacen, copia)
    p = e.value.problemas[0]
    assert (p.archivo, p.fila) == ("unidades.csv", 3)  # «HÉRCULES» is on row 3
    assert "no está en UTF-8" in p.mensaje and "CSV UTF-8" in p.mensaje


def test_bom_y_crlf_de_excel_se_aceptan(almacen, copia):
    for ruta in copia.glob("*.csv"):
        ruta.write_bytes(b"\xef\xbb\xbf" + ruta.read_bytes().replace(b"\n", b"\r\n"))
    importar_catalogo(almacen, copia)


def test_archivo_faltante_y_ruta_que_no_es_catalogo(almacen, copia, tmp_path):
    (copia / "causas.csv").unlink()
    with pytest.raises(ErrorCatalogo, match="causas.csv: falta este archivo"):
        importar_catalogo(almacen, copia)
    texto = tmp_path / "catalogo.txt"
    texto.write_text("hola")
    with pytest.raises(ErrorCatalogo, match="no es un catálogo"):
        importar_catalogo(almacen, texto)
    with pytest.raises(ErrorCatalogo, match="No existe"):
        importar_catalogo(almacen, tmp_path / "no-existe.zip")


def test_zip_dentro_de_una_carpeta_y_zip_truncado(almacen, copia, tmp_path):
    zip_ok = tmp_path / "catalogo.zip"
    with zipfile.ZipFile(zip_ok, "w") as zf:
        for ruta in copia.glob("*.csv"):
            zf.write(ruta, f"catalogo-oficial/{ruta.name}")
    importar_catalogo(almacen, zip_ok)
    truncado = tmp_path / "truncado.zip"
    truncado.write_bytes(zip_ok.read_bytes()[:-200])
    with pytest.raises(ErrorCatalogo):
        importar_catalogo(almacen, truncado)


def test_muchos_problemas_se_informan_todos(almacen, copia):
    editar(copia, "productos.csv", "EST-ODO,", "NADA,")
    editar(copia, "unidades.csv", "CLSSA000581,", "X,")
    with pytest.raises(ErrorCatalogo) as e:
        importar_catalogo(almacen, copia)
    archivos = {p.archivo for p in e.value.problemas}
    assert archivos == {"productos.csv", "unidades.csv"}


def test_actualizacion_conserva_y_marca_capturas_huerfanas(almacen_capturando, tmp_path):
    a = almacen_capturando
    guardar_capturas(
        a,
        [
            ("CLSSA000581", FilaCaptura("CIR-GEN-0002", 3, None, "FP", None, None, 3)),
            ("CLSSA002343", FilaCaptura("EST-ODO-0003", 2, None, "FE", None, None, 2)),
        ],
    )
    nuevo = fabricas.sin(
        fabricas.contenido_pequeno(), productos={"CIR-GEN-0002"}, unidades={"CLSSA002343"}
    )
    nuevo = replace(nuevo, datos=replace(nuevo.datos, version="t-2"))
    r = importar_catalogo(a, F.escribir(nuevo, tmp_path / "nuevo"))
    assert (
        r.retirados["productos"] == 1 and r.retirados["unidades"] == 1 and r.capturas_marcadas == 2
    )
    assert r.respaldo is not None and r.respaldo.exists()
    vistas = {(c.clues, c.producto): c.observacion for c in listar_capturas(a)}
    assert vistas == {
        ("CLSSA000581", "CIR-GEN-0002"): "producto retirado del catálogo",
        ("CLSSA002343", "EST-ODO-0003"): "unidad retirada del catálogo",
    }
    assert buscar_productos(a, "colecistectomia") == []
    with pytest.raises(ErrorValidacion, match="retirado del catálogo"):
        guardar_capturas(
            a, [("CLSSA000581", FilaCaptura("CIR-GEN-0002", 4, None, "FP", None, None, 3))]
        )
    assert borrar(a, "CLSSA002343", "EST-ODO-0003") == 1
    # The product comes back: the old capture is in force again.
    importar_catalogo(a, fabricas.escribir_catalogo(tmp_path / "otra-vez"))
    assert {c.observacion for c in listar_capturas(a)} == {""}
    with lectura(a) as s:
        assert s.get(Producto, "CIR-GEN-0002").vigente


@pytest.mark.parametrize("nombre", ["exportado.zip", "exportado"])
def test_recorrido_sin_perdidas(almacen, tmp_path, nombre):
    primera = exportar_catalogo(almacen, tmp_path / nombre)
    otro = fabricas.almacen_con_catalogo(tmp_path / "otra-bd", primera)
    segunda = exportar_catalogo(otro, tmp_path / ("2-" + nombre))
    a, b = leer_catalogo(primera), leer_catalogo(segunda)
    assert a == b == fabricas.contenido_pequeno()
    assert info(otro).huella == info(almacen).huella
    if nombre.endswith(".zip"):
        assert primera.read_bytes() == segunda.read_bytes()


def test_busqueda_sin_acentos_ni_mayusculas(almacen):
    assert [p.clave for p in buscar_productos(almacen, "CIRUGIA menor")] == ["CIR-GEN-0001"]
    assert [p.nombre for p in buscar_productos(almacen, "obturacion")] == [
        "Obturación con amalgama de plata",
        "Obturación con resina",
    ]
    assert [p.clave for p in buscar_productos(almacen, "ima-usg")] == ["IMA-USG-0001"]
    assert buscar_productos(almacen, "100%") == []
