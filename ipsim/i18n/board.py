"""Labels of the status board (:mod:`ipsim.views.board`): its headings, and the verdict of a
target decided by published figures (collected into :data:`ipsim.i18n.LABELS`)."""

LABELS: dict[str, tuple[str, str]] = {
    "board.col_status": ("status", "进展状态"),
    "board.col_progress": ("progress so far (StatCan)", "迄今进展（加统计局法）"),
    # the Statistics Canada status with what it read, or why it could not be assessed
    "board.progress_basis": ("{status} ({note})", "{status}（{note}）"),
    "board.progress_why": ("{status}: {note}", "{status}：{note}"),
    "board.other_project": ("other", "其他"),
    "board.decided_met": (
        "met: decided by published figures ({figures})",
        "已由公布数据确定达成（{figures}）",
    ),
    "board.decided_missed": (
        "missed: decided by published figures ({figures})",
        "已由公布数据确定未达成（{figures}）",
    ),
    "board.short_met": ("met", "已达成"),
    "board.short_missed": ("missed", "未达成"),
    "board.source": ("figures published in {source}", "数据来源：{source}"),
    # one published figure and its year, and the separator between two of them
    "board.figure_year": ("{year}: ", "{year}年："),
    "board.figure_separator": (", ", "，"),
    # below the board: where the figures deciding a target were published
    "board.source_line": ("{target}: {source}", "{target}：{source}"),
}
