"""Safe YAML reading that keeps line numbers and rejects duplicate keys.

A document is read into plain Python values (dict, list, str, int, float, bool, None) together
with a table mapping each key path, such as ``("indicators", "invention_apps", "growth")``, to
the 1-based line where it was written. Only the safe YAML tags are understood: a file is data,
never code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

Path = tuple[str | int, ...]
Lines = dict[Path, int]


class _Loader(yaml.SafeLoader):
    """The safe loader, also reading YAML 1.2 floats such as ``1e7`` and ``1.0e7`` as numbers."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


class YamlError(Exception):
    """A YAML syntax problem or a duplicate key, with the line where it happened."""

    def __init__(self, line: int, path: Path, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.path = path
        self.message = message


def read_yaml(text: str) -> tuple[Any, Lines]:
    """Parse ``text`` into plain values and a path-to-line table.

    Parameters
    ----------
    text : str
        The YAML document.

    Returns
    -------
    tuple
        ``(value, lines)`` where ``lines[path]`` is the 1-based line of the key at ``path``.

    Raises
    ------
    YamlError
        On a syntax error, a duplicate key, a non-string key or an unsafe tag.

    Examples
    --------
    >>> value, lines = read_yaml("a: 1\\nb:\\n  c: [x, y]\\n")
    >>> value
    {'a': 1, 'b': {'c': ['x', 'y']}}
    >>> lines[("b", "c")], lines[("b", "c", 1)]
    (3, 3)
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(line, (), f"not valid YAML: {err.problem or err}") from err
    except yaml.YAMLError as err:
        raise YamlError(1, (), f"not valid YAML: {err}") from err
    lines: Lines = {}
    try:
        if node is None:
            return None, lines
        value = _build(node, (), lines, loader.construct_object)
    finally:
        loader.dispose()
    return value, lines


def _build(node: yaml.Node, path: Path, lines: Lines, construct: Callable[..., Any]) -> Any:
    line = node.start_mark.line + 1
    lines.setdefault(path, line)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(key_line, path, "a key must be a plain name")
            key = _scalar(key_node, path, construct)
            if isinstance(key, bool) or key is None:
                raise YamlError(key_line, path, f"a key must be a plain name, got {key!r}")
            key = str(key) if not isinstance(key, int) else key
            if key in out:
                first = lines.get((*path, key), key_line)
                raise YamlError(
                    key_line, (*path, key), f"duplicate key {key!r} (first written on line {first})"
                )
            lines[(*path, key)] = key_line
            out[key] = _build(value_node, (*path, key), lines, construct)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, construct) for i, item in enumerate(node.value)]
    return _scalar(node, path, construct)


def _scalar(node: yaml.Node, path: Path, construct: Callable[..., Any]) -> Any:
    try:
        value = construct(node, deep=True)
    except yaml.YAMLError as err:
        raise YamlError(node.start_mark.line + 1, path, f"unreadable value: {err}") from err
    if not isinstance(value, str | int | float | bool | type(None)):
        # dates and timestamps: keep the text the user wrote
        value = str(node.value)
    return value


def dump_yaml(value: Any) -> str:
    """Write plain values as block-style YAML, keeping key order and Unicode.

    Examples
    --------
    >>> print(dump_yaml({"b": 1, "a": [0.5, "x"]}), end="")
    b: 1
    a:
    - 0.5
    - x
    """
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)
