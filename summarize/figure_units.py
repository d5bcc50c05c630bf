"""Converting quantities between units of one dimension ("6 km" is "6,000 metres").

The canonical units are those of ``summarize.figure_tables.UNITS``. Each has a dimension
and a factor to that dimension's base unit; two units convert only within a dimension.
Temperatures are affine and converted by formula. Conversions written in news are rounded
("6 km (3.7 miles)"), so the comparison accepts a small relative difference.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CONVERSION_TOLERANCE", "convert", "dimension", "same_quantity"]

# A converted figure is rounded by its writer: 3.7 miles is 5.95 km, not 6. On top of the
# rounding of the written digits, 1.5 per cent covers the conversions seen on the reference
# summaries and stays far from the common unit swaps (km/mile 61%, m/ft 228%, kg/lb 120%).
CONVERSION_TOLERANCE: Final = 0.015

# canonical unit -> (dimension, factor to the base unit of the dimension)
_FACTORS: dict[str, tuple[str, float]] = {
    # length, in metres
    "km": ("length", 1000.0), "m": ("length", 1.0), "cm": ("length", 0.01),
    "mm": ("length", 0.001), "mile": ("length", 1609.344), "nautical mile": ("length", 1852.0),
    "ft": ("length", 0.3048), "inch": ("length", 0.0254), "yard": ("length", 0.9144),
    # area, in square metres
    "sq km": ("area", 1e6), "sq m": ("area", 1.0), "sq mi": ("area", 2_589_988.0), "sq ft": ("area", 0.092903),
    "acre": ("area", 4046.86), "hectare": ("area", 1e4),
    # mass, in kilograms; 'ton' is taken as the metric tonne, the tolerance absorbs
    # neither short (907 kg) nor long (1016 kg) tons, so those stay unconverted
    "kg": ("mass", 1.0), "g": ("mass", 0.001), "mg": ("mass", 1e-6), "tonne": ("mass", 1000.0),
    "lb": ("mass", 0.45359237), "stone": ("mass", 6.35029), "oz": ("mass", 0.0283495),
    # volume, in litres (US gallon)
    "litre": ("volume", 1.0), "ml": ("volume", 0.001), "gallon": ("volume", 3.78541),
    # speed, in km/h
    "km/h": ("speed", 1.0), "mph": ("speed", 1.609344), "knot": ("speed", 1.852),
    # duration, in days
    "second": ("duration", 1 / 86400), "minute": ("duration", 1 / 1440), "hour": ("duration", 1 / 24),
    "day": ("duration", 1.0), "week": ("duration", 7.0), "month": ("duration", 30.44), "year": ("duration", 365.25),
    "decade": ("duration", 3652.5), "century": ("duration", 36525.0),
    # power, in kW; data, in MB
    "kW": ("power", 1.0), "MW": ("power", 1e3), "GW": ("power", 1e6),
    "MB": ("data", 1.0), "GB": ("data", 1e3), "TB": ("data", 1e6),
    # a change in a rate, in percentage points: '25 basis points' is '0.25 percentage points'
    # ('percent' stays out: a per cent is a level, not a change in points)
    "percentage point": ("rate change", 1.0), "basis point": ("rate change", 0.01),
}


def dimension(unit: str | None) -> str | None:
    """What a unit measures ('length', 'temperature'); None for a unit that converts to no
    other. ``convert`` converts exactly between two different units of one dimension."""
    if unit in ("C", "F"):
        return "temperature"
    factor = _FACTORS.get(unit) if unit is not None else None
    return factor[0] if factor else None


def convert(value: float, unit: str, into: str) -> float | None:
    """``value`` in ``unit`` expressed in ``into``, or None when they do not convert."""
    if {unit, into} == {"C", "F"}:
        return value * 9 / 5 + 32 if unit == "C" else (value - 32) * 5 / 9
    source, target = _FACTORS.get(unit), _FACTORS.get(into)
    if source is None or target is None or source[0] != target[0]:
        return None
    return value * source[1] / target[1]


def same_quantity(value: float, unit: str, other: float, other_unit: str) -> bool:
    """True when two quantities in different units of one dimension agree after rounding."""
    converted = convert(value, unit, other_unit)
    if converted is None or other == 0:
        return False
    return abs(converted - other) <= CONVERSION_TOLERANCE * abs(other)
