"""One label table: Chinese text only in ipsim.i18n, every label in both languages, every key used
exists, and both languages fill the same placeholders."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from ipsim.i18n import LABELS, label

PACKAGE = Path(__file__).resolve().parents[1] / "ipsim"
I18N = PACKAGE / "i18n"
CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def code_files() -> list[Path]:
    """Every module of the package outside ipsim/i18n/."""
    return sorted(p for p in PACKAGE.rglob("*.py") if I18N not in p.parents)


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def documentation(tree: ast.Module) -> set[int]:
    """Ids of the string constants that only document: docstrings and attribute docstrings (a
    bare string statement, which nothing can show to a user)."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def chinese_literals(path: Path) -> list[str]:
    """``file:line`` of every string literal with CJK characters that is not a docstring."""
    tree = parsed(path)
    skip = documentation(tree)
    where = path.relative_to(PACKAGE.parent)
    return [
        f"{where}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and CJK.search(node.value)
    ]


def test_no_chinese_string_literal_outside_i18n():
    found = [line for path in code_files() for line in chinese_literals(path)]
    assert not found, "Chinese text belongs in ipsim/i18n/ (use label()):\n" + "\n".join(found)


def test_the_scan_sees_f_strings_and_skips_docstrings():
    tree = ast.parse(
        '"""模块"""\ndef f():\n    """函数"""\n    return f"{1}年"\nX = 1\n"""属性"""\n'
    )
    skip = documentation(tree)
    flagged = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and CJK.search(node.value)
    ]
    assert flagged == ["年"]


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_has_english_and_chinese_text(key):
    pair = LABELS[key]
    assert len(pair) == 2, f"{key}: expected (English, Chinese), got {pair!r}"
    english, chinese = pair
    assert isinstance(english, str), f"{key}: English text is not a string"
    assert english.strip(), f"{key}: no English text"
    assert isinstance(chinese, str), f"{key}: Chinese text is not a string"
    assert chinese.strip(), f"{key}: no Chinese text"


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("key", sorted(LABELS))
def test_both_languages_fill_the_same_placeholders(key):
    english, chinese = LABELS[key]
    assert placeholders(english) == placeholders(chinese), key


def label_names(tree: ast.Module) -> set[str]:
    """The names ``label`` is imported under from ipsim.i18n in a module (``label`` itself too)."""
    names = {"label"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "ipsim.i18n":
            names |= {
                alias.asname for alias in node.names if alias.name == "label" and alias.asname
            }
    return names


def is_label_call(node: ast.Call, names: set[str]) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in names
    # ipsim.i18n.label(...) or i18n.label(...), not a plan object's .label(lang) method
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "label"
        and isinstance(func.value, ast.Name | ast.Attribute)
        and ast.unparse(func.value) in ("i18n", "ipsim.i18n")
    )


def label_keys_used(path: Path) -> list[tuple[int, str]]:
    tree = parsed(path)
    names = label_names(tree)
    return [
        (node.lineno, node.args[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and is_label_call(node, names)
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def test_every_label_key_used_in_the_code_exists():
    used = [(path, line, key) for path in code_files() for line, key in label_keys_used(path)]
    assert used, "the scan found no label() call at all"
    missing = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {key!r}"
        for path, line, key in used
        if key not in LABELS
    ]
    assert not missing, "label() called with a key no table defines:\n" + "\n".join(missing)


def test_an_unknown_key_prints_itself_and_a_known_one_fills_its_values():
    assert label("no.such.key", "zh") == "no.such.key"
    assert label("calibrated_to", "en", year=2017) == "Calibrated to figures up to 2017"


def test_a_language_ipsim_does_not_speak_is_refused_not_answered_in_english():
    from ipsim.errors import ArgumentError
    from ipsim.i18n import in_language, label

    with pytest.raises(ArgumentError, match="lang: expected 'zh' or 'en', got 'fr'"):
        label("on_track", "fr")
    with pytest.raises(ArgumentError, match="got 'zh-TW'"):
        in_language("zh-TW", "plan", "计划")
