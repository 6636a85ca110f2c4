"""Strict checking of values read from a declarative file, collecting every problem at once.

A :class:`Checker` is given the file name and the path-to-line table of :mod:`ipsim._yaml`;
each check records a problem (instead of raising) and returns ``None`` when the value is wrong,
so that one pass over a file reports everything that is wrong with it, each problem as::

    scenarios/high.yaml:12: indicators.invention_apps.growth.dist: unknown distribution;
    expected one of 'lognormal', 'normal', 'triangular', 'uniform', got 'triangle'.
    Did you mean 'triangular'?

A table (CSV or a sheet) has rows and columns instead of key paths: :meth:`Checker.row_problem`
records a problem at a row's line and, if given, in a column::

    actuals.csv:7: column 'value': not a number; expected a number such as 36941, got '3.7万'
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from ipsim._args import shown
from ipsim._yaml import Lines, Path

_MISSING = object()


def dotted(path: Path) -> str:
    """Join a key path as ``a.b[2].c``.

    Examples
    --------
    >>> dotted(("targets", 3, "threshold"))
    'targets[3].threshold'
    """
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool) and out:
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def describe(value: Any) -> str:
    """Name a value as a user wrote it, for 'got ...' in a message."""
    if value is _MISSING:
        return "nothing"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a true/false value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return shown(value)  # a whole file or a huge value is cut, never echoed whole


def suggestion(given: Any, choices: Iterable[str]) -> str:
    """Return ``". Did you mean 'x'?"`` when a close choice exists, else ``""``.

    Examples
    --------
    >>> suggestion("triangle", ["normal", "triangular"])
    ". Did you mean 'triangular'?"
    """
    if not isinstance(given, str):
        return ""
    close = difflib.get_close_matches(given, list(choices), n=1, cutoff=0.6)
    return f". Did you mean {close[0]!r}?" if close else ""


def quote_choices(choices: Iterable[Any]) -> str:
    return ", ".join(repr(c) for c in sorted(choices, key=str))


def _message(where: str, what: str, expected: str | None, shown: Any) -> str:
    """``where what; expected X, got Y`` (either part left out when not given)."""
    msg = f"{where}{what}"
    if expected is not None:
        msg += f"; expected {expected}"
        if shown is not _MISSING:
            msg += f", got {shown}"
    elif shown is not _MISSING:
        msg += f"; got {shown}"
    return msg


class Checker:
    """Collect problems found in one file.

    Parameters
    ----------
    filename : str
        Shown at the start of every message.
    lines : dict
        Path-to-line table from :func:`ipsim._yaml.read_yaml`.
    """

    def __init__(self, filename: str, lines: Lines | None = None) -> None:
        self.filename = filename
        self.lines = lines or {}
        self.problems: list[str] = []

    # -- reporting -------------------------------------------------------------------------
    def line_of(self, path: Path) -> int:
        """Return the line of ``path``, or of its nearest ancestor written in the file."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return line
        return 1

    def problem(
        self,
        path: Path,
        what: str,
        *,
        expected: str | None = None,
        got: Any = _MISSING,
        hint: str = "",
    ) -> None:
        """Record one problem at ``path``."""
        shown = _MISSING if got is _MISSING else describe(got)
        self.problems.append(_message(self.where(path), what, expected, shown) + hint)

    def where(self, path: Path) -> str:
        """The start of a problem's message: ``file:line: dotted.path: `` (a subclass may name
        another kind of place, such as a sheet, row and column)."""
        return f"{self.filename}:{self.line_of(path)}: {dotted(path)}: "

    def row_problem(
        self,
        line: int,
        what: str,
        *,
        column: str | None = None,
        expected: str | None = None,
        got: Any = _MISSING,
        hint: str = "",
    ) -> None:
        """Record one problem in the table row at ``line``, in ``column`` if given.

        A cell is text as written, so ``got`` is shown quoted in full (not described).

        Examples
        --------
        >>> check = Checker("data.csv")
        >>> check.row_problem(7, "not a number", column="value", expected="a number", got="3.7万")
        >>> check.row_problem(9, "3 cells but the header has 10")
        >>> for problem in check.problems:
        ...     print(problem)
        data.csv:7: column 'value': not a number; expected a number, got '3.7万'
        data.csv:9: 3 cells but the header has 10
        """
        where = f"{self.filename}:{line}: " + ("" if column is None else f"column {column!r}: ")
        shown = _MISSING if got is _MISSING else repr(got)
        self.problems.append(_message(where, what, expected, shown) + hint)

    def raise_if_any(
        self,
        error: type[Exception],
        *,
        heading: Literal["always", "if_several", "never"] = "always",
    ) -> None:
        """Raise ``error`` listing every recorded problem, if there is any.

        The message starts with ``"N problems in <file>:"`` (``heading="always"``), only when
        there are several (``"if_several"``: a single problem is the whole message), or never
        (``"never"``: the problems alone, one a line). ``error.problems`` holds them one by one.

        Examples
        --------
        >>> check = Checker("data.csv")
        >>> check.row_problem(3, "empty row")
        >>> check.raise_if_any(ValueError, heading="if_several")
        Traceback (most recent call last):
        ...
        ValueError: ('data.csv:3: empty row', ('data.csv:3: empty row',))
        """
        if not self.problems:
            return
        count = len(self.problems)
        head = f"{count} problem{'s' if count > 1 else ''} in {self.filename}:\n"
        if heading == "never" or (heading == "if_several" and count == 1):
            head = ""
        raise error(head + "\n".join(self.problems), tuple(self.problems))  # type: ignore[call-arg]

    # -- structure ---------------------------------------------------------------------------
    def mapping(
        self,
        value: Any,
        path: Path,
        *,
        required: Iterable[str] = (),
        optional: Iterable[Any] = (),
        what: str = "a mapping",
    ) -> dict[Any, Any] | None:
        """Check ``value`` is a mapping with a closed key set; return it or ``None``."""
        if not isinstance(value, dict):
            self.problem(path, f"wrong type; {what} is needed", expected=what, got=value)
            return None
        required = list(required)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.problem(
                    (*path, key),
                    "unknown key",
                    expected=f"one of {quote_choices(allowed)}" if allowed else "no keys here",
                    got=key,
                    hint=suggestion(key, [str(a) for a in allowed]),
                )
        for key in required:
            if key not in value:
                self.problem(path, f"missing required key {key!r}")
        return value

    def sequence(
        self, value: Any, path: Path, *, what: str = "a list", min_len: int = 0
    ) -> list[Any] | None:
        if not isinstance(value, list):
            self.problem(path, "wrong type", expected=what, got=value)
            return None
        if len(value) < min_len:
            self.problem(path, f"too few entries (at least {min_len} needed)", got=value)
            return None
        return value

    # -- scalars -------------------------------------------------------------------------------
    def string(self, value: Any, path: Path, *, allow_empty: bool = False) -> str | None:
        if not isinstance(value, str) or (not allow_empty and not value.strip()):
            self.problem(path, "wrong type", expected="a non-empty text", got=value)
            return None
        return value

    def optional_string(self, mapping: Mapping[str, Any], key: str, path: Path) -> str | None:
        if mapping.get(key) is None:
            return None
        return self.string(mapping[key], (*path, key))

    def number(
        self,
        value: Any,
        path: Path,
        *,
        low: float | None = None,
        high: float | None = None,
        low_open: bool = False,
        high_open: bool = False,
    ) -> float | None:
        """Check a finite real number within optional bounds."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(path, "wrong type", expected="a number", got=value)
            return None
        try:
            x = float(value)
        except OverflowError:  # an integer beyond any float
            x = math.inf
        if not math.isfinite(x):
            self.problem(path, "not a finite number", expected="a finite number", got=value)
            return None
        too_low = low is not None and (x <= low if low_open else x < low)
        too_high = high is not None and (x >= high if high_open else x > high)
        if too_low or too_high:
            lo = "" if low is None else ("(" if low_open else "[") + f"{low:g}"
            hi = "" if high is None else f"{high:g}" + (")" if high_open else "]")
            if low is None:
                rng = f"a number {'<' if high_open else '<='} {high:g}"
            elif high is None:
                rng = f"a number {'>' if low_open else '>='} {low:g}"
            else:
                rng = f"a number in {lo}, {hi}"
            self.problem(path, "out of range", expected=rng, got=value)
            return None
        return x

    def integer(
        self, value: Any, path: Path, *, low: int | None = None, high: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, "wrong type", expected="a whole number", got=value)
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            lo = "-inf" if low is None else str(low)
            hi = "inf" if high is None else str(high)
            self.problem(
                path, "out of range", expected=f"a whole number in [{lo}, {hi}]", got=value
            )
            return None
        return value

    def choice(
        self, value: Any, path: Path, choices: Iterable[str], *, what: str = "value"
    ) -> str | None:
        choices = list(choices)
        if not isinstance(value, str) or value not in choices:
            self.problem(
                path,
                f"unknown {what}",
                expected=f"one of {quote_choices(choices)}",
                got=value,
                hint=suggestion(value, choices),
            )
            return None
        return value

    def string_list(
        self, value: Any, path: Path, *, choices: Iterable[str] | None = None, what: str = "id"
    ) -> tuple[str, ...] | None:
        items = self.sequence(value, path, what="a list of texts")
        if items is None:
            return None
        out = []
        ok = True
        for i, item in enumerate(items):
            checked = (
                self.choice(item, (*path, i), choices, what=what)
                if choices is not None
                else self.string(item, (*path, i))
            )
            ok = ok and checked is not None
            out.append(item)
        return tuple(out) if ok else None
