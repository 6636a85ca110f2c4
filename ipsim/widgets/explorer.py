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

The page reads top down as an official reads it (:mod:`ipsim.widgets.page`): the plan's title,
the date and the headline; one verdict per target with its change from the start; then Undo,
Reset, the link to this view and the downloads; then the controls; then the detailed board and
the fan chart. The parts live in their own modules: the slider rows
(:mod:`ipsim.widgets.controls`), the link (:mod:`ipsim.widgets.link`, used by
:class:`~ipsim.widgets.view_state.ViewState`), files (:mod:`ipsim.widgets.files`,
:class:`~ipsim.widgets.file_actions.FileActions`), "What it takes" and the evaluation
(:class:`~ipsim.widgets.analyses.Analyses`), "What could make us miss"
(:class:`~ipsim.widgets.discovery.Discovery`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import html
import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, cast

import ipywidgets as w

from ipsim._args import language, one_of
from ipsim.assess import Assessment, assess
from ipsim.errors import IpsimError
from ipsim.i18n import Lang, label
from ipsim.levers import Lever, levers_of
from ipsim.models import MODELS
from ipsim.scenario import (
    READINGS,
    Change,
    FundingLever,
    Modification,
    Reading,
    Scenario,
    load_scenario,
)
from ipsim.simulate import resimulate, simulate
from ipsim.views.board import board_frame, board_html
from ipsim.views.fan import fan_spec, fan_title
from ipsim.views.style import FONT, theme_config
from ipsim.widgets.analyses import Analyses
from ipsim.widgets.controls import FundingControl, MedianSlider
from ipsim.widgets.discovery import Discovery
from ipsim.widgets.file_actions import FileActions
from ipsim.widgets.files import MAX_UPLOAD_BYTES, scenario_from_upload
from ipsim.widgets.page import STYLE, busy_html, head_html, top_board_html
from ipsim.widgets.view_state import ViewState

__all__ = ["MAX_UPLOAD_BYTES", "MODIFIED", "ScenarioExplorer", "scenario_from_upload"]

DRAWS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
FILES = ("server", "browser")
MODIFIED = (label("explorer.modified", "en"), label("explorer.modified", "zh"))
"""Suffix of a modified scenario's name and English title, and of its Chinese title."""
SECTIONS = ("funding", "growth", "run", "takes", "evaluation", "discover")


class ScenarioExplorer(FileActions, ViewState, Analyses, Discovery):
    """Sliders for every assumption a scenario declares, with a live board and fan chart.

    Until a control is moved, :attr:`scenario` is the starting scenario itself, bit for bit: a
    control counts as moved only when it is more than half a step from where it started, so the
    browser snapping a slider to its grid changes nothing. Once one is moved, the scenario's name
    and titles say "(modified)" and its ``modified`` record lists every changed input, from what
    to what; a control moved back to its start leaves the list, and its row loses its "changed"
    mark. Switching language relabels the controls and never changes a number. :meth:`undo`
    steps back through the scenarios shown; :attr:`link` is the view as a URL query.

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
        may open): Save, Excel and Export briefing offer a download, Load takes an upload that
        may name only a bundled plan; the page never shows or accepts a server path.
    query : str
        The page's query string (the dashboard passes Voilà's ``QUERY_STRING``): its ``s`` sets
        the controls (:mod:`ipsim.widgets.link`); a bad one is refused with a message.
    address : str
        The page's address without its query, on which :attr:`link` builds the shareable URL.

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
    >>> explorer.link
    '?s=eyJmIjp7ImNyZWF0aW9uIjoxLjV9fQ'
    >>> explorer.undo()
    >>> explorer.scenario.name
    'baseline'
    """

    def __init__(
        self,
        scenario: Scenario | str | Path = "baseline",
        *,
        lang: Lang = "zh",
        target: str | None = None,
        debounce: float = 0.15,
        files: Literal["server", "browser"] = "server",
        query: str = "",
        address: str = "",
    ) -> None:
        self._lang: Lang = cast(Lang, language(lang))
        self._files = str(one_of("files", files, FILES))
        self._start = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self._start_sha256 = ""
        self._scenario = self._start
        self._assessment: Assessment | None = None
        self._baseline: Assessment | None = None
        self._debounce = debounce
        self._pending: asyncio.TimerHandle | None = None
        self._quiet = False
        self.last_update_seconds = math.nan
        self._error_shown = False
        self._ids: list[str] = []
        self._funding: dict[str, FundingControl] = {}
        self._medians: dict[str, MedianSlider] = {}
        self._init_state(lang=self._lang, address=address)
        self._init_files()
        self._make_views()
        self._make_run_controls()
        self._make_analyses()
        self._make_discovery()
        self._sections = w.Accordion()
        self._build_controls(target)
        self.widget = self._layout()
        if query:
            self.apply_link(query, refresh=False)
        self.refresh()

    def _make_views(self) -> None:
        """What the explorer shows: head, boards, chart, messages, disclosure, busy line."""
        self._style = w.HTML(STYLE)
        self._head = w.HTML()
        self._top = w.HTML()
        self._board = w.HTML()
        self._chart = w.HTML()
        self._message = w.HTML()
        self._note = w.HTML()
        self._busy = w.HTML(layout=w.Layout(min_height="1.4em")).add_class("ipsim-busy")
        details = w.HBox(
            [self._board, self._chart], layout=w.Layout(flex_flow="row wrap", width="100%")
        ).add_class("ipsim-wide")
        self._details = w.Accordion([details], selected_index=0)

    def _make_run_controls(self) -> None:
        """The language switch, the fan chart's target, the reading and the draws."""
        languages = [
            (label("explorer.chinese", "zh"), "zh"),
            (label("explorer.english", "en"), "en"),
        ]
        self._language = w.ToggleButtons(options=languages, value=self._lang)
        self._language.observe(self._language_changed, names="value")
        wide = w.Layout(width="auto", max_width="100%")
        self._target = w.Dropdown(style={"description_width": "initial"}, layout=wide)
        self._reading = w.ToggleButtons(style={"description_width": "initial"})
        self._draws = w.Dropdown(
            style={"description_width": "initial"}, layout=w.Layout(width="auto")
        )
        for control in (self._target, self._reading, self._draws):
            control.observe(self._changed, names="value")

    def _layout(self) -> w.VBox:
        files_row = self._file_row()
        box = w.VBox(
            [
                self._style,
                w.HBox([self._head, self._language], layout=w.Layout(flex_flow="row wrap")),
                self._busy,
                self._top,
                self._message,
                w.HBox(files_row, layout=w.Layout(flex_flow="row wrap")),
                self._download,
                self._link_box,
                self._note,
                self._sections,
                self._details,
            ],
            layout=w.Layout(width="100%"),
        )
        self._head.layout.flex = "1 1 20em"
        return box.add_class("ipsim-explorer")

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
                "as_of": self._as_of,
                "evaluate": self._evaluate_button,
                "undo": self._undo_button,
                "discover_target": self._discover_target,
                "discover": self._discover_button,
            }
        )
        out.update(self._file_controls())
        out.update({"wanted": self._wanted, "what_it_takes": self._seek_button})
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
    def top(self) -> str:
        """The top of the page as drawn now (HTML): title, date, headline, verdicts, changes."""
        return str(self._head.value) + str(self._top.value)

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
            with self._busy_while("run"):
                self._remember(self._scenario if self._assessment is not None else None)
                self._scenario = scenario
                self._assessment = self._assessed(scenario)
        self._draw()
        self._default_discover_target()
        if changed:
            self._show_modified()  # after the board and chart, which it describes
            self._withdraw_downloads()  # links of an earlier state are withdrawn
            self._forget_discovery()
        self._show_link()
        self.last_update_seconds = time.perf_counter() - start

    def _assessed(self, scenario: Scenario) -> Assessment:
        """The assessment of ``scenario``; only the indicators a moved control drives are
        simulated again (same numbers). The start's is kept for the change column."""
        previous = self._assessment.result if self._assessment is not None else None
        result = simulate(scenario) if previous is None else resimulate(previous, scenario)
        assessment = assess(result)
        if scenario == self._start:
            self._baseline = assessment
        elif self._baseline is None:
            self._baseline = assess(resimulate(result, self._start))
        return assessment

    @contextlib.contextmanager
    def _busy_while(self, what: str) -> Iterator[None]:
        """Say what runs (on the page at once, before the work) until it is done."""
        self._busy.value = busy_html(what, self._lang)
        try:
            yield
        finally:
            self._busy.value = ""

    def _draw(self) -> None:
        """Draw the top, the board and the chart of the current assessment in its language."""
        from ipsim._resources import check_chart_renderer

        check_chart_renderer()  # V8 aborts the process under a low ulimit -v
        import vl_convert

        assessment = self.assessment
        frame = board_frame(assessment, self._lang)  # once for the three views of the board
        self._head.value = head_html(assessment, self._lang, frame=frame)
        self._top.value = top_board_html(assessment, self._baseline, self._lang, frame=frame)
        self._board.value = board_html(assessment, self._lang, frame=frame)
        target = self._target.value
        title, subtitle = fan_title(assessment, target, self._lang)
        spec = fan_spec(assessment, target, lang=self._lang, width=440, height=260, titled=False)
        svg = vl_convert.vegalite_to_svg({**spec, "config": theme_config()})
        lines = "".join(f"<div style='color:#444'>{html.escape(line)}</div>" for line in subtitle)
        self._chart.value = (
            f"<div class='ipsim-chart' style='font-family:{FONT};max-width:100%'>"
            f"<div style='font-size:15px'><b>{html.escape(title)}</b></div>{lines}{svg}</div>"
        )
        self._show_values(self._lang)

    def _show_values(self, lang: Lang) -> None:
        """Every slider's value in its unit, marked where changed."""
        for control in self._funding.values():
            control.show_value(lang)
        for median in self._medians.values():
            median.show_value(lang)

    def _show_modified(self) -> None:
        from ipsim.views.brief import modification_html

        self._note.value = (
            f"<div style='font-family:{FONT};font-size:13px'>"
            f"{modification_html(self._scenario, self._lang)}</div>"
            if self._scenario.modified is not None
            else ""
        )

    def reset(self) -> None:
        """Put every control back where the starting scenario has it."""
        self.apply_settings({})
        self._message.value = ""

    def _start_from(self, scenario: Scenario, *, uploaded: bool = False) -> None:
        self._start = scenario
        self._start_sha256 = ""
        self._baseline = None
        self._forget(uploaded=uploaded)
        self._build_controls(None)
        self.refresh()

    def _show_error(self, what: str, err: Exception) -> None:
        self._message.value = f"<span style='color:#b2182b'>{self._said(what, str(err))}</span>"
        self._error_shown = True

    def _say(self, what: str, detail: str) -> None:
        self._message.value = self._said(what, detail)
        self._error_shown = False

    def _said(self, what: str, detail: str) -> str:
        """``what: detail`` (full-width colon in Chinese), escaped."""
        text = label(
            "explorer.said", self._lang, what=label(f"explorer.{what}", self._lang), detail=detail
        )
        return html.escape(text)

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
                w.VBox([c.row for c in self._funding.values()], layout=w.Layout(width="100%")),
                w.VBox([m.row for m in self._medians.values()], layout=w.Layout(width="100%")),
                w.VBox([self._draws, self._reading, self._target]),
                self._takes_box,
                self._evaluation_box,
                self._discover_box,
            ]
            self._sections.selected_index = 0
            self._set_years()
            self._relabel()

    def _set_run_controls(self, target: str | None) -> None:
        """Draws, reading and the fan chart's target (``target`` if the plan has it)."""
        base = self._start
        ids = [t.id for t in base.load_plan().targets if t.indicator in base.indicators]
        self._ids = ids
        self._draws.options = [(f"{d:,}", d) for d in sorted({*DRAWS, base.draws})]
        self._draws.value = base.draws
        self._reading.options = list(READINGS)
        self._reading.value = base.reading
        self._target.options = ids
        self._target.value = target if target in ids else ids[0]
        self._first_target = self._target.value
        self._set_discover_targets(ids, target)

    def _funding_control(self, lever: Lever, funding: FundingLever) -> FundingControl:
        """The sliders of one programme, wired: a per-year switch starts every year at the
        single multiple before the scenario is rebuilt."""
        base = self._start
        years = range(funding.from_year or base.base_year + 1, base.horizon + 1)
        control = FundingControl.build(
            lever,
            {y: funding.ratio(y, base.base_year) for y in years},
            single=isinstance(funding.multiple, float | int) and funding.schedule_cny is None,
            reference_cny=funding.reference_cny if funding.schedule_cny is None else None,
        )
        control.per_year.observe(
            lambda change: self._per_year_switched(control, change["new"]), names="value"
        )
        for widget in control.widgets:
            widget.observe(self._changed, names="value")
        return control

    def _per_year_switched(self, control: FundingControl, per_year: bool) -> None:
        control.show_years(per_year)
        if per_year:
            with self._quietly():
                control.spread_multiple()

    def _median_slider(self, lever: Lever) -> MedianSlider:
        """The slider of a lever on a model parameter, as the indicator's family declares it."""
        spec = self._start.indicators[lever.key]
        param = str(lever.param)
        indicator = self._start.load_plan().indicator(lever.key)
        median = MedianSlider.build(
            lever, MODELS[spec.model].param(param), spec.params[param], indicator
        )
        median.slider.observe(self._changed, names="value")
        return median

    def _relabel(self) -> None:
        """Put every label in the current language; no value changes (observers are quiet)."""
        with self._quietly():
            lang, plan = self._lang, self._start.load_plan()
            programmes = {p.id: p.label(lang) for p in plan.funding_programmes}
            for name, c in self._funding.items():
                c.multiple.description = programmes.get(name, name)
                c.name.value = f"<b>{html.escape(c.multiple.description)}</b>"
                c.per_year.description = label("explorer.per_year", lang)
            for ident, median in self._medians.items():
                median.slider.description = plan.indicator(ident).label(lang)
                median.name.value = html.escape(median.slider.description)
            targets = {t.id: t.label(lang) for t in plan.targets if t.id in self._ids}
            for selection, labels in (
                (self._target, targets),
                (self._discover_target, targets),
                (self._reading, {r: label(r, lang) for r in READINGS}),
            ):
                value = selection.value
                selection.options = [(text, v) for v, text in labels.items()]
                selection.value = value
            for i, key in enumerate(SECTIONS):
                self._sections.set_title(i, label(f"explorer.{key}", lang))
            self._details.set_title(0, label("explorer.details", lang))
            for control, key in self._described():
                control.description = label(f"explorer.{key}", lang)
            self._show_values(lang)

    def _described(self) -> list[tuple[w.Widget, str]]:
        """Every control whose description is a fixed label, with the label's key."""
        return [
            (self._draws, "draws"),
            (self._reading, "reading"),
            (self._target, "target"),
            (self._undo_button, "undo"),
            (self._as_of, "as_of"),
            (self._evaluate_button, "evaluate"),
            *self._analysis_labels(),
            *self._discovery_labels(),
            *self._file_labels(),
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
            self._show_link()
            self._show_discovery()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
