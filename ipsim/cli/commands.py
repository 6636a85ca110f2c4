"""The ``ipsim`` command: parses arguments, calls the API, prints. No logic of its own.

Exit status: 0 on success, 2 on bad input (one message on stderr naming file, line and field,
no traceback), 1 on an internal error (set ``IPSIM_DEBUG=1`` for the traceback), 130 when
interrupted (Ctrl-C).

Everything printed goes through :func:`_say` and :func:`_complain`, which escape control
characters (a name cannot clear the screen) and cut overlong lines of messages; JSON through
:func:`ipsim._outputs.to_json` (always valid, ``null`` where there is no number); CSV through
:func:`ipsim._outputs.csv_text` (no cell runs as a spreadsheet formula); files through
:func:`ipsim._outputs.write_output` (one rule: an existing file is replaced only with ``--force``).
ipsim's own warnings print as one line ``ipsim: warning: ...``; other libraries' warnings are
silenced (shown with ``IPSIM_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from ipsim._args import shown
from ipsim._outputs import csv_text, cut_lines, terminal_text, to_json
from ipsim.errors import ArgumentError, IpsimError, IpsimWarning

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def _say(text: str = "", *, end: str = "\n", colour: bool = False) -> None:
    """Print ``text`` on standard output, control characters escaped (colour codes kept if asked)."""
    _write(sys.stdout, terminal_text(text + end, colour=colour))


def _complain(text: str) -> None:
    """Print a message on standard error: control characters escaped, overlong lines cut."""
    _write(sys.stderr, terminal_text(cut_lines(text)) + "\n")


def _write(stream: IO[str] | None, text: str) -> None:
    if stream is not None:  # None when the stream was closed before ipsim started (`>&-`)
        stream.write(text)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        if sys.stderr is not None:
            self.print_usage(sys.stderr)
        _complain(f"ipsim: error: {message}")
        self.exit(EXIT_BAD_INPUT)


def _whole_number(low: int):
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


def _number(*, low: float, open_low: bool = False):
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


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``ipsim`` command."""
    from ipsim._version import __version__

    parser = _Parser(
        prog="ipsim", description="Will a plan's quantified targets be met by their deadline?"
    )
    parser.add_argument("--version", action="version", version=f"ipsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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
    run.add_argument("--format", choices=["table", "json", "csv"], default="table")
    run.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour statuses in the table",
    )

    validate = sub.add_parser(
        "validate",
        help="check scenario, plan or observed-data files; exit 0 if all are valid, 2 otherwise",
    )
    validate.add_argument("files", nargs="+", metavar="FILE")

    targets = sub.add_parser("targets", help="list a plan's targets")
    targets.add_argument(
        "--plan", default="guangzhou-ip-2017-2020", help="bundled plan id or plan file"
    )
    targets.add_argument("--lang", choices=["en", "zh"], default="en")
    targets.add_argument("--format", choices=["table", "json"], default="table")

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
    _add_fit_options(cal)

    bt = sub.add_parser(
        "backtest",
        help="calibrate at an origin year, project, and score against what happened",
    )
    bt.add_argument("scenario", help="scenario file or bundled name (the prior)")
    bt.add_argument("--origin", type=_whole_number(1900), required=True)
    bt.add_argument("--actuals", required=True, help="what happened, in the observed-data columns")
    bt.add_argument(
        "--observed", help="figures known at the origin (default: the plan's bundled table)"
    )
    bt.add_argument("--draws", type=_whole_number(1))
    bt.add_argument("--seed", type=_whole_number(0))
    bt.add_argument("--format", choices=["table", "json"], default="table")
    _add_fit_options(bt)

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
    gs.add_argument("--format", choices=["table", "json"], default="table")

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
    sens.add_argument("--format", choices=["table", "json"], default="table")

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
        type=_whole_number(1900),
        help="first calibrate on the figures published by this year (as ipsim run --as-of)",
    )
    br.add_argument("--pdf", action="store_true", help="also print it to PDF (needs Chromium)")

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

    cmp = sub.add_parser(
        "compare",
        help="every target's P(met) under several scenarios of one plan (two with the same "
        "name are shown as NAME and NAME (2))",
    )
    cmp.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    cmp.add_argument("--draws", type=_whole_number(1))
    cmp.add_argument("--seed", type=_whole_number(0))
    cmp.add_argument("--lang", choices=["en", "zh"], default="en")
    cmp.add_argument("--format", choices=["table", "json", "csv"], default="table")
    return parser


def _add_fit_options(command: argparse.ArgumentParser) -> None:
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


def _run(args: argparse.Namespace) -> int:
    from ipsim.assess import assess
    from ipsim.scenario import load_scenario
    from ipsim.simulate import simulate
    from ipsim.views.text import assessment_table

    if args.plan:
        from ipsim.analysis.calibrate import default_prior
        from ipsim.plan import load_plan

        scenario = default_prior(load_plan(args.plan))
    else:
        scenario = load_scenario(args.scenario)
    if args.as_of:
        from ipsim.analysis.calibrate import as_of

        scenario = as_of(scenario, args.as_of)
    scenario = scenario.with_run(draws=args.draws, seed=args.seed)
    if args.reading:
        scenario = scenario.with_reading(args.reading)
    assessment = assess(simulate(scenario))
    if args.format == "json":
        _say(to_json(assessment.to_dict(args.lang)))
    elif args.format == "csv":
        _say(csv_text(assessment.to_frame(args.lang)), end="")
    else:
        colour = args.color == "always" or (
            args.color == "auto"
            and sys.stdout is not None
            and sys.stdout.isatty()
            and "NO_COLOR" not in os.environ
        )
        _say(assessment_table(assessment, lang=args.lang, colour=colour), colour=colour)
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from ipsim.errors import DataError, PlanError, ScenarioError
    from ipsim.observed import read_observed
    from ipsim.plan import load_plan
    from ipsim.scenario import load_scenario

    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            if path.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
                read_observed(path)
            elif _looks_like_plan(path):
                load_plan(path)
            else:
                load_scenario(path)
        except (ScenarioError, PlanError, DataError) as err:
            failed += 1
            _complain(str(err))
        else:
            _say(f"ok: {name}")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _looks_like_plan(path: Path) -> bool:
    from ipsim._inputs import peek_text

    head = peek_text(path)  # never waits on a FIFO or reads a device
    return "schema: ipsim-plan/" in head or "\ntargets:" in head


def _targets(args: argparse.Namespace) -> int:
    from ipsim.plan import load_plan
    from ipsim.views.text import targets_records, targets_table

    plan = load_plan(args.plan)
    if args.format == "json":
        doc = {
            "plan": plan.id,
            "title": plan.title(args.lang),
            "targets": targets_records(plan, lang=args.lang),
        }
        _say(to_json(doc))
    else:
        _say(targets_table(plan, lang=args.lang))
    return EXIT_OK


def _read_data(path: str | None, plan: object, encoding: str) -> object:
    from ipsim.observed import read_observed

    return None if path is None else read_observed(path, plan=plan, encoding=encoding)  # type: ignore[arg-type]


def _calibrate(args: argparse.Namespace) -> int:
    from ipsim._outputs import check_output, write_output
    from ipsim.analysis.calibrate import calibrate, default_prior
    from ipsim.plan import load_plan
    from ipsim.scenario import _plan_relative_to, dump_scenario, load_scenario
    from ipsim.views.text import calibration_report

    output = check_output(args.output, force=args.force)  # before the work; again when writing
    fit = _fit_options(args)
    prior = load_scenario(args.prior) if args.prior else None
    plan = load_plan(args.plan) if args.plan else (prior.load_plan() if prior else None)
    if prior is None:
        prior = default_prior(plan) if plan else load_scenario("baseline")
        plan = plan or prior.load_plan()
    result = calibrate(
        _read_data(args.data, plan, args.encoding),  # type: ignore[arg-type]
        plan,
        prior=prior,
        origin=args.origin,
        **fit,
    )
    scenario = _plan_relative_to(result.to_scenario(args.name), output.resolve().parent)
    write_output(output, dump_scenario(scenario), force=args.force, what="the scenario")
    _say(calibration_report(result, lang=args.lang))
    _say(f"\nwrote {output} (scenario {scenario.name!r}, sha256 {scenario.sha256[:12]})")
    return EXIT_OK


def _fit_options(args: argparse.Namespace) -> dict[str, Any]:
    """The calibration keywords of the options added by :func:`_add_fit_options`."""
    from ipsim.observed import RULE_KEYS

    rule = tuple(part.strip() for part in args.rule.split(","))
    if not all(rule) or any(part not in RULE_KEYS for part in rule):
        allowed = ", ".join(RULE_KEYS)
        msg = (
            f"--rule: expected criteria from {allowed}, separated by commas "
            f"(e.g. confidence,official,first), got {shown(args.rule)}"
        )
        raise ArgumentError(msg)
    return {
        "rule": rule,
        "scope": args.scope,
        "half_life": args.half_life,
        "prior_df": args.prior_df,
        "reference_scopes": args.reference_scope,
    }


def _backtest(args: argparse.Namespace) -> int:
    from ipsim.analysis.backtest import backtest
    from ipsim.observed import read_observed
    from ipsim.scenario import load_scenario
    from ipsim.views.text import backtest_table

    fit = _fit_options(args)
    scenario = load_scenario(args.scenario)
    plan = scenario.load_plan()
    actuals = read_observed(args.actuals, plan=plan, encoding=args.encoding)
    result = backtest(
        scenario,
        origin=args.origin,
        actuals=actuals,
        observed=_read_data(args.observed, plan, args.encoding),  # type: ignore[arg-type]
        draws=args.draws,
        rng=args.seed,
        **fit,
    )
    if args.format == "json":
        _say(to_json(result.to_dict()))
    else:
        _say(backtest_table(result, lang=args.lang))
    return EXIT_OK


def _goalseek(args: argparse.Namespace) -> int:
    from ipsim.analysis.goalseek import goal_seek, goal_seek_all
    from ipsim.errors import ScenarioError
    from ipsim.scenario import load_scenario
    from ipsim.views.text import goalseek_table

    scenario = load_scenario(args.scenario)
    if args.probability >= 1:
        msg = f"--probability must lie between 0 and 1, got {args.probability:g}"
        raise ScenarioError(msg)
    options = {
        "lever": args.lever,
        "probability": args.probability,
        "draws": args.draws,
        "rng": args.seed,
    }
    if args.target == "all":
        results = goal_seek_all(scenario, **options)
    else:
        results = [goal_seek(scenario, args.target, **options)]
    if args.format == "json":
        records = [r.to_dict() for r in results]
        _say(to_json(records if args.target == "all" else records[0]))
    else:
        _say(goalseek_table(results))
    return EXIT_OK


def _sensitivity(args: argparse.Namespace) -> int:
    from ipsim.analysis.sensitivity import sensitivity
    from ipsim.scenario import load_scenario
    from ipsim.views.text import sensitivity_table

    repeated = sorted({name for name in args.input or () if args.input.count(name) > 1})
    if repeated:
        msg = f"--input: each lever once; given more than once: {', '.join(map(shown, repeated))}"
        raise ArgumentError(msg)
    scenario = load_scenario(args.scenario)
    if args.target:
        scenario.load_plan().target(args.target)  # a clear error before any work
    result = sensitivity(
        scenario,
        target=args.target,
        inputs=args.input,
        method=args.method,
        n=args.n,
        draws_per_point=args.draws_per_point,
        rng=args.seed,
    )
    if args.format == "json":
        _say(to_json(result.to_dict()))
    else:
        _say(sensitivity_table(result))
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from ipsim.analysis.comparison import compare
    from ipsim.views.text import comparison_table

    result = compare(*args.scenarios, draws=args.draws, rng=args.seed)
    if args.format == "json":
        _say(to_json(result.to_dict()))
    elif args.format == "csv":
        _say(csv_text(result.frame), end="")
    else:
        _say(comparison_table(result, lang=args.lang))
    return EXIT_OK


def _brief(args: argparse.Namespace) -> int:
    import tempfile

    from ipsim._outputs import check_output, write_output
    from ipsim.cli.pdf import to_pdf
    from ipsim.errors import ScenarioError
    from ipsim.scenario import load_scenario
    from ipsim.views.brief import brief

    output = check_output(args.output, force=args.force)
    pdf = check_output(output.with_suffix(".pdf"), force=args.force) if args.pdf else None
    if args.probability >= 1:
        msg = f"--probability must lie between 0 and 1, got {args.probability:g}"
        raise ScenarioError(msg)
    scenario = load_scenario(args.scenario)
    if args.as_of:
        from ipsim.analysis.calibrate import as_of

        scenario = as_of(scenario, args.as_of)
    html = brief(
        scenario, lang=args.lang, draws=args.draws, rng=args.seed, probability=args.probability
    )
    written = write_output(output, html, force=args.force, what="the briefing")
    _say(f"wrote {written} ({written.stat().st_size:,} bytes)")
    if pdf is not None:
        with tempfile.TemporaryDirectory(prefix="ipsim-pdf-") as folder:
            printed = to_pdf(written, Path(folder) / "brief.pdf").read_bytes()
        write_output(pdf, printed, force=args.force, what="the PDF")
        _say(f"wrote {pdf}")
    return EXIT_OK


def _dashboard(args: argparse.Namespace) -> int:
    from ipsim.cli.dashboard import serve

    return serve(
        args.scenario,
        host=args.host,
        port=args.port,
        lang=args.lang,
        max_kernels=args.max_kernels,
    )


def _new_plan(args: argparse.Namespace) -> int:
    from ipsim._outputs import check_output, write_output
    from ipsim.cli.new_plan import new_plan

    output = check_output(args.output, force=args.force)
    text = new_plan(
        args.plan_id, base_year=args.base_year, horizon=args.horizon, file=output.name
    )  # checks the id and the years (exit 2) before anything is written
    write_output(output, text, force=args.force, what="the plan template")
    _say(f"wrote {output}; fill it in, then: ipsim validate {output}")
    return EXIT_OK


_COMMANDS = {
    "new-plan": _new_plan,
    "brief": _brief,
    "dashboard": _dashboard,
    "goalseek": _goalseek,
    "sensitivity": _sensitivity,
    "compare": _compare,
    "run": _run,
    "validate": _validate,
    "targets": _targets,
    "calibrate": _calibrate,
    "backtest": _backtest,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ipsim`` command with ``argv`` (default: the process arguments)."""
    try:
        with warnings.catch_warnings():
            _route_warnings()
            args = build_parser().parse_args(argv)
            status = _COMMANDS[args.command](args)
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk or a closed pipe is reported here, not at exit
            return status
    except IpsimError as err:
        _complain(f"ipsim: {err}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `ipsim run | head`: the reader has gone, nothing more to say
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        _complain("ipsim: interrupted")
        return EXIT_INTERRUPTED
    except OSError as err:
        if err.filename is not None or sys.stdout is None or not _is_stdout_error(err):
            return _internal_error(err)
        _silence_stdout()
        _complain(f"ipsim: cannot write to standard output: {err.strerror or err}")
        return EXIT_BAD_INPUT
    except Exception as err:
        return _internal_error(err)


def _internal_error(err: BaseException) -> int:
    if os.environ.get("IPSIM_DEBUG") and sys.stderr is not None:
        traceback.print_exc()
    _complain(f"ipsim: internal error: {type(err).__name__}: {err} (set IPSIM_DEBUG=1 for details)")
    return EXIT_INTERNAL


def _is_stdout_error(err: OSError) -> bool:
    """Whether ``err`` is standard output failing (``> /dev/full``), judged by its errno."""
    import errno

    return err.errno in (errno.ENOSPC, errno.EIO, errno.EPIPE, errno.EBADF, errno.EDQUOT)


def _silence_stdout() -> None:
    """Point standard output at the null device, so Python's flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        pass


def _route_warnings() -> None:
    """Show ipsim's warnings as one line ``ipsim: warning: ...``; silence other libraries'."""
    debug = bool(os.environ.get("IPSIM_DEBUG"))
    warnings.resetwarnings()
    warnings.simplefilter("default" if debug else "ignore")
    warnings.simplefilter("default", IpsimWarning)
    original = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
        if issubclass(category, IpsimWarning):
            _complain("ipsim: warning: " + " ".join(str(message).split()))
        elif debug:
            original(message, category, filename, lineno, file, line)

    warnings.showwarning = show
