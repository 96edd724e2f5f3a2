"""Exchange opportunities: who can cover whom.

Every faltante (unit, product, modality, monthly events) against the
excedentes of the same product and modality in other units, allocated as a
transportation problem (``transporte``), with the IMSS 2025 reference cost of
what is covered (``costos``), summarised by entidad, service group and product
(``resumen``) and exported to XLSX, CSV and a PDF annex. ``analisis`` is the
use case the CLI (``eyf oportunidades``) and the window call.
"""
