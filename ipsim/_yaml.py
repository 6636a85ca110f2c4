"""Safe YAML reading that keeps line numbers and rejects duplicate keys.

A document is read into plain Python values (dict, list, str, int, float, bool, None) together
with a table mapping each key path, such as ``("indicators", "invention_apps", "growth")``, to
the 1-based line where it was written. Only the safe YAML tags are understood: a file is data,
never code. Files are written by hand, so the YAML features that let a few hundred bytes expand
without limit are refused: anchors and aliases (``&name``, ``*name``, the "billion laughs"),
nesting deeper than :data:`MAX_DEPTH`, and integers too large to be a number ipsim can compute
with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

Path = tuple[str | int, ...]
Lines = dict[Path, int]


MAX_CHARACTERS = 10_000_000
"""Longest YAML text parsed (files are also capped at 10 MB when read, see ipsim._inputs)."""
MAX_DEPTH = 50
"""Deepest nesting of mappings and lists read (the bundled files use 6 levels)."""


class _Loader(yaml.SafeLoader):
    """The safe loader, also reading YAML 1.2 floats such as ``1e7`` and ``1.0e7`` as numbers.

    It refuses anchors and aliases and nesting deeper than :data:`MAX_DEPTH` while composing,
    so neither memory nor the recursion depth grows with what a small file asks for.
    """

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            msg = (
                f"YAML aliases (*{event.anchor}) are not allowed; write the value out in full "
                "(an alias can make a small file expand without limit)"
            )
            raise YamlError(line, (), msg)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            msg = f"YAML anchors (&{anchor}) and aliases are not allowed; write values out in full"
            raise YamlError(line, (), msg)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                msg = f"nested more than {MAX_DEPTH} levels deep; expected a shallower structure"
                raise YamlError(line, (), msg)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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
    if len(text) > MAX_CHARACTERS:
        msg = (
            f"too large ({len(text):,} characters); a YAML document is read only up to "
            f"{MAX_CHARACTERS:,} characters"
        )
        raise YamlError(1, (), msg)
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
    line = node.start_mark.line + 1
    try:
        value = construct(node, deep=True)
    except yaml.YAMLError as err:
        raise YamlError(line, path, f"unreadable value: {err}") from err
    except ValueError as err:  # more than 4,300 digits; a date such as 2017-13-45
        msg = (
            f"number too large; expected at most {_LARGEST:.3g} in size, "
            "got an integer of more than 4,300 digits"
            if "digits" in str(err)
            else f"unreadable value {str(node.value)[:80]!r}: {err}"
        )
        raise YamlError(line, path, msg) from None
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            float(value)
        except OverflowError:
            msg = (
                f"number too large; expected at most {_LARGEST:.3g} in size, "
                f"got an integer of {len(str(abs(value))):,} digits"
            )
            raise YamlError(line, path, msg) from None
    if not isinstance(value, str | int | float | bool | type(None)):
        # dates and timestamps: keep the text the user wrote
        value = str(node.value)
    return value


_LARGEST = 1.7976931348623157e308


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
