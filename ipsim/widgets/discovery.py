"""The explorer's scenario discovery, "What could make us miss": for one target, PRIM over the
draws of the scenario on screen (:func:`ipsim.analysis.discover.discover`, inputs kept with the
draws) restates the inputs under which the target misses as plain thresholds, with the box's
coverage (the share of misses it holds) and density (the share of draws inside it that miss), a
table of its limits and, from :mod:`ipsim.charts.discovery`, the trade-off and box charts.

The run is the scenario as edited (sliders, draws, reading), with its own seed and at most
:data:`DISCOVER_DRAWS` draws: at the scenario's 10,000 draws its misses are exactly the board's.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ipsim.errors import IpsimError
from ipsim.i18n import Lang, label
from ipsim.views.style import FONT

if TYPE_CHECKING:
    from ipsim.analysis.prim import PrimResult
    from ipsim.assess import Assessment
    from ipsim.scenario import Scenario

DISCOVER_DRAWS = 10_000
"""The most draws one search runs. On the baseline, on a 2-core machine, 10,000 draws take
0.1 s to simulate and assess and 0.3-0.7 s for PRIM (0.6-0.9 s with the machine busy), the two
charts about 1 s more; 20,000 draws take 0.2 s and 0.7-1.2 s (1.5-1.7 s busy)."""


class Discovery:
    """The "What could make us miss" section of :class:`~ipsim.widgets.explorer.ScenarioExplorer`."""

    if TYPE_CHECKING:
        _ids: list[str]
        _lang: Lang
        _quiet: bool
        _scenario: Scenario
        _target: w.Dropdown

        @property
        def assessment(self) -> Assessment: ...
        def _busy_while(self, what: str) -> Any: ...
        def _show_error(self, what: str, err: Exception) -> None: ...

    def _make_discovery(self) -> None:
        """The target picker, the Find button and the output; the picker follows the fan
        chart's target when the user picks one there."""
        self._discover_target = w.Dropdown(
            style={"description_width": "initial"}, layout=w.Layout(width="auto", max_width="100%")
        )
        self._discover_button = w.Button()
        self._discover_button.on_click(lambda _: self.discovery())
        self._discovered = w.HTML().add_class("ipsim-wide")
        self._found: PrimResult | None = None
        self._found_target = ""
        self._discover_box = w.VBox(
            [
                w.HBox(
                    [self._discover_target, self._discover_button],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                self._discovered,
            ]
        )
        self._target.observe(self._follow_target, names="value")

    def _set_discover_targets(self, ids: list[str], target: str | None) -> None:
        """The targets to pick from; ``target`` if given, else none until the first
        assessment picks the one closest to even odds (:meth:`_default_discover_target`)."""
        self._discover_target.options = ids
        self._discover_target.value = target if target in ids else None
        self._forget_discovery()

    def _default_discover_target(self) -> None:
        """Pick the target whose P(met) is closest to 50 % (a miss is then as likely as not, so
        the inputs behind it are most worth knowing), if none is picked yet."""
        if self._discover_target.value is not None:
            return
        ids = self._ids
        odds = {
            t.id: abs(t.p_met - 0.5)
            for t in self.assessment.targets
            if t.id in ids and t.decided is None and math.isfinite(t.p_met)
        }
        self._discover_target.value = min(odds, key=odds.__getitem__) if odds else ids[0]

    def _follow_target(self, change: dict[str, Any]) -> None:
        if not self._quiet and change["new"] is not None:
            self._discover_target.value = change["new"]

    def _discovery_labels(self) -> list[tuple[w.Widget, str]]:
        return [(self._discover_target, "discover_target"), (self._discover_button, "find")]

    def _forget_discovery(self) -> None:
        """Withdraw a search of an earlier scenario."""
        self._found = None
        self._discovered.value = ""

    def discovery(self, target: str | None = None) -> PrimResult | None:
        """Search the draws of the scenario on screen for the inputs under which ``target``
        (default: the one picked) misses; show and return the
        :class:`~ipsim.analysis.prim.PrimResult` (None if the search failed)."""
        from ipsim.analysis.discover import discover

        chosen = str(self._discover_target.value if target is None else target)
        draws = min(self._scenario.draws, DISCOVER_DRAWS)
        try:
            with self._busy_while("discover"):
                found = discover(self._scenario, chosen, draws=draws)
                self._found, self._found_target = found, chosen
                self._show_discovery(charts=False)  # the sentence at once, the charts next
                self._show_discovery()
        except IpsimError as err:
            self._show_error("discover_failed", err)
            return None
        return found

    def _show_discovery(self, *, charts: bool = True) -> None:
        """Draw the last search in the current language (nothing if there is none)."""
        found = self._found
        if found is None:
            return
        lang = self._lang
        name = self._scenario.load_plan().target(self._found_target).label(lang)
        heading = label(
            "discover.title",
            lang,
            target=name,
            draws=found.n_total,
            p_met=f"{1 - found.k_total / found.n_total:.0%}",
        )
        parts = [
            f"<b>{html.escape(heading)}</b>",
            f"<p class='ipsim-finding'>{html.escape(sentence(found, name, lang))}</p>",
        ]
        if found.found:
            parts += [
                f"<p>{html.escape(figures_text(found, lang))}</p>",
                box_table(found, lang),
                self._discovery_charts(found) if charts else "",
            ]
        how = label("explorer.discover_how", lang, threshold=f"{found.settings.threshold:.0%}")
        parts.append(f"<p style='color:#555'>{html.escape(how)}</p>")
        self._discovered.value = (
            f"<div class='ipsim-discovery' style='font-family:{FONT};font-size:13px' "
            f"lang='{lang}'>{''.join(parts)}</div>"
        )

    def _discovery_charts(self, found: PrimResult) -> str:
        """The trade-off chart (coverage against density along the peeling) and the box chart
        of :mod:`ipsim.charts.discovery`, as SVG."""
        from ipsim._resources import check_chart_renderer

        check_chart_renderer()  # V8 aborts the process under a low ulimit -v
        import vl_convert

        from ipsim.charts.discovery import box_chart, tradeoff_chart

        svgs = []
        for draw in (tradeoff_chart, box_chart):
            chart = draw(found, lang=self._lang, target=self._found_target, scenario=self._scenario)
            spec = chart.to_dict(validate=False)
            svgs.append(f"<div class='ipsim-chart'>{vl_convert.vegalite_to_svg(spec)}</div>")
        return f"<div style='display:flex;flex-wrap:wrap;gap:12px'>{''.join(svgs)}</div>"


def sentence(found: PrimResult, target: str, lang: Lang) -> str:
    """What the search found, in plain words: the box as thresholds, or that ``target`` never
    misses, always misses, misses in most draws whatever the inputs, or misses with no inputs
    standing out.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from ipsim.analysis.prim import prim
    >>> x = pd.DataFrame({"growth": np.linspace(0, 1, 500)})
    >>> sentence(prim(x, np.zeros(500, dtype=bool)), "Invention patents", "en")
    'Invention patents: no draw misses in this scenario, so there is nothing to explain.'
    >>> found = prim(x, x["growth"].to_numpy() < 0.3, threshold=0.95)
    >>> sentence(found, "Invention patents", "en")
    'growth below 0.31: 100% of misses, 97% of cases inside miss'
    """
    if found.k_total == 0:
        return label("explorer.discover_no_miss", lang, target=target)
    if found.k_total == found.n_total:
        return label("explorer.discover_all_miss", lang, target=target)
    threshold, base = found.settings.threshold, found.k_total / found.n_total
    if not found.found and base >= threshold:
        return label(
            "explorer.discover_most_miss",
            lang,
            target=target,
            base=f"{base:.0%}",
            threshold=f"{threshold:.0%}",
        )
    if not found.found:
        return label("explorer.discover_no_box", lang, target=target, threshold=f"{threshold:.0%}")
    return found.thresholds_text(lang)


def figures_text(found: PrimResult, lang: Lang) -> str:
    """The box's coverage, density and mass, each with what it means.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from ipsim.analysis.prim import prim
    >>> x = pd.DataFrame({"growth": np.linspace(0, 1, 500)})
    >>> figures_text(prim(x, x["growth"].to_numpy() < 0.3, threshold=0.95), "en")
    'coverage 100% (share of all misses inside the box) · density 97% (share of draws inside the box that miss) · the box holds 31% of the draws'
    """
    return label(
        "explorer.discover_figures",
        lang,
        coverage=f"{found.coverage:.0%}",
        density=f"{found.density:.0%}",
        mass=f"{found.mass:.0%}",
    )


def box_table(found: PrimResult, lang: Lang) -> str:
    """The chosen box as an HTML table: per input it restricts, its name, the box's limits in
    the input's unit ("–" where the box keeps the whole range), the range over every draw, and
    each limit's quasi-p-value (small: the limit matters).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from ipsim.analysis.prim import prim
    >>> x = pd.DataFrame({"growth": np.linspace(0, 1, 500), "noise": np.linspace(1, 0, 500) ** 2})
    >>> page = box_table(prim(x, x["growth"].to_numpy() < 0.3, threshold=0.95), "en")
    >>> page.count("<tr>"), "growth" in page, "noise" in page, "0.31</td>" in page
    (2, True, False, True)
    """
    heads = ("col_input", "col_lower", "col_upper", "col_range", "col_qp")
    head = "".join(f"<th>{html.escape(label(f'explorer.discover_{k}', lang))}</th>" for k in heads)
    rows = []
    for column in found.restricted:
        j = found.columns.index(column)
        cells = [
            found.names[column][0 if lang == "en" else 1]
            if found.names and column in found.names
            else column,
            *(_limit(found, column, j, side, lang) for side in (0, 1)),
            _range(found, column, j, lang),
            " / ".join(_p_value(found.qp[side, j]) for side in (0, 1) if _moved(found, j, side)),
        ]
        name, numbers = html.escape(cells[0]), cells[1:]
        shown = "".join(f"<td class='ipsim-number'>{html.escape(c)}</td>" for c in numbers)
        rows.append(f"<tr><td>{name}</td>{shown}</tr>")
    return (
        f"<table class='ipsim-discovery-box' style='border-collapse:collapse'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _moved(found: PrimResult, j: int, side: int) -> bool:
    return bool(found.limits[side, j] != found.initial[side, j])


def _limit(found: PrimResult, column: str, j: int, side: int, lang: Lang) -> str:
    if not _moved(found, j, side):
        return "–"
    return _value(found, column, float(found.limits[side, j]), lang)


def _value(found: PrimResult, column: str, value: float, lang: Lang) -> str:
    shown = (found.formats or {}).get(column)
    return f"{value:.3g}" if shown is None else shown(float(value), lang)


def _range(found: PrimResult, column: str, j: int, lang: Lang) -> str:
    low, high = (_value(found, column, float(v), lang) for v in found.initial[:, j])
    return label("explorer.discover_range", lang, low=low, high=high)


def _p_value(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.2g}"
