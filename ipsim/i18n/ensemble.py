"""Labels of ``ipsim ensemble`` (collected into :data:`ipsim.i18n.LABELS`).

Its progress line on standard error and the line saying what was written (see
:mod:`ipsim.analysis.ensemble`).
"""

LABELS: dict[str, tuple[str, str]] = {
    "ensemble.progress": (
        "ensemble: {done:,} of {total:,} scenarios",
        "情景集：已完成 {done:,} / {total:,} 个情景",
    ),
    "ensemble.wrote": (
        "wrote {path}: {rows:,} rows, {scenarios:,} scenarios with {draws:,} draws each; targets: {targets}",
        "已写入 {path}：{rows:,} 行，{scenarios:,} 个情景，每个情景 {draws:,} 次抽样；目标数：{targets}",
    ),
}
