"""No function in the package is too long to read at once.

McCabe complexity is ruff's job (rule C901, at most 12, in pyproject.toml); length is checked
here: at most 60 lines of body, the docstring not counted (its examples are documentation, and a
long example should not push code into a split). A function that must be longer goes in
``ALLOWED`` with the reason.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ipsim"
LIMIT = 60
ALLOWED: dict[str, str] = {}


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    first = node.body[0]
    start = node.lineno
    is_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if is_docstring and isinstance(first.value.value, str):
        start = first.end_lineno or start
    return (node.end_lineno or start) - start


def _functions():
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield f"{path.relative_to(PACKAGE.parent)}:{node.name}", node


def test_body_lines_counts_code_not_docstring():
    tree = ast.parse('def f():\n    """Doc.\n\n    More.\n    """\n    a = 1\n    return a\n')
    assert _body_lines(tree.body[0]) == 2


def test_no_function_is_longer_than_the_limit():
    too_long = [
        f"{name} ({_body_lines(node)} lines)"
        for name, node in _functions()
        if _body_lines(node) > LIMIT and name not in ALLOWED
    ]
    assert not too_long, f"functions over {LIMIT} lines of body: " + ", ".join(too_long)


def test_allowed_exceptions_are_still_needed():
    lengths = {name: _body_lines(node) for name, node in _functions()}
    stale = [name for name in ALLOWED if lengths.get(name, 0) <= LIMIT]
    assert not stale, f"no longer long, remove from ALLOWED: {stale}"
