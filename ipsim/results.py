"""The contract every result object keeps: a table, a JSON-ready dict, and an HTML view.

An assessment, a comparison, a backtest, goal-seek answers, a sweep, a sensitivity analysis and a
calibration all derive from :class:`Result`, so a user who has learned one knows them all:

- ``to_frame()``: a pandas DataFrame, one row per target, point, input or indicator;
- ``to_dict()``: plain JSON types only (what ``ipsim ... --format json`` prints);
- ``_repr_html_()``: how a notebook shows it (by default the frame under a title).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


class Result:
    """Base of every result object: subclasses implement :meth:`to_frame` and :meth:`to_dict`.

    Examples
    --------
    >>> import pandas as pd
    >>> class Answer(Result):
    ...     title = "The answer"
    ...     def to_frame(self):
    ...         return pd.DataFrame({"question": ["everything"], "answer": [42]})
    ...     def to_dict(self):
    ...         return {"rows": self.to_frame().to_dict("records")}
    >>> Answer().to_dict()
    {'rows': [{'question': 'everything', 'answer': 42}]}
    >>> "<h4>The answer</h4>" in Answer()._repr_html_()
    True
    """

    title: str = ""
    """A heading for the HTML view (the class name when empty)."""

    def to_frame(self) -> pd.DataFrame:
        """The result as a table."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The result in JSON types only (numbers, strings, lists, dicts, None)."""
        raise NotImplementedError

    def _repr_html_(self) -> str:
        heading = html.escape(self.title or type(self).__name__)
        table = self.to_frame().to_html(index=False, na_rep="-", float_format=lambda v: f"{v:.4g}")
        return f"<div class='ipsim-result'><h4>{heading}</h4>{table}</div>"
