"""What the machine can give a run: memory for the draws, address space for the chart renderer.

Checked before allocating, so a run that cannot fit says how many draws would, instead of dying
of ``MemoryError`` (or, for the chart renderer under ``ulimit -v``, of a C stack trace).
"""

from __future__ import annotations

import os

from ipsim.errors import ArgumentError, IpsimError

_BYTES_PER_VALUE = 8 * 1.1
"""Memory per simulated value: the float64 result plus about 10 % for what assessing it needs
(measured: 500,000 draws of the bundled baseline hold a 360 MB result at 375 MB above the
process's 197 MB at rest)."""
_FIXED_BYTES = 64_000_000
"""Memory a simulation needs beyond its result: chunk temporaries, per-target arrays."""


_ADDRESS_RESERVE = 512_000_000
"""Address space kept free under ``ulimit -v`` for what a run imports after allocating (scipy,
the chart library: measured 380 MB of address space between loading a scenario and assessing)."""


def available_memory() -> int | None:
    """Bytes this process can still allocate, or ``None`` when nothing says.

    The smallest of the system's available memory (``MemAvailable`` in ``/proc/meminfo``), the
    room left under the address-space limit (``ulimit -v``, ``RLIMIT_AS``) and the room left in
    the control group (``memory.max`` of a container).
    """
    room: list[int] = []
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    room.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    left = address_space_left()
    if left is not None:
        room.append(left - _ADDRESS_RESERVE)
    try:
        with open("/sys/fs/cgroup/memory.max", encoding="ascii") as handle:
            limit = handle.read().strip()
        if limit != "max":
            with open("/sys/fs/cgroup/memory.current", encoding="ascii") as handle:
                room.append(int(limit) - int(handle.read().strip()))
    except (OSError, ValueError):
        pass
    return max(min(room), 0) if room else None


def address_space_left() -> int | None:
    """Bytes of address space left under ``ulimit -v`` (``RLIMIT_AS``), or ``None`` if unlimited."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft in (resource.RLIM_INFINITY, -1):
            return None
        with open("/proc/self/status", encoding="ascii") as handle:
            size = next(
                int(line.split()[1]) * 1024 for line in handle if line.startswith("VmSize:")
            )
    except (ImportError, OSError, ValueError, IndexError, StopIteration):
        return None
    return max(soft - size, 0)


CHART_RENDERER_ADDRESS_SPACE = 68_000_000_000
"""Address space the chart renderer (vl-convert, which embeds the V8 JavaScript engine)
reserves: measured VmPeak 67 GB for one small chart (vl-convert 1.9; it aborts under
``ulimit -v`` of 60 GB and runs under 70 GB). It is reserved, not used
(the memory used is about 150 MB), but under ``ulimit -v`` below it V8 aborts the whole process
with a C stack trace."""


def check_chart_renderer() -> None:
    """Raise :class:`~ipsim.errors.IpsimError` if ``ulimit -v`` is too low for the chart renderer.

    Call it before the first ``import vl_convert`` of a command: V8 cannot report the failure,
    it aborts the process.
    """
    left = address_space_left()
    if left is not None and left < CHART_RENDERER_ADDRESS_SPACE:
        msg = (
            f"the chart renderer (vl-convert, which embeds the V8 JavaScript engine) reserves "
            f"about {CHART_RENDERER_ADDRESS_SPACE / 1e9:.0f} GB of address space (reserved, "
            f"not used: it needs about 150 MB of memory), but the address-space limit "
            f"(ulimit -v) leaves {left / 1e9:,.1f} GB and V8 would abort; raise the limit "
            "(ulimit -v unlimited, or limit memory with ulimit -m or a cgroup instead)"
        )
        raise IpsimError(msg)


def memory_needed(draws: int, indicators: int, years: int) -> int:
    """Bytes a simulation of ``draws x indicators x years`` values needs (an estimate)."""
    return int(draws * indicators * years * _BYTES_PER_VALUE) + _FIXED_BYTES


def _memory_message(draws: int, indicators: int, years: int, room: int | None) -> str:
    need = memory_needed(draws, indicators, years)
    fits = (
        ""
        if room is None
        else f" but about {room / 1e9:,.2f} GB is free; at most "
        f"{max(int((room - _FIXED_BYTES) / (indicators * years * _BYTES_PER_VALUE)), 0):,} "
        "draws fit"
    )
    return (
        f"draws: {draws:,} draws of {indicators} indicator{'s' if indicators != 1 else ''} x "
        f"{years} years need about {need / 1e9:,.2f} GB of memory,{fits}; use fewer draws "
        "(P(met) to within 0.5 percentage points needs 10,000)"
    )


def check_memory(draws: int, indicators: int, years: int, *, noise_rows: int = 0) -> None:
    """Raise :class:`~ipsim.errors.ArgumentError` if the simulation would not fit in memory.

    Set ``IPSIM_SKIP_MEMORY_CHECK=1`` to skip it (on systems whose free memory is misreported).
    """
    if os.environ.get("IPSIM_SKIP_MEMORY_CHECK"):
        return
    need = memory_needed(draws, indicators, years) + noise_rows * years * 8 * 4
    room = available_memory()
    if room is not None and need > room:
        raise ArgumentError(_memory_message(draws, indicators, years, room))
