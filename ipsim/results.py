"""The contract every result object keeps: a table, a JSON-ready document, and an HTML view.

An assessment, a simulation, a comparison, a backtest, goal-seek answers (one, or all of a
plan's), a sweep, a sensitivity analysis and a calibration all derive from :class:`Result`, so a
user who has learned one knows them all:

- ``to_frame()``: a pandas DataFrame, one row per target, point, input or indicator;
- ``to_dict()``: plain JSON types only, exactly what ``ipsim ... --format json`` prints (a dict;
  for the answers of ``ipsim goalseek --target all`` the list that command prints);
- ``_repr_html_()``: how a notebook shows it: the title, a one-line summary and the frame, all
  escaped (a scenario's name is text, never markup).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import pandas as pd

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
    >>> "<h4>The answer &lt;to everything&gt;</h4>" in Answer()._repr_html_()
    True
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

    def _repr_html_(self) -> str:
        heading = html.escape(self.title or type(self).__name__)
        summary = self._summary()
        line = f"<p>{html.escape(summary)}</p>" if summary else ""
        table = self.to_frame().to_html(
            index=False, na_rep="-", float_format=lambda v: f"{v:.4g}", escape=True
        )
        return f"<div class='ipsim-result'><h4>{heading}</h4>{line}{table}</div>"
