"""Great-circle distances between units.

Distances are on a sphere of the Earth's mean radius (IUGG, 6,371.0088 km):
the straight-line distance between two units, not a road distance.
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

import numpy as np

RADIO_TIERRA_KM = 6371.0088


def distancia_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    f1, f2 = radians(lat1), radians(lat2)
    h = sin((f2 - f1) / 2) ** 2 + cos(f1) * cos(f2) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * RADIO_TIERRA_KM * asin(min(1.0, sqrt(h)))


def distancias_km(lat_a, lon_a, lat_b, lon_b) -> np.ndarray:
    """Element-wise great-circle distances (km) of numpy arrays in degrees,
    broadcast like any numpy operation (pairs, or a matrix with ``[:, None]``).
    NaN where a point has no coordinates."""
    fa, fb = np.radians(lat_a), np.radians(lat_b)
    h = (
        np.sin((fb - fa) / 2) ** 2
        + np.cos(fa) * np.cos(fb) * np.sin(np.radians(lon_b - lon_a) / 2) ** 2
    )
    return 2 * RADIO_TIERRA_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
