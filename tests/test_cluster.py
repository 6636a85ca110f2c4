"""Ensembles on a Dask cluster: identical files on 1 and 2 workers and in process, a local
cluster reachable from this machine only, an existing cluster by its scheduler's address."""

import builtins

import psutil
import pytest

from ipsim.analysis.cluster import dask_executor
from ipsim.analysis.ensemble import ensemble
from ipsim.cli.commands import main
from ipsim.errors import ArgumentError

pytest.importorskip("distributed")

KEYWORDS = {
    "n": 12,
    "draws": 500,
    "target": ["invention_apps", "pledge_financing"],
    "chunk": 3,
    "rng": 7,
    "per_draw": True,
}


def _listening(process):
    """The (address, port) pairs ``process`` and its children listen on."""
    found = set()
    for each in [process, *process.children(recursive=True)]:
        for connection in each.net_connections(kind="inet"):
            if connection.status == psutil.CONN_LISTEN:
                found.add((connection.laddr.ip, connection.laddr.port))
    return found


def test_one_and_two_workers_write_the_file_made_in_process(tmp_path):
    alone = tmp_path / "alone.parquet"
    ensemble("baseline", output=alone, **KEYWORDS)
    before = _listening(psutil.Process())
    for workers in (1, 2):
        out = tmp_path / f"dask-{workers}.parquet"
        with dask_executor(workers=workers) as pool:
            opened = _listening(psutil.Process()) - before
            assert opened, "a local cluster listens somewhere"
            assert {ip for ip, _ in opened} == {"127.0.0.1"}  # never the office network
            assert 8787 not in {port for _, port in opened}  # no dashboard unless asked
            ensemble("baseline", output=out, executor=pool, **KEYWORDS)
        assert out.read_bytes() == alone.read_bytes()


def test_cli_on_an_existing_cluster_by_its_scheduler(tmp_path, capsys):
    from distributed import LocalCluster

    argv = ["ensemble", "baseline", "--n", "4", "--draws", "100", "--target", "invention_apps"]
    local, remote = tmp_path / "local.parquet", tmp_path / "remote.parquet"
    assert main([*argv, "-o", str(local)]) == 0
    with LocalCluster(n_workers=1, threads_per_worker=1, host="127.0.0.1") as cluster:
        assert main([*argv, "--scheduler", cluster.scheduler_address, "-o", str(remote)]) == 0
    assert remote.read_bytes() == local.read_bytes()
    assert "4 scenarios" in capsys.readouterr().out


def test_cli_refuses_workers_and_scheduler_together(tmp_path, capsys):
    argv = ["ensemble", "baseline", "--n", "2", "-o", str(tmp_path / "r.parquet")]
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"])
    assert stopped.value.code == 2
    assert main([*argv, "--scheduler", "127.0.0.1:8786"]) == 2
    assert "tcp://host:8786" in capsys.readouterr().err


def test_without_dask_the_error_says_how_to_install_it(monkeypatch):
    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name.split(".")[0] == "distributed":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(ArgumentError, match=r"ipsim\[dask\]"), dask_executor(workers=1):
        pass
