"""Dask as an executor for ensembles: a local cluster on this machine, or an existing one.

:func:`dask_executor` gives a :class:`concurrent.futures.Executor` backed by Dask's distributed
scheduler, for :func:`ipsim.analysis.ensemble.ensemble` (``executor=``) and ``ipsim ensemble
--workers N | --scheduler ADDRESS``. A local cluster listens on 127.0.0.1 only and opens no
dashboard port unless asked, so nothing is reachable from the office network. Dask is an optional
extra (``pip install "ipsim[dask]"``); nothing else in ipsim imports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any

from ipsim._args import shown, whole_number
from ipsim.errors import ArgumentError

INSTALL_HINT = 'pip install "ipsim[dask]"'
CONNECT_TIMEOUT = "20s"
"""How long to wait for an existing scheduler before giving up."""
LOCAL_HOST = "127.0.0.1"


@contextmanager
def dask_executor(
    workers: int | None = None, scheduler: str | None = None, *, dashboard: bool = False
) -> Iterator[Executor]:
    """A Dask-backed executor: ``workers`` processes on this machine, or the cluster whose
    scheduler listens at ``scheduler`` (``tcp://host:8786``); closed on leaving the block.

    Each worker is a separate process with one thread (the simulation is numpy, vectorised over
    draws: more threads per process would only compete for the same cores). The executor's
    ``_max_workers`` is set to the cluster's worker count, which the ensemble uses to keep a
    bounded number of chunks in flight.

    Examples
    --------
    >>> with dask_executor(workers=1) as pool:  # doctest: +SKIP
    ...     pool.submit(sum, [1, 2]).result()
    3
    """
    _require_distributed()
    from distributed import Client

    if (workers is None) == (scheduler is None):
        msg = "give either workers (a local Dask cluster) or scheduler (an existing one), not both"
        raise ArgumentError(msg)
    if scheduler is not None:
        client = _connect(scheduler)
        cluster = None
    else:
        cluster = _local_cluster(whole_number("workers", workers, low=1), dashboard)
        client = Client(cluster)
    try:
        executor: Any = client.get_executor()
        executor._max_workers = max(1, len(client.scheduler_info()["workers"]))
        yield executor
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _local_cluster(workers: int, dashboard: bool) -> Any:
    """A cluster of ``workers`` one-thread processes listening on 127.0.0.1 only.

    Dask's scheduler always runs an HTTP server; without the dashboard it gets no pages at all
    (not even Dask's cluster information and metrics), and a free port rather than 8787, so two
    users' clusters on one machine do not collide.
    """
    import dask
    from distributed import LocalCluster

    routes = dask.config.get("distributed.scheduler.http.routes") if dashboard else []
    settings = {
        "distributed.scheduler.http.routes": routes,
        # Dask sets MALLOC_TRIM_THRESHOLD_ for its workers, which fixes glibc's threshold for
        # handing memory back: each chunk's large arrays then come as fresh pages from the
        # system, and a chunk took twice as long as in process (measured). Left unset, glibc
        # keeps and reuses them as in any Python process.
        "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    }
    with dask.config.set(settings):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host=LOCAL_HOST,
            scheduler_port=0,
            dashboard_address=f"{LOCAL_HOST}:0",
            scheduler_kwargs={"dashboard": dashboard},
        )


def dashboard_link(executor: Executor) -> str | None:
    """The Dask dashboard's address of ``executor``'s cluster, if it has one open."""
    client = getattr(executor, "_client", None)
    return None if client is None else client.dashboard_link


def _require_distributed() -> None:
    """Refuse, saying how to install it, when Dask's distributed scheduler is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as err:
        msg = f"a Dask cluster needs the dask extra: {INSTALL_HINT}"
        raise ArgumentError(msg) from err


def _connect(scheduler: Any) -> Any:
    """A client of the scheduler at ``scheduler``, or a clear error if it cannot be reached."""
    from distributed import Client

    if not isinstance(scheduler, str) or "://" not in scheduler:
        msg = f"scheduler: expected an address such as tcp://host:8786, got {shown(scheduler)}"
        raise ArgumentError(msg)
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        msg = f"scheduler: cannot reach a Dask scheduler at {scheduler} ({err})"
        raise ArgumentError(msg) from err
