"""Exceptions and warnings raised by ipsim.

::

    IpsimError                  base class: catch this to catch everything ipsim raises on purpose
    ├── PlanError               a plan file is malformed or names something that does not exist
    ├── ScenarioError           a scenario file or object is invalid
    ├── DataError               an observed-data file is malformed
    ├── CalibrationError        calibration could not estimate what was asked
    └── ArgumentError           a function or command was given an argument it cannot take
        │                       (also a ``ValueError``, so ``except ValueError`` still works)
        ├── ScenarioArgumentError     bad arguments once reported as a ScenarioError or a
        ├── CalibrationArgumentError  CalibrationError, still caught by those for one release
        └── LookupArgumentError       an unknown target or indicator id (also a ``KeyError``)

    IpsimWarning                something the user should know about but that is not an error

File-level errors carry every problem found in the file (``problems``), each already formatted as
``file:line: dotted.path: what is wrong; expected X, got Y``.
"""

from __future__ import annotations


class IpsimError(Exception):
    """Base class of every error ipsim raises on purpose."""


class _FileProblemsError(IpsimError):
    """An error listing every problem found in one file."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


class PlanError(_FileProblemsError):
    """A plan file is malformed, or a plan id or reference does not exist."""


class ScenarioError(_FileProblemsError):
    """A scenario file or ``Scenario`` object is invalid."""


class DataError(_FileProblemsError):
    """An observed-data file is malformed."""


class CalibrationError(IpsimError):
    """Calibration could not estimate the requested parameters."""


class ArgumentError(IpsimError, ValueError):
    """A function or command was given an argument it cannot take (wrong type, out of range)."""


# A few bad arguments were once reported with another class. They are ArgumentErrors now, and
# stay catchable by the old class: for one release (a ScenarioError, a CalibrationError), or for
# good (a KeyError, as for any lookup by key).


class ScenarioArgumentError(ArgumentError, ScenarioError):
    """A bad argument earlier releases reported as a ``ScenarioError`` (a lever setting outside
    its bounds, a target the scenario cannot seek); catch :class:`ArgumentError`."""


class CalibrationArgumentError(ArgumentError, CalibrationError):
    """A bad argument earlier releases reported as a ``CalibrationError`` (a backtest origin that
    leaves nothing to project); catch :class:`ArgumentError`."""


class PlanArgumentError(ArgumentError, PlanError):
    """A bad argument earlier releases reported as a ``PlanError`` (a target id the plan does not
    have); catch :class:`ArgumentError`."""


class DataArgumentError(ArgumentError, DataError):
    """A bad argument earlier releases reported as a ``DataError`` (an unknown conflict rule);
    catch :class:`ArgumentError`."""


class LookupArgumentError(ArgumentError, KeyError):
    """An id that is not there (a target's, an indicator's): also a ``KeyError``, as it was."""

    def __str__(self) -> str:  # the message as given, not quoted as a KeyError's
        return str(self.args[0]) if self.args else ""


class IpsimWarning(UserWarning):
    """Something a user should know about that does not stop the computation."""
