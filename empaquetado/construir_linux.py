"""Build EyF for Linux: the one-folder program, a ``.tar.gz`` and a ``.deb``.

    python empaquetado/construir_linux.py [--salida DIR]

(``sh empaquetado/construir_linux.sh`` first installs what is missing.)
Writes into DIR (``dist/`` by default):

- ``eyf/``: the program folder (``eyf``, ``eyf-consola``, ``_internal/``);
- ``eyf-VERSION-linux-x86_64.tar.gz``: that folder plus ``LEEME.txt`` and
  ``agregar-al-menu.sh``, to unpack anywhere (or on a USB stick, portable);
- ``eyf_VERSION_amd64.deb``: installs it in ``/opt/eyf`` with ``eyf`` and
  ``eyf-consola`` in ``/usr/bin``, a menu entry and the icon.

Name, version and icon come from ``app/acerca.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

AQUI = Path(__file__).resolve().parent
RAIZ = AQUI.parent
sys.path.insert(0, str(RAIZ))
sys.path.insert(0, str(AQUI))

from app import acerca  # noqa: E402

PAQUETE = "eyf"
# Named as the window's desktop file name (QGuiApplication.desktopFileName).
ARCHIVO_ESCRITORIO = f"{acerca.IDENTIFICADOR}.desktop"
DESTINO_DEB = f"/opt/{PAQUETE}"
# What the frozen program takes from the system (PyInstaller leaves out the C
# library, OpenGL/EGL and libxcb, which must match the machine). Built on
# Debian 12: glibc 2.36 or newer (Debian 12+, Ubuntu 24.04+).
DEPENDE = "libc6 (>= 2.36), libgl1, libegl1, libxcb1, libfontconfig1"
RECOMIENDA = "fonts-dejavu-core | fonts-liberation2 | fonts-noto-core"


def mib(n: int) -> float:
    return n / 2**20


def tamano_carpeta(carpeta: Path) -> int:
    return sum(p.lstat().st_size for p in carpeta.rglob("*") if p.is_file() and not p.is_symlink())


# -- texts ---------------------------------------------------------------------
def entrada_escritorio(ejecutable: str, icono: str = PAQUETE) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={acerca.NOMBRE}\n"
        "GenericName=Excedentes y faltantes de servicios médicos\n"
        f"Comment={acerca.DESCRIPCION}\n"
        f"Exec={ejecutable}\n"
        f"Icon={icono}\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        "Keywords=excedentes;faltantes;servicios;médicos;salud;CLUES;\n"
        # Qt names its X11 windows (eyf, EyF): the class is the application name.
        f"StartupWMClass={acerca.NOMBRE}\n"
    )


def control_deb(tamano_kib: int) -> str:
    return (
        f"Package: {PAQUETE}\n"
        f"Version: {acerca.VERSION}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Architecture: amd64\n"
        f"Maintainer: {acerca.ORGANIZACION} <soporte@eyf.invalid>\n"
        f"Installed-Size: {tamano_kib}\n"
        f"Depends: {DEPENDE}\n"
        f"Recommends: {RECOMIENDA}\n"
        f"Description: {acerca.DESCRIPCION}\n"
        " EyF registra sin conexión los excedentes y faltantes de servicios médicos\n"
        " de las unidades médicas y consolida los registros en el reporte oficial de\n"
        " la entidad. Incluye el catálogo de demostración.\n"
        " .\n"
        " Los datos de cada usuario quedan en ~/.local/share/EyF y no se borran al\n"
        " desinstalar ni al actualizar.\n"
    )


LEEME = """\
{nombre} {version} para Linux
{raya}

Abrir:        doble clic en «eyf» (o en una terminal: ./eyf)
Menú:         sh agregar-al-menu.sh   (pone {nombre} en el menú de aplicaciones)
Soporte:      ./eyf-consola diagnostico

Sus datos quedan en ~/.local/share/EyF (no dentro de esta carpeta).

Uso en una memoria USB (modo portátil): cree junto a «eyf» un archivo vacío
llamado «eyf-portable» (en una terminal: touch eyf-portable). Desde entonces
los datos se guardan en la carpeta «datos» junto al programa y viajan con la
memoria. La memoria debe permitir ejecutar programas (formato exFAT o ext4).

Actualizar: descomprima la versión nueva sobre esta misma carpeta, con el
programa cerrado. La carpeta «datos» y el archivo «eyf-portable» se conservan;
al abrir, {nombre} respalda y actualiza su base de datos.
"""

AGREGAR_AL_MENU = """\
#!/bin/sh
# Puts EyF in this user's application menu (no administrator needed).
set -eu
AQUI="$(cd "$(dirname "$0")" && pwd)"
MENU="${{XDG_DATA_HOME:-$HOME/.local/share}}/applications"
ICONOS="${{XDG_DATA_HOME:-$HOME/.local/share}}/icons/hicolor/256x256/apps"
mkdir -p "$MENU" "$ICONOS"
cp "$AQUI/_internal/recursos/{icono}" "$ICONOS/{paquete}.png"
cat > "$MENU/{escritorio}" <<FIN
{entrada}FIN
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$MENU" || true
echo "{nombre} quedó en el menú de aplicaciones."
"""


# -- steps -------------------------------------------------------------------
def pyinstaller(salida: Path) -> Path:
    orden = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(salida),
        "--workpath",
        str(salida / "trabajo"),
        str(AQUI / "eyf.spec"),
    ]
    subprocess.run(orden, check=True, cwd=RAIZ)
    return salida / PAQUETE


def quitar_simbolos(carpeta: Path) -> int:
    """Strip the debugging symbols of the libraries that carry them (Python's
    own, the system's); returns the bytes saved.

    Not PyInstaller's --strip, which strips everything: libraries that
    auditwheel vendored into a wheel (``numpy.libs/``, ``pillow.libs/``) were
    rewritten by patchelf, and stripping them again leaves them unloadable
    ("ELF load command address/offset not page-aligned")."""
    if shutil.which("strip") is None:
        print("Aviso: falta strip (paquete binutils); las bibliotecas quedan con símbolos.")
        return 0
    ahorro = 0
    for ruta in sorted((carpeta / "_internal").rglob("*")):
        relativa = ruta.relative_to(carpeta)
        if ruta.is_symlink() or not ruta.is_file():
            continue
        if any(parte.endswith(".libs") for parte in relativa.parts[:-1]):
            continue
        with ruta.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        secciones = subprocess.run(
            ["readelf", "-S", "-W", str(ruta)], capture_output=True, text=True
        ).stdout
        if " .symtab" not in secciones:
            continue
        antes = ruta.stat().st_size
        subprocess.run(["strip", "--strip-unneeded", str(ruta)], check=True)
        ahorro += antes - ruta.stat().st_size
    return ahorro


def un_solo_ejecutable(carpeta: Path) -> int:
    """On Linux ``eyf`` and ``eyf-consola`` are the same console program, and
    each carries the whole Python archive (11 MiB): the twin becomes a
    symbolic link, still its own command. Returns the bytes saved."""
    gemelo = carpeta / "eyf-consola"
    if gemelo.is_symlink() or not gemelo.is_file():
        return 0
    if gemelo.read_bytes() != (carpeta / "eyf").read_bytes():  # pragma: no cover
        return 0
    ahorro = gemelo.stat().st_size
    gemelo.unlink()
    gemelo.symlink_to("eyf")
    return ahorro


def recortar_icu(carpeta: Path) -> None:
    import icu

    faltan = icu.herramientas_faltantes()
    if faltan:
        print(f"Aviso: faltan {', '.join(faltan)}; los datos de ICU quedan completos.")
        return
    for biblioteca in sorted((carpeta / "_internal").rglob("libicudata.so.*")):
        if biblioteca.is_symlink():
            continue
        antes, despues = icu.recortar(biblioteca)
        print(f"ICU: {biblioteca.name} {mib(antes):.1f} MiB -> {mib(despues):.1f} MiB")


def _tar_info_limpia(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _agregar_texto(tar: tarfile.TarFile, nombre: str, texto: str, modo: int) -> None:
    import io

    datos = texto.encode("utf-8")
    info = tarfile.TarInfo(nombre)
    info.size, info.mode, info.mtime = len(datos), modo, int(time.time())
    tar.addfile(info, io.BytesIO(datos))


def archivo_tar(carpeta: Path, destino: Path, *, rapido: bool = False) -> Path:
    entrada = entrada_escritorio('"$AQUI/eyf"')  # expanded by the script
    # gzip -9: 0.2 MiB less than -6, 15 s more; the tests use -6.
    with tarfile.open(destino, "w:gz", compresslevel=6 if rapido else 9) as tar:
        tar.add(carpeta, arcname=PAQUETE, filter=_tar_info_limpia)
        _agregar_texto(
            tar,
            f"{PAQUETE}/LEEME.txt",
            LEEME.format(
                nombre=acerca.NOMBRE,
                version=acerca.VERSION,
                raya="=" * len(f"{acerca.NOMBRE} {acerca.VERSION} para Linux"),
            ),
            0o644,
        )
        _agregar_texto(
            tar,
            f"{PAQUETE}/agregar-al-menu.sh",
            AGREGAR_AL_MENU.format(
                icono=acerca.ICONO,
                paquete=PAQUETE,
                entrada=entrada,
                nombre=acerca.NOMBRE,
                escritorio=ARCHIVO_ESCRITORIO,
            ),
            0o755,
        )
    return destino


def paquete_deb(carpeta: Path, salida: Path, *, rapido: bool = False) -> Path:
    raiz = salida / "deb"
    shutil.rmtree(raiz, ignore_errors=True)
    programa = raiz / DESTINO_DEB.lstrip("/")
    shutil.copytree(carpeta, programa, symlinks=True)
    binarios = raiz / "usr" / "bin"
    binarios.mkdir(parents=True)
    for nombre in ("eyf", "eyf-consola"):
        (binarios / nombre).symlink_to(f"{DESTINO_DEB}/{nombre}")
    aplicaciones = raiz / "usr/share/applications"
    aplicaciones.mkdir(parents=True)
    (aplicaciones / ARCHIVO_ESCRITORIO).write_text(
        entrada_escritorio(f"{DESTINO_DEB}/eyf"), encoding="utf-8"
    )
    iconos = raiz / "usr/share/icons/hicolor/256x256/apps"
    iconos.mkdir(parents=True)
    shutil.copyfile(programa / "_internal/recursos" / acerca.ICONO, iconos / f"{PAQUETE}.png")
    documentos = raiz / f"usr/share/doc/{PAQUETE}"
    documentos.mkdir(parents=True)
    (documentos / "copyright").write_text(
        f"{acerca.NOMBRE_COMPLETO}\nLicencia: MIT\n", encoding="utf-8"
    )
    tamano_kib = (tamano_carpeta(raiz) + 1023) // 1024
    debian = raiz / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control_deb(tamano_kib), encoding="utf-8")
    for ruta in [raiz, *raiz.rglob("*")]:
        if ruta.is_symlink():
            continue
        if ruta.is_dir():
            ruta.chmod(0o755)
        elif not os.access(ruta, os.X_OK):
            ruta.chmod(0o644)
    destino = salida / f"{PAQUETE}_{acerca.VERSION}_amd64.deb"
    subprocess.run(
        # xz -6: 46 MiB in ~2 min on two cores; -3 (for the tests): 49 MiB in ~35 s.
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z3" if rapido else "-z6"]
        + ["--build", str(raiz), str(destino)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(raiz)
    return destino


def construir(salida: Path, *, rapido: bool = False) -> dict:
    salida = salida.resolve()
    salida.mkdir(parents=True, exist_ok=True)
    inicio = time.monotonic()
    carpeta = pyinstaller(salida)
    print(f"Símbolos de depuración quitados: {mib(quitar_simbolos(carpeta)):.1f} MiB")
    print(f"eyf-consola como enlace a eyf: {mib(un_solo_ejecutable(carpeta)):.1f} MiB menos")
    recortar_icu(carpeta)
    tar = archivo_tar(
        carpeta, salida / f"{PAQUETE}-{acerca.VERSION}-linux-x86_64.tar.gz", rapido=rapido
    )
    deb = paquete_deb(carpeta, salida, rapido=rapido)
    cifras = {
        "version": acerca.VERSION,
        "carpeta": str(carpeta),
        "carpeta_mib": round(mib(tamano_carpeta(carpeta)), 1),
        "tar_gz": str(tar),
        "tar_gz_mib": round(mib(tar.stat().st_size), 1),
        "deb": str(deb),
        "deb_mib": round(mib(deb.stat().st_size), 1),
        "segundos": round(time.monotonic() - inicio, 1),
    }
    (salida / "cifras.json").write_text(json.dumps(cifras, indent=2), encoding="utf-8")
    return cifras


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Construye EyF para Linux: carpeta, .tar.gz y .deb.")
    p.add_argument("--salida", type=Path, default=RAIZ / "dist", help="carpeta de salida")
    p.add_argument(
        "--rapido",
        action="store_true",
        help="comprime más rápido y un poco menos (para las pruebas)",
    )
    args = p.parse_args(argv)
    if shutil.which("dpkg-deb") is None:
        print("Falta dpkg-deb (Debian/Ubuntu: paquete dpkg).", file=sys.stderr)
        return 1
    c = construir(args.salida, rapido=args.rapido)
    print(
        f"Carpeta  {c['carpeta']}  {c['carpeta_mib']} MiB\n"
        f"tar.gz   {c['tar_gz']}  {c['tar_gz_mib']} MiB\n"
        f".deb     {c['deb']}  {c['deb_mib']} MiB\n"
        f"({c['segundos']} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
