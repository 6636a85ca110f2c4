"""Notebook widgets: :class:`ScenarioExplorer`, sliders over a scenario with a live board and chart."""

from ipsim.widgets.explorer import ScenarioExplorer

__all__ = ["ScenarioExplorer"]
