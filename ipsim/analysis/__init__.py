"""Questions asked of the simulation: calibration on observed figures, backtests, goal-seek,
sensitivity and scenario comparison. Each returns a result with ``to_frame()``, ``to_dict()`` and
an HTML view; none draws or prints, and none writes files but :func:`ensemble.ensemble` given
an ``output`` (Parquet, chunk by chunk)."""
