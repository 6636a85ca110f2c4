"""The explorer's sliders: one row per lever, its name, the slider, and its value in a unit.

A funding slider sets the programme's budget as a multiple of the planned one; where the scenario
gives the planned amount (``reference_cny``) the row reads it in 万元 (or 亿元) a year, in English
in CNY million (or billion). A median slider reads in its parameter's unit: percent a year for a
growth rate, the indicator's unit a year for additions, 元 (万元 once reached) for a unit cost.
A control moved from where it started says so ("changed from baseline") next to its value.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import ipywidgets as w

from ipsim.distributions import Distribution, Value
from ipsim.i18n import Lang, label
from ipsim.levers import FUNDING_SLIDER_STEP, Lever, funding_slider_top
from ipsim.models.base import ParamSpec
from ipsim.plan import Indicator
from ipsim.scenario import Change, Scenario

SLIDER_LAYOUT = {"flex": "1 1 12em", "min_width": "10em", "max_width": "34em"}
"""How a slider stretches: at least 10em (track and readout visible on a phone), at most 34em."""


def slider_row(name: w.HTML, slider: w.FloatSlider, unit: w.HTML) -> w.HBox:
    """A lever's row: its name, its slider and its value's unit, wrapping on a narrow screen."""
    slider.add_class("ipsim-slider")
    name.add_class("ipsim-name")
    unit.add_class("ipsim-unit")
    return w.HBox(
        [name, slider, unit],
        layout=w.Layout(flex_flow="row wrap", align_items="center", width="100%"),
    ).add_class("ipsim-row")


def amount_text(cny: float, lang: Lang) -> str:
    """A yearly amount in 万元/亿元 (zh) or CNY million/billion (en).

    Examples
    --------
    >>> amount_text(60_000_000, "zh"), amount_text(250_000_000, "zh")
    ('6,000 万元', '2.50 亿元')
    >>> amount_text(60_000_000, "en"), amount_text(2.5e9, "en")
    ('CNY 60.0 million', 'CNY 2.50 billion')
    """
    if lang == "zh":
        if abs(cny) >= 1e8:
            return f"{cny / 1e8:,.2f} {label('units.money_large', lang)}"
        return f"{cny / 1e4:,.0f} {label('units.money_small', lang)}"
    if abs(cny) >= 1e9:
        return label("explorer.cny_billion", lang, value=f"{cny / 1e9:,.2f}")
    return label("explorer.cny_million", lang, value=f"{cny / 1e6:,.1f}")


def readable(value: float, lang: Lang) -> str:
    """A number as a reader writes it: ``253,800`` (en), ``25.4万`` (zh), never ``2.538e+5``.

    Examples
    --------
    >>> readable(253_800, "en"), readable(253_800, "zh"), readable(22.68, "zh")
    ('253,800', '25.4万', '22.7')
    """
    if lang == "zh" and abs(value) >= 1e4:
        return f"{value / 1e4:,.1f}{label('explorer.wan', lang)}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) >= 1 else f"{value:.2g}"


@dataclass
class SliderUnit:
    """How a slider's value reads: ``text(value, lang)`` is the value with its unit."""

    kind: str
    """``multiple``, ``amount`` (a multiple of ``reference_cny``), ``rate``, ``additions``,
    ``unit_cost`` or ``other``."""
    reference_cny: float | None = None
    indicator: Indicator | None = None
    spec: ParamSpec | None = None

    def text(self, value: float, lang: Lang) -> str:
        """The unit beside the slider's readout of ``value`` (with the amount it stands for).

        Examples
        --------
        >>> SliderUnit("amount", 60_000_000).text(1.5, "zh")
        '倍 = 9,000 万元/年'
        >>> SliderUnit("multiple").text(1.5, "en")
        '× planned budget'
        """
        if self.kind == "amount" and self.reference_cny:
            money = amount_text(value * self.reference_cny, lang)
            return label("explorer.unit_amount", lang, amount=money)
        if self.kind == "multiple":
            return label("explorer.unit_multiple", lang)
        if self.kind == "rate":
            return label("explorer.unit_rate", lang)
        if self.kind == "additions" and self.indicator is not None:
            return label("explorer.unit_additions", lang, unit=self.indicator.unit(lang))
        if self.kind == "unit_cost":
            if lang == "zh" and abs(value) >= 1e4:
                return label("explorer.unit_cost_wan", lang, value=readable(value, lang))
            return label("explorer.unit_cost", lang)
        return self.spec.unit(lang) if self.spec is not None else ""

    def value_text(self, value: float, lang: Lang) -> str:
        """``value`` with its unit, as the "changed" mark's tooltip gives the start.

        Examples
        --------
        >>> SliderUnit("rate").value_text(0.17, "en")
        '17.0% growth a year'
        """
        number = f"{value:.1%}" if self.kind == "rate" else readable(value, lang)
        if self.kind not in ("rate", "unit_cost") and abs(value) < 1e4:
            number = f"{value:.4g}"
        if self.kind in ("amount", "multiple"):
            number = f"{value:.2f}"
        return f"{number} {self.text(value, lang)}"


def median_unit(spec: ParamSpec, fmt: str, indicator: Indicator) -> SliderUnit:
    """The unit of a median slider over ``spec`` (its readout format ``fmt``)."""
    if "%" in fmt:
        return SliderUnit("rate", spec=spec)
    if spec.name in ("additions", "unit_cost"):
        return SliderUnit(spec.name, indicator=indicator, spec=spec)
    return SliderUnit("other", spec=spec)


def unit_html(unit: SliderUnit, value: float, start: float, lang: Lang, *, moved: bool) -> str:
    """The unit beside a slider, and the "changed from baseline" mark once it is moved."""
    text = f"<span class='ipsim-value'>{html.escape(unit.text(value, lang))}</span>"
    if moved:
        was = html.escape(label("explorer.was", lang, value=unit.value_text(start, lang)))
        text += (
            f" <span class='ipsim-changed' title='{was}'>● "
            f"{html.escape(label('explorer.changed', lang))}</span>"
        )
    return text


@dataclass
class FundingControl:
    """The sliders of one funding programme: one multiple for every year, or (``per_year``) one
    per year."""

    programme: str
    multiple: w.FloatSlider
    per_year: w.Checkbox
    years: dict[int, w.FloatSlider]
    initial_multiple: float
    initial_years: dict[int, float]
    single: bool
    """Whether the starting lever is one multiple for every year (no schedule, no mapping)."""
    unit: SliderUnit = field(default_factory=lambda: SliderUnit("multiple"))
    name: w.HTML = field(init=False)
    value: w.HTML = field(init=False)
    year_unit: w.HTML = field(init=False)
    year_box: w.HBox = field(init=False)
    row: w.VBox = field(init=False)

    def __post_init__(self) -> None:
        self.name, self.value, self.year_unit = w.HTML(), w.HTML(), w.HTML()
        self.year_box = w.HBox(
            [self.year_unit, *self.years.values()],
            layout=w.Layout(flex_flow="row wrap", width="100%"),
        )
        self.row = w.VBox(
            [slider_row(self.name, self.multiple, self.value), self.per_year, self.year_box],
            layout=w.Layout(width="100%", margin="0 0 6px 0"),
        )
        self.show_years(self.per_year.value)

    @classmethod
    def build(
        cls,
        lever: Lever,
        initial_years: dict[int, float],
        *,
        single: bool,
        reference_cny: float | None = None,
    ) -> FundingControl:
        """The sliders of ``lever`` starting at its current multiple, or at ``initial_years``."""
        low = max(lever.low, FUNDING_SLIDER_STEP)  # a multiple is > 0
        top = funding_slider_top(lever.current, *initial_years.values())
        multiple_low, multiple_high = grid(lever.current, low, top, FUNDING_SLIDER_STEP)
        multiple = w.FloatSlider(
            value=lever.current,
            min=multiple_low,
            max=multiple_high,
            step=FUNDING_SLIDER_STEP,
            layout=w.Layout(**SLIDER_LAYOUT),
            continuous_update=True,
            readout_format=".2f",
        )
        years = {}
        for year, start in initial_years.items():
            year_low, year_high = grid(start, low, top, FUNDING_SLIDER_STEP)
            years[year] = w.FloatSlider(
                value=start,
                min=year_low,
                max=year_high,
                step=FUNDING_SLIDER_STEP,
                description=str(year),
                style={"description_width": "3em"},
                layout=w.Layout(flex="1 1 16em", min_width="14em", max_width="24em"),
                readout_format=".2f",
            )
        per_year = w.Checkbox(value=not single, indent=False)
        unit = SliderUnit("amount", reference_cny) if reference_cny else SliderUnit("multiple")
        return cls(lever.key, multiple, per_year, years, lever.current, initial_years, single, unit)

    @property
    def widgets(self) -> tuple[w.Widget, ...]:
        """Every control whose value sets the scenario."""
        return (self.multiple, self.per_year, *self.years.values())

    def show_years(self, per_year: bool) -> None:
        """Show the per-year sliders (the single multiple disabled), or hide them."""
        self.year_box.layout.display = None if per_year else "none"
        self.multiple.disabled = per_year

    def spread_multiple(self) -> None:
        """Start every year where the single multiple is."""
        for slider in self.years.values():
            slider.value = self.multiple.value

    def show_value(self, lang: Lang) -> None:
        """Write the multiple's value in its unit, marked once the programme is changed."""
        moved = self.setting()[0] is not None
        self.year_unit.value = html.escape(label("explorer.unit_years", lang))
        self.value.value = unit_html(
            self.unit, float(self.multiple.value), self.initial_multiple, lang, moved=moved
        )

    def setting(self) -> tuple[float | dict[int, float] | None, list[Change]]:
        """What the controls set (None while at the start) and the changes they disclose."""
        name = self.programme
        if self.per_year.value:
            values = {y: chosen(s, self.initial_years[y]) for y, s in self.years.items()}
            if values == self.initial_years:
                return None, []
            return values, self._year_changes(values)
        one = chosen(self.multiple, self.initial_multiple)
        if dict.fromkeys(self.years, one) == self.initial_years:
            return None, []
        if self.single:
            return one, [Change(f"funding.{name}.multiple", self.initial_multiple, one)]
        return one, self._year_changes(dict.fromkeys(self.years, one))

    def _year_changes(self, values: dict[int, float]) -> list[Change]:
        return [
            Change(f"funding.{self.programme}.multiple.{y}", self.initial_years[y], v)
            for y, v in values.items()
            if v != self.initial_years[y]
        ]


@dataclass
class MedianSlider:
    """The slider of a lever on an indicator's model parameter: it sets the parameter's median."""

    lever: Lever
    slider: w.FloatSlider
    unit: SliderUnit
    name: w.HTML = field(default_factory=w.HTML)
    value: w.HTML = field(default_factory=w.HTML)
    row: w.HBox = field(init=False)

    def __post_init__(self) -> None:
        self.row = slider_row(self.name, self.slider, self.value)

    @classmethod
    def build(
        cls, lever: Lever, spec: ParamSpec, value: Value, indicator: Indicator
    ) -> MedianSlider:
        """A slider over ``lever``'s range for the parameter ``spec`` now at ``value``."""
        low, high, step, fmt = slider_range(spec, value, lever)
        slider = w.FloatSlider(
            value=float(lever.current),
            min=low,
            max=high,
            step=step,
            readout_format=fmt.replace(",.4g", ",.4r"),  # 253,800 rather than 2.538e+5
            layout=w.Layout(**SLIDER_LAYOUT),
        )
        return cls(lever, slider, median_unit(spec, fmt, indicator))

    @property
    def start(self) -> float:
        return float(self.lever.current)

    def show_value(self, lang: Lang) -> None:
        """Write the value in its unit, marked once moved."""
        self.value.value = unit_html(
            self.unit,
            float(self.slider.value),
            self.start,
            lang,
            moved=moved(self.slider, self.start),
        )

    def moved(self, scenario: Scenario) -> tuple[Scenario, list[Change]]:
        """``scenario`` with the slider's median applied, and the change, once it is moved."""
        value = chosen(self.slider, self.start)
        if value == self.start:
            return scenario, []
        change = Change(f"indicators.{self.lever.key}.{self.lever.param}", self.start, value)
        return self.lever.apply(scenario, value), [change]


def moved(slider: w.FloatSlider, start: float) -> bool:
    """Whether a slider has left where it started.

    Its grid holds the start (:func:`grid`), so a browser snapping it to its step moves it by
    float noise only, which does not count; any real move does, even one typed off the grid into
    the readout box (which the browser does not snap).
    """
    return abs(float(slider.value) - start) > 1e-6 * float(slider.step)


def chosen(slider: w.FloatSlider, start: float) -> float:
    """The value a slider sets: its start unless moved, else its value without float noise."""
    return float(f"{float(slider.value):.12g}") if moved(slider, start) else start


def grid(start: float, low: float, high: float, step: float) -> tuple[float, float]:
    """Minimum and maximum of a slider of ``step`` whose grid holds ``start``, within
    ``[low, high]`` widened to hold ``start``.

    Examples
    --------
    >>> [round(x, 9) for x in grid(1.37, 0.05, 3.0, 0.05)]
    [0.07, 2.97]
    """
    low, high = min(low, start), max(high, start)
    below = math.floor((start - low) / step + 1e-9)
    above = math.floor((high - start) / step + 1e-9)
    return round(start - below * step, 10), round(start + above * step, 10)  # no 0.0499999


def slider_range(spec: ParamSpec, value: Value, lever: Lever) -> tuple[float, float, float, str]:
    """Range, step and readout of a median slider.

    The range is the parameter's :meth:`~ipsim.models.base.ParamSpec.slider_range` around the
    lever's current value, narrowed so that a distribution whose support moves with its median
    stays a step inside the parameter's bounds, and widened to hold the start, which is on the
    grid.

    Examples
    --------
    >>> from ipsim.levers import levers_of
    >>> from ipsim.models import MODELS
    >>> from ipsim.scenario import load_scenario
    >>> s = load_scenario("baseline")
    >>> lever = levers_of(s)["growth.invention_apps"]
    >>> indicator = s.indicators[lever.key]
    >>> spec = MODELS[indicator.model].param(lever.param)
    >>> low, high, step, fmt = slider_range(spec, indicator.params[lever.param], lever)
    >>> round(low, 6), round(high, 6), step, fmt
    (-0.3, 0.8, 0.005, '.1%')
    """
    current = float(lever.current)
    low, high, step, fmt = spec.slider_range(current)
    low, high = _spread_inside(spec, value, current, low, high, step)
    low, high = grid(current, low, high, step)
    return low, high, step, fmt


def _spread_inside(
    spec: ParamSpec, value: Value, current: float, low: float, high: float, step: float
) -> tuple[float, float]:
    """Narrow ``[low, high]`` so that ``value`` moved to its median there keeps its whole support
    a step inside ``spec``'s bounds, when its family's support moves with the median (a location
    family; a scale family or a constant stays inside as it is)."""
    if not (isinstance(value, Distribution) and value.median_move.shifts_support):
        return low, high
    below, above = value.support
    if math.isfinite(spec.low):
        low = max(low, spec.low + (current - below) + step)
    if math.isfinite(spec.high):
        high = min(high, spec.high - (above - current) - step)
    return low, high
