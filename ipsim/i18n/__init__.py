"""Labels in English and simplified Chinese, and number formats for display.

Every label a table, chart, page or message shows lives in this package, keyed by a stable id,
so a new language is one more column. Each area keeps its own table in a module here
(:mod:`ipsim.i18n.core` for statuses and table headings, one module per view or widget);
:data:`LABELS` collects them all when the package is imported, and a key defined twice is an
error. ``lang="zh"`` means simplified Chinese (zh-Hans); the plan's own sentences are quoted as
published and never pass through here.

No Chinese string literal appears in the code outside this package (tests/test_labels.py checks
it, and that every key the code asks for exists and fills the same ``{placeholders}`` in both
languages): code asks :func:`label` for the text. A text that is one document in both languages
at once rather than a pair, such as the plan template of ``ipsim new-plan``, is kept here too
(:mod:`ipsim.i18n.new_plan`), outside :data:`LABELS`.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[str, ...] = ("en", "zh")


def _collect() -> dict[str, tuple[str, str]]:
    """Merge the ``LABELS`` table of every module in this package; a key defined twice is an
    error naming both modules."""
    merged: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, pair in getattr(module, "LABELS", {}).items():
            if key in merged:
                msg = f"label {key!r} is defined in both {owner[key]} and {module.__name__}"
                raise RuntimeError(msg)
            merged[key] = pair
            owner[key] = module.__name__
    return merged


LABELS: dict[str, tuple[str, str]] = _collect()


def label(key: str, lang: Lang | str = "en", **values: object) -> str:
    """Return the label of ``key`` in ``lang``, filled with ``values`` (the key itself if none
    is defined).

    Examples
    --------
    >>> label("on_track", "zh"), label("likely", "en")
    ('按期可达', 'likely')
    >>> label("calibrated_to", "zh", year=2017)
    '按截至2017年的数据校准'
    """
    _check_language(lang)
    pair = LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "zh" else pair[0]
    return text.format(**values) if values else text


def in_language(lang: Lang | str, en: str, zh: str) -> str:
    """Pick the text of a bilingual data field: a plan's or a scenario's own words, which are
    quoted as written and so never pass through :func:`label`.

    Examples
    --------
    >>> in_language("zh", "Patent pledge financing", "专利质押融资")
    '专利质押融资'
    """
    _check_language(lang)
    return zh if lang == "zh" else en


def _check_language(lang: object) -> None:
    """Refuse a language ipsim does not speak, rather than answer in English."""
    if lang not in LANGS:
        from ipsim._args import language

        language(lang)  # raises ArgumentError: "lang: expected 'zh' or 'en', got 'fr'"


def format_percent(value: float | None, digits: int = 0) -> str:
    """Format a fraction as a percentage, ``-`` for missing values.

    Examples
    --------
    >>> format_percent(0.1834, 1), format_percent(None)
    ('18.3%', '-')
    """
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value * 100:.{digits}f}%"


def format_amount(value: float | None, unit: str, lang: Lang = "en") -> str:
    """Format a level for display: 万/亿 in Chinese, thousands separators in English.

    Examples
    --------
    >>> format_amount(36941, "applications", "zh"), format_amount(1.0e9, "CNY", "zh")
    ('3.69万', '10.0亿')
    >>> format_amount(36941, "applications"), format_amount(1.0e9, "CNY")
    ('36,941', '1.00 bn')
    """
    if value is None or not math.isfinite(value):
        return "-"
    if unit in ("fraction", "share"):
        return format_percent(value, 1)
    if unit == "fraction/yr":
        return format_percent(value, 1)
    size = abs(value)
    if lang == "zh":
        if size >= 1e8:
            return f"{value / 1e8:.1f}亿"
        if size >= 1e4:
            return f"{value / 1e4:.2f}万"
        return f"{value:,.0f}" if size >= 100 else f"{value:.3g}"
    if size >= 1e9:
        return f"{value / 1e9:.2f} bn"
    if size >= 1e6:
        return f"{value / 1e6:.2f} m"
    return f"{value:,.0f}" if size >= 100 else f"{value:.3g}"
