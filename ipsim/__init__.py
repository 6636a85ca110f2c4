"""ipsim: will a plan's quantified targets be met by their deadline, and what would it take?

Examples
--------
>>> import ipsim
>>> board = ipsim.assess(ipsim.simulate(ipsim.load_scenario("baseline"), draws=2_000, rng=2017))
>>> len(board.targets)
18
"""

from ipsim import _moved
from ipsim._version import __version__
from ipsim.analysis.backtest import BacktestResult, backtest
from ipsim.analysis.calibrate import CalibrationResult, as_of, calibrate
from ipsim.analysis.comparison import Comparison, compare
from ipsim.analysis.discover import discover
from ipsim.analysis.ensemble import EnsembleResult, ensemble
from ipsim.analysis.goalseek import (
    GoalSeekResult,
    GoalSeekResults,
    goal_seek,
    goal_seek_all,
    sweep,
)
from ipsim.analysis.prim import PrimResult, prim
from ipsim.analysis.sensitivity import SensitivityResult, sensitivity
from ipsim.assess import Assessment, TargetAssessment, assess
from ipsim.errors import (
    ArgumentError,
    CalibrationError,
    DataError,
    IpsimError,
    IpsimWarning,
    PlanError,
    ScenarioError,
)
from ipsim.joint import DependenceRange, dependence_range, describe_dependence
from ipsim.observed import ObservedData, load_observed, read_observed
from ipsim.plan import Plan, Target, bundled_plans, load_plan
from ipsim.results import Result
from ipsim.scenario import (
    Dependence,
    DependenceGroup,
    Scenario,
    bundled_scenarios,
    dump_scenario,
    load_scenario,
)
from ipsim.simulate import SimulationResult, simulate

_moved.install()


def __getattr__(name: str) -> object:
    # SweepResult derives from pandas' DataFrame: it (and pandas) load on first use
    if name == "SweepResult":
        from ipsim.analysis import goalseek

        return goalseek.SweepResult
    msg = f"module 'ipsim' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "ArgumentError",
    "Assessment",
    "BacktestResult",
    "CalibrationError",
    "CalibrationResult",
    "Comparison",
    "DataError",
    "Dependence",
    "DependenceGroup",
    "DependenceRange",
    "EnsembleResult",
    "GoalSeekResult",
    "GoalSeekResults",
    "IpsimError",
    "IpsimWarning",
    "ObservedData",
    "Plan",
    "PlanError",
    "PrimResult",
    "Result",
    "Scenario",
    "ScenarioError",
    "SensitivityResult",
    "SimulationResult",
    "SweepResult",
    "Target",
    "TargetAssessment",
    "__version__",
    "as_of",
    "assess",
    "backtest",
    "bundled_plans",
    "bundled_scenarios",
    "calibrate",
    "compare",
    "dependence_range",
    "describe_dependence",
    "discover",
    "dump_scenario",
    "ensemble",
    "goal_seek",
    "goal_seek_all",
    "load_observed",
    "load_plan",
    "load_scenario",
    "prim",
    "read_observed",
    "sensitivity",
    "simulate",
    "sweep",
]
