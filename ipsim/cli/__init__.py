"""The ``ipsim`` command and the programs it starts: the dashboard server (Voilà), the plan
template writer and PDF printing of briefings. Nothing below this layer imports it."""

from ipsim.cli.commands import main
from ipsim.cli.parser import build_parser

__all__ = ["build_parser", "main"]
