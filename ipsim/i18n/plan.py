"""Labels for showing a plan's structure (collected into :data:`ipsim.i18n.LABELS`)."""

LABELS: dict[str, tuple[str, str]] = {
    # between the agency names of one target or task: "A; B" in English, "A、B" in Chinese
    "plan.agency_separator": ("; ", "、"),
}
