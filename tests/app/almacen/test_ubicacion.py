"""Where the database may live: never on a network drive; on removable media
only in portable mode, and then with the rollback journal instead of WAL."""

from pathlib import Path

import pytest
from sqlalchemy import text

from app.almacen import ubicacion
from app.almacen.almacen import ARCHIVO_BD, Almacen
from app.almacen.ubicacion import (
    DIARIO_CLASICO,
    DRIVE_CDROM,
    DRIVE_FIXED,
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    LOCAL,
    RED,
    REMOVIBLE,
    WAL,
    Lugar,
    clasificar_linux,
    clasificar_windows,
    modo_diario_para,
)
from app.errores import ErrorAlmacen

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
30 27 0:40 / /home/ana/servidor rw,relatime shared:5 - nfs4 10.0.0.5:/datos rw,vers=4.2
31 27 0:41 / /mnt/compartida rw,relatime - cifs //servidor/eyf rw
32 27 0:42 / /home/ana/remoto rw,nosuid - fuse.sshfs ana@servidor:/ rw
33 27 0:43 / /mnt/c rw,noatime - 9p C:\\134 rw
34 27 8:17 / /media/ana/MEMORIA rw,nosuid,nodev - vfat /dev/sdb1 rw
35 27 8:33 / /srv/disco\\040externo rw - ext4 /dev/sdc1 rw
36 30 254:0 /local /home/ana/servidor/local rw - ext4 /dev/vda rw
37 27 0:44 / /run/user/1000/gvfs rw - fuse.gvfsd-fuse gvfsd-fuse rw
38 27 0:45 / /tmp rw - tmpfs tmpfs rw
"""


def removible(dispositivo: str) -> bool:
    return dispositivo == "8:33"  # /dev/sdc: a USB disk, by its kernel flag


@pytest.mark.parametrize(
    "ruta, tipo",
    [
        ("/home/ana/.local/share/EyF", LOCAL),
        ("/tmp/x", LOCAL),
        ("/home/ana/servidor/EyF", RED),
        ("/home/ana/servidor", RED),
        ("/home/ana/servidorx/EyF", LOCAL),  # a prefix of the name is not the mount
        ("/home/ana/servidor/local/EyF", LOCAL),  # a local disk mounted inside the share
        ("/mnt/compartida/EyF", RED),
        ("/home/ana/remoto/EyF", RED),
        ("/mnt/c/Users/ana/EyF", RED),  # WSL: Windows drives over 9p
        ("/run/user/1000/gvfs/smb-share:server=s/EyF", RED),
        ("/media/ana/MEMORIA/EyF", REMOVIBLE),
        ("/srv/disco externo/EyF", REMOVIBLE),  # octal-escaped space in mountinfo
    ],
)
def test_clasificar_linux(ruta, tipo):
    assert clasificar_linux(ruta, MOUNTINFO, removible).tipo == tipo


def test_el_detalle_dice_que_sistema_y_desde_donde():
    lugar = clasificar_linux("/home/ana/servidor/EyF", MOUNTINFO, removible)
    assert lugar.detalle == "nfs4 en /home/ana/servidor, desde 10.0.0.5:/datos"


def test_mountinfo_ilegible_o_vacio_es_local():
    assert clasificar_linux("/x", "", removible).tipo == LOCAL
    assert clasificar_linux("/x", "basura sin formato\n1 2 3", removible).tipo == LOCAL


@pytest.mark.parametrize(
    "ruta, tipo_unidad, tipo",
    [
        (r"C:\Users\Ana\AppData\Local\EyF", DRIVE_FIXED, LOCAL),
        (r"\\servidor\eyf\datos", DRIVE_FIXED, RED),
        (r"\\?\UNC\servidor\eyf\datos", DRIVE_FIXED, RED),
        (r"Z:\EyF", DRIVE_REMOTE, RED),
        (r"E:\EyF", DRIVE_REMOVABLE, REMOVIBLE),
        (r"D:\EyF", DRIVE_CDROM, REMOVIBLE),
        (r"\\?\C:\EyF", DRIVE_FIXED, LOCAL),
    ],
)
def test_clasificar_windows(ruta, tipo_unidad, tipo):
    preguntadas = []

    def tipo_de(raiz):
        preguntadas.append(raiz)
        return tipo_unidad

    assert clasificar_windows(ruta, tipo_de).tipo == tipo
    assert all(r.endswith("\\") for r in preguntadas)  # GetDriveTypeW wants the root


def test_la_regla():
    carpeta = Path("/datos")
    assert modo_diario_para(Lugar(LOCAL), carpeta, portable=False) == WAL
    assert modo_diario_para(Lugar(LOCAL), carpeta, portable=True) == WAL
    assert modo_diario_para(Lugar(REMOVIBLE, "x"), carpeta, portable=True) == DIARIO_CLASICO
    with pytest.raises(ErrorAlmacen, match="medio extraíble.*WAL.*modo portátil.*respaldos sí"):
        modo_diario_para(Lugar(REMOVIBLE, "/dev/sdb1 en /media/x"), carpeta, portable=False)
    for portable in (False, True):
        with pytest.raises(ErrorAlmacen, match="unidad de red.*WAL.*respaldos sí pueden"):
            modo_diario_para(Lugar(RED, "nfs4"), carpeta, portable=portable)


def test_esta_maquina_tiene_la_carpeta_temporal_en_disco_local(tmp_path):
    assert ubicacion.lugar_de(tmp_path / "aun" / "no" / "existe").tipo == LOCAL


def test_abrir_en_unidad_de_red_se_rechaza_sin_crear_nada(monkeypatch, tmp_path):
    monkeypatch.setattr(ubicacion, "lugar_de", lambda c: Lugar(RED, "cifs en /mnt/s"))
    carpeta = tmp_path / "en-la-red"
    with pytest.raises(ErrorAlmacen, match="unidad de red"):
        Almacen.abrir(carpeta, cargar_catalogo=False)
    assert not carpeta.exists()


def test_abrir_en_memoria_usb_sin_modo_portatil_se_rechaza(monkeypatch, tmp_path):
    monkeypatch.setattr(ubicacion, "lugar_de", lambda c: Lugar(REMOVIBLE, "/dev/sdb1"))
    with pytest.raises(ErrorAlmacen, match="medio extraíble"):
        Almacen.abrir(tmp_path / "memoria", cargar_catalogo=False)


def test_modo_portatil_en_memoria_usb_usa_el_diario_clasico(
    monkeypatch, tmp_path, ruta_catalogo_pequeno
):
    """The main file alone holds every save: no -wal stays beside it."""
    from app.almacen import almacen as modulo
    from app.catalogo.importar import importar_catalogo

    carpeta = tmp_path / "memoria" / "datos"
    monkeypatch.setattr(ubicacion, "lugar_de", lambda c: Lugar(REMOVIBLE, "/dev/sdb1"))
    monkeypatch.setattr(modulo, "carpeta_portable", lambda: carpeta)
    almacen = Almacen.abrir(carpeta, cargar_catalogo=False)
    importar_catalogo(almacen, ruta_catalogo_pequeno)
    with almacen.motor.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "delete"
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2
    assert not (carpeta / (ARCHIVO_BD + "-wal")).exists()
    almacen.cerrar()
    # Back on a fixed disk (the stick's folder copied to a PC) it is WAL again.
    monkeypatch.setattr(ubicacion, "lugar_de", lambda c: Lugar(LOCAL))
    almacen = Almacen.abrir(carpeta, cargar_catalogo=False)
    with almacen.motor.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert almacen.tiene_catalogo()
    almacen.cerrar()
