"""Labels of calibration (collected into :data:`ipsim.i18n.LABELS`; the report's columns are in
:mod:`ipsim.i18n.core`)."""

LABELS: dict[str, tuple[str, str]] = {
    "calibrate.title": (
        "Calibrated to figures published up to {year}",
        "按截至{year}年的公开数据校准",
    ),
}
