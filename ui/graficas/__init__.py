"""Charts drawn with QPainter (PySide6-Essentials has no QtCharts)."""
