"""Message boxes in the program's voice: Spanish buttons named for what
they do, errors from the core shown as their message, internal errors
written to a file for support instead of a traceback on screen."""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from app import acerca
from app.errores import ErrorEyF


def _caja(
    padre: QWidget | None,
    icono: QMessageBox.Icon,
    titulo: str,
    texto: str,
    detalle: str = "",
) -> QMessageBox:
    caja = QMessageBox(icono, titulo, texto, QMessageBox.StandardButton.NoButton, padre)
    caja.setObjectName("mensaje")
    caja.setTextFormat(Qt.TextFormat.PlainText)
    if detalle:
        caja.setInformativeText(detalle)
    return caja


def aviso(padre: QWidget | None, titulo: str, texto: str, detalle: str = "") -> None:
    caja = _caja(padre, QMessageBox.Icon.Warning, titulo, texto, detalle)
    caja.addButton("Aceptar", QMessageBox.ButtonRole.AcceptRole)
    caja.exec()


def informacion(padre: QWidget | None, titulo: str, texto: str, detalle: str = "") -> None:
    caja = _caja(padre, QMessageBox.Icon.Information, titulo, texto, detalle)
    caja.addButton("Aceptar", QMessageBox.ButtonRole.AcceptRole)
    caja.exec()


def con_letra(texto: str, evitar: str = "") -> str:
    """«Responder NO» → «&Responder NO»: every button has its underlined
    letter for Alt+letra; one already marked stays as it is, and the letter of
    the other button (``evitar``) is not taken twice."""
    if "&" in texto:
        return texto
    tomada = (
        evitar.replace("&", "")[:1].lower()
        if "&" not in evitar
        else (evitar[evitar.index("&") + 1 : evitar.index("&") + 2].lower())
    )
    for i, letra in enumerate(texto):
        if letra.isalpha() and letra.lower() != tomada:
            return texto[:i] + "&" + texto[i:]
    return texto


def confirmar(
    padre: QWidget | None,
    titulo: str,
    texto: str,
    *,
    si: str,
    no: str = "Cancelar",
    detalle: str = "",
    peligro: bool = False,
) -> bool:
    """A yes/no question whose buttons say what happens ("Guardar", "Responder NO")."""
    caja = _caja(
        padre,
        QMessageBox.Icon.Warning if peligro else QMessageBox.Icon.Question,
        titulo,
        texto,
        detalle,
    )
    boton_si = caja.addButton(con_letra(si), QMessageBox.ButtonRole.AcceptRole)
    boton_no = caja.addButton(con_letra(no, evitar=si), QMessageBox.ButtonRole.RejectRole)
    caja.setDefaultButton(boton_no if peligro else boton_si)
    caja.setEscapeButton(boton_no)
    caja.exec()
    return caja.clickedButton() is boton_si


GUARDAR, DESCARTAR, CANCELAR = "guardar", "descartar", "cancelar"


def cambios_sin_guardar(padre: QWidget | None, que: str) -> str:
    """Ask before leaving unsaved work: GUARDAR, DESCARTAR or CANCELAR."""
    caja = _caja(
        padre,
        QMessageBox.Icon.Warning,
        "Cambios sin guardar",
        f"Hay cambios sin guardar en {que}.",
        "¿Desea guardarlos antes de salir? Si sale sin guardar, se pierden.",
    )
    guardar = caja.addButton("Guardar", QMessageBox.ButtonRole.AcceptRole)
    descartar = caja.addButton("Salir sin guardar", QMessageBox.ButtonRole.DestructiveRole)
    cancelar = caja.addButton("Seguir editando", QMessageBox.ButtonRole.RejectRole)
    caja.setDefaultButton(guardar)
    caja.setEscapeButton(cancelar)
    caja.exec()
    pulsado = caja.clickedButton()
    if pulsado is guardar:
        return GUARDAR
    if pulsado is descartar:
        return DESCARTAR
    return CANCELAR


def guardar_detalle(carpeta: Path | None, exc: BaseException) -> Path | None:
    """Write an internal error's details for support; returns the file (or None)."""
    if carpeta is None:
        return None
    detalle = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        destino = Path(carpeta) / "registro" / f"error-{datetime.now():%Y%m%d-%H%M%S}.txt"
        destino.parent.mkdir(parents=True, exist_ok=True)
        destino.write_text(
            f"{acerca.NOMBRE} {acerca.VERSION} (ventana)\n\n{detalle}", encoding="utf-8"
        )
        return destino
    except OSError:
        return None


def mostrar_error(padre: QWidget | None, exc: BaseException, carpeta: Path | None = None) -> None:
    """A refusal shows its Spanish message; anything else is an internal error."""
    if isinstance(exc, ErrorEyF):
        aviso(padre, "No se pudo completar", exc.mensaje, _lista_problemas(exc))
        return
    destino = guardar_detalle(carpeta, exc)
    donde = f"Los detalles quedaron en {destino}." if destino else ""
    aviso(
        padre,
        "Error interno",
        f"Ocurrió un error interno de {acerca.NOMBRE}; la operación no se completó y no "
        "se guardó nada a medias.",
        f"{donde} Envíe ese archivo al soporte técnico.".strip(),
    )


def _lista_problemas(exc: ErrorEyF, limite: int = 15) -> str:
    lineas = [f"• {p.mensaje}" for p in exc.problemas[:limite]]
    if len(exc.problemas) > limite:
        lineas.append(f"… y {len(exc.problemas) - limite} más.")
    return "\n".join(lineas)


def pedir_secreto(
    padre: QWidget | None, titulo: str, texto: str, *, boton: str, nombre: str, objeto: str
) -> str | None:
    """A password or passphrase, typed as dots; None when cancelled."""
    d = QInputDialog(padre)
    d.setObjectName(objeto)
    d.setWindowTitle(titulo)
    d.setInputMode(QInputDialog.InputMode.TextInput)
    d.setTextEchoMode(QLineEdit.EchoMode.Password)
    d.setLabelText(texto)
    d.setOkButtonText(boton)
    d.setCancelButtonText("Cancelar")
    campo = d.findChild(QLineEdit)
    if campo is not None:
        campo.setAccessibleName(nombre)
    if not d.exec():
        return None
    return d.textValue()
