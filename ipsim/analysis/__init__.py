"""Questions asked of the simulation: calibration on observed figures, backtests, goal-seek,
sensitivity and scenario comparison. Each returns a result with ``to_frame()``, ``to_dict()`` and
an HTML view; none draws, prints or writes files."""
