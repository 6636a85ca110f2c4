"""The explorer's two analyses on demand: "What it takes" (goal-seek the fan chart's target for
a wanted P(met)) and the mid-term evaluation as of a year
(:func:`ipsim.analysis.evaluate.evaluate`): per target the class, progress against elapsed time,
and P(met) for the years that remain."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ipsim.errors import IpsimError
from ipsim.i18n import Lang, label
from ipsim.views.style import FONT
from ipsim.widgets.takes import answer_text, sweep_grid, theta_text

if TYPE_CHECKING:
    from ipsim.assess import Assessment, TargetAssessment
    from ipsim.scenario import Scenario


class Analyses:
    """ "What it takes" and the evaluation of :class:`~ipsim.widgets.explorer.ScenarioExplorer`."""

    if TYPE_CHECKING:
        _lang: Lang
        _start: Scenario
        _scenario: Scenario
        _target: w.Dropdown

        @property
        def assessment(self) -> Assessment: ...
        def _busy_while(self, what: str) -> Any: ...
        def _show_error(self, what: str, err: Exception) -> None: ...

    def _make_analyses(self) -> None:
        """The wanted P(met) and its button; the evaluation's year and its button."""
        self._wanted = w.FloatSlider(
            value=0.8,
            min=0.5,
            max=0.95,
            step=0.05,
            readout_format=".0%",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", max_width="36em"),
        )
        self._seek_button = w.Button()
        self._seek_button.on_click(lambda _: self.what_it_takes())
        self._takes = w.HTML()
        self._takes_box = w.VBox(
            [
                w.HBox([self._wanted, self._seek_button], layout=w.Layout(flex_flow="row wrap")),
                self._takes,
            ]
        )
        self._as_of = w.Dropdown(
            style={"description_width": "initial"}, layout=w.Layout(width="auto")
        )
        self._evaluate_button = w.Button()
        self._evaluate_button.on_click(lambda _: self.evaluation())
        self._evaluation = w.HTML().add_class("ipsim-wide")
        self._evaluation_box = w.VBox(
            [
                w.HBox([self._as_of, self._evaluate_button], layout=w.Layout(flex_flow="row wrap")),
                self._evaluation,
            ]
        )

    def _set_years(self) -> None:
        """The years an evaluation may be as of: from the base year's next to the deadline."""
        plan = self._start.load_plan()
        deadlines = [t.deadline for t in plan.targets]
        first = self._start.base_year + 1
        years = list(range(first, max([first, *deadlines]) + 1))
        self._as_of.options = years
        self._as_of.value = min(max(years[0], (years[0] + years[-1]) // 2), years[-1])

    def _analysis_labels(self) -> list[tuple[w.Widget, str]]:
        return [(self._wanted, "wanted"), (self._seek_button, "seek")]

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
        with self._busy_while("takes"):
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
                text = answer_text(answer, name, self._scenario, self._lang)
                text += theta_text(answer, self._lang)
                chart = self._takes_chart(answer, target)
        self._takes.value = (
            f"<div class='ipsim-wide' style='font-family:{FONT}'><p>{html.escape(text)}</p>"
            f"{chart}</div>"
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
            self._scenario, answer.lever, sweep_grid(answer), targets=[target], draws=2_000
        )
        chart = prob_vs_lever(curve, answer, lang=self._lang, scenario=self._scenario)
        spec = chart.to_dict(validate=False)
        return str(vl_convert.vegalite_to_svg(spec))

    def evaluation(self, as_of: int | str | None = None) -> Any:
        """Evaluate the scenario on screen as of ``as_of`` (default: the year chosen), as a
        mid-term evaluation does; show the table and return the
        :class:`~ipsim.analysis.evaluate.EvaluationResult`."""
        from ipsim.analysis.evaluate import evaluate

        when = self._as_of.value if as_of is None else as_of
        try:
            with self._busy_while("evaluate"):
                result = evaluate(self._scenario, as_of=when)
        except IpsimError as err:
            self._show_error("invalid", err)
            return None
        lang = self._lang
        table = evaluation_table(result.to_frame(lang), lang)
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in result.summary_lines(lang))
        self._evaluation.value = (
            f"<div style='font-family:{FONT};font-size:12px' lang='{lang}'>"
            f"<b>{html.escape(result.heading(lang))}</b><ul>{lines}</ul>{table}"
            f"<p style='color:#555'>{html.escape(result.rule_text(lang))}</p></div>"
        )
        return result


def evaluation_table(frame: Any, lang: Lang) -> str:
    """The evaluation's table as HTML: shares and probabilities (fractions) in percent, other
    numbers as a reader writes them (:func:`~ipsim.widgets.controls.readable`), text escaped.

    Examples
    --------
    >>> import pandas as pd
    >>> page = evaluation_table(pd.DataFrame({"p": [0.25], "n": [253_800.0]}), "en")
    >>> "25%" in page, "253,800" in page
    (True, True)
    """
    import math

    from ipsim.widgets.controls import readable

    def shown(value: Any, percent: bool) -> str:
        if not isinstance(value, float) or not math.isfinite(value):
            return "" if value is None or value != value else str(value)
        return f"{value:.0%}" if percent else readable(value, lang)

    formatters = {}
    for column in frame.columns:
        values = frame[column]
        if values.dtype.kind == "f":
            percent = bool(values.dropna().between(0, 1).all())
            formatters[column] = lambda v, p=percent: shown(v, p)
    return str(
        frame.to_html(
            index=False, border=0, classes="ipsim-evaluation", formatters=formatters, na_rep=""
        )
    )
