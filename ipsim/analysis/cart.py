"""A CART tree as a cross-check of PRIM's scenario discovery ("when do we miss?").

Scenario discovery reads the same table as :func:`ipsim.analysis.prim.prim`: numeric inputs
``x``, one row per case, and whether each case misses. A classification tree (CART, Breiman,
Friedman, Olshen and Stone 1984; scikit-learn's ``DecisionTreeClassifier``, Gini impurity)
splits the input space into boxes, its leaves; the leaves where misses dominate are boxes a
reader can compare with PRIM's (Lempert, Bryant and Bankes 2008, "Comparing algorithms for
scenario discovery", RAND WR-557-NSF, used both; so does EMA Workbench's ``analysis/cart.py``,
with a smallest leaf of 5 % of the cases, as here).

Each leaf is kept as plain data: its limits per input (``lower < x_j <= upper``, infinite where
the tree sets none), its cases, misses, **density** (share of its cases that miss), **coverage**
(share of all misses it holds) and **mass** (share of all cases). The fitted scikit-learn object
is not kept, so a :class:`CartResult` pickles and serialises like any other result.

:func:`agreement` says how far the tree and PRIM's box agree: whether they describe the same
cases (each one's share inside the other, both ways, because one box nested in a larger one
agrees one way only), the same misses, and the same inputs.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> x = pd.DataFrame(rng.uniform(size=(2000, 3)), columns=["a", "b", "c"])
>>> tree = cart(x, ((x["a"] < 0.3) & (x["b"] > 0.6)).to_numpy())
>>> print(tree.rules_text("en"))
a below 0.3 and b above 0.601: 100% of misses, 100% of cases inside miss
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ipsim._args import one_of, shown, whole_number
from ipsim._outputs import plain
from ipsim.analysis.prim import case_arrays, condition_text
from ipsim.errors import ArgumentError
from ipsim.i18n import Lang, label
from ipsim.results import Result

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.analysis.prim import PrimResult


@dataclass(frozen=True)
class CartSettings:
    """The settings of one tree: its depth, its smallest leaf (a share of the cases, or a
    count) and the seed that breaks ties between equally good splits."""

    max_depth: int = 3
    min_leaf: float | int = 0.05
    rng: int = 0


@dataclass(frozen=True)
class CartResult(Result):
    """The leaves of a fitted classification tree, as boxes. Build it with :func:`cart`."""

    columns: tuple[str, ...]
    settings: CartSettings
    lower: np.ndarray
    """Each leaf's lower limits ``(leaves, columns)``, exclusive; ``-inf`` where unbounded."""
    upper: np.ndarray
    """Each leaf's upper limits ``(leaves, columns)``, inclusive; ``inf`` where unbounded."""
    n: np.ndarray
    """The cases in each leaf."""
    k: np.ndarray
    """The misses in each leaf."""
    n_total: int
    k_total: int
    names: Mapping[str, tuple[str, str]] | None = None
    formats: Mapping[str, Callable[[float, Lang], str]] | None = None
    """Column -> how a limit reads in a language (default: 3 significant digits)."""
    title = "CART scenario discovery"

    @property
    def density(self) -> np.ndarray:
        """Per leaf, the share of its cases that miss."""
        return self.k / self.n

    @property
    def coverage(self) -> np.ndarray:
        """Per leaf, the share of all misses it holds."""
        return self.k / self.k_total

    @property
    def mass(self) -> np.ndarray:
        """Per leaf, the share of all cases it holds."""
        return self.n / self.n_total

    def miss_leaves(self, density: float = 0.5) -> tuple[int, ...]:
        """The leaves whose density of misses is at least ``density``, most misses first."""
        chosen = np.flatnonzero(self.density >= density)
        return tuple(int(i) for i in chosen[np.argsort(-self.k[chosen], kind="stable")])

    def restricted(self, density: float = 0.5) -> tuple[str, ...]:
        """The inputs some miss leaf restricts, in the table's order."""
        leaves = list(self.miss_leaves(density))
        bounded = np.isfinite(self.lower[leaves]) | np.isfinite(self.upper[leaves])
        return tuple(c for c, b in zip(self.columns, bounded.any(axis=0), strict=True) if b)

    def inside(self, x: pd.DataFrame, density: float = 0.5) -> np.ndarray:
        """Which rows of ``x`` (with this result's columns) fall in a miss leaf."""
        values = _columns_of(x, self.columns)
        inside = np.zeros(values.shape[0], dtype=bool)
        for leaf in self.miss_leaves(density):
            inside |= _in_box(values, self.lower[leaf], self.upper[leaf])
        return inside

    def leaves(self) -> pd.DataFrame:
        """One row per leaf, left to right in the tree: cases, misses, density, coverage, mass."""
        import pandas as pd

        return pd.DataFrame(
            {
                "leaf": np.arange(self.n.size),
                "cases": self.n,
                "misses": self.k,
                "density": self.density,
                "coverage": self.coverage,
                "mass": self.mass,
            }
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per leaf and input the leaf restricts: the limits (NaN where unbounded) beside
        the leaf's cases, misses, density, coverage and mass."""
        import pandas as pd

        leaf, column = np.nonzero(np.isfinite(self.lower) | np.isfinite(self.upper))
        limits = pd.DataFrame(
            {
                "leaf": leaf,
                "column": np.asarray(self.columns, dtype=object)[column],
                "lower": _finite_or_nan(self.lower[leaf, column]),
                "upper": _finite_or_nan(self.upper[leaf, column]),
            }
        )
        return self.leaves().merge(limits, on="leaf", how="left")

    def to_dict(self) -> dict[str, Any]:
        """The result in JSON types: settings, totals, and each leaf with its statistics and
        the limits it sets (``[lower, upper]``, None where unbounded)."""
        rows = self.leaves().to_dict("records")
        for row in rows:
            leaf = row["leaf"]
            bounded = np.isfinite(self.lower[leaf]) | np.isfinite(self.upper[leaf])
            row["limits"] = {
                c: [self.lower[leaf, j], self.upper[leaf, j]]
                for j, c in enumerate(self.columns)
                if bounded[j]
            }
        return plain(
            {
                "settings": vars(self.settings),
                "cases": self.n_total,
                "misses": self.k_total,
                "miss_leaves": list(self.miss_leaves()),
                "leaves": rows,
            }
        )

    def _condition(self, leaf: int, j: int, lang: Lang) -> str:
        low, high = (
            float(v) if np.isfinite(v) else None for v in (self.lower[leaf, j], self.upper[leaf, j])
        )
        return condition_text(self.columns[j], low, high, lang, self.names, self.formats)

    def leaf_text(self, leaf: int, lang: Lang = "en") -> str:
        """One leaf as plain thresholds, with its coverage and density (wording of PRIM's)."""
        bounded = np.isfinite(self.lower[leaf]) | np.isfinite(self.upper[leaf])
        conditions = label("prim.and", lang).join(
            self._condition(leaf, int(j), lang) for j in np.flatnonzero(bounded)
        )
        return label(
            "prim.box",
            lang,
            conditions=conditions or label("cart.everywhere", lang),
            coverage=f"{self.coverage[leaf]:.0%}",
            density=f"{self.density[leaf]:.0%}",
        )

    def rules_text(self, lang: Lang = "en", density: float = 0.5) -> str:
        """The leaves where misses dominate, one per line, most misses first (``lang`` "en" or
        "zh")."""
        leaves = self.miss_leaves(density)
        if not leaves:
            return label("cart.no_leaf", lang, density=f"{density:.0%}")
        return "\n".join(self.leaf_text(leaf, lang) for leaf in leaves)

    def _summary(self) -> str:
        return self.rules_text("en")


# --- fitting -------------------------------------------------------------------------------


def _finite_or_nan(values: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(values), values, np.nan)


def _in_box(values: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Which cases lie in a leaf's box (``lower < x <= upper``, as the tree splits)."""
    return np.all((values > lower) & (values <= upper), axis=1)


def _columns_of(x: Any, columns: tuple[str, ...]) -> np.ndarray:
    """The named columns of a table of inputs, as floats."""
    import pandas as pd

    if not isinstance(x, pd.DataFrame):
        raise ArgumentError(f"x: expected a DataFrame of inputs, got {type(x).__name__}")
    missing = [c for c in columns if c not in x.columns]
    if missing:
        raise ArgumentError(f"x: lacks the input column(s) {', '.join(missing)}")
    return x.loc[:, list(columns)].to_numpy(dtype=float)


def _as_arrays(x: Any, missed: Any) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The cases as PRIM checks them (:func:`ipsim.analysis.prim.case_arrays`), with a miss."""
    columns, values, outcome = case_arrays(x, missed, name="missed", min_rows=1)
    if not outcome.any():
        raise ArgumentError("missed: no case misses, so there is nothing to discover")
    return columns, values, outcome


def _settings(max_depth: Any, min_leaf: Any, rng: Any) -> CartSettings:
    """Checked settings; ``rng`` becomes the integer seed scikit-learn takes."""
    depth = whole_number("max_depth", max_depth, low=1, high=20)
    whole = isinstance(min_leaf, numbers.Integral) and not isinstance(min_leaf, bool)
    share = isinstance(min_leaf, float) and 0 < min_leaf <= 0.5
    if not (whole and min_leaf >= 1) and not share:
        msg = f"min_leaf: expected a share of the cases in (0, 0.5] or a whole number >= 1, got {shown(min_leaf)}"
        raise ArgumentError(msg)
    usable = (
        isinstance(rng, numbers.Integral) and not isinstance(rng, bool) and 0 <= int(rng) < 2**32
    )
    seed = int(rng) if usable else int(np.random.default_rng(rng).integers(2**32 - 1))
    return CartSettings(max_depth=depth, min_leaf=int(min_leaf) if whole else min_leaf, rng=seed)


@dataclass(frozen=True)
class _Nodes:
    """A fitted tree's nodes, numbered parents first: children (-1 under a leaf), split input
    and threshold (``x <= threshold`` goes left), cases and misses under each node."""

    left: np.ndarray
    right: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    n: np.ndarray
    k: np.ndarray


def _nodes(tree: Any, values: np.ndarray, outcome: np.ndarray) -> _Nodes:
    """The nodes of a fitted tree, with the cases and misses the data put under each."""
    nodes = tree.tree_
    count = nodes.node_count
    at = tree.apply(values)
    n = np.bincount(at, minlength=count)
    k = np.bincount(at, weights=outcome, minlength=count).astype(int)
    left, right = nodes.children_left.copy(), nodes.children_right.copy()
    for node in np.flatnonzero(left >= 0)[::-1]:  # children before parents; nodes, not cases
        n[node], k[node] = n[left[node]] + n[right[node]], k[left[node]] + k[right[node]]
    return _Nodes(left, right, nodes.feature, nodes.threshold, n, k)


def _merged(nodes: _Nodes) -> _Nodes:
    """The tree without the splits that change no prediction: two sibling leaves where misses
    are (or are not) the majority become one, bottom up, so a rule names no needless input."""
    left, right = nodes.left.copy(), nodes.right.copy()
    majority = 2 * nodes.k > nodes.n
    for node in np.flatnonzero(left >= 0)[::-1]:
        a, b = left[node], right[node]
        if left[a] < 0 and left[b] < 0 and majority[a] == majority[b]:
            left[node] = right[node] = -1
    return _Nodes(left, right, nodes.feature, nodes.threshold, nodes.n, nodes.k)


def _leaf_boxes(nodes: _Nodes, columns: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The node ids of the leaves reachable from the root (left to right) and their boxes
    ``(leaves, columns)``."""
    count = nodes.left.size
    lower, upper = np.full((count, columns), -np.inf), np.full((count, columns), np.inf)
    reached = np.zeros(count, dtype=bool)
    reached[0] = True
    for node in range(count):  # parents first
        left, right = nodes.left[node], nodes.right[node]
        if left < 0 or not reached[node]:
            continue
        feature, threshold = nodes.feature[node], nodes.threshold[node]
        reached[[left, right]] = True
        lower[[left, right]], upper[[left, right]] = lower[node], upper[node]
        upper[left, feature] = min(upper[node, feature], threshold)
        lower[right, feature] = max(lower[node, feature], threshold)
    leaves = np.flatnonzero(reached & (nodes.left < 0))
    return leaves, lower[leaves], upper[leaves]


def cart(
    x: pd.DataFrame,
    missed: Any,
    *,
    names: Mapping[str, tuple[str, str]] | None = None,
    formats: Mapping[str, Callable[[float, Lang], str]] | None = None,
    max_depth: int = 3,
    min_leaf: float | int = 0.05,
    rng: Any = 0,
    merge: bool = True,
) -> CartResult:
    """Fit a classification tree of the misses on the inputs and keep its leaves as boxes.

    Needs scikit-learn (``pip install "ipsim[cart]"``).

    Parameters
    ----------
    x : DataFrame
        Numeric inputs, one row per case.
    missed : array of bool
        Per case, whether it misses (the case of interest).
    names, formats : mapping, optional
        Column -> (English, Chinese) names, and column -> a function of a limit and a language
        giving it as text with its unit, as for :func:`ipsim.analysis.prim.prim`.
    max_depth : int
        The tree's depth (1 to 20): at most ``2 ** max_depth`` leaves, each with at most
        ``max_depth`` conditions. 3 keeps each rule readable.
    min_leaf : float or int
        The smallest leaf: a share of the cases in (0, 0.5] (0.05, EMA Workbench's default), or
        a number of cases.
    rng
        Seed or generator breaking ties between equally good splits.
    merge : bool
        Undo the splits that change no prediction (two sibling leaves both where misses
        dominate, or both where they do not), so a rule names only the inputs that matter.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(3)
    >>> x = pd.DataFrame(rng.uniform(size=(1000, 2)), columns=["growth", "funding"])
    >>> names = {"growth": ("invention growth", "invention growth")}
    >>> tree = cart(x, x["growth"].to_numpy() < 0.2, names=names, max_depth=2)
    >>> tree.miss_leaves(), tree.restricted()
    ((0,), ('growth',))
    >>> print(tree.rules_text("en"))
    invention growth below 0.2: 100% of misses, 100% of cases inside miss
    """
    try:
        from sklearn.tree import DecisionTreeClassifier
    except ImportError as err:
        msg = f"cart needs scikit-learn (pip install 'ipsim[cart]'): {err}"
        raise ImportError(msg) from err
    columns, values, outcome = _as_arrays(x, missed)
    settings = _settings(max_depth, min_leaf, rng)
    one_of("merge", merge, (True, False))
    tree = DecisionTreeClassifier(
        max_depth=settings.max_depth,
        min_samples_leaf=settings.min_leaf,
        random_state=settings.rng,
    ).fit(values, outcome)
    nodes = _nodes(tree, values, outcome)
    nodes = _merged(nodes) if merge else nodes
    ids, lower, upper = _leaf_boxes(nodes, len(columns))
    return CartResult(
        columns=columns,
        settings=settings,
        lower=lower,
        upper=upper,
        n=nodes.n[ids],
        k=nodes.k[ids],
        n_total=values.shape[0],
        k_total=int(outcome.sum()),
        names=names,
        formats=formats,
    )


# --- agreement with PRIM -------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement(Result):
    """How far CART's miss leaves and PRIM's box agree on the same cases. Build it with
    :func:`agreement`."""

    prim_found: bool
    miss_leaves: int
    """How many of the tree's leaves count as miss leaves."""
    prim_cases: int
    cart_cases: int
    both_cases: int
    """Cases in PRIM's box, in CART's miss leaves, and in both."""
    prim_misses: int
    cart_misses: int
    both_misses: int
    total_misses: int
    prim_restricted: tuple[str, ...]
    cart_restricted: tuple[str, ...]
    names: Mapping[str, tuple[str, str]] | None = None
    title = "CART against PRIM"

    @property
    def prim_in_cart(self) -> float:
        """The share of PRIM's box cases that lie in CART's miss leaves."""
        return self.both_cases / self.prim_cases if self.prim_cases else math.nan

    @property
    def cart_in_prim(self) -> float:
        """The share of the cases in CART's miss leaves that lie in PRIM's box."""
        return self.both_cases / self.cart_cases if self.cart_cases else math.nan

    @property
    def overlap(self) -> float:
        """Cases in both over cases in either (Jaccard): 1 when the two regions coincide."""
        either = self.prim_cases + self.cart_cases - self.both_cases
        return self.both_cases / either if either else math.nan

    @property
    def misses_overlap(self) -> float:
        """Misses caught by both over misses caught by either: do they explain the same misses?"""
        either = self.prim_misses + self.cart_misses - self.both_misses
        return self.both_misses / either if either else math.nan

    @property
    def same_inputs(self) -> bool:
        """Whether CART's miss leaves restrict exactly the inputs PRIM's box restricts."""
        return set(self.prim_restricted) == set(self.cart_restricted)

    def to_frame(self) -> pd.DataFrame:
        """One row per method (PRIM, CART, both): cases, misses, coverage, density."""
        import pandas as pd

        cases = np.array([self.prim_cases, self.cart_cases, self.both_cases])
        misses = np.array([self.prim_misses, self.cart_misses, self.both_misses])
        with np.errstate(invalid="ignore", divide="ignore"):
            density = np.where(cases > 0, misses / np.maximum(cases, 1), np.nan)
        return pd.DataFrame(
            {
                "region": ["prim_box", "cart_miss_leaves", "both"],
                "cases": cases,
                "misses": misses,
                "coverage": misses / self.total_misses,
                "density": density,
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """The measures in JSON types, with the regions' table and the verdict in both
        languages."""
        return plain(
            {
                "prim_found": self.prim_found,
                "miss_leaves": self.miss_leaves,
                "prim_in_cart": self.prim_in_cart,
                "cart_in_prim": self.cart_in_prim,
                "overlap": self.overlap,
                "misses_overlap": self.misses_overlap,
                "same_inputs": self.same_inputs,
                "prim_restricted": self.prim_restricted,
                "cart_restricted": self.cart_restricted,
                "regions": self.to_frame().to_dict("records"),
                "verdict": {"en": self.verdict("en"), "zh": self.verdict("zh")},
            }
        )

    def _inputs(self, columns: tuple[str, ...], lang: Lang) -> str:
        pairs = self.names or {}
        shown_names = [pairs[c][0 if lang == "en" else 1] if c in pairs else c for c in columns]
        return label("cart.list_and", lang).join(shown_names) or label("cart.none", lang)

    def verdict(self, lang: Lang = "en") -> str:
        """One sentence: whether the tree restricts the same inputs as PRIM's box, and how much
        of the box its miss leaves hold."""
        prim, tree = (self._inputs(c, lang) for c in (self.prim_restricted, self.cart_restricted))
        if not self.prim_found and not self.miss_leaves:
            return label("cart.neither", lang)
        if not self.prim_found:
            return label("cart.no_prim_box", lang, leaves=self.miss_leaves, cart=tree)
        if not self.miss_leaves:
            return label("cart.no_cart_leaf", lang, prim=prim)
        inputs = (
            label("cart.same_inputs", lang)
            if self.same_inputs
            else label("cart.other_inputs", lang, cart=tree, prim=prim)
        )
        return label(
            "cart.holds",
            lang,
            inputs=inputs,
            prim_in_cart=f"{self.prim_in_cart:.0%}",
            cart_in_prim=f"{self.cart_in_prim:.0%}",
        )

    def _summary(self) -> str:
        return self.verdict("en")


def agreement(
    tree: CartResult, box: PrimResult, x: pd.DataFrame, missed: Any, *, density: float = 0.5
) -> Agreement:
    """Compare CART's miss leaves with PRIM's chosen box over the same cases.

    Parameters
    ----------
    tree : CartResult
        From :func:`cart`.
    box : PrimResult
        From :func:`ipsim.analysis.prim.prim` on the same inputs and misses.
    x : DataFrame
        The inputs both were fitted on (at least their columns).
    missed : array of bool
        Per row of ``x``, whether it misses.
    density : float
        The density of misses from which a leaf counts as a miss leaf.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from ipsim.analysis.prim import prim
    >>> rng = np.random.default_rng(1)
    >>> x = pd.DataFrame(rng.uniform(size=(2000, 3)), columns=["a", "b", "c"])
    >>> y = ((x["a"] < 0.3) & (x["b"] > 0.6)).to_numpy()
    >>> print(agreement(cart(x, y), prim(x, y, threshold=0.95), x, y).verdict("en"))
    CART's tree restricts the same inputs and holds 98% of PRIM's box; 100% of the cases in its miss leaves lie in the box
    """
    outcome = np.asarray(missed)
    in_tree = tree.inside(x, density)
    if outcome.shape != in_tree.shape or outcome.dtype != bool:
        msg = f"missed: expected one boolean per row of x ({in_tree.size:,}), got {outcome.dtype} {outcome.shape}"
        raise ArgumentError(msg)
    values = _columns_of(x, box.columns)
    in_box = ((values >= box.limits[0]) & (values <= box.limits[1])).all(axis=1)
    in_box &= box.found
    both = in_box & in_tree
    return Agreement(
        prim_found=box.found,
        miss_leaves=len(tree.miss_leaves(density)),
        prim_cases=int(in_box.sum()),
        cart_cases=int(in_tree.sum()),
        both_cases=int(both.sum()),
        prim_misses=int((in_box & outcome).sum()),
        cart_misses=int((in_tree & outcome).sum()),
        both_misses=int((both & outcome).sum()),
        total_misses=int(outcome.sum()),
        prim_restricted=box.restricted if box.found else (),
        cart_restricted=tree.restricted(density),
        names={**(box.names or {}), **(tree.names or {})},
    )
