"""The ``ipsim`` command: parses arguments, calls the API, prints. No logic of its own.

The arguments are declared in :mod:`ipsim.cli.parser`; here each command is one short function
that loads, calls the API and prints the result (its ``to_dict()`` for ``--format json``).

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
import os
import sys
import traceback
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ipsim._args import shown
from ipsim._outputs import csv_text, cut_lines, terminal_text, to_json
from ipsim.cli.parser import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    build_parser,
)
from ipsim.errors import ArgumentError, IpsimError, IpsimWarning

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Executor

    from ipsim.scenario import Scenario

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "build_parser", "main"]


def _say(text: str = "", *, end: str = "\n", colour: bool = False) -> None:
    """Print ``text`` on standard output, control characters escaped (colour codes kept if asked)."""
    _write(sys.stdout, terminal_text(text + end, colour=colour))


def _complain(text: str) -> None:
    """Print a message on standard error: control characters escaped, overlong lines cut."""
    _write(sys.stderr, terminal_text(cut_lines(text)) + "\n")


def _write(stream: IO[str] | None, text: str) -> None:
    if stream is not None:  # None when the stream was closed before ipsim started (`>&-`)
        stream.write(text)


def _run(args: argparse.Namespace) -> int:
    from ipsim.assess import assess
    from ipsim.simulate import simulate
    from ipsim.views.text import assessment_table

    _check_workbook_output(args)
    assessment = assess(simulate(_scenario_to_run(args)))
    span = _dependence_span(assessment)
    if args.format == "xlsx":
        from ipsim.views.workbook import run_sheets

        _write_workbook(args, run_sheets(assessment, args.lang))
    elif args.format == "json":
        dependence = None if span is None else span.to_dict()
        _say(to_json({**assessment.to_dict(args.lang), "dependence_range": dependence}))
    elif args.format == "csv" and args.lang == "zh":  # for Excel: Chinese headers and words
        from ipsim.views.workbook import board_sheet, sheet_as_csv

        _say(csv_text(sheet_as_csv(*board_sheet(assessment, "zh"), "zh"), bom=True), end="")
    elif args.format == "csv":
        _say(csv_text(assessment.to_frame(args.lang)), end="")
    else:
        colour = args.color == "always" or (
            args.color == "auto"
            and sys.stdout is not None
            and sys.stdout.isatty()
            and "NO_COLOR" not in os.environ
        )
        table = assessment_table(assessment, lang=args.lang, colour=colour, dependence=span)
        _say(table, colour=colour)
    return EXIT_OK


def _check_workbook_output(args: argparse.Namespace) -> None:
    """Refuse ``--format xlsx`` without ``-o/--output`` (a workbook is binary, never printed),
    and ``-o`` with another format; check the output file before any work."""
    from ipsim._outputs import check_output

    if args.format == "xlsx" and not args.output:
        msg = "--format xlsx writes a binary workbook: give the file with -o/--output FILE.xlsx"
        raise ArgumentError(msg)
    if args.output and args.format != "xlsx":
        msg = "-o/--output is for --format xlsx; other formats print on standard output"
        raise ArgumentError(msg)
    if args.output:
        check_output(args.output, force=args.force)


def _write_workbook(args: argparse.Namespace, sheets_and_formats: tuple[Any, Any]) -> None:
    """Write the workbook of ``--format xlsx`` to ``-o/--output`` (whole or not at all)."""
    from ipsim.views.workbook import write_workbook

    sheets, formats = sheets_and_formats
    path = write_workbook(
        sheets, args.output, lang=args.lang, number_formats=formats, force=args.force
    )
    _say(f"wrote {path} ({', '.join(sheets)})")


def _dependence_span(assessment: Any) -> Any:
    """P(all met) and P(at least k met) over the scenario's plausible dependence (None when the
    scenario states none): two more runs on the same draws."""
    from ipsim.joint import dependence_range

    if assessment.result.scenario.dependence is None or assessment.met.shape[1] == 0:
        return None
    return dependence_range(assessment.result)


def _scenario_to_run(args: argparse.Namespace) -> Scenario:
    """The scenario of ``ipsim run``: named or the plan's, calibrated as of a year if asked."""
    from ipsim.scenario import load_scenario

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
    return scenario.with_reading(args.reading) if args.reading else scenario


def _validate(args: argparse.Namespace) -> int:
    from ipsim.errors import DataError, PlanError, ScenarioError
    from ipsim.i18n import label
    from ipsim.observed import read_observed
    from ipsim.plan import load_plan
    from ipsim.scenario import load_scenario
    from ipsim.scenario_workbook import is_scenario_workbook

    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            if is_scenario_workbook(path):  # an assumptions workbook, not observed figures
                load_scenario(path)
            elif path.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
                read_observed(path)
            elif _looks_like_plan(path):
                load_plan(path)
            else:
                load_scenario(path)
        except (ScenarioError, PlanError, DataError) as err:
            failed += 1
            if args.lang == "zh":  # the problem itself is worded in English (file, line, field)
                _complain(label("tables.validate_bad", args.lang, file=name))
            _complain(str(err))
        else:
            _say(label("tables.validate_ok", args.lang, file=name))
    if failed and args.lang == "zh" and len(args.files) > 1:
        _complain(label("tables.validate_summary", args.lang, bad=failed, n=len(args.files)))
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
        drift_prior=args.drift_prior,
        damped=args.damped,
        **fit,
    )
    scenario = _plan_relative_to(result.to_scenario(args.name), output.resolve().parent)
    write_output(output, dump_scenario(scenario), force=args.force, what="the scenario")
    _say(calibration_report(result, lang=args.lang))
    _say(f"\nwrote {output} (scenario {scenario.name!r}, sha256 {scenario.sha256[:12]})")
    return EXIT_OK


def _fit_options(args: argparse.Namespace) -> dict[str, Any]:
    """The calibration keywords of the options added by :func:`ipsim.cli.parser._add_fit_options`."""
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

    _check_workbook_output(args)
    if args.rolling and args.format == "xlsx":
        msg = "--rolling prints a table or JSON; --format xlsx is for a scenario's backtest"
        raise ArgumentError(msg)
    if args.rolling:
        return _rolling_backtest(args)
    _check_backtest_arguments(args)
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
    if args.format == "xlsx":
        from ipsim.views.workbook import backtest_sheets

        _write_workbook(args, backtest_sheets(result, args.lang))
    elif args.format == "json":
        _say(to_json(result.to_dict()))
    else:
        _say(backtest_table(result, lang=args.lang))
    return EXIT_OK


def _check_backtest_arguments(args: argparse.Namespace) -> None:
    """A scenario backtest needs a scenario, ``--origin`` and ``--actuals``; ``--family`` is
    only for ``--rolling``."""
    missing = [
        name
        for name, value in (
            ("SCENARIO", args.scenario),
            ("--origin", args.origin),
            ("--actuals", args.actuals),
        )
        if value is None
    ]
    if missing:
        msg = (
            f"backtest needs {', '.join(missing)} (or --rolling to backtest the method on the"
            " bundled reference series)"
        )
        raise ArgumentError(msg)
    if args.family:
        msg = "--family filters the rolling backtest; use it with --rolling"
        raise ArgumentError(msg)


def _rolling_backtest(args: argparse.Namespace) -> int:
    """``ipsim backtest --rolling``: the method scored on every bundled reference series."""
    from ipsim.analysis.rolling import rolling_backtest
    from ipsim.views.rolling import rolling_table

    given = [
        name
        for name, value in (
            ("SCENARIO", args.scenario),
            ("--origin", args.origin),
            ("--actuals", args.actuals),
            ("--observed", args.observed),
        )
        if value is not None
    ]
    if given:
        msg = f"--rolling backtests the bundled reference series; it takes no {', '.join(given)}"
        raise ArgumentError(msg)
    draws = {} if args.draws is None else {"draws": args.draws}
    seed = {} if args.seed is None else {"rng": args.seed}
    result = rolling_backtest(families=args.family or None, **draws, **seed)
    if args.format == "json":
        _say(to_json(result.to_dict()))
    else:
        _say(rolling_table(result, lang=args.lang))
    return EXIT_OK


def _goalseek(args: argparse.Namespace) -> int:
    from ipsim.analysis.goalseek import goal_seek, goal_seek_all
    from ipsim.scenario import load_scenario
    from ipsim.views.text import goalseek_table

    scenario = load_scenario(args.scenario)
    _check_probability(args.probability)
    _check_workbook_output(args)
    options = {
        "lever": args.lever,
        "probability": args.probability,
        "draws": args.draws,
        "rng": args.seed,
    }
    lang: Any = args.lang
    document: Any  # a list of records for every target, one record for one
    answers: Sequence[Any]
    if args.target == "all":
        answers = goal_seek_all(scenario, **options)
        document = answers.to_dict()
    else:
        answers = [goal_seek(scenario, args.target, **options)]
        document = answers[0].to_dict()
    if args.format == "xlsx":
        from ipsim.views.workbook import goalseek_sheets

        _write_workbook(args, goalseek_sheets(answers, scenario, lang))
        return EXIT_OK
    table = (
        goalseek_table(answers, lang=lang, scenario=scenario)
        + "\n\n"
        + _goalseek_theta_table(answers, lang, scenario)
    )
    _say(to_json(document) if args.format == "json" else table)
    return EXIT_OK


def _goalseek_theta_table(answers: Sequence[Any], lang: Any, scenario: Any) -> str:
    """The answers with the funding elasticity held at its 10th, 50th and 90th percentiles,
    with theta uncertain, and the share of the spread that is theta's; a sentence where theta
    does not move the answer or is fixed."""
    from ipsim.analysis.goalseek import THETA_QUANTILES
    from ipsim.i18n import label
    from ipsim.views.text import render_table, target_name

    headers = [
        label("col_id", lang),
        *(label("goalseek.col_theta_at", lang, q=round(100 * q)) for q in THETA_QUANTILES),
        label("goalseek.col_theta_uncertain", lang),
        label("goalseek.col_theta_share", lang),
        label("gs_note", lang),
    ]
    rows = []
    for r in answers:
        op = "<= " if r.search == "largest" else ">= "
        shown = {True: op + "{:.3g}", False: label("goalseek.unreachable", lang)}
        cells = [
            label(
                "goalseek.at_theta",
                lang,
                value=shown[a.reachable].format(a.value),
                theta=f"{a.theta:.3g}",
            )
            for a in r.by_theta
        ] or ["-"] * len(THETA_QUANTILES)
        uncertain = "-" if r.value is None else op + f"{r.value:.3g}"
        share = "-" if r.theta_share is None else f"{r.theta_share:.0%}"
        note = ""
        if r.theta_role == "none":
            note = label("goalseek.role_none", lang)
        elif r.theta_role == "fixed":
            note = label("goalseek.role_fixed", lang, theta=f"{r.theta_median:.3g}")
        rows.append([target_name(r.target, scenario, lang), *cells, uncertain, share, note])
    align = ["left", "right", "right", "right", "right", "right", "left"]
    title = label("goalseek.theta_title", lang)
    footer = label("goalseek.theta_footer", lang)
    return f"{title}\n\n{render_table(headers, rows, align=align)}\n\n{footer}"


def _check_probability(probability: float) -> None:
    """Refuse a wanted probability of 1 or more (the parser has refused 0 and less)."""
    if probability >= 1:
        msg = f"--probability must lie between 0 and 1, got {probability:g}"
        raise ArgumentError(msg)


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
        _say(sensitivity_table(result, lang=args.lang, scenario=scenario))
    return EXIT_OK


def _discover(args: argparse.Namespace) -> int:
    """``ipsim discover``: the box of inputs under which a target misses, in plain thresholds
    (over one run's draws or an ensemble's scenarios), optionally cross-checked by CART."""
    from ipsim.analysis.discover import discover
    from ipsim.scenario import load_scenario

    source: Any = args.scenario
    if not str(source).lower().endswith(".parquet"):
        source = load_scenario(source)
        source.load_plan().target(args.target)  # a clear error before any work
    result = discover(
        source,
        args.target,
        draws=args.draws,
        rng=args.seed,
        threshold=args.threshold,
        bootstrap=args.bootstrap,
        bootstrap_rng=args.seed,
        miss_below=args.miss_below,
        scenario=args.scenario_name,
        cart=args.cart,
        cart_depth=args.cart_depth,
    )
    if args.format == "json":
        _say(to_json({**result.to_dict(), "text": result.thresholds_text(args.lang)}))
        return EXIT_OK
    _say(result.thresholds_text(args.lang))
    if result.cart is not None and result.agreement is not None:
        from ipsim.i18n import label

        _say(label("cart.heading", args.lang))
        _say(result.cart.rules_text(args.lang))
        _say(result.agreement.verdict(args.lang))
    return EXIT_OK


def _ensemble(args: argparse.Namespace) -> int:
    """``ipsim ensemble``: many scenarios over a design of levers, to Parquet, in process or on
    a Dask cluster."""
    from ipsim.analysis.ensemble import ensemble
    from ipsim.analysis.ensemble_sources import scenarios_of
    from ipsim.i18n import label

    vary = None if args.vary is None else _vary_ranges(args.vary)
    scenarios = scenarios_of(args.scenario)  # a clear error before a cluster starts
    with _executor(args) as executor:
        result = ensemble(
            scenarios,
            args.design,
            n=args.n,
            draws=args.draws,
            vary=vary,
            target=args.target,
            rng=args.seed,
            executor=executor,
            output=args.output,
            chunk=args.chunk,
            per_draw=args.per_draw,
            progress=_progress_line(args.lang),
            force=args.force,
        )
    _say(
        label(
            "ensemble.wrote",
            args.lang,
            path=args.output,
            rows=len(result.to_frame()),
            scenarios=result.scenarios,
            targets=len(result.targets),
            draws=result.draws,
        )
    )
    return EXIT_OK


@contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Executor | None]:
    """The Dask executor ``--workers`` or ``--scheduler`` asks for, or None (in process)."""
    if args.workers is None and args.scheduler is None:
        if args.dask_dashboard:
            raise ArgumentError("--dask-dashboard: only with --workers N (a local Dask cluster)")
        yield None
        return
    from ipsim.analysis.cluster import dashboard_link, dask_executor

    dashboard = bool(args.dask_dashboard)
    with dask_executor(args.workers, args.scheduler, dashboard=dashboard) as executor:
        link = dashboard_link(executor) if dashboard else None
        if link:
            _write(sys.stderr, f"Dask dashboard: {link}\n")
        yield executor


def _vary_ranges(given: Sequence[str]) -> dict[str, tuple[float, float] | None]:
    """``--vary LEVER[=LOW:HIGH]`` as ``{lever: (low, high) or None}``, each lever once."""
    ranges: dict[str, tuple[float, float] | None] = {}
    for text in given:
        name, sep, bounds = text.partition("=")
        low, _, high = bounds.partition(":")
        if name in ranges:
            msg = f"--vary: each lever once; {shown(name)} is given more than once"
            raise ArgumentError(msg)
        ranges[name] = _vary_range(text, low, high) if sep else None
    return ranges


def _vary_range(text: str, low: str, high: str) -> tuple[float, float]:
    """The range of ``--vary LEVER=LOW:HIGH``, both ends numbers."""
    try:
        return float(low), float(high)
    except ValueError as err:
        msg = f"--vary: expected LEVER or LEVER=LOW:HIGH (numbers), got {shown(text)}"
        raise ArgumentError(msg) from err


def _progress_line(lang: str) -> Callable[[int, int], None] | None:
    """A line on standard error counting the scenarios done (only on a terminal)."""
    from ipsim.i18n import label

    stream = sys.stderr
    if stream is None or not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        _write(stream, "\r" + label("ensemble.progress", lang, done=done, total=total) + end)

    return show


def _compare(args: argparse.Namespace) -> int:
    from ipsim.analysis.comparison import compare
    from ipsim.views.text import comparison_csv_frame, comparison_table

    _check_workbook_output(args)
    result = compare(*args.scenarios, draws=args.draws, rng=args.seed)
    if args.format == "xlsx":
        from ipsim.views.workbook import compare_sheets

        _write_workbook(args, compare_sheets(result, args.lang))
    elif args.format == "json":
        _say(to_json(result.to_dict()))
    elif args.format == "csv":
        _say(csv_text(comparison_csv_frame(result, args.lang), bom=args.lang == "zh"), end="")
    else:
        _say(comparison_table(result, lang=args.lang))
    return EXIT_OK


def _brief(args: argparse.Namespace) -> int:
    from ipsim._outputs import check_output, write_output
    from ipsim.scenario import load_scenario
    from ipsim.views.brief import brief

    output = check_output(args.output, force=args.force)
    pdf = check_output(output.with_suffix(".pdf"), force=args.force) if args.pdf else None
    _check_probability(args.probability)
    html = brief(
        load_scenario(args.scenario),
        lang=args.lang,
        draws=args.draws,
        rng=args.seed,
        probability=args.probability,
        issuer=args.issuer,
        date=args.date,
        as_of=args.as_of,
        observed=args.observed,
    )
    written = write_output(output, html, force=args.force, what="the briefing")
    _say(f"wrote {written} ({written.stat().st_size:,} bytes)")
    if pdf is not None:
        _print_pdf(written, pdf, force=args.force)
        _say(f"wrote {pdf}")
    return EXIT_OK


def _print_pdf(page: Path, pdf: Path, *, force: bool) -> None:
    """Print the HTML ``page`` to ``pdf`` with Chromium (written only once it is complete)."""
    import tempfile

    from ipsim._outputs import write_output
    from ipsim.cli.pdf import to_pdf

    with tempfile.TemporaryDirectory(prefix="ipsim-pdf-") as folder:
        printed = to_pdf(page, Path(folder) / "brief.pdf").read_bytes()
    write_output(pdf, printed, force=force, what="the PDF")


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
    from ipsim.i18n import label

    output = check_output(args.output, force=args.force)
    text = new_plan(
        args.plan_id, base_year=args.base_year, horizon=args.horizon, file=output.name
    )  # checks the id and the years (exit 2) before anything is written
    write_output(output, text, force=args.force, what="the plan template")
    _say(label("new_plan.written", args.lang, file=output))
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    """``ipsim evaluate``: the mid-term evaluation of a scenario's plan as of a date."""
    from ipsim.analysis.evaluate import evaluate

    _check_workbook_output(args)
    result = evaluate(
        args.scenario, args.as_of, args.observed, draws=args.draws, seed=args.seed, releases=True
    )
    if args.format == "xlsx":
        from ipsim.views.workbook import evaluate_sheets

        _write_workbook(args, evaluate_sheets(result, args.lang))
    elif args.format == "json":
        _say(to_json(result.to_dict(args.lang)))
    elif args.format == "csv":  # as the workbook: money in 万元/亿元, shares in percent
        from ipsim.views.workbook import evaluate_sheets, sheet_as_csv

        sheets, formats = evaluate_sheets(result, args.lang)
        frames = [sheet_as_csv(f, formats, args.lang) for f in sheets.values()]
        _say(csv_text(frames[0], bom=args.lang == "zh"), end="")
        if len(frames) > 1:  # the release table below the evaluation, after a blank line
            _say("\n" + csv_text(frames[1]), end="")
    else:
        from ipsim.views.evaluation import evaluation_text

        _say(evaluation_text(result, args.lang))
    return EXIT_OK


_COMMANDS = {
    "new-plan": _new_plan,
    "evaluate": _evaluate,
    "brief": _brief,
    "dashboard": _dashboard,
    "goalseek": _goalseek,
    "sensitivity": _sensitivity,
    "ensemble": _ensemble,
    "discover": _discover,
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
