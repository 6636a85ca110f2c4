"""A view of the explorer as a link: the settings moved from the starting scenario, in the URL.

Only what differs from the start is written, as compact JSON in URL-safe base64 under one query
parameter, ``?s=...``::

    {"f": {"creation": 1.5}, "fy": {"finance": {"2019": 2.0}}, "g": {"invention_apps": 0.25},
     "d": 10000, "r": "yoy_each_year", "t": "invention_apps", "l": "en"}

(``f`` funding multiples, ``fy`` per-year multiples, ``g`` medians of growth levers, ``d`` draws,
``r`` the reading, ``t`` the fan chart's target, ``l`` the language). Reading one back is strict:
any other parameter is ignored (the access token stays the reader's own and never enters a
link), but an ``s`` that is too long, not base64, not JSON, has an unknown key or a value of the
wrong type or outside its control's range is refused as a whole with a :class:`LinkError` naming
the first problem; nothing in it is evaluated.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from ipsim.errors import ArgumentError

PARAMETER = "s"
MAX_LENGTH = 2_000
"""Longest ``s`` accepted (a view moving every control of the bundled plans needs about 900)."""
KEYS = ("f", "fy", "g", "d", "r", "t", "l")

Range = tuple[float, float]


class LinkError(ArgumentError):
    """A link whose settings cannot be read; the explorer keeps its defaults and says why."""


def encode_settings(settings: Mapping[str, Any]) -> str:
    """The query string (without ``?``) of ``settings``; ``""`` when nothing is changed.

    Examples
    --------
    >>> query = encode_settings({"f": {"creation": 1.5}})
    >>> query
    's=eyJmIjp7ImNyZWF0aW9uIjoxLjV9fQ'
    >>> decode_query(query)
    {'f': {'creation': 1.5}}
    """
    kept = {k: v for k, v in settings.items() if v not in ({}, None)}
    if not kept:
        return ""
    text = json.dumps(kept, separators=(",", ":"), sort_keys=True, ensure_ascii=True)
    return f"{PARAMETER}=" + base64.urlsafe_b64encode(text.encode("ascii")).decode().rstrip("=")


def decode_query(query: str) -> dict[str, Any]:
    """The settings in a page's query string (``{}`` without ``s``), their shapes checked.

    Raises
    ------
    LinkError
        If ``s`` is repeated, too long, not URL-safe base64 of a JSON object, or has an unknown
        key or a value of the wrong type.

    Examples
    --------
    >>> decode_query("token=abc")
    {}
    >>> decode_query("s=e30")
    {}
    >>> decode_query("s=not*base64")
    Traceback (most recent call last):
    ...
    ipsim.widgets.link.LinkError: link: the view setting 's' is not URL-safe base64
    """
    try:
        found = parse_qs(query[: 4 * MAX_LENGTH], max_num_fields=50).get(PARAMETER, [])
    except ValueError as err:
        msg = "link: too many parameters"
        raise LinkError(msg) from err
    if not found:
        return {}
    if len(found) > 1 or len(found[0]) > MAX_LENGTH:
        msg = f"link: expected one view setting 's' of at most {MAX_LENGTH} characters"
        raise LinkError(msg)
    return _shaped(_json_of(found[0]))


def _json_of(value: str) -> Any:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", value):
        msg = "link: the view setting 's' is not URL-safe base64"
        raise LinkError(msg)
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        return json.loads(raw.decode("ascii"), parse_constant=_no_constant)
    except LinkError:
        raise
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError) as err:
        msg = "link: the view setting 's' is not base64 of JSON"
        raise LinkError(msg) from err


def _no_constant(name: str) -> float:
    msg = f"link: {name} is not a number"
    raise LinkError(msg)


def _shaped(raw: Any) -> dict[str, Any]:
    """``raw`` checked for the shape of settings: known keys, names to numbers, texts."""
    if not isinstance(raw, dict):
        msg = "link: expected the view settings as a JSON object"
        raise LinkError(msg)
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        msg = f"link: unknown setting {unknown[0][:20]!r}; expected some of {', '.join(KEYS)}"
        raise LinkError(msg)
    for key in ("f", "g"):
        _numbers(raw.get(key, {}), key)
    years = raw.get("fy", {})
    if not isinstance(years, dict):
        msg = "link: fy: expected programmes with their years"
        raise LinkError(msg)
    for programme, values in years.items():
        _numbers(values, f"fy.{programme}"[:40])
    if "d" in raw and (isinstance(raw["d"], bool) or not isinstance(raw["d"], int)):
        msg = "link: d: expected a whole number of draws"
        raise LinkError(msg)
    for key in ("r", "t", "l"):
        if key in raw and not isinstance(raw[key], str):
            msg = f"link: {key}: expected a name"
            raise LinkError(msg)
    return raw


def _numbers(values: Any, where: str) -> None:
    ok = isinstance(values, dict) and all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        for v in values.values()
    )
    if not ok:
        msg = f"link: {where}: expected names with finite numbers"
        raise LinkError(msg)


def check_ranges(settings: Mapping[str, Any], bounds: Mapping[str, Any]) -> None:
    """Refuse ``settings`` naming a control ``bounds`` does not have, or outside its range.

    ``bounds`` has the same keys: ``f`` and ``g`` map names to ``(low, high)``, ``fy`` maps
    programmes to years (as text) to ``(low, high)``, ``d``, ``r``, ``t`` and ``l`` hold the
    values on offer.

    Examples
    --------
    >>> check_ranges({"f": {"creation": 9.0}}, {"f": {"creation": (0.05, 3.0)}})
    Traceback (most recent call last):
    ...
    ipsim.widgets.link.LinkError: link: f.creation: 9 is outside 0.05 to 3
    """
    for key in ("f", "g"):
        _in_ranges(settings.get(key, {}), bounds.get(key, {}), key)
    for programme, years in settings.get("fy", {}).items():
        known = bounds.get("fy", {})
        if programme not in known:
            msg = f"link: fy: no funding programme {programme[:40]!r} here"
            raise LinkError(msg)
        _in_ranges(years, known[programme], f"fy.{programme}")
    for key in ("d", "r", "t", "l"):
        if key in settings and settings[key] not in bounds.get(key, ()):
            msg = f"link: {key}: {str(settings[key])[:40]!r} is not on offer here"
            raise LinkError(msg)


def _in_ranges(values: Mapping[str, float], ranges: Mapping[str, Range], where: str) -> None:
    for name, value in values.items():
        if name not in ranges:
            msg = f"link: {where}: no control {name[:40]!r} here"
            raise LinkError(msg)
        low, high = ranges[name]
        if not low - 1e-9 <= value <= high + 1e-9:
            msg = f"link: {where}.{name}: {value:g} is outside {low:g} to {high:g}"
            raise LinkError(msg)


def request_address(environ: Mapping[str, str]) -> tuple[str, str]:
    """The page's address without its query, and its query, as Voilà tells its kernel.

    Voilà puts the request's URL in ``VOILA_REQUEST_URL`` and its query in ``QUERY_STRING``; the
    address drops the query (which holds the access token), so a link built on it carries only
    the view. Outside Voilà both are ``""``.

    Examples
    --------
    >>> request_address({"VOILA_REQUEST_URL": "http://127.0.0.1:8866/?token=x&s=e30",
    ...                  "QUERY_STRING": "token=x&s=e30"})
    ('http://127.0.0.1:8866/', 'token=x&s=e30')
    >>> request_address({})
    ('', '')
    """
    url = environ.get("VOILA_REQUEST_URL", "")
    parts = urlsplit(url)
    base = urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")) if parts.scheme else ""
    return base, environ.get("QUERY_STRING", "")
