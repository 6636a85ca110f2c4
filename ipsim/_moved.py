"""Old import paths of modules that moved into layer folders, kept for one release.

``import ipsim.brief`` still works, warns once (``DeprecationWarning``) and gives the very module
now at ``ipsim.views.brief``: the same objects, so patching either name patches both. The table
below is the whole record of what moved; nothing else in the package knows the old names.

Examples
--------
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from ipsim import fanspec
>>> import ipsim.views.fan
>>> fanspec is ipsim.views.fan
True
>>> str(caught[0].message)
'ipsim.fanspec moved to ipsim.views.fan; the old name is deprecated and goes in the next release'
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

MOVED: dict[str, str] = {
    "ipsim._schema": "ipsim.schema.checker",
    "ipsim.backtest": "ipsim.analysis.backtest",
    "ipsim.board": "ipsim.views.board",
    "ipsim.brief": "ipsim.views.brief",
    "ipsim.calibrate": "ipsim.analysis.calibrate",
    "ipsim.comparison": "ipsim.analysis.comparison",
    "ipsim.dashboard": "ipsim.cli.dashboard",
    "ipsim.dashboard_kernels": "ipsim.cli.dashboard_kernels",
    "ipsim.fanspec": "ipsim.views.fan",
    "ipsim.goalseek": "ipsim.analysis.goalseek",
    "ipsim.new_plan": "ipsim.cli.new_plan",
    "ipsim.report": "ipsim.views.text",
    "ipsim.sensitivity": "ipsim.analysis.sensitivity",
    "ipsim.style": "ipsim.views.style",
    "ipsim.units": "ipsim.views.units",
}


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old module name and loads it as the module at its new name."""

    def find_spec(self, fullname, path=None, target=None):  # type: ignore[no-untyped-def]
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):  # type: ignore[no-untyped-def]
        return None  # a throwaway module; exec_module puts the real one in its place

    def exec_module(self, module: ModuleType) -> None:
        new = MOVED[module.__name__]
        warnings.warn(
            f"{module.__name__} moved to {new}; the old name is deprecated and goes in the next release",
            DeprecationWarning,
            # warnings.warn skips importlib's own frames, so 2 is the line that imports the name
            stacklevel=2,
        )
        # the import system returns whatever sys.modules holds once this returns
        sys.modules[module.__name__] = importlib.import_module(new)


class _Package(ModuleType):
    """The ``ipsim`` package, whose public functions an old module name does not replace.

    Importing an old name makes Python set the module as an attribute of the package: ``import
    ipsim.calibrate`` would replace the function ``ipsim.calibrate``. As before the move, the
    function stays (the module is in ``sys.modules``, where ``from ipsim.calibrate import ...``
    finds it).
    """

    def __setattr__(self, name: str, value: object) -> None:
        current = self.__dict__.get(name)
        shadowed = current is not None and not isinstance(current, ModuleType)
        if isinstance(value, ModuleType) and f"{self.__name__}.{name}" in MOVED and shadowed:
            return
        super().__setattr__(name, value)


def install() -> None:
    """Let the old names import (once per interpreter)."""
    sys.modules[__name__.rpartition(".")[0]].__class__ = _Package
    if not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        sys.meta_path.append(_Alias())
