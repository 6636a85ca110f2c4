"""The explorer's view as data: the settings moved from the start, the link that carries them,
and Undo, which steps back through the scenarios shown.

A view's settings (:meth:`ViewState.settings`) are what :mod:`ipsim.widgets.link` writes into
the URL; Undo keeps the settings of each scenario shown before the current one, so both go
through :meth:`ViewState.apply_settings`, which puts every control at its start and then moves
the ones named, without recomputing in between.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ipsim.i18n import Lang, label
from ipsim.scenario import READINGS
from ipsim.widgets.controls import chosen, moved
from ipsim.widgets.link import LinkError, check_ranges, decode_query, encode_settings

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ipsim.scenario import Scenario
    from ipsim.widgets.controls import FundingControl, MedianSlider

MAX_UNDO = 50
"""Most scenarios Undo steps back through."""


class ViewState:
    """Settings, link and Undo of :class:`~ipsim.widgets.explorer.ScenarioExplorer`."""

    if TYPE_CHECKING:
        _lang: Lang
        _start: Scenario
        _funding: dict[str, FundingControl]
        _medians: dict[str, MedianSlider]
        _draws: w.Dropdown
        _reading: w.ToggleButtons
        _target: w.Dropdown
        _language: w.ToggleButtons
        _ids: list[str]
        _first_target: str
        _message: w.HTML

        def refresh(self) -> None: ...
        def _quietly(self) -> Any: ...
        def _show_error(self, what: str, err: Exception) -> None: ...
        def _say(self, what: str, detail: str) -> None: ...
        def _said(self, what: str, detail: str) -> str: ...

    def _init_state(self, *, lang: Lang, address: str) -> None:
        self._first_lang: Lang = lang
        self._address = address
        self._history: list[dict[str, Any]] = []
        self._shown: dict[str, Any] = {}
        self._undoing = False
        self._from_upload = False
        self._link_box = w.HTML().add_class("ipsim-link")
        self._undo_button = w.Button()
        self._undo_button.on_click(lambda _: self.undo())

    # -- the settings of a view --------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """What the controls have moved from the start, as :mod:`ipsim.widgets.link` writes it.

        Examples
        --------
        >>> from ipsim.widgets import ScenarioExplorer
        >>> explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
        >>> explorer.growth_slider("invention_apps").value = 0.2
        >>> explorer.settings()
        {'g': {'invention_apps': 0.2}}
        """
        out: dict[str, Any] = {"f": {}, "fy": {}, "g": {}}
        for name, c in self._funding.items():
            if c.per_year.value:
                years = {
                    str(y): chosen(s, c.initial_years[y])
                    for y, s in c.years.items()
                    if moved(s, c.initial_years[y])
                }
                if years:
                    out["fy"][name] = years
            elif moved(c.multiple, c.initial_multiple):
                out["f"][name] = chosen(c.multiple, c.initial_multiple)
        for ident, m in self._medians.items():
            if moved(m.slider, m.start):
                out["g"][ident] = chosen(m.slider, m.start)
        start = self._start
        for key, value, first in (
            ("d", int(self._draws.value), start.draws),
            ("r", self._reading.value, start.reading),
            ("t", self._target.value, self._first_target),
            ("l", self._language.value, self._first_lang),
        ):
            if value != first:
                out[key] = value
        return {k: v for k, v in out.items() if v != {}}

    def _bounds(self) -> dict[str, Any]:
        """What each setting may be here: slider ranges and the values on offer."""
        return {
            "f": {n: (c.multiple.min, c.multiple.max) for n, c in self._funding.items()},
            "fy": {
                n: {str(y): (s.min, s.max) for y, s in c.years.items()}
                for n, c in self._funding.items()
            },
            "g": {i: (m.slider.min, m.slider.max) for i, m in self._medians.items()},
            "d": [value for _, value in self._draws.options],
            "r": list(READINGS),
            "t": list(self._ids),
            "l": ["zh", "en"],
        }

    def apply_settings(self, settings: Mapping[str, Any], *, refresh: bool = True) -> None:
        """Put every control at its start, move those ``settings`` name, and recompute once.

        Raises
        ------
        LinkError
            If a setting names a control this scenario lacks or is outside its range; no
            control is moved then.
        """
        check_ranges(settings, self._bounds())
        with self._quietly():
            self._to_start()
            for name, value in settings.get("f", {}).items():
                self._funding[name].multiple.value = value
            for name, years in settings.get("fy", {}).items():
                control = self._funding[name]
                control.per_year.value = True
                for year, value in years.items():
                    control.years[int(year)].value = value
            for ident, value in settings.get("g", {}).items():
                self._medians[ident].slider.value = value
            self._draws.value = settings.get("d", self._start.draws)
            self._reading.value = settings.get("r", self._start.reading)
            self._target.value = settings.get("t", self._first_target)
        self._language.value = settings.get("l", self._language.value)
        if refresh:
            self.refresh()

    def _to_start(self) -> None:
        """Every scenario control where the start has it (observers quiet)."""
        for c in self._funding.values():
            c.per_year.value = not c.single
            c.show_years(c.per_year.value)
            c.multiple.value = c.initial_multiple
            for year, slider in c.years.items():
                slider.value = c.initial_years[year]
        for m in self._medians.values():
            m.slider.value = m.start

    # -- the link ------------------------------------------------------------------------------
    @property
    def link(self) -> str:
        """This view as a link: the page's address (if known) and ``?s=...``; ``""`` at the start.

        The access token is never part of it: a colleague opens it with their own.
        """
        query = encode_settings(self.settings())
        return f"{self._address}?{query}" if query else ""

    def apply_link(self, query: str, *, refresh: bool = True) -> bool:
        """Set the controls from a page's query string; say why and keep them if it is refused.

        Return whether the link's settings were applied.
        """
        try:
            self.apply_settings(decode_query(query), refresh=refresh)
        except LinkError as err:
            self._message.value = (
                f"<span style='color:#b2182b'>{self._said('link_refused', str(err))}</span>"
            )
            return False
        return True

    def _show_link(self) -> None:
        """Show the link to this view, ready to copy (none for an uploaded scenario)."""
        lang = self._lang
        if self._from_upload:
            self._link_box.value = (
                f"<span style='color:#555'>{html.escape(label('explorer.link_uploaded', lang))}"
                "</span>"
            )
            return
        link = self.link or self._address or "?"
        shown = html.escape(link, quote=True)
        self._link_box.value = (
            f"<label style='display:block;font-size:12px'>"
            f"<a href='{shown}' target='_self'>{html.escape(label('explorer.link', lang))}</a>"
            f"<input readonly value='{shown}' "
            f"aria-label='{html.escape(label('explorer.link', lang), quote=True)}'></label>"
        )

    # -- undo ------------------------------------------------------------------------------------
    def _remember(self, previous: Scenario | None) -> None:
        """Keep the settings of the scenario shown until now, for Undo."""
        if previous is not None and not self._undoing:
            self._history.append(self._shown)
            del self._history[:-MAX_UNDO]
        self._shown = {k: v for k, v in self.settings().items() if k not in ("t", "l")}

    def _forget(self, *, uploaded: bool) -> None:
        """A new start: nothing to undo; a link carries an uploaded scenario's changes only."""
        self._history.clear()
        self._shown = {}
        self._from_upload = uploaded

    def undo(self) -> None:
        """Go back to the scenario shown before this one (the fan chart's target stays)."""
        if not self._history:
            self._message.value = html.escape(label("explorer.nothing_to_undo", self._lang))
            return
        previous = dict(self._history.pop())
        for key in ("t", "l"):
            if key in self.settings():
                previous[key] = self.settings()[key]
        self._undoing = True
        try:
            self.apply_settings(previous)
        finally:
            self._undoing = False
