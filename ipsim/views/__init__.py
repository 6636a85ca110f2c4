"""Results turned into what people read: terminal tables, the status board, fan-chart
specifications (plain Vega-Lite dicts), number formats, the colour style and the HTML briefing.
No altair and no ipywidgets here; :mod:`ipsim.charts` and :mod:`ipsim.widgets` build on it."""
