"""Pasos 7 to 9 on paper: the preliminary and final PDF reports (``generar``),
their data (``datos``), layout (``maquetado``, ``contenido``) and drawing
(``dibujo``), the verification code (``verificacion``) and the signed report
uploaded in Paso 9 (``adjuntos``)."""
