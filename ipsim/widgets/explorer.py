"""The scenario explorer: sliders generated from a scenario, a live status board and fan chart."""

from __future__ import annotations

import asyncio
import html
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w
import numpy as np

from ipsim.assess import Assessment, assess
from ipsim.board import board_html
from ipsim.distributions import Distribution, Value, median_of, with_median
from ipsim.errors import IpsimError
from ipsim.fanspec import fan_spec, fan_title
from ipsim.i18n import Lang, label
from ipsim.models import MODELS
from ipsim.models.base import ParamSpec
from ipsim.scenario import READINGS, Scenario, dump_scenario, load_scenario
from ipsim.simulate import simulate
from ipsim.style import FONT, theme_config

DRAWS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
_WIDE = {"description_width": "300px"}
_TEXT = {
    "takes": ("What it takes", "达成所需"),
    "wanted": ("wanted P(met)", "目标达成概率"),
    "seek": ("Find the funding needed", "计算所需投入"),
    "needed": (
        "{target}: P(met) >= {p:.0%} needs {lever} at {value:.2f} x the planned budget "
        "(Monte Carlo range {lo:.2f}-{hi:.2f}); now {now:.2f} x gives {pnow:.0%}.",
        "{target}：达成概率达到{p:.0%}需要{lever}为计划预算的{value:.2f}倍"
        "（蒙特卡洛区间 {lo:.2f}–{hi:.2f}）；当前{now:.2f}倍时为{pnow:.0%}。",
    ),
    "unreachable": (
        "{target}: {lever} up to {high:g} x the planned budget reaches only {best:.0%}: "
        "funding alone will not do it.",
        "{target}：{lever}即使增至计划预算的{high:g}倍，达成概率也仅为{best:.0%}，单靠资金无法达成。",
    ),
    "no_lever": (
        "{target}: no funding programme drives this indicator.",
        "{target}：该指标不受资金项目影响。",
    ),
    "funding": ("Funding (multiple of the planned budget)", "资金投入（计划预算的倍数）"),
    "per_year": ("per year", "逐年设定"),
    "growth": ("Growth assumptions (median)", "增长假设（中位数）"),
    "run": ("Run", "运行设置"),
    "draws": ("draws", "模拟次数"),
    "reading": ("growth targets read as", "年均增长解读"),
    "target": ("fan chart of", "扇形图目标"),
    "reset": ("Reset", "重置"),
    "save": ("Save scenario", "保存情景"),
    "load": ("Load scenario", "载入情景"),
    "path": ("file", "文件"),
    "brief": ("Export briefing", "导出简报"),
    "briefed": ("briefing written", "简报已导出"),
    "saved": ("saved", "已保存"),
    "loaded": ("loaded", "已载入"),
    "invalid": ("these settings are not a valid scenario", "当前设置不构成有效情景"),
    "save_failed": ("could not save", "保存失败"),
    "load_failed": ("could not load", "载入失败"),
}


def _t(key: str, lang: Lang) -> str:
    en, zh = _TEXT[key]
    return zh if lang == "zh" else en


@dataclass
class _FundingControl:
    programme: str
    multiple: w.FloatSlider
    per_year: w.Checkbox
    years: dict[int, w.FloatSlider]
    initial_multiple: float
    initial_years: dict[int, float]
    initial_per_year: bool
    row: w.VBox = field(init=False)


class ScenarioExplorer:
    """Sliders for every assumption a scenario declares, with a live board and fan chart.

    Parameters
    ----------
    scenario : Scenario, path or bundled name
        Where the controls start (``reset`` returns here).
    lang : {"zh", "en"}
    target : str, optional
        Target of the fan chart (default: the plan's first).
    debounce : float
        Seconds to wait after the last change before recomputing (0: at once). In a running
        notebook this keeps a dragged slider smooth; outside one, updates are immediate.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What the notebook shows (the explorer displays itself too).
    last_update_seconds : float
        Wall time of the last recomputation (simulate, assess, board, chart).

    Examples
    --------
    >>> explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
    >>> explorer.scenario.name, len(explorer.assessment.targets)
    ('baseline', 18)
    >>> explorer.funding_slider("creation").value = 1.5
    >>> explorer.scenario.funding["creation"].multiple
    1.5
    """

    def __init__(
        self,
        scenario: Scenario | str | Path = "baseline",
        *,
        lang: Lang = "zh",
        target: str | None = None,
        debounce: float = 0.15,
    ) -> None:
        self._start = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self._base = self._start
        self._scenario = self._start
        self._assessment: Assessment | None = None
        self._lang: Lang = lang
        self._debounce = debounce
        self._pending: asyncio.TimerHandle | None = None
        self._quiet = False
        self.last_update_seconds = math.nan
        self._error_shown = False

        self._board = w.HTML()
        self._chart = w.HTML()
        self._message = w.HTML()
        self._language = w.ToggleButtons(options=[("中文", "zh"), ("English", "en")], value=lang)
        self._language.observe(self._language_changed, names="value")
        self._target = w.Dropdown(style=_WIDE, layout=w.Layout(width="640px"))
        self._reading = w.ToggleButtons(style=_WIDE)
        self._draws = w.Dropdown(style=_WIDE)
        self._path = w.Text(layout=w.Layout(width="320px"), placeholder="my-scenario.yaml")
        self._reset_button = w.Button(icon="")
        self._save_button = w.Button(icon="")
        self._load_button = w.Button(icon="")
        self._reset_button.on_click(lambda _: self.reset())
        self._save_button.on_click(lambda _: self._save_clicked())
        self._load_button.on_click(lambda _: self._load_clicked())
        self._brief_button = w.Button()
        self._brief_button.on_click(lambda _: self._brief_clicked())
        self._wanted = w.FloatSlider(
            value=0.8, min=0.5, max=0.95, step=0.05, readout_format=".0%", style=_WIDE
        )
        self._seek_button = w.Button()
        self._seek_button.on_click(lambda _: self.what_it_takes())
        self._takes = w.HTML()
        self._funding: dict[str, _FundingControl] = {}
        self._growth: dict[str, tuple[w.FloatSlider, float, str]] = {}
        self._sections = w.Accordion()
        for control in (self._target, self._reading, self._draws):
            control.observe(self._changed, names="value")
        self._build_controls(target)
        buttons = w.HBox(
            [
                self._reset_button,
                self._path,
                self._save_button,
                self._load_button,
                self._brief_button,
            ]
        )
        self.widget = w.VBox(
            [
                self._language,
                self._sections,
                buttons,
                self._message,
                w.HBox([self._board, self._chart]),
            ]
        )
        self.refresh()

    # -- what analysts carry on with -----------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        """The scenario the controls describe now."""
        return self._scenario

    @property
    def assessment(self) -> Assessment:
        """The assessment of :attr:`scenario` shown on the board."""
        assert self._assessment is not None
        return self._assessment

    def funding_slider(self, programme: str) -> w.FloatSlider:
        """The multiple slider of a funding programme."""
        return self._funding[programme].multiple

    def growth_slider(self, indicator: str) -> w.FloatSlider:
        """The median slider of an indicator's trend parameter."""
        return self._growth[indicator][0]

    @property
    def controls(self) -> dict[str, w.Widget]:
        """Every control by name: ``funding.<programme>``, ``growth.<indicator>``, ``draws``..."""
        out: dict[str, w.Widget] = {f"funding.{p}": c.multiple for p, c in self._funding.items()}
        out.update({f"growth.{i}": s for i, (s, _, _) in self._growth.items()})
        out.update(
            {
                "draws": self._draws,
                "reading": self._reading,
                "target": self._target,
                "language": self._language,
                "path": self._path,
                "reset": self._reset_button,
                "save": self._save_button,
                "load": self._load_button,
                "wanted": self._wanted,
                "what_it_takes": self._seek_button,
                "brief": self._brief_button,
            }
        )
        return out

    @property
    def chart_svg(self) -> str:
        """The fan chart as drawn now (SVG)."""
        return str(self._chart.value)

    @property
    def board(self) -> str:
        """The status board as drawn now (HTML)."""
        return str(self._board.value)

    # -- actions -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the scenario from the controls, simulate, assess, and redraw board and chart."""
        import vl_convert

        self._pending = None
        start = time.perf_counter()
        try:
            scenario = self._from_controls()
        except IpsimError as err:
            self._show_error("invalid", err)
            return
        if self._error_shown:
            self._message.value = ""
            self._error_shown = False
        self._scenario = scenario
        self._assessment = assess(simulate(scenario))
        self._board.value = board_html(self._assessment, self._lang)
        target = self._target.value
        title, subtitle = fan_title(self._assessment, target, self._lang)
        spec = fan_spec(
            self._assessment, target, lang=self._lang, width=440, height=260, titled=False
        )
        svg = vl_convert.vegalite_to_svg({**spec, "config": theme_config()})
        lines = "".join(f"<div style='color:#444'>{html.escape(line)}</div>" for line in subtitle)
        self._chart.value = (
            f"<div style='font-family:{FONT}'><div style='font-size:15px'><b>"
            f"{html.escape(title)}</b></div>{lines}{svg}</div>"
        )
        self.last_update_seconds = time.perf_counter() - start

    def what_it_takes(self) -> Any:
        """Goal-seek the funding the selected target needs for the wanted P(met); show and return it."""
        import vl_convert

        from ipsim.charts.what_it_takes import prob_vs_lever
        from ipsim.goalseek import goal_seek, sweep

        target = self._target.value
        plan = self._scenario.load_plan()
        name = plan.target(target).label(self._lang)
        answer = goal_seek(
            self._scenario,
            target,
            lever="funding",
            probability=float(self._wanted.value),
            draws=min(self._scenario.draws, 10_000),
        )
        programmes = {f"funding.{p.id}": p.label(self._lang) for p in plan.funding_programmes}
        shown = programmes.get(answer.lever, answer.lever)
        if answer.value_lo is None and answer.value is None and answer.unit == "":
            text = _t("no_lever", self._lang).format(target=name)
            chart = ""
        else:
            if answer.feasible:
                text = _t("needed", self._lang).format(
                    target=name,
                    p=answer.probability,
                    lever=answer.lever,
                    value=answer.value,
                    lo=answer.value_lo if answer.value_lo is not None else answer.value,
                    hi=answer.value_hi if answer.value_hi is not None else answer.value,
                    now=answer.current_value,
                    pnow=answer.p_met_now,
                )
            else:
                text = _t("unreachable", self._lang).format(
                    target=name, lever=shown, high=answer.bounds[1], best=answer.best_p_met
                )
            grid = np.linspace(0.25, max(3.0, (answer.value or 0) * 1.2), 12)
            curve = sweep(self._scenario, answer.lever, grid, targets=[target], draws=2_000)
            spec = prob_vs_lever(curve, answer, lang=self._lang).to_dict(validate=False)
            chart = vl_convert.vegalite_to_svg(spec)
        self._takes.value = (
            f"<div style='font-family:{FONT}'><p>{html.escape(text)}</p>{chart}</div>"
        )
        return answer

    def reset(self) -> None:
        """Put every control back where the starting scenario has it."""
        self._base = self._start
        self._build_controls(self._target.value)
        self._message.value = ""
        self.refresh()

    def save(self, path: str | Path) -> Path:
        """Write the current scenario to ``path`` (atomically) and return the path."""
        path = Path(path)
        dump_scenario(self.scenario, path)
        return path

    def load(self, path: str | Path) -> None:
        """Load a scenario file and rebuild the controls from it."""
        self._start = self._base = load_scenario(path)
        self._build_controls(None)
        self.refresh()

    def _show_error(self, what: str, err: Exception) -> None:
        self._message.value = (
            f"<span style='color:#b2182b'>{html.escape(_t(what, self._lang))}: "
            f"{html.escape(str(err))}</span>"
        )
        self._error_shown = True

    def export_brief(self, path: str | Path) -> Path:
        """Write the briefing of the scenario on screen (see :func:`ipsim.brief.brief`)."""
        from ipsim.brief import write_brief

        return write_brief(self.scenario, path, lang=self._lang)

    def _brief_clicked(self) -> None:
        typed = self._path.value.strip()
        target = (
            Path(typed).with_suffix(".html")
            if typed
            else Path(f"{self.scenario.name}-briefing.html")
        )
        try:
            written = self.export_brief(target)
        except (OSError, IpsimError) as err:
            self._show_error("save_failed", err)
        else:
            self._message.value = f"{_t('briefed', self._lang)}: {html.escape(str(written))}"

    def _save_clicked(self) -> None:
        try:
            saved = self.save(self._path.value or f"{self.scenario.name}.yaml")
        except (OSError, IpsimError) as err:
            self._show_error("save_failed", err)
        else:
            self._message.value = (
                f"{_t('saved', self._lang)}: {saved} (sha256 {self.scenario.sha256[:12]})"
            )

    def _load_clicked(self) -> None:
        try:
            self.load(self._path.value)
        except (OSError, IpsimError) as err:
            self._show_error("load_failed", err)
        else:
            self._message.value = f"{_t('loaded', self._lang)}: {self._path.value}"

    # -- building controls from the scenario's declarations -----------------------------------
    def _build_controls(self, target: str | None) -> None:
        self._quiet = True
        for old in self._funding.values():
            for widget in (old.multiple, old.per_year, *old.years.values()):
                widget.close()
        for slider, _, _ in self._growth.values():
            slider.close()
        base, lang = self._base, self._lang
        plan = base.load_plan()
        targets = [(t.label(lang), t.id) for t in plan.targets if t.indicator in base.indicators]
        self._target.options = targets
        self._target.value = target if target in [v for _, v in targets] else targets[0][1]
        self._reading.options = [(label(r, lang), r) for r in READINGS]
        self._reading.value = base.reading
        self._draws.options = sorted({*DRAWS, base.draws})
        self._draws.value = base.draws

        self._funding = {}
        programmes = {p.id: p for p in plan.funding_programmes}
        for name, lever in base.funding.items():
            years = list(range(lever.from_year or base.base_year + 1, base.horizon + 1))
            initial_years = {y: lever.ratio(y, base.base_year) for y in years}
            initial = (
                float(lever.multiple)
                if isinstance(lever.multiple, float | int) and lever.schedule_cny is None
                else 1.0
            )
            programme = programmes.get(name)
            text = programme.label(lang) if programme is not None else name
            top = max(3.0, math.ceil(1.5 * max(initial, *initial_years.values(), 1.0)))
            multiple = w.FloatSlider(
                value=initial,
                min=0.05,
                max=top,
                step=0.05,
                description=text,
                style=_WIDE,
                layout=w.Layout(width="640px"),
                continuous_update=True,
                readout_format=".2f",
            )
            per_year = w.Checkbox(
                value=lever.schedule_cny is not None or not isinstance(lever.multiple, float | int),
                description=_t("per_year", lang),
                indent=False,
            )
            sliders = {
                y: w.FloatSlider(
                    value=v,
                    min=0.05,
                    max=top,
                    step=0.05,
                    description=str(y),
                    layout=w.Layout(width="300px"),
                    readout_format=".2f",
                )
                for y, v in initial_years.items()
            }
            control = _FundingControl(
                name, multiple, per_year, sliders, initial, initial_years, per_year.value
            )
            year_box = w.HBox(list(sliders.values()), layout=w.Layout(flex_flow="row wrap"))
            year_box.layout.display = None if per_year.value else "none"
            control.row = w.VBox([w.HBox([multiple, per_year]), year_box])

            multiple.disabled = per_year.value

            def toggled(
                change: dict[str, Any], box: w.HBox = year_box, c: _FundingControl = control
            ) -> None:
                box.layout.display = None if change["new"] else "none"
                c.multiple.disabled = change["new"]
                if change["new"]:  # start every year where the single multiple was
                    self._quiet = True
                    for slider in c.years.values():
                        slider.value = c.multiple.value
                    self._quiet = False

            per_year.observe(toggled, names="value")
            for widget in (multiple, per_year, *sliders.values()):
                widget.observe(self._changed, names="value")
            self._funding[name] = control

        self._growth = {}
        growth_rows = []
        for ident, spec in base.indicators.items():
            param = MODELS[spec.model].lever_param
            if param is None or param not in spec.params:
                continue
            current = median_of(spec.params[param])
            low, high, step, fmt = _slider_range(
                MODELS[spec.model].param(param), spec.params[param], current
            )
            slider = w.FloatSlider(
                value=current,
                min=low,
                max=high,
                step=step,
                readout_format=fmt,
                description=f"{plan.indicator(ident).label(lang)}",
                style=_WIDE,
                layout=w.Layout(width="640px"),
            )
            slider.observe(self._changed, names="value")
            self._growth[ident] = (slider, current, param)
            growth_rows.append(slider)

        run = w.VBox([self._draws, self._reading, self._target])
        self._draws.description = _t("draws", lang)
        self._reading.description = _t("reading", lang)
        self._target.description = _t("target", lang)
        self._wanted.description = _t("wanted", lang)
        self._seek_button.description = _t("seek", lang)
        self._sections.children = [
            w.VBox([c.row for c in self._funding.values()]),
            w.VBox(growth_rows),
            run,
            w.VBox([w.HBox([self._wanted, self._seek_button]), self._takes]),
        ]
        for i, key in enumerate(("funding", "growth", "run", "takes")):
            self._sections.set_title(i, _t(key, lang))
        self._sections.selected_index = 0
        self._reset_button.description = _t("reset", lang)
        self._save_button.description = _t("save", lang)
        self._load_button.description = _t("load", lang)
        self._brief_button.description = _t("brief", lang)
        self._path.description = _t("path", lang)
        self._quiet = False

    def _from_controls(self) -> Scenario:
        s = self._base
        for name, c in self._funding.items():
            mode_changed = c.per_year.value != c.initial_per_year
            if c.per_year.value:
                chosen = {y: float(slider.value) for y, slider in c.years.items()}
                if mode_changed or chosen != c.initial_years:
                    s = s.with_funding(name, multiple=chosen)
            elif mode_changed or float(c.multiple.value) != c.initial_multiple:
                s = s.with_funding(name, multiple=float(c.multiple.value))
        for ident, (slider, initial, param) in self._growth.items():
            if float(slider.value) != initial:
                spec = s.indicators[ident]
                s = s.with_value(ident, param, with_median(spec.params[param], float(slider.value)))
        return s.with_run(draws=int(self._draws.value)).with_reading(self._reading.value)

    # -- events ------------------------------------------------------------------------------
    def _changed(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        if self._debounce <= 0:
            self.refresh()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.refresh()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self._debounce, self.refresh)

    def _language_changed(self, change: dict[str, Any]) -> None:
        self._lang = change["new"]
        try:
            self._base = self._from_controls()  # keep what is on screen
        except IpsimError as err:
            self._show_error("invalid", err)
        self._build_controls(self._target.value)
        self.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _slider_range(
    bounds: ParamSpec, value: Value, current: float
) -> tuple[float, float, float, str]:
    """Range, step and readout of a median slider: around ``current``, always containing it, and
    never so far that the input's spread would cross its parameter's bounds."""
    if bounds.low == -1.0:  # a growth rate
        low, high, step, fmt = (
            min(-0.3, current - 0.1),
            max(0.8, 2 * current, current + 0.1),
            0.005,
            ".1%",
        )
    elif bounds.low < 0:  # a logit change
        low, high, step, fmt = min(-2.0, current - 0.5), max(3.0, current + 0.5), 0.05, ".2f"
    else:
        top = max(1.0, 3 * current)
        low, high, step, fmt = top / 200, top, top / 200, ",.4g"
    if isinstance(value, Distribution) and value.family not in ("growth_t", "lognormal", "gamma"):
        below, above = value.support
        if math.isfinite(bounds.low):
            low = max(low, bounds.low + (current - below) + step)
        if math.isfinite(bounds.high):
            high = min(high, bounds.high - (above - current) - step)
    return min(low, current), max(high, current), step, fmt
