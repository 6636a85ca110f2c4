"""The contract every result object keeps: a table, a JSON-ready document, and an HTML view.

An assessment, a simulation, a comparison, a backtest, goal-seek answers (one, or all of a
plan's), a sweep, a sensitivity analysis and a calibration all derive from :class:`Result`, so a
user who has learned one knows them all:

- ``to_frame()``: a pandas DataFrame, one row per target, point, input or indicator;
- ``to_dict()``: plain JSON types only, exactly what ``ipsim ... --format json`` prints (a dict;
  for the answers of ``ipsim goalseek --target all`` the list that command prints);
- ``_repr_html_()``: how a notebook shows it: the styled table (:mod:`ipsim._styled`: units in
  the headers, numbers for reading, verdicts in the board's colours) under a caption that says
  what it is, of which scenario and over how many draws, then a one-line summary; all escaped (a
  scenario's name is text, never markup). Its language is the object's ``lang`` where it has
  one, else English; ``to_frame(lang, styled=True)`` gives the same table as a pandas Styler in
  either language.

A subclass says what its styled table shows in :meth:`Result._table` and what its caption says
in :meth:`Result._caption`; by default the table is ``to_frame()`` with its numbers formatted.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, TypeAlias

from ipsim._styled import Table, styled
from ipsim.i18n import Lang, label

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

JSONDocument: TypeAlias = dict[str, Any] | list[Any]
"""What ``to_dict()`` returns: JSON types only (dicts, lists, str, int, float, bool, None)."""


class Result:
    """Base of every result object: subclasses implement :meth:`to_frame` and :meth:`to_dict`.

    Examples
    --------
    >>> import pandas as pd
    >>> class Answer(Result):
    ...     title = "The answer <to everything>"
    ...     def to_frame(self):
    ...         return pd.DataFrame({"question": ["everything"], "answer": [42]})
    ...     def to_dict(self):
    ...         return {"rows": self.to_frame().to_dict("records")}
    >>> Answer().to_dict()
    {'rows': [{'question': 'everything', 'answer': 42}]}
    >>> page = Answer()._repr_html_()
    >>> "The answer &lt;to everything&gt;" in page, ">42<" in page
    (True, True)
    """

    title: str = ""
    """A heading for the HTML view (the class name when empty)."""

    def to_frame(self) -> pd.DataFrame:
        """Return the result as a table."""
        raise NotImplementedError

    def to_dict(self) -> JSONDocument:
        """Return the result in JSON types only (numbers, strings, lists, dicts, None)."""
        raise NotImplementedError

    def _summary(self) -> str:
        """One line of plain text shown above the table (none by default)."""
        return ""

    def _table(self, lang: Lang) -> Table:
        """What the styled view shows; by default :meth:`to_frame`, numbers read as numbers."""
        return default_table(self.to_frame())

    def _caption(self, lang: Lang) -> str:
        """What the styled view is (its title by default), of which scenario, over how many draws."""
        return self.title or type(self).__name__

    def _styler(self, lang: Lang = "en") -> Styler:
        """The styled table of :meth:`_table` under :meth:`_caption`, in ``lang``."""
        return styled(self._table(lang), lang=lang, caption=self._caption(lang))

    def _repr_html_(self) -> str:
        lang: Lang = "zh" if getattr(self, "lang", "en") == "zh" else "en"
        summary = self._summary()
        line = "".join(f"<p>{html.escape(part)}</p>" for part in summary.splitlines() if part)
        table = self._styler(lang).to_html()
        return f"<div class='ipsim-result'>{table}{line}</div>"


def default_table(frame: pd.DataFrame) -> Table:
    """A frame as a styled table: whole-number columns as counts, other numbers as numbers, the
    headers the workbook's labels where it has them (English)."""
    kinds = {
        c: "count" if frame[c].dtype.kind in "iu" else "number"
        for c in frame.columns
        if frame[c].dtype.kind in "iuf"
    }
    return Table(frame, kinds=kinds)


def caption(what: str, lang: Lang, *, scenario: str | None = None, draws: int | None = None) -> str:
    """A styled table's caption: what it shows, the scenario and the draws behind it.

    Examples
    --------
    >>> caption("Comparison", "en", scenario="baseline", draws=4000)
    'Comparison — scenario baseline, 4,000 draws'
    >>> caption("情景比较", "zh", draws=4000)
    '情景比较——模拟4,000次'
    """
    count = None if draws is None else f"{draws:,}"
    if scenario is not None and count is not None:
        return label("styled.caption", lang, what=what, scenario=scenario, draws=count)
    if scenario is not None:
        return label("styled.caption_scenario", lang, what=what, scenario=scenario)
    if count is not None:
        return label("styled.caption_draws", lang, what=what, draws=count)
    return what
