"""One check for the arguments of the public API: a bad argument raises :class:`ArgumentError`
naming the argument, what was expected and what was given.

Examples
--------
>>> whole_number("draws", 1_000, low=1)
1000
>>> whole_number("draws", 2.5, low=1)
Traceback (most recent call last):
...
ipsim.errors.ArgumentError: draws: expected a whole number >= 1, got 2.5
>>> language("fr")
Traceback (most recent call last):
...
ipsim.errors.ArgumentError: lang: expected 'zh' or 'en', got 'fr'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection
from typing import Any

from ipsim.errors import ArgumentError

LANGS = ("zh", "en")


def shown(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, so a huge argument never floods a message."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's 4,300-digit conversion limit
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"


def whole_number(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an ``int`` if it is a whole number in ``[low, high]``, else raise.

    Booleans, strings and fractional floats are refused; ``numpy`` integers are accepted.
    """
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if (
        not ok
        and isinstance(value, float)
        and math.isfinite(value)
        and value.is_integer()
        and abs(value) < 2**53
    ):
        ok, value = True, int(value)
    bounds = (
        f" between {low:,} and {high:,}"
        if low is not None and high is not None
        else (f" >= {low}" if low is not None else (f" <= {high}" if high is not None else ""))
    )
    if not ok or (low is not None and value < low) or (high is not None and value > high):
        msg = f"{name}: expected a whole number{bounds}, got {shown(value)}"
        raise ArgumentError(msg)
    return int(value)


def real_number(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    open_low: bool = False,
    open_high: bool = False,
) -> float:
    """Return ``value`` as a finite ``float`` within the bounds, else raise :class:`ArgumentError`."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    number = float(value) if ok else math.nan
    inside = (
        ok
        and math.isfinite(number)
        and (low is None or number > low or (number == low and not open_low))
        and (high is None or number < high or (number == high and not open_high))
    )
    if not inside:
        lo = "" if low is None else f"{'>' if open_low else '>='} {low:g}"
        hi = "" if high is None else f"{'<' if open_high else '<='} {high:g}"
        bounds = " and ".join(part for part in (lo, hi) if part)
        msg = (
            f"{name}: expected a finite number{' ' + bounds if bounds else ''}, got {shown(value)}"
        )
        raise ArgumentError(msg)
    return number


def one_of(name: str, value: Any, choices: Collection[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``, else raise :class:`ArgumentError`."""
    if isinstance(value, str | int | float | bool | type(None)) and value in choices:
        return value
    listed = ", ".join(repr(c) for c in choices)
    listed = listed.replace(", ", " or ") if len(choices) == 2 else listed
    msg = f"{name}: expected {'one of ' if len(choices) > 2 else ''}{listed}, got {shown(value)}"
    raise ArgumentError(msg)


def language(value: Any, name: str = "lang") -> str:
    """Return ``value`` if it is a language ipsim speaks (``"zh"`` or ``"en"``)."""
    return str(one_of(name, value, LANGS))
