"""The scenario explorer: sliders generated from a scenario, a live status board and fan chart."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import html
import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import ipywidgets as w
import numpy as np

from ipsim._args import language, one_of, shown
from ipsim.assess import Assessment, assess
from ipsim.distributions import Distribution, Value, median_of, with_median
from ipsim.errors import IpsimError, ScenarioError
from ipsim.i18n import Lang, label
from ipsim.models import MODELS
from ipsim.models.base import ParamSpec
from ipsim.scenario import (
    READINGS,
    Change,
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
MODIFIED = (" (modified)", "（已修改）")
"""Suffix of a modified scenario's name and English title, and of its Chinese title."""
_WIDE = {"description_width": "300px"}
_TEXT = {
    "takes": ("What it takes", "达成所需"),
    "wanted": ("wanted P(met)", "目标达成概率"),
    "seek": ("Find the funding needed", "计算所需投入"),
    "needed": (
        "{target}: P(met) >= {p:.0%} needs {lever} of at least {value} "
        "(Monte Carlo range {lo}–{hi}); now {now} gives {pnow:.0%}.",
        "{target}：达成概率达到{p:.0%}需要{lever}至少为{value}"
        "（蒙特卡洛区间 {lo}–{hi}）；当前{now}时为{pnow:.0%}。",
    ),
    "ceiling": (
        "{target}: {lever} may rise to at most {value} and still give P(met) >= {p:.0%} "
        "(Monte Carlo range {lo}–{hi}); now {now} gives {pnow:.0%}.",
        "{target}：{lever}最高可达{value}，达成概率仍不低于{p:.0%}"
        "（蒙特卡洛区间 {lo}–{hi}）；当前{now}时为{pnow:.0%}。",
    ),
    "unreachable": (
        "{target}: {lever} up to {edge} reaches only {best:.0%}: this lever alone will not do it.",
        "{target}：{lever}即使增至{edge}，达成概率也仅为{best:.0%}，单靠这一手段无法达成。",
    ),
    "unreachable_down": (
        "{target}: even with {lever} down to {edge}, P(met) reaches only {best:.0%}: "
        "this lever alone will not do it.",
        "{target}：{lever}即使降至{edge}，达成概率也仅为{best:.0%}，单靠这一手段无法达成。",
    ),
    "no_lever": (
        "{target}: no funding programme drives this indicator.",
        "{target}：该指标不受资金项目影响。",
    ),
    "no_lever_other": (
        "{target}: no lever '{lever}' moves this indicator.",
        "{target}：没有可调节该指标的手段“{lever}”。",
    ),
    "decided": (
        "{target}: {verdict}; no lever changes it.",
        "{target}：{verdict}，任何手段都无法改变。",
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
    "exists": (
        "the file exists; click again to replace it",
        "文件已存在；再次点击将覆盖",
    ),
    "loaded": ("loaded", "已载入"),
    "invalid": ("these settings are not a valid scenario", "当前设置不构成有效情景"),
    "save_failed": ("could not save", "保存失败"),
    "load_failed": ("could not load", "载入失败"),
    "download": ("download {file}", "下载 {file}"),
    "ready": ("ready to download", "可下载"),
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
    single: bool
    """Whether the starting lever is one multiple for every year (no schedule, no mapping)."""
    row: w.VBox = field(init=False)


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

        self._board = w.HTML()
        self._chart = w.HTML()
        self._message = w.HTML()
        self._note = w.HTML()
        self._download = w.HTML()
        self._language = w.ToggleButtons(options=[("中文", "zh"), ("English", "en")], value=lang)
        self._language.observe(self._language_changed, names="value")
        self._target = w.Dropdown(style=_WIDE, layout=w.Layout(width="640px"))
        self._reading = w.ToggleButtons(style=_WIDE)
        self._draws = w.Dropdown(style=_WIDE)
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
        files_row: list[w.Widget] = (
            [self._save_button, self._upload, self._brief_button]
            if self._files == "browser"
            else [self._path, self._save_button, self._load_button, self._brief_button]
        )
        self.widget = w.VBox(
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
        self.refresh()

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
        return self._growth[indicator][0]

    @property
    def controls(self) -> dict[str, w.Widget]:
        """Every control by name: ``funding.<programme>``, ``growth.<indicator>``, ``draws``...

        ``path`` and ``load`` exist with ``files="server"``, ``upload`` with ``files="browser"``.
        """
        out: dict[str, w.Widget] = {f"funding.{p}": c.multiple for p, c in self._funding.items()}
        out.update({f"growth.{i}": s for i, (s, _, _) in self._growth.items()})
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
        return out + [s for s, _, _ in self._growth.values()]

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
        import vl_convert

        from ipsim.analysis.goalseek import goal_seek, sweep
        from ipsim.charts.what_it_takes import prob_vs_lever
        from ipsim.views.board import decided_text, is_share
        from ipsim.views.brief import lever_label, lever_setting, monte_carlo_range

        lang = self._lang
        target = self._target.value
        plan = self._scenario.load_plan()
        name = plan.target(target).label(lang)
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
            verdict = decided_text(assessed, lang, share=is_share(self.assessment, assessed))
            text = _t("decided", lang).format(target=name, verdict=verdict)
        elif answer.value_lo is None and answer.value is None and answer.unit == "":
            key = "no_lever" if lever == "funding" else "no_lever_other"
            text = _t(key, lang).format(target=name, lever=lever)
        else:
            shown = lever_label(answer, self._scenario, lang)
            if answer.feasible and answer.value is not None:
                key = "ceiling" if answer.search == "largest" else "needed"
                lo, hi = monte_carlo_range(answer)
                text = _t(key, lang).format(
                    target=name,
                    p=answer.probability,
                    lever=shown,
                    value=lever_setting(answer.value, answer, lang),
                    lo=lo,
                    hi=hi,
                    now=lever_setting(answer.current_value, answer, lang),
                    pnow=answer.p_met_now,
                )
            else:
                key = "unreachable" if answer.more_helps else "unreachable_down"
                edge = answer.bounds[1] if answer.more_helps else answer.bounds[0]
                text = _t(key, lang).format(
                    target=name,
                    lever=shown,
                    edge=lever_setting(edge, answer, lang),
                    best=answer.best_p_met,
                )
            if answer.lever.startswith("funding."):  # 0.25 to 3 x planned, or past the answer
                grid = np.linspace(0.25, max(3.0, (answer.value or 0) * 1.2), 12)
            else:  # around the current setting and the answer, inside the range searched
                seen = [
                    v
                    for v in (answer.current_value, answer.value)
                    if v is not None and math.isfinite(v)
                ]
                low, high = min(seen), max(seen)
                pad = max(high - low, 0.5 * max(abs(low), abs(high)), 1e-3)
                grid = np.linspace(
                    max(answer.bounds[0], low - pad), min(answer.bounds[1], high + pad), 12
                )
            curve = sweep(self._scenario, answer.lever, grid, targets=[target], draws=2_000)
            spec = prob_vs_lever(curve, answer, lang=lang).to_dict(validate=False)
            chart = vl_convert.vegalite_to_svg(spec)
        self._takes.value = (
            f"<div style='font-family:{FONT}'><p>{html.escape(text)}</p>{chart}</div>"
        )
        return answer

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
            f"<span style='color:#b2182b'>{html.escape(_t(what, self._lang))}: "
            f"{html.escape(str(err))}</span>"
        )
        self._error_shown = True

    def _say(self, what: str, detail: str) -> None:
        self._message.value = f"{html.escape(_t(what, self._lang))}: {html.escape(detail)}"
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
            filename, data, mime, _t("download", self._lang).format(file=filename)
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

    # -- building controls from the scenario's declarations -----------------------------------
    def _build_controls(self, target: str | None) -> None:
        self._quiet = True
        for old in self._funding.values():
            for widget in (old.multiple, old.per_year, *old.years.values()):
                widget.close()
        for slider, _, _ in self._growth.values():
            slider.close()
        base = self._start
        plan = base.load_plan()
        ids = [t.id for t in plan.targets if t.indicator in base.indicators]
        self._ids = ids
        self._draws.options = sorted({*DRAWS, base.draws})
        self._draws.value = base.draws
        self._reading.options = list(READINGS)
        self._reading.value = base.reading
        self._target.options = ids
        self._target.value = target if target in ids else ids[0]

        self._funding = {}
        for name, lever in base.funding.items():
            years = list(range(lever.from_year or base.base_year + 1, base.horizon + 1))
            initial_years = {y: lever.ratio(y, base.base_year) for y in years}
            single = isinstance(lever.multiple, float | int) and lever.schedule_cny is None
            initial = float(lever.multiple) if single else 1.0  # type: ignore[arg-type]
            top = max(3.0, math.ceil(1.5 * max(initial, *initial_years.values(), 1.0)))
            low, high = _grid(initial, 0.05, top, 0.05)
            multiple = w.FloatSlider(
                value=initial,
                min=low,
                max=high,
                step=0.05,
                style=_WIDE,
                layout=w.Layout(width="640px"),
                continuous_update=True,
                readout_format=".2f",
            )
            per_year = w.Checkbox(value=not single, indent=False)
            sliders = {}
            for y, v in initial_years.items():
                low, high = _grid(v, 0.05, top, 0.05)
                sliders[y] = w.FloatSlider(
                    value=v,
                    min=low,
                    max=high,
                    step=0.05,
                    description=str(y),
                    layout=w.Layout(width="300px"),
                    readout_format=".2f",
                )
            control = _FundingControl(
                name, multiple, per_year, sliders, initial, initial_years, single
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
            current = float(median_of(spec.params[param]))
            low, high, step, fmt = _slider_range(
                MODELS[spec.model].param(param), spec.params[param], current
            )
            slider = w.FloatSlider(
                value=current,
                min=low,
                max=high,
                step=step,
                readout_format=fmt,
                style=_WIDE,
                layout=w.Layout(width="640px"),
            )
            slider.observe(self._changed, names="value")
            self._growth[ident] = (slider, current, param)
            growth_rows.append(slider)

        self._sections.children = [
            w.VBox([c.row for c in self._funding.values()]),
            w.VBox(growth_rows),
            w.VBox([self._draws, self._reading, self._target]),
            w.VBox([w.HBox([self._wanted, self._seek_button]), self._takes]),
        ]
        self._sections.selected_index = 0
        self._relabel()
        self._quiet = False

    def _relabel(self) -> None:
        """Put every label in the current language; no value changes (observers are quiet)."""
        quiet, self._quiet = self._quiet, True
        lang, base = self._lang, self._start
        plan = base.load_plan()
        programmes = {p.id: p.label(lang) for p in plan.funding_programmes}
        for name, c in self._funding.items():
            c.multiple.description = programmes.get(name, name)
            c.per_year.description = _t("per_year", lang)
        for ident, (slider, _, _) in self._growth.items():
            slider.description = plan.indicator(ident).label(lang)
        for selection, labels in (
            (self._target, {t.id: t.label(lang) for t in plan.targets if t.id in self._ids}),
            (self._reading, {r: label(r, lang) for r in READINGS}),
        ):
            value = selection.value
            selection.options = [(text, v) for v, text in labels.items()]
            selection.value = value
        self._draws.description = _t("draws", lang)
        self._reading.description = _t("reading", lang)
        self._target.description = _t("target", lang)
        self._wanted.description = _t("wanted", lang)
        self._seek_button.description = _t("seek", lang)
        for i, key in enumerate(("funding", "growth", "run", "takes")):
            self._sections.set_title(i, _t(key, lang))
        self._reset_button.description = _t("reset", lang)
        self._save_button.description = _t("save", lang)
        self._load_button.description = _t("load", lang)
        self._upload.description = _t("load", lang)
        self._brief_button.description = _t("brief", lang)
        self._path.description = _t("path", lang)
        self._quiet = quiet

    def _from_controls(self) -> Scenario:
        """The starting scenario with every moved control applied, and the moves disclosed."""
        start = self._start
        s = start
        changes: list[Change] = []
        for name, c in self._funding.items():
            if c.per_year.value:
                values = {y: _chosen(sl, c.initial_years[y]) for y, sl in c.years.items()}
                if values == c.initial_years:
                    continue
                s = s.with_funding(name, multiple=values)
            else:
                one = _chosen(c.multiple, c.initial_multiple)
                values = dict.fromkeys(c.years, one)
                if values == c.initial_years:
                    continue
                s = s.with_funding(name, multiple=one)
                if c.single:
                    changes.append(Change(f"funding.{name}.multiple", c.initial_multiple, one))
                    continue
            changes += [
                Change(f"funding.{name}.multiple.{y}", c.initial_years[y], v)
                for y, v in values.items()
                if v != c.initial_years[y]
            ]
        for ident, (slider, initial, param) in self._growth.items():
            value = _chosen(slider, initial)
            if value != initial:
                spec = s.indicators[ident]
                s = s.with_value(ident, param, with_median(spec.params[param], value))
                changes.append(Change(f"indicators.{ident}.{param}", initial, value))
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


def _slider_range(
    bounds: ParamSpec, value: Value, current: float
) -> tuple[float, float, float, str]:
    """Range, step and readout of a median slider: around ``current``, always containing it, and
    never so far that the input's spread would cross its parameter's bounds; the start is on
    the grid."""
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
    low, high = _grid(current, low, high, step)  # the grid holds the start
    return low, high, step, fmt
