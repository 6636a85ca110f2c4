"""The kernels of ``ipsim dashboard``: a cap on how many run, orphans reclaimed, none outliving ipsim.

Voilà starts one kernel (about 360 MB) per page request and, left to itself, never reclaims the
kernel of a load that was aborted before the page connected to it. :class:`DashboardKernelManager`
is the kernel manager Voilà runs in the dashboard (``VoilaConfiguration.multi_kernel_manager_class``);
it is jupyter_server's own manager with these additions:

- **a cap**: at most ``max_kernels`` kernels run. A new page at the cap first shuts down *orphans*
  (kernels no page is connected to that have been idle ``orphan_grace`` seconds: aborted loads,
  tabs gone without saying goodbye); if there are none, the page is refused with HTTP 503 and a
  message in both languages.
- **culling**, configured rather than written: jupyter_server's culler with ``cull_connected`` and
  ``cull_busy`` off shuts down, every ``cull_interval`` seconds, kernels no page is connected to that
  have been idle ``cull_idle_timeout`` seconds; a page that stays open keeps its kernel.
- **no token in the log**: tornado's log of refused requests shows ``token=[hidden]``.
- **a parent watch**: when the ``ipsim`` process that started the server is gone (``kill -9``), the
  server stops itself, and Voilà shuts its kernels down. On Linux ``ipsim`` also asks the kernel to
  signal the server (``PR_SET_PDEATHSIG``); this watch is the portable fallback.

This module runs inside the Voilà process only; ``import ipsim`` never imports it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import ApiPath
from tornado import web
from traitlets import Float, Integer

from ipsim.i18n import label

BUSY = label("dashboard.busy", "en") + " / " + label("dashboard.busy", "zh")
"""The message of a page refused at the cap, in both languages; ``{cap}`` is filled in."""


class HideTokens(logging.Filter):
    """Print ``token=[hidden]`` for the token in the URLs tornado logs (refused and failed requests).

    Examples
    --------
    >>> record = logging.LogRecord("tornado.access", 30, "", 0, "%d %s", (403, "GET /?token=abc&x=1"), None)
    >>> HideTokens().filter(record), record.getMessage()
    (True, '403 GET /?token=[hidden]&x=1')
    """

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "token=" in text:
            record.msg, record.args = re.sub(r"(token=)[^&\s]+", r"\1[hidden]", text), ()
        return True


class KernelState(NamedTuple):
    """What the cap needs to know of one running kernel."""

    kernel_id: str
    connections: int
    execution_state: str
    idle_seconds: float


def orphans(kernels: Iterable[KernelState], grace: float) -> list[str]:
    """Return the ids of the kernels no page uses, longest idle first.

    A kernel is an orphan when no page is connected to it, it is not busy or starting (a page still
    loading keeps its kernel busy), and it has been idle at least ``grace`` seconds (the time a page
    that just finished loading needs to connect). Dead kernels are orphans at once.

    Examples
    --------
    >>> orphans([KernelState("a", 0, "idle", 30.0), KernelState("b", 1, "idle", 99.0),
    ...          KernelState("c", 0, "busy", 50.0), KernelState("d", 0, "idle", 2.0),
    ...          KernelState("e", 0, "idle", 45.0)], grace=10)
    ['e', 'a']
    """
    found = [
        k
        for k in kernels
        if k.execution_state == "dead"
        or (
            k.connections <= 0
            and k.execution_state not in ("busy", "starting")
            and k.idle_seconds >= grace
        )
    ]
    found.sort(key=lambda k: (k.execution_state != "dead", -k.idle_seconds))
    return [k.kernel_id for k in found]


class DashboardKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager with a cap on running kernels and a parent watch."""

    max_kernels = Integer(4, config=True, help="Most kernels (one per open page) that run at once.")
    orphan_grace = Float(
        10.0,
        config=True,
        help="Seconds a kernel no page is connected to must have been idle before a new page at "
        "the cap may reclaim it.",
    )
    parent_pid = Integer(
        0, config=True, help="Stop the server when this process is gone (0: do not watch)."
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._room = asyncio.Lock()
        self._starting = 0
        for name in ("tornado.access", "tornado.general"):
            logging.getLogger(name).addFilter(HideTokens())
        if self.parent_pid > 0:
            threading.Thread(
                target=self._watch_parent, name="ipsim-parent-watch", daemon=True
            ).start()

    def _watch_parent(self) -> None:
        """Send this process SIGTERM (Voilà's clean stop) once the ``ipsim`` process is gone."""
        while os.getppid() == self.parent_pid:
            time.sleep(1.0)
        self.log.warning("ipsim (process %s) is gone; stopping the dashboard", self.parent_pid)
        os.kill(os.getpid(), signal.SIGTERM)

    def kernel_states(self) -> list[KernelState]:
        """The state of every running kernel, as :func:`orphans` reads it."""
        now = datetime.now(UTC)
        states = []
        for kernel_id, kernel in list(self._kernels.items()):
            last = getattr(kernel, "last_activity", None)
            states.append(
                KernelState(
                    kernel_id,
                    self._kernel_connections.get(kernel_id, 0),
                    str(getattr(kernel, "execution_state", "starting")),
                    (now - last).total_seconds() if last is not None else 0.0,
                )
            )
        return states

    async def start_kernel(  # type: ignore[override]
        self, *, kernel_id: str | None = None, path: ApiPath | None = None, **kwargs: Any
    ) -> str:
        """Start a kernel for a new page, making room at the cap or refusing with HTTP 503."""
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        async with self._room:
            surplus = len(self._kernels) + self._starting - self.max_kernels + 1
            if surplus > 0:
                for orphan in orphans(self.kernel_states(), self.orphan_grace)[:surplus]:
                    self.log.warning("Reclaiming kernel %s: no page is connected to it", orphan)
                    with contextlib.suppress(KeyError, web.HTTPError):  # culled meanwhile
                        await self.shutdown_kernel(orphan, now=True)
            if len(self._kernels) + self._starting >= self.max_kernels:
                self.log.warning(
                    "Refusing a page: %s kernels run (--max-kernels) and none is an orphan",
                    self.max_kernels,
                )
                raise web.HTTPError(503, BUSY.format(cap=self.max_kernels), reason="Dashboard busy")
            self._starting += 1
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._starting -= 1
