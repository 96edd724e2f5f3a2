"""Backups: consistent copies with the online backup API, the daily backup,
retention, and the leftovers of a killed backup."""

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.almacen import respaldos
from app.almacen.almacen import ARCHIVO_BD, Almacen
from app.almacen.respaldos import (
    DIAS_POR_OMISION,
    MINIMO_CONSERVADOS,
    Respaldo,
    dias_conservados,
    fijar_dias_conservados,
    integridad,
    limpiar_restos,
    listar_respaldos,
    para_borrar,
    podar,
    respaldar,
    respaldo_diario,
)
from app.captura.registro import registrar
from app.errores import ErrorAlmacen, ErrorUso
from tests import fabricas


def capturas(ruta: Path) -> list[tuple]:
    con = sqlite3.connect(ruta)
    try:
        return con.execute(
            "SELECT clues, producto_clave, tipo, ambulatorio, pacientes FROM captura ORDER BY 1, 2, 3"
        ).fetchall()
    finally:
        con.close()


def test_el_respaldo_es_un_solo_archivo_completo_aunque_la_base_tenga_wal(almacen_capturando):
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    wal = Path(str(a.ruta_bd) + "-wal")
    assert wal.stat().st_size > 0  # the save is still (also) in the -wal
    copia = respaldar(a.ruta_bd, a.carpeta, "prueba")
    assert copia.parent == a.carpeta / "respaldos" and copia.name.endswith("-prueba.sqlite3")
    assert not Path(str(copia) + "-wal").exists()
    con = sqlite3.connect(copia)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    con.close()
    assert (
        capturas(copia)
        == capturas(a.ruta_bd)
        == [("CLSSA000581", "EST-ODO-0003", "faltante", 5, 5)]
    )
    assert integridad(copia) == "ok"


def test_respaldo_durante_una_escritura_en_curso_copia_lo_confirmado(almacen_capturando):
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    otra = sqlite3.connect(a.ruta_bd, isolation_level=None)
    otra.execute("BEGIN IMMEDIATE")
    otra.execute("DELETE FROM captura")  # not committed: must not be in the copy
    try:
        copia = respaldar(a.ruta_bd, a.carpeta, "en-curso")
    finally:
        otra.execute("ROLLBACK")
        otra.close()
    assert len(capturas(copia)) == 1


@pytest.mark.parametrize("nombre", ["Unidad #2", "50% avance", "¿dónde? ñandú", "a?b=c"])
def test_carpetas_con_nombres_raros(tmp_path, ruta_catalogo_pequeno, nombre):
    """Regression: '#', '?' and '%' in the folder were read as URL syntax, so the
    backup (and even the database) went to another file."""
    carpeta = tmp_path / nombre / "datos"
    a = fabricas.almacen_con_catalogo(carpeta, ruta_catalogo_pequeno)
    fabricas.preparar_captura(a)
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    assert (carpeta / ARCHIVO_BD).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [nombre]  # nothing written elsewhere
    copia = respaldar(a.ruta_bd, carpeta, "raro")
    assert capturas(copia) == capturas(a.ruta_bd) and len(capturas(copia)) == 1
    a.cerrar()
    a = Almacen.abrir(carpeta)  # reading the revision through a file: URI works too
    a.cerrar()


def test_respaldo_a_otra_carpeta_y_sin_base(almacen, tmp_path):
    fuera = tmp_path / "memoria-usb" / "respaldos de EyF"
    with pytest.raises(ErrorAlmacen, match="No existe la carpeta .*memoria-usb. Revise que la"):
        respaldar(almacen.ruta_bd, almacen.carpeta, "manual", destino=fuera)  # not plugged in
    assert not fuera.parent.exists()
    fuera.parent.mkdir()  # the USB stick; its folder for the copies is made
    copia = respaldar(almacen.ruta_bd, almacen.carpeta, "manual", destino=fuera)
    assert copia.parent == fuera and integridad(copia) == "ok"
    assert listar_respaldos(almacen.carpeta, fuera)[0].ruta == copia
    with pytest.raises(ErrorAlmacen, match="No hay base de datos que respaldar"):
        respaldar(tmp_path / "nada.sqlite3", tmp_path, "manual")


def test_listar_del_mas_nuevo_al_mas_viejo(almacen):
    hechos = [respaldar(almacen.ruta_bd, almacen.carpeta, m) for m in ("uno", "dos", "Tres Más")]
    (almacen.carpeta / "respaldos" / "notas.txt").write_text("no es un respaldo")
    lista = listar_respaldos(almacen.carpeta)
    assert [r.ruta for r in lista] == hechos[::-1]
    assert [r.motivo for r in lista] == ["tres-mas", "dos", "uno"]
    assert all(r.tamano > 0 and r.automatico for r in lista)


def _r(dias_atras: int, motivo: str = "diario", ahora=datetime(2026, 11, 25, 12)) -> Respaldo:
    momento = ahora - timedelta(days=dias_atras)
    return Respaldo(Path(f"{dias_atras}-{motivo}"), "", momento, motivo, 1)


def test_que_se_borra():
    ahora = datetime(2026, 11, 25, 12)
    lista = [_r(d) for d in range(30)] + [_r(100, "manual"), _r(40, "antes-de-restaurar")]
    borrar = {r.ruta.name for r in para_borrar(lista, 14, ahora)}
    assert borrar == {f"{d}-diario" for d in range(15, 30)} | {"40-antes-de-restaurar"}
    # Only old ones left (nobody used EyF for months): the newest few stay.
    viejos = [_r(d) for d in (200, 201, 202, 203, 204)]
    assert {r.ruta.name for r in para_borrar(viejos, 14, ahora)} == {"203-diario", "204-diario"}
    assert MINIMO_CONSERVADOS == 3


def test_podar_archivos_reales_y_dias_configurables(almacen):
    for m in ("diario", "antes-de-actualizar-catalogo", "manual", "diario", "diario"):
        respaldar(almacen.ruta_bd, almacen.carpeta, m)
    assert dias_conservados(almacen.carpeta) == DIAS_POR_OMISION
    assert podar(almacen.carpeta) == []  # all recent
    fijar_dias_conservados(almacen.carpeta, 30)
    assert dias_conservados(almacen.carpeta) == 30
    borrados = podar(almacen.carpeta, ahora=datetime.now() + timedelta(days=31))
    quedan = listar_respaldos(almacen.carpeta)
    assert len(borrados) == 1 and not borrados[0].exists()
    assert sorted(r.motivo for r in quedan) == [
        "antes-de-actualizar-catalogo",
        "diario",
        "diario",
        "manual",
    ]
    for malo in (0, -1, 100_000, True, 2.5):
        with pytest.raises(ErrorUso, match="número entero de 1 a"):
            fijar_dias_conservados(almacen.carpeta, malo)
    (almacen.carpeta / "respaldos" / "conservar.json").write_text("{roto")
    assert dias_conservados(almacen.carpeta) == DIAS_POR_OMISION


def test_respaldo_diario_uno_por_dia(almacen):
    hoy = datetime.now()
    primero = respaldo_diario(almacen.ruta_bd, almacen.carpeta, ahora=hoy)
    assert primero.creado is not None and primero.aviso is None
    assert respaldo_diario(almacen.ruta_bd, almacen.carpeta, ahora=hoy).creado is None
    manana = respaldo_diario(almacen.ruta_bd, almacen.carpeta, ahora=hoy + timedelta(days=1))
    assert manana.creado is not None
    assert [r.motivo for r in listar_respaldos(almacen.carpeta)] == ["diario", "diario"]


def test_respaldo_diario_avisa_si_la_base_tiene_danos(almacen):
    """The daily quick_check of the copy reveals damage the person would not see."""
    almacen.cerrar()
    con = sqlite3.connect(almacen.ruta_bd)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raiz = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_bitacora_momento'"
    ).fetchone()[0]
    tamano = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(almacen.ruta_bd, "r+b") as f:  # scribble over one index page
        f.seek((raiz - 1) * tamano)
        f.write(b"\x0d" + os.urandom(tamano - 1))
    r = respaldo_diario(almacen.ruta_bd, almacen.carpeta)
    assert r.creado is None and "encontró daños" in r.aviso and "--ultimo" in r.aviso
    assert listar_respaldos(almacen.carpeta) == []  # a damaged copy is not kept


def test_limpiar_restos(almacen):
    donde = almacen.carpeta / "respaldos"
    donde.mkdir()
    restos = [
        donde / "eyf-20261125-101010-000001-diario.sqlite3.parcial",
        donde / "eyf-20261125-101010-000001-diario.sqlite3.parcial-journal",
        almacen.carpeta / "eyf.sqlite3.restaurando",
    ]
    for r in restos:
        r.write_bytes(b"a medias")
    bueno = respaldar(almacen.ruta_bd, almacen.carpeta, "bueno")
    assert sorted(limpiar_restos(almacen.carpeta)) == sorted(restos)
    assert not any(r.exists() for r in restos) and bueno.exists()


def test_limpiar_restos_respeta_un_respaldo_en_curso_en_otro_proceso(almacen):
    """Another process writing a backup right now keeps its temporary file."""
    donde = almacen.carpeta / "respaldos"
    donde.mkdir()
    parcial = donde / "eyf-20261125-101010-000001-diario.sqlite3.parcial"
    parcial.write_bytes(b"en curso")
    codigo = textwrap.dedent(
        f"""
        from pathlib import Path
        from app.almacen.respaldos import escribiendo
        with escribiendo(Path({str(almacen.carpeta)!r})):
            print("listo", flush=True)
            input()
        """
    )
    p = subprocess.Popen(
        [sys.executable, "-c", codigo], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert p.stdout.readline().strip() == "listo"
        assert limpiar_restos(almacen.carpeta) == [] and parcial.exists()
    finally:
        p.communicate("\n", timeout=10)
    assert limpiar_restos(almacen.carpeta) == [parcial]


def test_un_respaldo_que_falla_no_deja_nada(almacen, monkeypatch):
    def falla(origen, destino):
        destino.write_bytes(b"mitad")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(respaldos, "_copiar", falla)
    with pytest.raises(ErrorAlmacen, match="está lleno.*No se guardó nada"):
        respaldar(almacen.ruta_bd, almacen.carpeta, "lleno")
    assert list((almacen.carpeta / "respaldos").glob("eyf-*")) == []
