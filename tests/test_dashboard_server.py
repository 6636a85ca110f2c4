"""``ipsim dashboard`` refuses to start where it could not serve, and its server is locked down.

The servers themselves run in ``tests/browser/test_dashboard.py``; these tests stop before Voilà
starts (exit 2 with the fix, no traceback) or check the pieces in process.
"""

import json
import os
import socket
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("voila")

from ipsim.cli.dashboard import check_kernel, exposure_warning, is_loopback, urls, voila_config
from ipsim.cli.dashboard_kernels import KernelState, orphans
from ipsim.errors import IpsimError

ROOT = Path(__file__).resolve().parents[1]


def dashboard(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "ipsim.cli", "dashboard", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("port", ["70000", "65536", "0"])
def test_a_port_outside_1_to_65535_is_refused(port):
    done = dashboard("--port", port)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--port" in done.stderr
    assert done.stdout == ""  # no URL printed


def test_a_taken_port_is_refused_before_anything_starts():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = dashboard("--port", str(port))
    assert done.returncode == 2, done.stderr
    assert f"port {port} on 127.0.0.1 is taken by another program" in done.stderr
    assert "--port" in done.stderr
    assert "Traceback" not in done.stderr
    assert "http://" not in done.stdout  # never another program's URL


def test_an_unknown_host_is_refused():
    done = dashboard("--host", "no-such-host.invalid", "--port", str(free_port()))
    assert done.returncode == 2
    assert "--host 'no-such-host.invalid'" in done.stderr
    assert "Traceback" not in done.stderr


def _kernelspec(folder: Path, python: Path) -> Path:
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"})
    )
    return spec


def _python_without_site_packages(folder: Path) -> Path:
    """A Python that cannot import ipykernel or ipsim (isolated, no site-packages)."""
    wrapper = folder / "bare-python"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -I -S "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return wrapper


@pytest.mark.skipif(os.name == "nt", reason="a shell-script Python")
def test_a_kernel_that_cannot_import_ipykernel_is_refused_with_the_fix(tmp_path):
    # the python3 kernel of JUPYTER_PATH shadows the virtual environment's own
    _kernelspec(tmp_path, _python_without_site_packages(tmp_path))
    done = dashboard("--port", str(free_port()), env={"JUPYTER_PATH": str(tmp_path)})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "kernel 'python3'" in done.stderr
    assert "bare-python" in done.stderr
    assert "No module named 'ipykernel'" in done.stderr
    assert "pip install 'ipsim[dashboard]'" in done.stderr
    assert "ipykernel install --user" in done.stderr
    assert "http://" not in done.stdout


def test_no_kernel_at_all_is_refused_with_the_fix(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager

    empty = KernelSpecManager(kernel_dirs=[str(tmp_path)], ensure_native_kernel=False)
    with pytest.raises(
        IpsimError, match=r"needs a Python kernel .*pip install 'ipsim\[dashboard\]'"
    ):
        check_kernel(empty)


def test_the_kernel_of_this_environment_is_accepted():
    assert check_kernel() == "python3"


def test_the_dashboard_extra_brings_a_kernel():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = " ".join(project["optional-dependencies"]["dashboard"])
    assert "voila" in extra
    assert "ipykernel" in extra


@pytest.mark.parametrize("token", ["short", "has spaces in it ok?", "x" * 300])
def test_a_bad_user_token_is_refused(token):
    done = dashboard("--port", str(free_port()), env={"IPSIM_DASHBOARD_TOKEN": token})
    assert done.returncode == 2
    assert "IPSIM_DASHBOARD_TOKEN" in done.stderr
    assert token not in done.stderr  # a secret is not echoed
    assert "Traceback" not in done.stderr


def test_host_check_on_for_loopback_off_beyond_it_as_in_jupyter():
    local = voila_config("127.0.0.1", 8866, max_kernels=4, parent_pid=1)
    settings = local["Voila"]["tornado_settings"]
    assert settings == {"allow_remote_access": False, "local_hostnames": ["localhost"]}
    assert local["Voila"]["port_retries"] == 0  # never moves to another port
    assert local["DashboardKernelManager"]["max_kernels"] == 4
    assert local["DashboardKernelManager"]["cull_connected"] is False
    named = voila_config("localhost", 8866, max_kernels=2, parent_pid=1)
    assert named["Voila"]["tornado_settings"]["allow_remote_access"] is False
    everywhere = voila_config("0.0.0.0", 8866, max_kernels=4, parent_pid=1)
    assert everywhere["Voila"]["tornado_settings"]["allow_remote_access"] is True


def test_loopback_and_urls():
    assert is_loopback("127.0.0.1")
    assert is_loopback("localhost")
    assert is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("")
    assert not is_loopback("no-such-host.invalid")
    assert urls("127.0.0.1", 8866, "abc") == ["http://127.0.0.1:8866/?token=abc"]
    assert urls("::1", 8866, "abc") == ["http://[::1]:8866/?token=abc"]
    first, other = urls("0.0.0.0", 8866, "abc")
    assert first == "http://127.0.0.1:8866/?token=abc"
    assert other == f"http://{socket.gethostname()}:8866/?token=abc"


def test_the_exposure_warning_says_who_can_reach_it_in_both_languages():
    text = exposure_warning("0.0.0.0", 8866)
    assert "every network interface" in text
    assert "token" in text
    assert "所有网络接口" in text
    assert "令牌" in text


def test_orphans_are_unconnected_idle_kernels_longest_idle_first():
    kernels = [
        KernelState("loading", 0, "busy", 60.0),  # a page still rendering
        KernelState("just-started", 0, "idle", 1.0),  # its page may connect any moment
        KernelState("open-page", 1, "idle", 600.0),  # a page is connected
        KernelState("aborted", 0, "idle", 30.0),
        KernelState("older", 0, "idle", 90.0),
        KernelState("dead", 0, "dead", 0.0),
        KernelState("starting", 0, "starting", 50.0),
    ]
    assert orphans(kernels, grace=10) == ["dead", "older", "aborted"]
    assert orphans(kernels, grace=100) == ["dead"]
    assert orphans([], grace=10) == []
