"""``ipsim new-plan``: a commented plan template to fill in (see docs/encode-a-plan.md).

Every template :func:`new_plan` returns passes ``ipsim validate``: the id and the years are
checked first (:data:`PLAN_ID`, :data:`FIRST_YEAR` to :data:`LAST_YEAR`, as plan files allow).
"""

from __future__ import annotations

import re
from pathlib import Path

from ipsim._args import shown, whole_number
from ipsim.errors import ArgumentError
from ipsim.i18n.new_plan import PLAN_TEMPLATE

PLAN_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
"""A new plan's id: lower-case letters, digits, ``-`` and ``_``, starting with a letter or digit,
at most 80 characters (like the bundled ``guangzhou-ip-2017-2020``), so that it can be written in
a scenario's ``plan:`` and on a command line as it is."""

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""The years a plan file may name (its ``base_year`` and ``horizon``)."""

TEMPLATE = PLAN_TEMPLATE
"""The commented plan file :func:`new_plan` fills in (its examples are in Chinese and English,
so it is kept with the labels, in :mod:`ipsim.i18n.new_plan`)."""


def new_plan(
    plan_id: str, *, base_year: int = 2020, horizon: int = 2025, file: str = "plan.yaml"
) -> str:
    """Return the commented template of a plan called ``plan_id``.

    Parameters
    ----------
    plan_id : str
        Matches :data:`PLAN_ID`.
    base_year, horizon : int
        ``FIRST_YEAR <= base_year < horizon <= LAST_YEAR``.
    file : str
        The file's name, shown in the template's first comment.

    Raises
    ------
    ArgumentError
        If the id or a year is not one a plan file can hold.

    Examples
    --------
    >>> text = new_plan("city-ip-2026-2030", base_year=2025, horizon=2030)
    >>> 'id: "city-ip-2026-2030"' in text, "deadline: 2030" in text
    (True, True)
    >>> new_plan("my plan: v2")
    Traceback (most recent call last):
    ...
    ipsim.errors.ArgumentError: plan id: expected lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 80 characters (e.g. city-ip-2026-2030), got 'my plan: v2'
    """
    if not isinstance(plan_id, str) or not PLAN_ID.fullmatch(plan_id):
        msg = (
            "plan id: expected lower-case letters, digits, '-' and '_', starting with a letter "
            f"or digit, at most 80 characters (e.g. city-ip-2026-2030), got {shown(plan_id)}"
        )
        raise ArgumentError(msg)
    base_year = whole_number("base_year", base_year, low=FIRST_YEAR, high=LAST_YEAR - 1)
    horizon = whole_number("horizon", horizon, low=base_year + 1, high=LAST_YEAR)
    if not (isinstance(file, str) and file.isprintable() and file.strip()):
        file = "this file"
    return TEMPLATE.format(
        plan_id=plan_id, base_year=base_year, base_year_1=base_year + 1, horizon=horizon, file=file
    )


def write_new_plan(plan_id: str, path: str | Path, **options: int) -> Path:
    """Write the template to ``path`` (atomically; an existing file is replaced) and return it."""
    from ipsim._outputs import write_text_atomic

    path = Path(path)
    write_text_atomic(path, new_plan(plan_id, file=path.name, **options))
    return path
