"""The bundle actions of the window: Archivo › Exportar paquete… (a unit
or a state coordination), Archivo › Importar paquetes… (a state
coordination or the national level) and Herramientas › Llave de firma.
The tablero's buttons call the same functions; ``ui.paquetes.menu`` puts
them in the menus without importing this module (nor the signing code) until
one is used: the window starts faster."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from app.captura.permisos import Configuracion
from app.captura.vista import instalacion
from app.paquetes.consultas import exportaciones
from app.paquetes.exportar import ResultadoExportacion, nombre_por_omision
from app.paquetes.exportar import exportar as exportar_paquete
from app.paquetes.llaves import (
    FraseIncorrecta,
    FraseNecesaria,
    llave_protegida,
    secuencia_firmada,
)
from ui import ajustes, archivos, dialogos
from ui.contexto import Contexto

NO_CONFIGURADA = (
    "Esta instalación aún no está configurada: indique para quién es en Herramientas › "
    "Configuración de la instalación."
)


# Export -------------------------------------------------------------------------------------
def exportar(padre: QWidget, ctx: Contexto) -> None:
    """Ask where, ask the passphrase if the key has one, and write the bundle."""

    def leer():
        conf = instalacion(ctx.almacen)
        if not conf.configurada or conf.modo == "nacional":
            return conf, False, 0
        siguiente = (
            max(
                max((e.secuencia for e in exportaciones(ctx.almacen)), default=0),
                secuencia_firmada(ctx.carpeta),
            )
            + 1
        )
        return conf, llave_protegida(ctx.almacen), siguiente

    ctx.trabajos.lanzar(
        leer,
        # after the job has ended: the dialogs that follow wait for the person,
        # and the status bar must not spin «Preparando…» meanwhile
        lambda datos: QTimer.singleShot(0, lambda: _exportar(padre, ctx, *datos)),
        al_fallar=lambda exc: dialogos.mostrar_error(padre, exc, ctx.carpeta),
        dueno=padre,
        mensaje="Preparando el paquete…",
    )


def _exportar(
    padre: QWidget, ctx: Contexto, conf: Configuracion, protegida: bool, siguiente: int
) -> None:
    if not conf.configurada:
        dialogos.aviso(padre, "Exportar paquete", NO_CONFIGURADA)
        return
    if conf.modo == "nacional":
        dialogos.informacion(
            padre,
            "Exportar paquete",
            "Una instalación nacional consolida los paquetes de las entidades y no exporta "
            "paquetes propios.",
        )
        return
    if conf.modo == "unidad":
        alcance, origen, de = "unidad", conf.clues or "", f"la unidad {conf.clues}"
    else:
        alcance, origen, de = "entidad", conf.entidad or "", f"la entidad {conf.entidad}"
    ruta = archivos.para_guardar(
        padre,
        ctx,
        ajustes.CARPETA_PAQUETES_EXPORTAR,
        f"Exportar el paquete de {de}",
        nombre_por_omision(alcance, origen, siguiente),
        archivos.FILTRO_PAQUETES,
        "eyf",
    )
    if ruta is None:
        return
    frase = None
    if protegida:
        frase = pedir_frase(padre)
        if frase is None:
            return
    _escribir(padre, ctx, ruta, frase)


def pedir_frase(padre: QWidget, error: str = "") -> str | None:
    """The key's passphrase (None when cancelled), shown as dots."""
    return dialogos.pedir_secreto(
        padre,
        "Frase de la llave de firma",
        (f"{error}\n\n" if error else "")
        + "La llave de firma de esta instalación está protegida con una frase.\n"
        "Escríbala para firmar el paquete:",
        boton="Firmar",
        nombre="Frase de la llave de firma",
        objeto="dialogo_frase",
    )


def _escribir(padre: QWidget, ctx: Contexto, ruta: Path, frase: str | None) -> None:
    def fallo(exc: BaseException) -> None:
        if isinstance(exc, (FraseIncorrecta, FraseNecesaria)):
            otra = pedir_frase(padre, exc.mensaje if isinstance(exc, FraseIncorrecta) else "")
            if otra is not None:
                _escribir(padre, ctx, ruta, otra)
            return
        dialogos.mostrar_error(padre, exc, ctx.carpeta)

    ctx.trabajos.lanzar(
        lambda: exportar_paquete(ctx.almacen, ruta, frase=frase),
        lambda r: _exportado(padre, ctx, r),
        al_fallar=fallo,
        dueno=padre,
        mensaje="Exportando el paquete…",
    )


def describir_exportacion(r: ResultadoExportacion) -> tuple[str, str]:
    if r.alcance == "unidad":
        quien = f"la unidad {r.clues[0]}"
        cerrada = (
            "La captura de la unidad está cerrada (Paso 7)."
            if r.unidad_finalizada
            else "La captura de la unidad aún no está cerrada: la coordinación verá que no ha "
            "terminado. Al terminar, finalícela y exporte otro paquete."
        )
        destino = "la coordinación estatal"
    else:
        quien = f"la entidad {r.entidad}"
        cerrada = (
            "El registro de la entidad está finalizado (Paso 7)."
            if r.entidad_finalizada
            else "El registro de la entidad aún no está finalizado."
        )
        if r.con_reporte:
            cerrada += " Incluye el reporte firmado."
        destino = "el nivel nacional"
    texto = f"Se guardó el paquete de {quien} en:\n{r.ruta}"
    detalle = (
        f"Secuencia {r.secuencia} · {r.registros:,} registro(s): {r.faltantes:,} faltante(s) y "
        f"{r.excedentes:,} excedente(s). {cerrada}\n\nHuella de la llave: {r.huella}\n\n"
        f"Entréguelo a {destino} (memoria USB, correo o carpeta compartida). Con el primer "
        "paquete le pedirán confirmar esa huella."
    )
    return texto, detalle


def _exportado(padre: QWidget, ctx: Contexto, r: ResultadoExportacion) -> None:
    ctx.senales.datos_cambiados.emit()  # the tablero shows the last bundle sent
    texto, detalle = describir_exportacion(r)
    if dialogos.confirmar(
        padre, "Paquete exportado", texto, si="Abrir la carpeta", no="Cerrar", detalle=detalle
    ):
        archivos.abrir_con_visor(padre, r.ruta.parent)


# Import -------------------------------------------------------------------------------------
def importar(padre: QWidget, ctx: Contexto) -> None:
    """Choose the bundles, then the dialog reviews them (dry run) and imports them."""
    ctx.trabajos.lanzar(
        lambda: instalacion(ctx.almacen),
        lambda conf: QTimer.singleShot(0, lambda: _importar(padre, ctx, conf)),
        dueno=padre,
        mensaje="Preparando la importación…",
    )


def _importar(padre: QWidget, ctx: Contexto, conf: Configuracion) -> None:
    if not conf.configurada:
        dialogos.aviso(padre, "Importar paquetes", NO_CONFIGURADA)
        return
    if conf.modo == "unidad":
        dialogos.informacion(
            padre,
            "Importar paquetes",
            "Esta es la instalación de una unidad médica: envía su paquete a la coordinación "
            "estatal (Archivo › Exportar paquete…) y no importa paquetes.",
        )
        return
    de = "de las entidades" if conf.modo == "nacional" else "de las unidades"
    rutas = archivos.para_abrir(
        padre,
        ctx,
        ajustes.CARPETA_PAQUETES_IMPORTAR,
        f"Importar paquetes {de} (puede elegir varios)",
        archivos.FILTRO_PAQUETES,
        varios=True,
    )
    if rutas:
        from ui.paquetes.importar import DialogoImportacion

        DialogoImportacion.abrir(padre, ctx, rutas, conf.modo == "nacional")


def llave(padre: QWidget, ctx: Contexto) -> None:
    from ui.paquetes.llave import DialogoLlave

    DialogoLlave.abrir(padre, ctx)
