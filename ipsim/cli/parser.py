"""The arguments of the ``ipsim`` command: one function per command declares its own.

:func:`build_parser` assembles them; :mod:`ipsim.cli.commands` runs what was parsed. A usage error
prints the usage and one line ``ipsim: error: ...`` (control characters escaped) and exits 2, the
status of every bad input.

Examples
--------
>>> args = build_parser().parse_args(["run", "--draws", "10,000", "--format", "json"])
>>> args.command, args.scenario, args.draws, args.format
('run', 'baseline', 10000, 'json')
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from typing import TypeAlias

from ipsim._args import shown
from ipsim._outputs import cut_lines, terminal_text

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
"""The exit statuses of the ``ipsim`` command."""

Commands: TypeAlias = "argparse._SubParsersAction[_Parser]"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        if sys.stderr is not None:  # None when the stream was closed before ipsim started
            self.print_usage(sys.stderr)
            sys.stderr.write(terminal_text(cut_lines(f"ipsim: error: {message}")) + "\n")
        self.exit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``ipsim`` command."""
    from ipsim._version import __version__

    parser = _Parser(
        prog="ipsim", description="Will a plan's quantified targets be met by their deadline?"
    )
    parser.add_argument("--version", action="version", version=f"ipsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for add in _COMMANDS:
        add(sub)
    return parser


def _whole_number(low: int) -> Callable[[str], int]:
    """Return an argparse type accepting whole numbers >= ``low`` (``100_000`` and ``100,000`` too)."""

    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", "").replace(",", ""))
        except ValueError as err:
            msg = f"expected a whole number, got {shown(text)}"
            raise argparse.ArgumentTypeError(msg) from err
        if value < low:
            msg = f"expected a number >= {low}, got {value}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return parse


def _number(*, low: float, open_low: bool = False) -> Callable[[str], float]:
    """Return an argparse type accepting finite numbers >= ``low`` (> ``low`` if ``open_low``)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError as err:
            msg = f"expected a number, got {shown(text)}"
            raise argparse.ArgumentTypeError(msg) from err
        if not math.isfinite(value) or value < low or (open_low and value == low):
            msg = f"expected a finite number {'>' if open_low else '>='} {low:g}, got {shown(text)}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return parse


def _add_run(sub: Commands) -> None:
    run = sub.add_parser("run", help="simulate a scenario and assess every target")
    run.add_argument(
        "scenario",
        nargs="?",
        default="baseline",
        help="scenario file or bundled name (default: baseline)",
    )
    run.add_argument(
        "--plan", help="run this plan's bundled scenario (a plan id) instead of SCENARIO"
    )
    run.add_argument(
        "--as-of",
        type=_whole_number(1900),
        help="first calibrate on the figures published by this year (the plan's bundled data)",
    )
    run.add_argument(
        "--draws", type=_whole_number(1), help="Monte Carlo draws (default: the scenario's)"
    )
    run.add_argument("--seed", type=_whole_number(0), help="random seed (default: the scenario's)")
    run.add_argument(
        "--reading",
        choices=["cagr", "yoy_each_year"],
        help="reading of 'average annual growth' targets",
    )
    run.add_argument("--lang", choices=["en", "zh"], default="en")
    run.add_argument("--format", choices=["table", "json", "csv", "xlsx"], default="table")
    _add_output(run)
    run.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour statuses in the table",
    )


def _add_validate(sub: Commands) -> None:
    validate = sub.add_parser(
        "validate",
        help="check scenario, plan or observed-data files; exit 0 if all are valid, 2 otherwise",
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--lang", choices=["en", "zh"], default="en")


def _add_targets(sub: Commands) -> None:
    targets = sub.add_parser("targets", help="list a plan's targets")
    targets.add_argument(
        "--plan", default="guangzhou-ip-2017-2020", help="bundled plan id or plan file"
    )
    targets.add_argument("--lang", choices=["en", "zh"], default="en")
    targets.add_argument("--format", choices=["table", "json"], default="table")


def _add_calibrate(sub: Commands) -> None:
    cal = sub.add_parser(
        "calibrate",
        help="fit each indicator to observed figures and write the calibrated scenario",
    )
    cal.add_argument(
        "data",
        nargs="?",
        help="observed figures (CSV in UTF-8 or .xlsx; default: the plan's bundled table)",
    )
    cal.add_argument("--plan", help="bundled plan id or plan file (default: the prior's plan)")
    cal.add_argument(
        "--prior",
        help="scenario supplying models and assumptions (default: the plan's bundled baseline)",
    )
    cal.add_argument("--origin", type=_whole_number(1900), help="use figures up to this year")
    cal.add_argument("-o", "--output", required=True, help="scenario file to write")
    cal.add_argument("--force", action="store_true", help="overwrite an existing output file")
    cal.add_argument("--name", help="name of the written scenario (default: calibrated-ORIGIN)")
    cal.add_argument(
        "--drift-prior",
        choices=("reference", "stated", "flat"),
        default="reference",
        help="shrink each fitted drift toward its reference class (else the prior scenario's "
        "stated trend; the default), the stated trend only, or nothing",
    )
    cal.add_argument(
        "--damped",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="damp each fitted growth drift toward the deadline as the reference class published "
        "by the origin shows (a damped local trend; the default); --no-damped holds the yearly "
        "drift. Share and count drifts are never damped",
    )
    _add_fit_options(cal)


def _add_backtest(sub: Commands) -> None:
    bt = sub.add_parser(
        "backtest",
        help="calibrate at an origin year, project, and score against what happened",
    )
    bt.add_argument(
        "scenario", nargs="?", help="scenario file or bundled name (the prior; not with --rolling)"
    )
    bt.add_argument(
        "--origin", type=_whole_number(1900), help="calibrate on figures up to this year"
    )
    bt.add_argument("--actuals", help="what happened, in the observed-data columns")
    bt.add_argument(
        "--rolling",
        action="store_true",
        help="score the method itself: a rolling-origin backtest over every bundled reference "
        "series with enough figures (no scenario, --origin or --actuals)",
    )
    bt.add_argument(
        "--family",
        action="append",
        default=[],
        metavar="FAMILY",
        help="with --rolling: only this reference family (repeat for several)",
    )
    bt.add_argument(
        "--observed", help="figures known at the origin (default: the plan's bundled table)"
    )
    bt.add_argument("--draws", type=_whole_number(1))
    bt.add_argument("--seed", type=_whole_number(0))
    bt.add_argument("--format", choices=["table", "json", "xlsx"], default="table")
    _add_output(bt)
    _add_fit_options(bt)


def _add_output(command: argparse.ArgumentParser) -> None:
    """``-o/--output`` and ``--force`` of the commands that write a workbook."""
    command.add_argument("-o", "--output", help="file to write (required by --format xlsx)")
    command.add_argument("--force", action="store_true", help="overwrite an existing output file")


def _add_fit_options(command: argparse.ArgumentParser) -> None:
    """The calibration options of ``calibrate`` and ``backtest``."""
    command.add_argument(
        "--rule",
        default="confidence,official,first",
        help="how to choose among conflicting figures, criteria in order "
        "(confidence, official, exact, first, last; default: confidence,official,first)",
    )
    command.add_argument("--scope", help="scope of the plan's own figures (default: the plan's)")
    command.add_argument(
        "--half-life",
        type=_number(low=0.0, open_low=True),
        help="weight recent years more: weights halve every this many years back",
    )
    command.add_argument(
        "--prior-df",
        type=_number(low=0.0),
        default=2.0,
        help="weight of the prior volatility, in observations (default 2; 0 = data alone)",
    )
    command.add_argument("--lang", choices=["en", "zh"], default="en")
    command.add_argument(
        "--reference-scope",
        action="append",
        default=[],
        metavar="SCOPE",
        help="take the trend of an indicator without its own series from this scope's "
        "(e.g. China; repeat to try several in order); it stays marked assumed",
    )
    command.add_argument(
        "--encoding", default="utf-8", help="text encoding of CSV files (e.g. gb18030)"
    )


def _add_goalseek(sub: Commands) -> None:
    gs = sub.add_parser(
        "goalseek", help="the smallest setting of a lever that makes a target likely enough"
    )
    gs.add_argument("scenario", help="scenario file or bundled name")
    gs.add_argument("--target", required=True, help="a target id, or 'all'")
    gs.add_argument(
        "--lever",
        default="funding",
        help="funding.<programme>, growth.<indicator>, or 'funding' / 'growth' for each target's "
        "own (default: funding)",
    )
    gs.add_argument("--probability", type=_number(low=0.0, open_low=True), default=0.8)
    gs.add_argument("--draws", type=_whole_number(100))
    gs.add_argument("--seed", type=_whole_number(0))
    gs.add_argument("--format", choices=["table", "json", "xlsx"], default="table")
    _add_output(gs)
    gs.add_argument("--lang", choices=["en", "zh"], default="en")


def _add_sensitivity(sub: Commands) -> None:
    sens = sub.add_parser("sensitivity", help="what a target's P(met) hinges on (SALib)")
    sens.add_argument("scenario", help="scenario file or bundled name")
    sens.add_argument("--target", help="a target id (default: every target)")
    sens.add_argument("--method", choices=["sobol", "morris"], default="sobol")
    sens.add_argument("--n", type=_whole_number(4), default=512, help="SALib base sample size")
    sens.add_argument(
        "--draws-per-point", type=_whole_number(8), default=128, help="draws behind each point"
    )
    sens.add_argument(
        "--input",
        action="append",
        metavar="LEVER",
        help="a lever to vary (repeat; default: all funding levers and the target's growth)",
    )
    sens.add_argument("--seed", type=_whole_number(0))
    sens.add_argument("--lang", choices=["en", "zh"], default="en")
    sens.add_argument("--format", choices=["table", "json"], default="table")


def _add_ensemble(sub: Commands) -> None:
    ens = sub.add_parser(
        "ensemble", help="many scenarios over a design of levers, to Parquet (resumable)"
    )
    ens.add_argument(
        "scenario",
        nargs="+",
        help="scenario files or bundled names, folders of plan and scenario files, or "
        "'bundled' (every bundled scenario); each gets its own design",
    )
    ens.add_argument(
        "--n", type=_whole_number(1), required=True, help="number of scenarios per scenario given"
    )
    ens.add_argument("--design", choices=["lhs", "sobol", "grid"], default="lhs")
    ens.add_argument(
        "--vary",
        action="append",
        metavar="LEVER[=LOW:HIGH]",
        help="a lever to vary, optionally over a range (repeat; default: all funding levers "
        "and each target's growth, over their default ranges)",
    )
    ens.add_argument(
        "--target", action="append", help="a target id (repeat; default: every target)"
    )
    ens.add_argument(
        "--draws", type=_whole_number(1), default=1_000, help="draws per scenario (default 1000)"
    )
    ens.add_argument("--seed", type=_whole_number(0), help="random seed (default: the scenario's)")
    ens.add_argument(
        "--chunk", type=_whole_number(1), default=10, help="scenarios simulated together"
    )
    ens.add_argument(
        "--per-draw", action="store_true", help="keep whether each draw met each target (bits)"
    )
    where = ens.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_whole_number(1),
        help="run on a local Dask cluster of N worker processes (127.0.0.1 only; dask extra)",
    )
    where.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster (tcp://host:8786)"
    )
    ens.add_argument(
        "--dask-dashboard",
        action="store_true",
        help="open the local cluster's dashboard on 127.0.0.1 (a free port, printed)",
    )
    ens.add_argument("-o", "--output", required=True, help="Parquet file to write")
    ens.add_argument(
        "--force", action="store_true", help="overwrite an output made with other arguments"
    )
    ens.add_argument("--lang", choices=["en", "zh"], default="en")


def _add_discover(sub: Commands) -> None:
    dis = sub.add_parser(
        "discover",
        help="under which inputs a target misses (PRIM over one run's draws, or over an "
        "ensemble's Parquet file)",
    )
    dis.add_argument(
        "scenario", help="scenario file or bundled name, or an ensemble's file (.parquet)"
    )
    dis.add_argument("--target", required=True, help="a target id")
    dis.add_argument(
        "--draws", type=_whole_number(100), help="draws of the run (default: the scenario's)"
    )
    dis.add_argument("--seed", type=_whole_number(0), help="random seed (default: the scenario's)")
    dis.add_argument(
        "--threshold",
        type=float,
        default=0.8,
        help="share of misses the box must hold inside it (default 0.8)",
    )
    dis.add_argument(
        "--bootstrap", type=_whole_number(0), default=0, help="resamples for each limit's stability"
    )
    dis.add_argument(
        "--miss-below",
        type=_number(low=0.0, open_low=True),
        default=0.5,
        help="over an ensemble: a scenario misses when its P(met) is below this (default 0.5)",
    )
    dis.add_argument(
        "--scenario-name",
        help="over an ensemble with the target in several scenarios: the one to analyse",
    )
    dis.add_argument(
        "--cart", action="store_true", help="cross-check the box with a CART tree (cart extra)"
    )
    dis.add_argument(
        "--cart-depth", type=_whole_number(1), default=3, help="the CART tree's depth (default 3)"
    )
    dis.add_argument("--lang", choices=["en", "zh"], default="en")
    dis.add_argument("--format", choices=["table", "json"], default="table")


def _add_brief(sub: Commands) -> None:
    br = sub.add_parser("brief", help="write a one-file HTML briefing (offline, printable)")
    br.add_argument("scenario", help="scenario file or bundled name")
    br.add_argument("-o", "--output", required=True, help="HTML file to write")
    br.add_argument(
        "--force", action="store_true", help="overwrite an existing output file (and its PDF)"
    )
    br.add_argument("--lang", choices=["zh", "en"], default="zh")
    br.add_argument("--draws", type=_whole_number(100))
    br.add_argument("--seed", type=_whole_number(0))
    br.add_argument("--probability", type=_number(low=0.0, open_low=True), default=0.8)
    br.add_argument(
        "--as-of",
        metavar="YEAR[-MM]",
        help="project from the figures published by then and add the mid-term evaluation",
    )
    br.add_argument(
        "--observed",
        metavar="FILE",
        help="published figures added to the plan's bundled ones (with --as-of)",
    )
    br.add_argument("--pdf", action="store_true", help="also print it to PDF (needs Chromium)")
    br.add_argument("--issuer", help="the issuing unit printed under the title")
    br.add_argument("--date", help="the date printed under the title, YYYY-MM-DD (default: today)")


def _add_dashboard(sub: Commands) -> None:
    dash = sub.add_parser(
        "dashboard",
        help="serve the scenario explorer as a web page (Voilà)",
        epilog="The URL it prints carries a random access token; set IPSIM_DASHBOARD_TOKEN to "
        "choose it (16+ letters, digits or ._~-).",
    )
    dash.add_argument(
        "scenario", nargs="?", default="baseline", help="scenario file or bundled name"
    )
    dash.add_argument("--port", type=_whole_number(1), default=8866, help="TCP port, 1 to 65535")
    dash.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: this machine only; 0.0.0.0: every network, "
        "protected by the token in the URL)",
    )
    dash.add_argument("--lang", choices=["zh", "en"], default="zh")
    dash.add_argument(
        "--max-kernels",
        type=_whole_number(1),
        default=4,
        help="most pages served at once, each with a kernel of about 360 MB (default 4)",
    )


def _add_new_plan(sub: Commands) -> None:
    np_ = sub.add_parser("new-plan", help="write a commented plan template to fill in")
    np_.add_argument("plan_id", metavar="ID", help="the new plan's id, e.g. city-ip-2026-2030")
    np_.add_argument("-o", "--output", required=True, help="plan file to write")
    np_.add_argument(
        "--base-year", type=_whole_number(1900), default=2020, help="1900-2199 (default 2020)"
    )
    np_.add_argument(
        "--horizon", type=_whole_number(1901), default=2025, help="up to 2200 (default 2025)"
    )
    np_.add_argument("--force", action="store_true", help="overwrite an existing file")
    np_.add_argument("--lang", choices=["en", "zh"], default="en")


def _add_compare(sub: Commands) -> None:
    cmp = sub.add_parser(
        "compare",
        help="every target's P(met) under several scenarios of one plan (two with the same "
        "name are shown as NAME and NAME (2))",
    )
    cmp.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    cmp.add_argument("--draws", type=_whole_number(1))
    cmp.add_argument("--seed", type=_whole_number(0))
    cmp.add_argument("--lang", choices=["en", "zh"], default="en")
    cmp.add_argument("--format", choices=["table", "json", "csv", "xlsx"], default="table")
    _add_output(cmp)


def _add_evaluate(sub: Commands) -> None:
    ev = sub.add_parser(
        "evaluate",
        help="mid-term evaluation: each target's progress against the time elapsed, P(met), "
        "and how P(met) moved with each release of figures",
    )
    ev.add_argument("scenario", help="scenario file or bundled name")
    ev.add_argument(
        "--as-of",
        required=True,
        metavar="YEAR[-MM]",
        help="evaluate on the figures published by the end of this year (or of this month; "
        "rows without a published date count from the January after their year)",
    )
    ev.add_argument(
        "--observed",
        metavar="FILE",
        help="published figures added to the plan's bundled ones (observed-data columns)",
    )
    ev.add_argument("--format", choices=["table", "json", "csv", "xlsx"], default="table")
    _add_output(ev)
    ev.add_argument("--lang", choices=["en", "zh"], default="en")
    ev.add_argument(
        "--draws", type=_whole_number(1), help="Monte Carlo draws (default: the scenario's)"
    )
    ev.add_argument("--seed", type=_whole_number(0), help="random seed (default: the scenario's)")


_COMMANDS: tuple[Callable[[Commands], None], ...] = (
    _add_run,
    _add_validate,
    _add_targets,
    _add_calibrate,
    _add_backtest,
    _add_goalseek,
    _add_sensitivity,
    _add_ensemble,
    _add_discover,
    _add_brief,
    _add_dashboard,
    _add_new_plan,
    _add_compare,
    _add_evaluate,
)
"""The commands in the order ``ipsim --help`` lists them."""
