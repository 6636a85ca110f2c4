"""The CLI's output, byte for byte, against files saved before the package was reorganised.

``tests/golden/commands.txt`` lists ``FILE|ARGUMENTS``; each command's standard output must equal
``tests/golden/FILE``. A change of numbers, fields, labels or layout fails here. When a change is
meant, regenerate the one file with ``ipsim ARGUMENTS > tests/golden/FILE`` from the project root
and say why in the commit.
"""

import os
from pathlib import Path

import pytest

from ipsim.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
COMMANDS = [
    line.split("|", 1)
    for line in (GOLDEN / "commands.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_every_golden_file_has_a_command():
    listed = {name for name, _ in COMMANDS}
    present = {path.name for path in GOLDEN.iterdir()} - {"commands.txt"}
    assert listed == present


@pytest.mark.parametrize(("name", "arguments"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_cli_output_is_unchanged(name, arguments, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda *_: os.terminal_size((200, 50)))
    assert main(arguments.split()) == 0
    out = capsys.readouterr().out
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert out == expected, f"ipsim {arguments} no longer prints tests/golden/{name}"
