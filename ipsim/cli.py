"""The ``ipsim`` command: parses arguments, calls the API, prints. No logic of its own.

Exit status: 0 on success, 2 on bad input (one message on stderr naming file, line and field,
no traceback), 1 on an internal error (set ``IPSIM_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from ipsim.errors import IpsimError

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"ipsim: error: {message}\n")


def _whole_number(low: int):
    """Return an argparse type accepting whole numbers >= ``low`` (``100_000`` and ``100,000`` too)."""

    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", "").replace(",", ""))
        except ValueError as err:
            msg = f"expected a whole number, got {text!r}"
            raise argparse.ArgumentTypeError(msg) from err
        if value < low:
            msg = f"expected a number >= {low}, got {value}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``ipsim`` command."""
    from ipsim import __version__

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
        "validate", help="check scenario or plan files; exit 0 if all are valid, 2 otherwise"
    )
    validate.add_argument("files", nargs="+", metavar="FILE")

    targets = sub.add_parser("targets", help="list a plan's targets")
    targets.add_argument(
        "--plan", default="guangzhou-ip-2017-2020", help="bundled plan id or plan file"
    )
    targets.add_argument("--lang", choices=["en", "zh"], default="en")
    targets.add_argument("--format", choices=["table", "json"], default="table")
    return parser


def _run(args: argparse.Namespace) -> int:
    from ipsim.assess import assess
    from ipsim.report import assessment_table
    from ipsim.scenario import load_scenario
    from ipsim.simulate import simulate

    scenario = load_scenario(args.scenario).with_run(draws=args.draws, seed=args.seed)
    if args.reading:
        scenario = scenario.with_reading(args.reading)
    assessment = assess(simulate(scenario))
    if args.format == "json":
        print(json.dumps(assessment.to_dict(args.lang), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(assessment.to_frame(args.lang).to_csv(index=False), end="")
    else:
        colour = args.color == "always" or (
            args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        )
        print(assessment_table(assessment, lang=args.lang, colour=colour))
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from ipsim.errors import PlanError, ScenarioError
    from ipsim.plan import load_plan
    from ipsim.scenario import load_scenario

    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            if _looks_like_plan(path):
                load_plan(path)
            else:
                load_scenario(path)
        except (ScenarioError, PlanError) as err:
            failed += 1
            print(str(err), file=sys.stderr)
        else:
            print(f"ok: {name}")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _looks_like_plan(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return "schema: ipsim-plan/" in head or "\ntargets:" in head


def _targets(args: argparse.Namespace) -> int:
    from ipsim.plan import load_plan
    from ipsim.report import targets_records, targets_table

    plan = load_plan(args.plan)
    if args.format == "json":
        doc = {
            "plan": plan.id,
            "title": plan.title(args.lang),
            "targets": targets_records(plan, lang=args.lang),
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(targets_table(plan, lang=args.lang))
    return EXIT_OK


_COMMANDS = {"run": _run, "validate": _validate, "targets": _targets}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ipsim`` command with ``argv`` (default: the process arguments)."""
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except IpsimError as err:
        print(f"ipsim: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:
        if os.environ.get("IPSIM_DEBUG"):
            traceback.print_exc()
        print(
            f"ipsim: internal error: {type(err).__name__}: {err} (set IPSIM_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
