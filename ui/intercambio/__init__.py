"""The pieces of the exchange-opportunities view (ui/pasos/oportunidades.py)."""
