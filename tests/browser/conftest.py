"""Headless Chromium from Debian's packages, driven by playwright (no browser download)."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ipsim.cli.pdf import CHROMIUM_FLAGS, chromium

ARTEFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artefacts"


@pytest.fixture(scope="session")
def browser():
    path = chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("no Chromium on this machine (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=path, args=list(CHROMIUM_FLAGS))
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def artefacts():
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS


def free_port():
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_dashboard(log_dir, scenario="baseline", *extra, lang="en", cwd=None):
    """Start ``ipsim dashboard`` on a free port; yield ``(url, process)`` once it answers.

    ``url`` is the one the command prints (with its access token), which it prints once Voilà
    accepts connections. Readiness is probed with the login page, which starts no kernel (every
    load of the page itself does).
    """
    for _attempt in range(3):  # another program may take the free port before ipsim binds it
        port = free_port()
        log = Path(log_dir) / f"dashboard-{port}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ipsim.cli",
                    "dashboard",
                    scenario,
                    "--port",
                    str(port),
                    "--lang",
                    lang,
                    *extra,
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=cwd,
            )
        waited = time.time() + 90
        while (
            process.poll() is None
            and time.time() < waited
            and not re.search(r"http://|taken", log.read_text())
        ):
            time.sleep(0.2)
        if "taken" not in log.read_text():
            break
        process.wait()
    try:
        url = None
        deadline = time.time() + 90
        while time.time() < deadline:
            if url is None:
                found = re.search(r"(http://\S+)", log.read_text())
                url = found.group(1) if found else None
            if url is not None:
                try:
                    urllib.request.urlopen(url.split("?")[0] + "login", timeout=2).close()
                    break
                except OSError:
                    pass
            if process.poll() is not None:
                pytest.fail(f"the dashboard exited: {log.read_text()}")
            time.sleep(0.5)
        else:
            pytest.fail(f"the dashboard did not start: {log.read_text()}")
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
