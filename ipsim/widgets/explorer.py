"""The scenario explorer: sliders generated from a scenario, a live status board and fan chart.

The sliders are the scenario's levers (:func:`ipsim.levers.levers_of`): one budget multiple per
funding programme (or one per year), and one median per indicator whose model family declares a
lever parameter (:attr:`ipsim.models.base.Model.lever_param`), its spread kept
(:func:`ipsim.distributions.with_median`). A median slider spans the parameter's
:meth:`~ipsim.models.base.ParamSpec.slider_range`, a budget slider up to
:func:`ipsim.levers.funding_slider_top`, narrowed where a distribution whose support
moves with its median would cross the parameter's bounds, and its grid holds the start. So a
family registered anywhere gets a working slider, and nothing here names a family or a
parameter. Every word comes from :mod:`ipsim.i18n.explorer` (keys ``explorer.*``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import html
import math
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import ipywidgets as w
import numpy as np

from ipsim._args import language, one_of, shown
from ipsim.assess import Assessment, TargetAssessment, assess
from ipsim.distributions import Distribution, Value
from ipsim.errors import IpsimError, ScenarioError
from ipsim.i18n import Lang, label
from ipsim.levers import FUNDING_SLIDER_STEP, Lever, funding_slider_top, levers_of
from ipsim.models import MODELS
from ipsim.models.base import ParamSpec
from ipsim.probability import format_probability
from ipsim.scenario import (
    READINGS,
    Change,
    FundingLever,
    Modification,
    Reading,
    Scenario,
    dump_scenario,
    load_scenario,
    loads_scenario,
)
from ipsim.simulate import resimulate, simulate
from ipsim.views.board import board_html
from ipsim.views.fan import fan_spec, fan_title
from ipsim.views.style import FONT, theme_config

DRAWS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
FILES = ("server", "browser")
MAX_UPLOAD_BYTES = 1_000_000
"""Largest scenario file the page accepts as an upload (bundled scenarios are about 20 kB)."""
MODIFIED = (label("explorer.modified", "en"), label("explorer.modified", "zh"))
"""Suffix of a modified scenario's name and English title, and of its Chinese title."""
_WIDE = {"description_width": "300px"}


@dataclass
class _FundingControl:
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
    year_box: w.HBox = field(init=False)
    row: w.VBox = field(init=False)

    def __post_init__(self) -> None:
        self.year_box = w.HBox(list(self.years.values()), layout=w.Layout(flex_flow="row wrap"))
        self.row = w.VBox([w.HBox([self.multiple, self.per_year]), self.year_box])
        self.show_years(self.per_year.value)

    @classmethod
    def build(
        cls, lever: Lever, initial_years: dict[int, float], *, single: bool
    ) -> _FundingControl:
        """The sliders of ``lever`` starting at its current multiple, or at ``initial_years``."""
        low = max(lever.low, FUNDING_SLIDER_STEP)  # a multiple is > 0
        top = funding_slider_top(lever.current, *initial_years.values())
        multiple_low, multiple_high = _grid(lever.current, low, top, FUNDING_SLIDER_STEP)
        multiple = w.FloatSlider(
            value=lever.current,
            min=multiple_low,
            max=multiple_high,
            step=FUNDING_SLIDER_STEP,
            style=_WIDE,
            layout=w.Layout(width="640px"),
            continuous_update=True,
            readout_format=".2f",
        )
        years = {}
        for year, start in initial_years.items():
            year_low, year_high = _grid(start, low, top, FUNDING_SLIDER_STEP)
            years[year] = w.FloatSlider(
                value=start,
                min=year_low,
                max=year_high,
                step=FUNDING_SLIDER_STEP,
                description=str(year),
                layout=w.Layout(width="300px"),
                readout_format=".2f",
            )
        per_year = w.Checkbox(value=not single, indent=False)
        return cls(lever.key, multiple, per_year, years, lever.current, initial_years, single)

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

    def setting(self) -> tuple[float | dict[int, float] | None, list[Change]]:
        """What the controls set (None while at the start) and the changes they disclose."""
        name = self.programme
        if self.per_year.value:
            values = {y: _chosen(s, self.initial_years[y]) for y, s in self.years.items()}
            if values == self.initial_years:
                return None, []
            return values, self._year_changes(values)
        one = _chosen(self.multiple, self.initial_multiple)
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
class _MedianSlider:
    """The slider of a lever on an indicator's model parameter: it sets the parameter's median."""

    lever: Lever
    slider: w.FloatSlider

    @classmethod
    def build(cls, lever: Lever, spec: ParamSpec, value: Value) -> _MedianSlider:
        """A slider over ``lever``'s range for the parameter ``spec`` now at ``value``."""
        low, high, step, fmt = _slider_range(spec, value, lever)
        slider = w.FloatSlider(
            value=float(lever.current),
            min=low,
            max=high,
            step=step,
            readout_format=fmt,
            style=_WIDE,
            layout=w.Layout(width="640px"),
        )
        return cls(lever, slider)

    @property
    def start(self) -> float:
        return float(self.lever.current)

    def moved(self, scenario: Scenario) -> tuple[Scenario, list[Change]]:
        """``scenario`` with the slider's median applied, and the change, once it is moved."""
        value = _chosen(self.slider, self.start)
        if value == self.start:
            return scenario, []
        change = Change(f"indicators.{self.lever.key}.{self.lever.param}", self.start, value)
        return self.lever.apply(scenario, value), [change]


class ScenarioExplorer:
    """Sliders for every assumption a scenario declares, with a live board and fan chart.

    Until a control is moved, :attr:`scenario` is the starting scenario itself, bit for bit: a
    control counts as moved only when it is more than half a step from where it started, so the
    browser snapping a slider to its grid changes nothing. Once one is moved, the scenario's name
    and titles say "(modified)" and its ``modified`` record lists every changed input, from what
    to what; a control moved back to its start leaves the list. Switching language relabels the
    controls and never changes a number.

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
    files : {"server", "browser"}
        Where Save, Load and Export briefing go. ``"server"`` (a notebook on one's own machine):
        a file box naming paths where the kernel runs. ``"browser"`` (the dashboard, which others
        may open): Save and Export briefing offer a download, Load takes an upload that may name
        only a bundled plan; the page never shows or accepts a server path.

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
    >>> explorer.scenario.funding["creation"].multiple, explorer.scenario.name
    (1.5, 'baseline (modified)')
    >>> explorer.scenario.modified.changes
    (Change(input='funding.creation.multiple', before=1.0, after=1.5),)
    """

    def __init__(
        self,
        scenario: Scenario | str | Path = "baseline",
        *,
        lang: Lang = "zh",
        target: str | None = None,
        debounce: float = 0.15,
        files: Literal["server", "browser"] = "server",
    ) -> None:
        self._lang: Lang = cast(Lang, language(lang))
        self._files = str(one_of("files", files, FILES))
        self._start = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self._start_sha256 = ""
        self._scenario = self._start
        self._assessment: Assessment | None = None
        self._debounce = debounce
        self._pending: asyncio.TimerHandle | None = None
        self._quiet = False
        self.last_update_seconds = math.nan
        self._error_shown = False
        self._links: dict[str, str] = {}
        self._confirm: Path | None = None  # an existing file the next click may replace
        self._ids: list[str] = []
        self._funding: dict[str, _FundingControl] = {}
        self._medians: dict[str, _MedianSlider] = {}
        self._make_views()
        self._make_run_controls()
        self._make_file_buttons()
        self._make_seek_controls()
        self._sections = w.Accordion()
        self._build_controls(target)
        self.widget = self._layout()
        self.refresh()

    def _make_views(self) -> None:
        """What the explorer shows: board, chart, messages, disclosure, downloads."""
        self._board = w.HTML()
        self._chart = w.HTML()
        self._message = w.HTML()
        self._note = w.HTML()
        self._download = w.HTML()
        self._takes = w.HTML()

    def _make_run_controls(self) -> None:
        """The language switch, the fan chart's target, the reading and the draws."""
        languages = [
            (label("explorer.chinese", "zh"), "zh"),
            (label("explorer.english", "en"), "en"),
        ]
        self._language = w.ToggleButtons(options=languages, value=self._lang)
        self._language.observe(self._language_changed, names="value")
        self._target = w.Dropdown(style=_WIDE, layout=w.Layout(width="640px"))
        self._reading = w.ToggleButtons(style=_WIDE)
        self._draws = w.Dropdown(style=_WIDE)

    def _make_file_buttons(self) -> None:
        """Reset, Save, Load (a path box, or an upload in the browser) and Export briefing."""
        self._path = w.Text(layout=w.Layout(width="320px"), placeholder="my-scenario.yaml")
        self._upload = w.FileUpload(accept=".yaml,.yml", multiple=False, icon="")
        self._upload.observe(self._uploaded, names="value")
        self._reset_button = w.Button(icon="")
        self._save_button = w.Button(icon="")
        self._load_button = w.Button(icon="")
        self._reset_button.on_click(lambda _: self.reset())
        self._save_button.on_click(lambda _: self._save_clicked())
        self._load_button.on_click(lambda _: self._load_clicked())
        self._brief_button = w.Button()
        self._brief_button.on_click(lambda _: self._brief_clicked())

    def _make_seek_controls(self) -> None:
        """The wanted P(met) and the button that seeks what it takes."""
        self._wanted = w.FloatSlider(
            value=0.8, min=0.5, max=0.95, step=0.05, readout_format=".0%", style=_WIDE
        )
        self._seek_button = w.Button()
        self._seek_button.on_click(lambda _: self.what_it_takes())
        for control in (self._target, self._reading, self._draws):
            control.observe(self._changed, names="value")

    def _layout(self) -> w.VBox:
        files_row: list[w.Widget] = (
            [self._save_button, self._upload, self._brief_button]
            if self._files == "browser"
            else [self._path, self._save_button, self._load_button, self._brief_button]
        )
        return w.VBox(
            [
                self._language,
                self._sections,
                w.HBox([self._reset_button, *files_row]),
                self._message,
                self._download,
                self._note,
                w.HBox([self._board, self._chart]),
            ]
        )

    # -- what analysts carry on with -----------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        """The scenario the controls describe now (the starting one until a control is moved)."""
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
        return self._medians[indicator].slider

    @property
    def controls(self) -> dict[str, w.Widget]:
        """Every control by name: ``funding.<programme>``, ``growth.<indicator>``, ``draws``...

        ``path`` and ``load`` exist with ``files="server"``, ``upload`` with ``files="browser"``.
        """
        out: dict[str, w.Widget] = {f"funding.{p}": c.multiple for p, c in self._funding.items()}
        out.update({m.lever.name: m.slider for m in self._medians.values()})
        out.update(
            {
                "draws": self._draws,
                "reading": self._reading,
                "target": self._target,
                "language": self._language,
                "reset": self._reset_button,
                "save": self._save_button,
                "wanted": self._wanted,
                "what_it_takes": self._seek_button,
                "brief": self._brief_button,
            }
        )
        if self._files == "browser":
            out["upload"] = self._upload
        else:
            out.update({"path": self._path, "load": self._load_button})
        return out

    @property
    def sliders(self) -> list[w.FloatSlider]:
        """Every slider that sets a scenario input (funding multiples, per-year budgets, medians)."""
        out = []
        for c in self._funding.values():
            out += [c.multiple, *c.years.values()]
        return out + [m.slider for m in self._medians.values()]

    @property
    def chart_svg(self) -> str:
        """The fan chart as drawn now (SVG)."""
        return str(self._chart.value)

    @property
    def board(self) -> str:
        """The status board as drawn now (HTML)."""
        return str(self._board.value)

    @property
    def downloads(self) -> str:
        """The download links on offer now (HTML; ``files="browser"``)."""
        return str(self._download.value)

    # -- actions -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the scenario from the controls, simulate, assess, and redraw board and chart.

        When the controls describe the scenario already shown (a target change, a slider
        snapped to its grid), nothing is simulated again.
        """
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
        changed = self._assessment is None or scenario != self._scenario
        if changed:
            self._scenario = scenario
            previous = self._assessment.result if self._assessment is not None else None
            # only the indicators a moved control drives are simulated again (same numbers)
            result = simulate(scenario) if previous is None else resimulate(previous, scenario)
            self._assessment = assess(result)
        self._draw()
        if changed:
            self._show_modified()  # after the board and chart, which it describes
            if self._links:  # links of an earlier state are withdrawn
                self._links = {}
                self._download.value = ""
        self.last_update_seconds = time.perf_counter() - start

    def _draw(self) -> None:
        """Draw the board and the chart of the current assessment in the current language."""
        from ipsim._resources import check_chart_renderer

        check_chart_renderer()  # V8 aborts the process under a low ulimit -v
        import vl_convert

        assessment = self.assessment
        self._board.value = board_html(assessment, self._lang)
        target = self._target.value
        title, subtitle = fan_title(assessment, target, self._lang)
        spec = fan_spec(assessment, target, lang=self._lang, width=440, height=260, titled=False)
        svg = vl_convert.vegalite_to_svg({**spec, "config": theme_config()})
        lines = "".join(f"<div style='color:#444'>{html.escape(line)}</div>" for line in subtitle)
        self._chart.value = (
            f"<div style='font-family:{FONT}'><div style='font-size:15px'><b>"
            f"{html.escape(title)}</b></div>{lines}{svg}</div>"
        )

    def _show_modified(self) -> None:
        from ipsim.views.brief import modification_html

        self._note.value = (
            f"<div style='font-family:{FONT};font-size:13px'>"
            f"{modification_html(self._scenario, self._lang)}</div>"
            if self._scenario.modified is not None
            else ""
        )

    def what_it_takes(self, lever: str = "funding") -> Any:
        """Goal-seek the selected target for the wanted P(met) on ``lever``; show and return it.

        ``lever`` is ``"funding"`` (the target's funding programme, what the button seeks),
        ``"growth"`` (its own trend or, for funded units, its unit cost) or a lever name. Where
        more of the lever helps, the message gives the smallest setting that reaches the wanted
        P(met) ("at least"); where more hurts (a unit cost), the largest that still does ("at
        most"). A target decided by published figures is said to be decided: no lever changes it.
        """
        from ipsim._resources import check_chart_renderer

        check_chart_renderer()  # V8 aborts the process under a low ulimit -v
        from ipsim.analysis.goalseek import goal_seek

        target = self._target.value
        name = self._scenario.load_plan().target(target).label(self._lang)
        answer = goal_seek(
            self._scenario,
            target,
            lever=lever,
            probability=float(self._wanted.value),
            draws=min(self._scenario.draws, 10_000),
        )
        assessed = self.assessment.target(target)
        chart = ""
        if assessed.decided is not None:
            text = self._decided_text(assessed, name)
        elif answer.value_lo is None and answer.value is None and answer.unit == "":
            key = "explorer.no_lever" if lever == "funding" else "explorer.no_lever_other"
            text = label(key, self._lang, target=name, lever=lever)
        else:
            text = _answer_text(answer, name, self._scenario, self._lang)
            text += _theta_text(answer, self._lang)
            chart = self._takes_chart(answer, target)
        self._takes.value = (
            f"<div style='font-family:{FONT}'><p>{html.escape(text)}</p>{chart}</div>"
        )
        return answer

    def _decided_text(self, assessed: TargetAssessment, name: str) -> str:
        from ipsim.views.board import decided_text, is_share

        share = is_share(self.assessment, assessed)
        verdict = decided_text(assessed, self._lang, share=share)
        return label("explorer.decided", self._lang, target=name, verdict=verdict)

    def _takes_chart(self, answer: Any, target: str) -> str:
        """P(met) of ``target`` against the answer's lever, as SVG."""
        import vl_convert

        from ipsim.analysis.goalseek import sweep
        from ipsim.charts.what_it_takes import prob_vs_lever

        curve = sweep(
            self._scenario, answer.lever, _sweep_grid(answer), targets=[target], draws=2_000
        )
        spec = prob_vs_lever(curve, answer, lang=self._lang).to_dict(validate=False)
        return str(vl_convert.vegalite_to_svg(spec))

    def reset(self) -> None:
        """Put every control back where the starting scenario has it."""
        self._build_controls(self._target.value)
        self._message.value = ""
        self.refresh()

    def save(self, path: str | Path, *, overwrite: bool = True) -> Path:
        """Write the current scenario to ``path`` (atomically) and return the path.

        With ``overwrite=False`` an existing file is kept (:class:`FileExistsError`); the Save
        button asks for a second click before it replaces a file.
        """
        path = Path(path)
        dump_scenario(self.scenario, path, overwrite=overwrite)
        return path

    def load(self, path: str | Path) -> None:
        """Load a scenario file and rebuild the controls from it."""
        self._start_from(load_scenario(path))

    def _start_from(self, scenario: Scenario) -> None:
        self._start = scenario
        self._start_sha256 = ""
        self._build_controls(None)
        self.refresh()

    def _show_error(self, what: str, err: Exception) -> None:
        self._message.value = (
            f"<span style='color:#b2182b'>{html.escape(label(f'explorer.{what}', self._lang))}: "
            f"{html.escape(str(err))}</span>"
        )
        self._error_shown = True

    def _say(self, what: str, detail: str) -> None:
        self._message.value = (
            f"{html.escape(label(f'explorer.{what}', self._lang))}: {html.escape(detail)}"
        )
        self._error_shown = False

    def export_brief(self, path: str | Path, *, overwrite: bool = True) -> Path:
        """Write the briefing of the scenario on screen (see :func:`ipsim.views.brief.brief`)."""
        from ipsim.views.brief import write_brief

        return write_brief(self.scenario, path, lang=self._lang, overwrite=overwrite)

    def _replace_confirmed(self, path: Path) -> bool:
        """Whether ``path`` may be replaced: a second click on the same existing file says yes."""
        confirmed = self._confirm == path
        self._confirm = None
        return confirmed

    def _offer(self, kind: str, filename: str, data: bytes, mime: str) -> None:
        """Offer ``data`` as a browser download named ``filename`` (next to any other on offer)."""
        self._links[kind] = _download_link(
            filename, data, mime, label("explorer.download", self._lang, file=filename)
        )
        self._download.value = (
            f"<div style='font-family:{FONT}'>{' · '.join(self._links.values())}</div>"
        )

    def _brief_clicked(self) -> None:
        if self._files == "browser":
            from ipsim.views.brief import brief

            try:
                page = brief(self.scenario, lang=self._lang)
            except IpsimError as err:
                self._show_error("save_failed", err)
                return
            name = f"{_file_stem(self.scenario.name)}-briefing.html"
            self._offer("brief", name, page.encode("utf-8"), "text/html")
            self._say("ready", name)
            return
        typed = self._path.value.strip()
        target = (
            Path(typed).with_suffix(".html")
            if typed
            else Path(f"{_file_stem(self.scenario.name)}-briefing.html")
        )
        try:
            written = self.export_brief(target, overwrite=self._replace_confirmed(target))
        except FileExistsError:
            self._confirm = target
            self._say("exists", str(target))
        except (OSError, IpsimError) as err:
            self._show_error("save_failed", err)
        else:
            self._say("briefed", str(written))

    def _save_clicked(self) -> None:
        sha = self.scenario.sha256[:12]
        if self._files == "browser":
            name = f"{_file_stem(self.scenario.name)}.yaml"
            self._offer("yaml", name, dump_scenario(self.scenario).encode("utf-8"), "text/yaml")
            self._say("ready", f"{name} (sha256 {sha})")
            return
        target = Path(self._path.value or f"{_file_stem(self.scenario.name)}.yaml")
        try:
            saved = self.save(target, overwrite=self._replace_confirmed(target))
        except FileExistsError:
            self._confirm = target
            self._say("exists", str(target))
        except (OSError, IpsimError) as err:
            self._show_error("save_failed", err)
        else:
            self._say("saved", f"{saved} (sha256 {sha})")

    def _load_clicked(self) -> None:
        if self._files == "browser":  # no path is taken from the page
            return
        typed = self._path.value
        try:
            self.load(typed)
        except (OSError, IpsimError) as err:
            self._show_error("load_failed", err)
        else:
            self._say("loaded", typed)

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files or self._files != "browser":
            return
        item = files[0]
        name = str(item.get("name") or "upload.yaml")
        content = bytes(item.get("content") or b"")
        self._upload.value = ()
        try:
            scenario = scenario_from_upload(name, content)
            self._start_from(scenario)
        except IpsimError as err:
            self._show_error("load_failed", err)
        else:
            self._say("loaded", Path(name).name[:120])

    # -- building controls from the scenario's levers -----------------------------------------
    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """Set controls without their observers recomputing anything."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def _build_controls(self, target: str | None) -> None:
        """(Re)build every control where the starting scenario has it."""
        with self._quietly():
            for old in self._funding.values():
                for widget in old.widgets:
                    widget.close()
            for median in self._medians.values():
                median.slider.close()
            self._set_run_controls(target)
            levers = levers_of(self._start)
            self._funding = {
                name: self._funding_control(levers[f"funding.{name}"], funding)
                for name, funding in self._start.funding.items()
            }
            self._medians = {
                lever.key: self._median_slider(lever)
                for lever in levers.values()
                if lever.param is not None
            }
            self._sections.children = [
                w.VBox([c.row for c in self._funding.values()]),
                w.VBox([m.slider for m in self._medians.values()]),
                w.VBox([self._draws, self._reading, self._target]),
                w.VBox([w.HBox([self._wanted, self._seek_button]), self._takes]),
            ]
            self._sections.selected_index = 0
            self._relabel()

    def _set_run_controls(self, target: str | None) -> None:
        """Draws, reading and the fan chart's target (``target`` if the plan has it)."""
        base = self._start
        ids = [t.id for t in base.load_plan().targets if t.indicator in base.indicators]
        self._ids = ids
        self._draws.options = sorted({*DRAWS, base.draws})
        self._draws.value = base.draws
        self._reading.options = list(READINGS)
        self._reading.value = base.reading
        self._target.options = ids
        self._target.value = target if target in ids else ids[0]

    def _funding_control(self, lever: Lever, funding: FundingLever) -> _FundingControl:
        """The sliders of one programme, wired: a per-year switch starts every year at the
        single multiple before the scenario is rebuilt."""
        base = self._start
        years = range(funding.from_year or base.base_year + 1, base.horizon + 1)
        control = _FundingControl.build(
            lever,
            {y: funding.ratio(y, base.base_year) for y in years},
            single=isinstance(funding.multiple, float | int) and funding.schedule_cny is None,
        )
        control.per_year.observe(
            lambda change: self._per_year_switched(control, change["new"]), names="value"
        )
        for widget in control.widgets:
            widget.observe(self._changed, names="value")
        return control

    def _per_year_switched(self, control: _FundingControl, per_year: bool) -> None:
        control.show_years(per_year)
        if per_year:
            with self._quietly():
                control.spread_multiple()

    def _median_slider(self, lever: Lever) -> _MedianSlider:
        """The slider of a lever on a model parameter, as the indicator's family declares it."""
        spec = self._start.indicators[lever.key]
        param = str(lever.param)
        median = _MedianSlider.build(lever, MODELS[spec.model].param(param), spec.params[param])
        median.slider.observe(self._changed, names="value")
        return median

    def _relabel(self) -> None:
        """Put every label in the current language; no value changes (observers are quiet)."""
        with self._quietly():
            lang, plan = self._lang, self._start.load_plan()
            programmes = {p.id: p.label(lang) for p in plan.funding_programmes}
            for name, c in self._funding.items():
                c.multiple.description = programmes.get(name, name)
                c.per_year.description = label("explorer.per_year", lang)
            for ident, median in self._medians.items():
                median.slider.description = plan.indicator(ident).label(lang)
            for selection, labels in (
                (self._target, {t.id: t.label(lang) for t in plan.targets if t.id in self._ids}),
                (self._reading, {r: label(r, lang) for r in READINGS}),
            ):
                value = selection.value
                selection.options = [(text, v) for v, text in labels.items()]
                selection.value = value
            for i, key in enumerate(("funding", "growth", "run", "takes")):
                self._sections.set_title(i, label(f"explorer.{key}", lang))
            for control, key in self._described():
                control.description = label(f"explorer.{key}", lang)

    def _described(self) -> list[tuple[w.Widget, str]]:
        """Every control whose description is a fixed label, with the label's key."""
        return [
            (self._draws, "draws"),
            (self._reading, "reading"),
            (self._target, "target"),
            (self._wanted, "wanted"),
            (self._seek_button, "seek"),
            (self._reset_button, "reset"),
            (self._save_button, "save"),
            (self._load_button, "load"),
            (self._upload, "load"),
            (self._brief_button, "brief"),
            (self._path, "path"),
        ]

    def _from_controls(self) -> Scenario:
        """The starting scenario with every moved control applied, and the moves disclosed."""
        start = self._start
        s = start
        changes: list[Change] = []
        for name, c in self._funding.items():
            multiple, moved = c.setting()
            if multiple is not None:
                s = s.with_funding(name, multiple=multiple)
                changes += moved
        for median in self._medians.values():
            s, moved = median.moved(s)
            changes += moved
        draws, reading = int(self._draws.value), cast(Reading, self._reading.value)
        if draws != start.draws:
            changes.append(Change("draws", start.draws, draws))
        if reading != start.reading:
            changes.append(Change("reading", start.reading, reading))
        if not changes:
            return start
        return self._disclosed(s, changes, draws=draws, reading=reading)

    def _disclosed(
        self, scenario: Scenario, changes: list[Change], *, draws: int, reading: Reading
    ) -> Scenario:
        """``scenario`` run with ``draws`` and ``reading``, named as modified, with ``changes``
        (from the start) in its record: one copy, validated once.

        A start that is itself modified keeps its original: a change of an input it changed
        already runs from the original's value, and one back at that value leaves the list.
        """
        start, prior = self._start, self._start.modified
        if prior is None:
            if not self._start_sha256:
                self._start_sha256 = start.sha256
            record = Modification(start.name, self._start_sha256, tuple(changes))
            return dataclasses.replace(
                scenario,
                draws=draws,
                reading=reading,
                name=start.name + MODIFIED[0],
                title_en=(start.title_en or start.name) + MODIFIED[0],
                title_zh=(start.title_zh or start.name) + MODIFIED[1],
                modified=record,
            )
        merged = {c.input: c for c in prior.changes}
        for c in changes:
            before = merged[c.input].before if c.input in merged else c.before
            if before == c.after:
                merged.pop(c.input, None)
            else:
                merged[c.input] = Change(c.input, before, c.after)
        record = Modification(prior.original, prior.original_sha256, tuple(merged.values()))
        return dataclasses.replace(scenario, draws=draws, reading=reading, modified=record)

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
        """Relabel the controls and redraw in the new language: no number changes."""
        self._lang = change["new"]
        self._relabel()
        if self._assessment is not None:
            self._draw()
            self._show_modified()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def scenario_from_upload(name: str, content: bytes) -> Scenario:
    """Read an uploaded scenario file; it may name only a bundled plan.

    A plan given as a file path would make the server read that file, so it is refused, as is
    a file over :data:`MAX_UPLOAD_BYTES`.

    Raises
    ------
    ScenarioError
        If the file is too large, not UTF-8, invalid, or names a plan that is not bundled.
    """
    from ipsim._yaml import YamlError, read_yaml
    from ipsim.plan import bundled_plans

    name = Path(name).name[:120] or "upload.yaml"
    if len(content) > MAX_UPLOAD_BYTES:
        msg = (
            f"{name}: too large for a scenario file; expected at most "
            f"{MAX_UPLOAD_BYTES:,} bytes, got {len(content):,}"
        )
        raise ScenarioError(msg)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as err:
        line = content[: err.start].count(b"\n") + 1
        msg = f"{name}:{line}: not UTF-8 text ({err.reason} at byte {err.start})"
        raise ScenarioError(msg) from err
    try:
        raw, lines = read_yaml(text)
    except YamlError:
        raw, lines = None, {}  # loads_scenario reports it with its line
    plan = raw.get("plan") if isinstance(raw, dict) else None
    if isinstance(plan, str) and plan not in bundled_plans():
        where = lines.get(("plan",), 1)
        msg = (
            f"{name}:{where}: plan: an uploaded scenario may name only a bundled plan; expected "
            f"one of {', '.join(repr(p) for p in bundled_plans())}, got {shown(plan)}"
        )
        raise ScenarioError(msg)
    return loads_scenario(text, filename=name, base_dir=None)


def _download_link(filename: str, data: bytes, mime: str, text: str) -> str:
    """An ``<a download>`` holding ``data`` as a data URL: a download without any script."""
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f"<a class='ipsim-download' style='color:#2b6cb0;text-decoration:underline' "
        f'download="{html.escape(filename)}" '
        f'href="data:{mime};charset=utf-8;base64,{encoded}">{html.escape(text)}</a>'
    )


def _file_stem(name: str) -> str:
    """A file name made from a scenario name: ``baseline (modified)`` -> ``baseline-modified``."""
    return re.sub(r"[^\w.]+", "-", name).strip("-.")[:80] or "scenario"


def _moved(slider: w.FloatSlider, start: float) -> bool:
    """Whether a slider has left where it started.

    Its grid holds the start (:func:`_grid`), so a browser snapping it to its step moves it by
    float noise only, which does not count; any real move does, even one typed off the grid into
    the readout box (which the browser does not snap).
    """
    return abs(float(slider.value) - start) > 1e-6 * float(slider.step)


def _chosen(slider: w.FloatSlider, start: float) -> float:
    """The value a slider sets: its start unless moved, else its value without float noise."""
    return float(f"{float(slider.value):.12g}") if _moved(slider, start) else start


def _grid(start: float, low: float, high: float, step: float) -> tuple[float, float]:
    """Minimum and maximum of a slider of ``step`` whose grid holds ``start``, within
    ``[low, high]`` widened to hold ``start``."""
    low, high = min(low, start), max(high, start)
    below = math.floor((start - low) / step + 1e-9)
    above = math.floor((high - start) / step + 1e-9)
    return start - below * step, start + above * step


def _slider_range(spec: ParamSpec, value: Value, lever: Lever) -> tuple[float, float, float, str]:
    """Range, step and readout of a median slider.

    The range is the parameter's :meth:`~ipsim.models.base.ParamSpec.slider_range` around the
    lever's current value, narrowed so that a distribution whose support moves with its median
    stays a step inside the parameter's bounds, and widened to hold the start, which is on the
    grid.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> s = load_scenario("baseline")
    >>> lever = levers_of(s)["growth.invention_apps"]
    >>> indicator = s.indicators[lever.key]
    >>> spec = MODELS[indicator.model].param(lever.param)
    >>> low, high, step, fmt = _slider_range(spec, indicator.params[lever.param], lever)
    >>> round(low, 6), round(high, 6), step, fmt
    (-0.3, 0.8, 0.005, '.1%')
    """
    current = float(lever.current)
    low, high, step, fmt = spec.slider_range(current)
    low, high = _spread_inside(spec, value, current, low, high, step)
    low, high = _grid(current, low, high, step)
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


def _sweep_grid(answer: Any) -> np.ndarray:
    """Twelve settings of ``answer``'s lever for its P(met) curve: 0.25 to 3 times the planned
    budget (or past the answer) for funding, else around the current setting and the answer,
    inside the range searched."""
    if answer.lever.startswith("funding."):
        return np.linspace(0.25, max(3.0, (answer.value or 0) * 1.2), 12)
    seen = [v for v in (answer.current_value, answer.value) if v is not None and math.isfinite(v)]
    low, high = min(seen), max(seen)
    pad = max(high - low, 0.5 * max(abs(low), abs(high)), 1e-3)
    return np.linspace(max(answer.bounds[0], low - pad), min(answer.bounds[1], high + pad), 12)


def _theta_text(answer: Any, lang: Lang) -> str:
    """What the answer needs with the funding elasticity at its 10th, 50th and 90th percentiles
    and how much of its spread that is, as a sentence to follow the answer ("" unless theta is
    uncertain and moves the answer; the chart's subtitle says when it does not)."""
    from ipsim.views.brief import lever_setting

    if answer.theta_role != "uncertain" or len(answer.by_theta) != 3:
        return ""
    bound = "goalseek.at_most" if answer.search == "largest" else "goalseek.at_least"
    values, thetas = {}, {}
    for key, at in zip(("10", "50", "90"), answer.by_theta, strict=True):
        thetas[f"t{key}"] = f"{at.theta:.3g}"
        values[f"v{key}"] = (
            label(bound, lang, value=lever_setting(at.value, answer, lang))
            if at.value is not None
            else label("goalseek.unreachable", lang)
        )
    text = label("goalseek.sentence", lang, **thetas, **values)
    if answer.theta_share is not None:
        text += label("goalseek.sentence_share", lang, share=f"{answer.theta_share:.0%}")
    return text


def _answer_text(answer: Any, name: str, scenario: Scenario, lang: Lang) -> str:
    """A goal-seek answer for target ``name`` in one sentence: what it needs (at least, or at
    most where more hurts), or how far the lever gets when it cannot reach the wanted P(met)."""
    from ipsim.views.brief import lever_label, lever_setting, monte_carlo_range

    shown = lever_label(answer, scenario, lang)
    if answer.feasible and answer.value is not None:
        lo, hi = monte_carlo_range(answer)
        return label(
            "explorer.ceiling" if answer.search == "largest" else "explorer.needed",
            lang,
            target=name,
            p=answer.probability,
            lever=shown,
            value=lever_setting(answer.value, answer, lang),
            lo=lo,
            hi=hi,
            now=lever_setting(answer.current_value, answer, lang),
            pnow=format_probability(answer.p_met_now, answer.draws, lang, digits=0),
        )
    edge = answer.bounds[1] if answer.more_helps else answer.bounds[0]
    return label(
        "explorer.unreachable" if answer.more_helps else "explorer.unreachable_down",
        lang,
        target=name,
        lever=shown,
        edge=lever_setting(edge, answer, lang),
        best=format_probability(answer.best_p_met, answer.draws, lang, digits=0),
    )
