"""Labels of the CART cross-check of scenario discovery (collected into :data:`ipsim.i18n.LABELS`).

The leaves of a classification tree where misses dominate, restated as plain thresholds (with
the wording of PRIM's, ``prim.*``), and one sentence on how far the tree agrees with PRIM's box.
"""

LABELS: dict[str, tuple[str, str]] = {
    "cart.no_leaf": (
        "no leaf of the tree has a density of misses of at least {density}",
        "分类树中没有一个叶节点的未达成密度达到 {density}",
    ),
    "cart.everywhere": ("all cases", "全部情形"),
    "cart.heading": ("Cross-check by a CART tree:", "分类回归树（CART）交叉检验："),
    "cart.same_inputs": (
        "CART's tree restricts the same inputs",
        "CART 分类树限定的输入与 PRIM 相同",
    ),
    "cart.other_inputs": (
        "CART's tree restricts {cart} where PRIM's box restricts {prim}",
        "CART 分类树限定{cart}，而 PRIM 区域限定{prim}",
    ),
    "cart.none": ("no input", "无输入"),
    "cart.list_and": (", ", "、"),
    "cart.holds": (
        "{inputs} and holds {prim_in_cart} of PRIM's box; {cart_in_prim} of the cases in its "
        "miss leaves lie in the box",
        "{inputs}，PRIM 区域内 {prim_in_cart} 的情形落在其未达成叶节点中；其未达成叶节点中 "
        "{cart_in_prim} 的情形位于该区域内",
    ),
    "cart.no_prim_box": (
        "PRIM found no box; CART's tree has {leaves} miss leaf(s) restricting {cart}",
        "PRIM 未找到区域；CART 分类树有 {leaves} 个未达成叶节点，限定{cart}",
    ),
    "cart.no_cart_leaf": (
        "CART's tree has no leaf where misses dominate; PRIM's box restricts {prim}",
        "CART 分类树没有未达成占多数的叶节点；PRIM 区域限定{prim}",
    ),
    "cart.neither": (
        "Neither PRIM nor CART finds where misses concentrate",
        "PRIM 与 CART 均未找到未达成集中的区域",
    ),
}
