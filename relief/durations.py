"""Human time: hours shown as '3 h', '1.5 days', '5 weeks'; axis ticks.

All durations are carried in hours. A month is counted as 30 days (720 h) and
a year as 365 days (8760 h), the same conventions as the lexicon rationale.
A displayed value that is not exact is marked with '≈'.
"""

from __future__ import annotations

import math

HOURS_PER: dict[str, float] = {
    "seconds": 1 / 3600,
    "minutes": 1 / 60,
    "hours": 1.0,
    "days": 24.0,
    "weeks": 168.0,
    "months": 720.0,
    "years": 8760.0,
}
MAX_HOURS = 100 * HOURS_PER["years"]
"""The longest duration read anywhere (100 years, 876,000 h): a number beyond it, or one that is not finite (a
phrase written with 400 digits reads as infinite hours), is refused with a located message, never drawn."""
MAX_HOURS_IN_WORDS = f"{MAX_HOURS:,.0f} hours (100 years)"
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "seconds": ("s", "s"),
    "minutes": ("min", "min"),
    "hours": ("h", "h"),
    "days": ("day", "days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
    "years": ("year", "years"),
}
UNIT_CHOICES: dict[str, str] = {"auto": "Auto", "seconds": "Seconds", "minutes": "Minutes", "hours": "Hours",
                                 "days": "Days", "weeks": "Weeks"}

# Ticks a person reads at a glance on a log axis (unit 'auto'): the primary
# ones always, the secondary ones only when the span is too short for 4 primary.
HUMAN_TICKS: tuple[tuple[float, str, bool], ...] = (
    (10 / 3600, "10 s", True),
    (30 / 3600, "30 s", False),
    (1 / 60, "1 min", True),
    (5 / 60, "5 min", False),
    (0.25, "15 min", True),
    (0.5, "30 min", False),
    (1, "1 h", True),
    (2, "2 h", False),
    (6, "6 h", True),
    (12, "12 h", False),
    (24, "1 day", True),
    (48, "2 days", False),
    (168, "1 week", True),
    (336, "2 weeks", False),
    (720, "1 month", True),
    (2160, "3 months", False),
    (4320, "6 months", True),
    (8760, "1 year", False),
    (17520, "2 years", True),
    (43800, "5 years", False),
)


def auto_unit(hours: float) -> str:
    """The unit in which ``hours`` reads most naturally.

    A year or more is in years (17,520 h is '2 years', never '730 days').
    Below that, the largest unit giving a whole or half number (2016 h is
    '12 weeks', not '2.8 months'; 36 h is '1.5 days'), else the largest unit
    giving a number exact to 2 decimals, else the largest unit in which it is
    at least 1. Under an hour it is in minutes, under a minute in seconds (0.25 h is '15 min').
    """
    if hours >= HOURS_PER["years"]:
        return "years"
    fitting = [u for u in ("months", "weeks", "days") if hours >= HOURS_PER[u]]
    for decimals in (0.5, 0.01):
        for unit in fitting:
            value = hours / HOURS_PER[unit]
            if math.isclose(value / decimals, round(value / decimals), rel_tol=1e-9):
                return unit
    if fitting:
        return fitting[0]
    return "hours" if hours >= 1 else "minutes" if hours >= HOURS_PER["minutes"] else "seconds"


def _number(value: float) -> tuple[str, bool]:
    """At most 3 significant digits; the flag says whether that was exact."""
    if value == 0:
        return "0", True
    digits = max(0, 2 - math.floor(math.log10(abs(value))))
    rounded = round(value, digits)
    text = f"{rounded:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{rounded:,.0f}"
    return text, math.isclose(rounded, value, rel_tol=1e-9, abs_tol=1e-12)


def format_hours(hours: float, unit: str = "auto") -> str:
    """'3 h', '1.5 days', '≈12.9 weeks'."""
    if hours is None or (isinstance(hours, float) and math.isnan(hours)):
        return "—"
    if unit == "auto":
        unit = auto_unit(hours)
    value = hours / HOURS_PER[unit]
    text, exact = _number(value)
    singular, plural = UNIT_NAMES[unit]
    name = singular if text == "1" else plural
    return f"{'' if exact else '≈'}{text} {name}"


def format_band(low: float, high: float, unit: str = "auto") -> str:
    """'2–4 h' when both ends share a unit name, else '1 day – 2 weeks'."""
    if unit == "auto" and auto_unit(low) == auto_unit(high):
        unit = auto_unit(low)
    a, b = format_hours(low, unit), format_hours(high, unit)
    if low == high:
        return a
    a_num, _, a_name = a.partition(" ")
    _b_num, _, b_name = b.partition(" ")
    if a_name == b_name or (a_num == "1" and UNIT_NAMES.get(unit, ("", ""))[1] == b_name):
        return f"{a_num}–{b}"
    return f"{a} – {b}"


def _one_two_five(lo: float, hi: float) -> list[float]:
    values = []
    exponent = math.floor(math.log10(lo)) - 1
    while True:
        for mantissa in (1, 2, 5):
            v = mantissa * 10**exponent
            if v > hi:
                return values
            if v >= lo:
                values.append(v)
        exponent += 1


def _nice_step(span: float, target: int = 6) -> float:
    raw = span / target
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def ticks(lo_hours: float, hi_hours: float, unit: str = "auto", axis: str = "log") -> tuple[list[float], list[str]]:
    """Tick positions (hours) and labels for an axis from ``lo_hours`` to ``hi_hours``."""
    if axis == "log" and unit == "auto":
        inside = [(v, t, primary) for v, t, primary in HUMAN_TICKS if lo_hours <= v <= hi_hours]
        chosen = [(v, t) for v, t, primary in inside if primary]
        if len(chosen) < 4:
            chosen = [(v, t) for v, t, _ in inside]
        return [v for v, _ in chosen], [t for _, t in chosen]
    if unit == "auto":
        unit = auto_unit(hi_hours / 3)
    per = HOURS_PER[unit]
    lo, hi = lo_hours / per, hi_hours / per
    if axis == "log":
        values = _one_two_five(lo, hi)
    else:
        step = _nice_step(hi - max(lo, 0))
        values = [i * step for i in range(0, int(hi / step) + 1)]
    return [v * per for v in values], [format_hours(v * per, unit).lstrip("≈") if v else "0" for v in values]
