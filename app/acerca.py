"""Program identity, declared once: name, version, icon (used by the CLI,
the window, the reports, the bundles and the packaging)."""

NOMBRE = "EyF"
NOMBRE_COMPLETO = "EyF · Excedentes y Faltantes de Servicios Médicos"
DESCRIPCION = (
    "Recolección sin conexión de excedentes y faltantes de servicios médicos institucionales"
)
VERSION = "0.1.0"
ORGANIZACION = "EyF"
IDENTIFICADOR = "mx.salud.eyf"
ICONO = "iconos/eyf.png"  # relative to recursos/
