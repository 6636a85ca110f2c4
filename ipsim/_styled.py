"""Tables that read well in a notebook: a pandas Styler with units, readable numbers and colours.

:func:`styled` turns a display frame into a :class:`pandas.io.formats.style.Styler`: each column
has a *kind* that says how its numbers read (:data:`KINDS`), the unit of a column whose cells
share one goes in its header (``达成概率（%）``, ``资助（亿元）``), text sits left and numbers
right in tabular figures, and a column of verdicts is coloured as the board colours it
(:data:`VERDICT_COLOURS`). Every result's ``to_frame(styled=True)`` and ``_repr_html_`` go through
here (:meth:`ipsim.results.Result.styled`).

The colours live here, below every layer that shows them, so a result object in the analysis
layer can colour its table without importing a view; :mod:`ipsim.views.style` re-exports them.
pandas (and jinja2, which its Styler needs) are imported on first use.
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ipsim.i18n import Lang, label

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

FONT = (
    "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, "
    "Heiti SC, Arial Unicode MS, sans-serif"
)
"""The font list every output shares: the first one installed that carries Chinese."""
STATUS_COLOURS: dict[str, str] = {
    "target_achieved": "#1a7f37",
    "target_missed": "#b2182b",
    "on_track": "#4dac26",
    "acceleration_needed": "#f4a261",
    "limited_progress": "#e76f51",
    "limited_or_no_progress": "#e76f51",
    "deterioration": "#b2182b",
    "not_assessable": "#9e9e9e",
}
"""Statistics Canada / UNSD status -> colour. The board no longer colours by status (see
:data:`VERDICT_COLOURS`); the decided colours here are the decided verdicts' too."""
VERDICT_COLOURS: dict[str, str] = {
    "very_likely": "#1a7f5a",
    "likely": "#74c0a0",
    "about_as_likely_as_not": "#e9b949",
    "unlikely": "#ee8142",
    "very_unlikely": "#c62828",
    "decided_met": STATUS_COLOURS["target_achieved"],
    "decided_missed": STATUS_COLOURS["target_missed"],
    "not_assessable": STATUS_COLOURS["not_assessable"],
}
"""The one verdict (:func:`ipsim.status.verdict`) -> colour: the likelihood band of P(met), from
dark teal-green (very likely) through amber (about as likely as not) to red (very unlikely);
decided targets in the darker green and red of a published outcome. The greens lean to blue and
the bands step in lightness, so readers with red-green colour blindness still tell the two ends
apart; every board also prints the verdict in words."""
CLASS_COLOURS: dict[str, str] = {
    "achieved_early": VERDICT_COLOURS["decided_met"],
    "ahead": VERDICT_COLOURS["very_likely"],
    "on_schedule": VERDICT_COLOURS["likely"],
    "behind": VERDICT_COLOURS["unlikely"],
    "not_assessable": VERDICT_COLOURS["not_assessable"],
}
"""A mid-term evaluation's class (:data:`ipsim.analysis.evaluate.CLASSES`) -> colour, from the
verdicts' scale: achieved early in the published-outcome green, ahead and on schedule in the
greens of "very likely" and "likely", behind in the orange of "unlikely" (behind is not yet
missed), not assessable grey."""

KINDS: tuple[str, ...] = (
    "text",
    "count",
    "number",
    "change",
    "percent",
    "points",
    "money",
    "year",
    "index",
)
"""How a column's numbers read: ``count`` 1,600; ``number`` 12.50 (whole numbers from 100 on);
``change`` a signed number, +12 or -0.50; ``percent`` a fraction as 28.0 %; ``points`` a change of a fraction in percentage points (+3.2,
the header says 个百分点); ``money`` yuan in 万元 or 亿元 (CNY million or billion), the larger
unit once the column's largest amount reaches it; ``year`` 2020; ``index`` 0.53."""
MISSING = "–"
"""What an empty cell shows."""

_MONEY = {"zh": ((1e8, "units.money_large", 1), (1e4, "units.money_small", 0))}
_MONEY_EN = ((1e9, "units.money_large", 2), (1e6, "units.money_small", 0))
"""(factor, unit label, decimals) of the large and the small money unit of each language."""


@dataclass(frozen=True)
class Table:
    """What a styled table shows: a frame and how its columns read.

    ``frame``'s columns are the headers (in the reader's language, without units); ``kinds``
    gives a column's kind (:data:`KINDS`), or one kind per row where the rows differ (the
    targets of a board: shares, counts, amounts); unlisted columns are text. ``colours`` gives
    a column's cell backgrounds, one colour (or None) per row; ``units`` a column's unit where
    its kind does not say it (件, 家).
    """

    frame: pd.DataFrame
    kinds: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    colours: Mapping[str, Sequence[str | None]] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)


def verdict_colours(
    verdicts: Sequence[str | None], palette: Mapping[str, str] = VERDICT_COLOURS
) -> list[str | None]:
    """The board's colour of each verdict (None where a verdict has none); with
    ``palette=CLASS_COLOURS``, of each mid-term evaluation class.

    Examples
    --------
    >>> verdict_colours(["very_likely", "decided_missed", None])
    ['#1a7f5a', '#b2182b', None]
    >>> verdict_colours(["behind"], CLASS_COLOURS) == [VERDICT_COLOURS["unlikely"]]
    True
    """
    return [palette.get(v) if isinstance(v, str) else None for v in verdicts]


def figure_kind(unit: str, threshold: float) -> str:
    """How a target's figures read, from its unit and its threshold: fractions as percentages,
    yuan as money, counts whole where the target is 100 or more, else with two decimals.

    Examples
    --------
    >>> figure_kind("fraction/yr", 0.2), figure_kind("CNY", 2e8), figure_kind("units", 1600)
    ('percent', 'money', 'count')
    >>> figure_kind("per 10,000 people", 12.5)
    'number'
    """
    if unit.startswith("fraction") or unit == "share":
        return "percent"
    if unit == "CNY":
        return "money"
    return "count" if abs(threshold) >= 100 else "number"


def format_value(value: Any, kind: str, lang: Lang = "en", *, money: str | None = None) -> str:
    """One cell as it reads: thousands separators, percentages as ``28.0 %``, no exponents.

    ``money`` is the money unit of the column (its label key, :func:`money_unit`); without it an
    amount carries its own unit.

    Examples
    --------
    >>> format_value(1600.0, "count"), format_value(0.28, "percent"), format_value(0.032, "points")
    ('1,600', '28.0 %', '+3.2')
    >>> format_value(2.5e8, "money", "zh"), format_value(2.5e8, "money", "zh", money="units.money_large")
    ('2.5 亿元', '2.5')
    >>> format_value(12.5, "number"), format_value(float("nan"), "count"), format_value(2020, "year")
    ('12.50', '–', '2020')
    """
    if type(value).__name__ in ("bool", "bool_"):
        return label("workbook.yes" if value else "workbook.no", lang)
    if value is None or isinstance(value, str) or kind == "text":
        return MISSING if value is None else str(value)
    number = float(value)
    if not math.isfinite(number):
        return MISSING
    if kind == "money":
        return _money_text(number, lang, money)
    return _FORMATTERS.get(kind, _number)(number)


def _number(v: float) -> str:
    if v.is_integer() or abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:,.2f}" if abs(v) >= 0.01 else f"{v:.2g}"


_FORMATTERS = {
    "count": lambda v: f"{v:,.0f}" if abs(v) >= 100 or v.is_integer() else f"{v:,.1f}",
    "number": _number,
    "percent": lambda v: f"{100 * v:.1f} %",
    "points": lambda v: f"{100 * v:+.1f}",
    "change": lambda v: f"{v:+,.0f}" if v.is_integer() or abs(v) >= 100 else f"{v:+,.2f}",
    "year": lambda v: f"{v:.0f}",
    "index": lambda v: f"{v:.2f}",
}


def money_unit(largest: float, lang: Lang) -> tuple[float, str, int]:
    """The money unit of amounts up to ``largest`` yuan: (factor, label key, decimals).

    Examples
    --------
    >>> money_unit(2.5e8, "zh"), money_unit(2.5e8, "en")
    ((100000000.0, 'units.money_large', 1), (1000000.0, 'units.money_small', 0))
    """
    large, small = _MONEY.get(lang, _MONEY_EN)
    return large if abs(largest) >= large[0] else small


def _money_text(value: float, lang: Lang, unit: str | None) -> str:
    factor, key, decimals = next(
        (u for u in _MONEY.get(lang, _MONEY_EN) if u[1] == unit), money_unit(value, lang)
    )
    text = f"{value / factor:,.{decimals}f}"
    return text if unit else f"{text} {label(key, lang)}"


def header(name: str, unit: str, lang: Lang) -> str:
    """A column heading with its unit: ``P(met) (%)``, ``达成概率（%）``."""
    return label("styled.header", lang, name=name, unit=unit) if unit else name


def styled(table: Table, *, lang: Lang = "en", caption: str = "") -> Styler:
    """Return ``table`` as a pandas Styler: units in headers, numbers formatted, verdicts coloured.

    The Styler's ids are a hash of what it shows, so the same table renders to the same HTML
    (a notebook's stored output stays comparable) and two tables on one page never share ids.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"target": ["a"], "P(met)": [0.28], "funding": [2.5e8], "n": [1600]})
    >>> table = Table(frame, kinds={"P(met)": "percent", "funding": "money", "n": "count"})
    >>> html = styled(table, lang="zh", caption="demo").to_html()
    >>> all(s in html for s in ("P(met)（%）", "funding（亿元）", ">28.0 %<", ">2.5<", ">1,600<"))
    True
    """
    shown, headers = _formatted(table, lang)
    uuid = _uuid(shown, caption)  # stable: the same table renders the same HTML
    styler = _styler_type()(shown.rename(columns=headers), uuid=uuid, cell_ids=False)
    styler.hide(axis="index")
    styler.format(escape="html").format_index(escape="html", axis=1)
    styler.set_caption(html.escape(caption))
    styler.set_table_styles(_table_css(table, shown), overwrite=True)
    for column, colours in table.colours.items():
        css = [_fill(c) for c in colours]
        styler.apply(lambda _col, css=css: css, subset=[headers[column]], axis=0)
    return styler


_SHORT_TEXT = 16
"""A text column whose cells are all at most this many characters never wraps; a longer one
(a target's sentence, a note) wraps between 12 and 30 em, so short columns keep their width."""


def _table_css(table: Table, shown: pd.DataFrame) -> list[Any]:
    """The table's CSS: numbers right in tabular figures (the default), text columns left,
    long text wrapped; one rule for each group of columns keeps a stored notebook small."""
    short: list[int] = []
    long: list[int] = []
    for i, column in enumerate(table.frame.columns):
        if _kinds_of(table, column) == {"text"}:
            longest = max((len(str(v)) for v in shown[column]), default=0)
            (short if longest <= _SHORT_TEXT else long).append(i)
    rules = [
        {"selector": "", "props": f"border-collapse: collapse; font-family: {FONT};"},
        {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: bold;"},
        {"selector": "th", "props": "border-bottom: 1px solid #999;"},
        {
            "selector": "td, th",
            "props": "padding: 2px 8px; vertical-align: top; text-align: right; "
            "font-variant-numeric: tabular-nums; white-space: nowrap;",
        },
    ]
    for columns, props in (
        (short, "text-align: left;"),
        (long, "text-align: left; white-space: normal; min-width: 12em; max-width: 30em;"),
    ):
        if columns:
            rules.append({"selector": ", ".join(f".col{i}" for i in columns), "props": props})
    return rules


def _fill(colour: str | None) -> str:
    """The CSS of a coloured cell: the colour behind, white or near-black text on it."""
    if not colour:
        return ""
    text = "#ffffff" if _dark(colour) else "#111111"
    return f"background-color: {colour}; color: {text}; white-space: nowrap;"


def _dark(colour: str) -> bool:
    """Whether white text reads better than black on ``colour`` (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / 0.05)


def _kinds_of(table: Table, column: str) -> set[str]:
    kind = table.kinds.get(column, "text")
    return {kind} if isinstance(kind, str) else set(kind)


def _formatted(table: Table, lang: Lang) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame with every cell as its text, and each column's header with its unit."""
    frame = table.frame.copy()
    headers = {}
    for column in frame.columns:
        kind = table.kinds.get(column, "text")
        kinds = [kind] * len(frame) if isinstance(kind, str) else list(kind)
        unit, money = _column_unit(table, column, kinds, lang)
        frame[column] = [
            _cell(_scalar(v), k, lang, money=money, mixed=not unit)
            for v, k in zip(frame[column], kinds, strict=True)
        ]
        headers[column] = header(str(column), unit, lang)
    return frame, headers


def _cell(value: Any, kind: str, lang: Lang, *, money: str | None, mixed: bool) -> str:
    """A cell's text; a change in points carries its unit where the header cannot."""
    text = format_value(value, kind, lang, money=money)
    if kind == "points" and mixed and text != MISSING:
        return f"{text} {label('styled.unit_points', lang)}"
    return text


def _column_unit(table: Table, column: str, kinds: list[str], lang: Lang) -> tuple[str, str | None]:
    """The unit a column's header states (none where the rows differ) and its money unit."""
    if column in table.units:
        return table.units[column], None
    if len(set(kinds)) != 1:
        return "", None
    kind = kinds[0]
    if kind == "money":
        amounts = [abs(float(v)) for v in table.frame[column] if _finite(v)]
        key = money_unit(max(amounts, default=0.0), lang)[1]
        return label(key, lang), key
    if kind in ("percent", "points"):
        return label(f"styled.unit_{kind}", lang), None
    return "", None


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _scalar(value: Any) -> Any:
    """A cell as a Python value: pandas' missing markers as None."""
    try:
        import pandas as pd

        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # a list or other container: shown as text
        return value


def _uuid(frame: pd.DataFrame, caption: str) -> str:
    digest = hashlib.sha256((caption + frame.to_csv()).encode("utf-8")).hexdigest()
    return f"ipsim-{digest[:10]}"


@functools.cache
def _styler_type() -> type[Styler]:
    """A pandas Styler whose plain-text form is the table (a notebook stores it, so it must not
    be an object's address), built on first use so that pandas loads only when needed."""
    from pandas.io.formats.style import Styler

    class IpsimStyler(Styler):
        def __repr__(self) -> str:
            shown: Any = self  # pandas-stubs do not declare a Styler's data and caption
            caption = html.unescape(shown.caption) if isinstance(shown.caption, str) else ""
            body = shown.data.to_string(index=False)
            return f"{caption}\n{body}" if caption else body

    return IpsimStyler
