"""The dashboard: in a real browser it loads offline and its sliders and language switch work; over
plain HTTP it refuses requests without the token or with a foreign Host, caps its kernels and
reclaims those of aborted loads, checks websocket origins, and dies with ipsim.

One server (``--max-kernels 2``) serves the tests in this file's order: the browser first, then the
HTTP checks; the ``kill -9`` test starts its own server, bound to every interface.
"""

import http.client
import os
import re
import secrets
import signal
import socket
import tempfile
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

import psutil
import pytest

from ipsim.cli.dashboard import ORPHAN_GRACE_SECONDS, remove_stale_folders
from tests.browser.conftest import running_dashboard

LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
CAP = 2


class Server(NamedTuple):
    url: str
    port: int
    token: str
    process: object
    log: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard")
    with running_dashboard(folder, "baseline", "--max-kernels", str(CAP)) as (url, process):
        parts = urlsplit(url)
        log = folder / f"dashboard-{parts.port}.log"
        yield Server(url, parts.port, parse_qs(parts.query)["token"][0], process, log)


@pytest.fixture(scope="module")
def dashboard(server):
    return server.url


def kernels(process):
    """The kernel processes under an ``ipsim dashboard`` process."""
    found = []
    for child in psutil.Process(process.pid).children(recursive=True):
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def get(port, path, *, host=None):
    """GET ``path`` with the given ``Host:``; return ``(status, headers, body)``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def aborted_load(port, token):
    """Ask for the page and hang up at once, as a closed tab or a cancelled load does."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(f"GET /?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())


def test_binds_to_this_machine_only_by_default():
    from ipsim.cli.commands import build_parser

    args = build_parser().parse_args(["dashboard"])
    assert (args.host, args.port) == ("127.0.0.1", 8866)


def test_dashboard_offline_slider_and_language(browser, dashboard, artefacts):
    page = browser.new_page(viewport={"width": 1300, "height": 1300})
    failed, errors, outside = [], [], []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else outside.append(r.url))
    page.goto(dashboard, wait_until="networkidle", timeout=120_000)
    page.wait_for_selector(".ipsim-board", timeout=120_000)
    page.screenshot(path=str(artefacts / "dashboard-loaded.png"))
    assert failed == []
    assert errors == []
    assert outside == []  # nothing fetched from the internet

    board_before = page.inner_text(".ipsim-board")
    chart_before = page.inner_html("svg.marks")
    assert "P(all targets met)" in board_before
    # move the first funding slider (creation) to the right with the keyboard
    handle = page.locator(".noUi-handle").first
    handle.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => document.querySelector('.ipsim-board').innerText !== before",
        arg=board_before,
        timeout=30_000,
    )
    page.wait_for_timeout(500)
    assert page.inner_text(".ipsim-board") != board_before
    page.screenshot(path=str(artefacts / "dashboard-slider-moved.png"))

    # a target funded by the creation programme: its chart follows the slider
    page.get_by_text("Run", exact=True).click()  # open the accordion section holding the target
    target = "Invention patent applications grow at least 18% a year"
    # the first of two: the discover panel's picker offers the same targets
    page.locator(f"select:has(option:text-is('{target}'))").first.select_option(label=target)
    page.wait_for_function(
        "() => document.body.innerText.includes('Invention patent applications grow at least 18% a year by 2020')",
        timeout=30_000,
    )
    chart_moved = page.inner_html("svg.marks")
    assert chart_moved != chart_before

    page.get_by_text("中文", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('.ipsim-board').innerText.includes('全部目标达成概率')",
        timeout=30_000,
    )
    # the switch keeps the section the user opened (Run); open Funding to read its labels
    page.get_by_text("资金投入（计划预算的倍数）", exact=True).click()
    page.wait_for_function(
        "() => document.body.innerText.includes('专利创造与专利导航产业发展')", timeout=30_000
    )
    page.wait_for_function(  # the fan chart is redrawn in Chinese too
        "() => document.querySelector('svg.marks').textContent.includes('年份')", timeout=30_000
    )
    page.screenshot(path=str(artefacts / "dashboard-chinese.png"))

    # what could make us miss: the target picked follows the fan chart's; Find states its box
    page.get_by_text("什么情况下会未达成", exact=True).click()
    page.get_by_role("button", name="查找", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('.ipsim-discovery')?.innerText.includes('占未达成情形的')",
        timeout=30_000,
    )
    assert "发明专利申请量增长率低于" in page.inner_text(".ipsim-discovery")
    page.screenshot(path=str(artefacts / "dashboard-discovery.png"), full_page=True)
    assert failed == []
    assert errors == []
    page.close()


def test_requests_without_the_token_run_nothing(server):
    before = len(kernels(server.process))
    for path in ("/", "/?token=wrong-token-1234567890"):
        status, headers, _ = get(server.port, path)
        assert status == 302  # to the login page, which asks for the token
        assert headers["Location"].startswith("/login")
    assert len(kernels(server.process)) == before


def test_a_foreign_host_is_refused(server):
    """DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends ``Host: evil.example``."""
    before = len(kernels(server.process))
    for host in ("evil.example", "192.168.1.77", "127.0.0.1.evil.example"):
        status, _, _ = get(server.port, f"/?token={server.token}", host=f"{host}:{server.port}")
        assert status == 403, host
    for host in ("127.0.0.1", "localhost"):
        assert get(server.port, "/login", host=f"{host}:{server.port}")[0] == 200, host
    assert len(kernels(server.process)) == before


def test_aborted_loads_are_capped_reclaimed_and_the_websocket_checks_its_origin(server):
    for _ in range(20):
        aborted_load(server.port, server.token)
    # at the cap, with every kernel still loading its page: refused, saying why
    status, _, body = get(server.port, f"/?token={server.token}")
    assert status == 503
    assert "--max-kernels" in body
    assert "仪表板同时服务的页面已达上限" in body
    # the kernels stay within the cap; once the aborted loads' kernels have been idle a while
    # (they finish rendering for nobody), a new page reclaims one of them
    counts, status = [], 503
    flooded = time.monotonic()
    while status == 503 and time.monotonic() < flooded + 120:
        counts.append(len(kernels(server.process)))
        if time.monotonic() > flooded + ORPHAN_GRACE_SECONDS:
            status, headers, body = get(server.port, f"/?token={server.token}")
        time.sleep(0.5)
    assert max(counts) <= CAP, counts
    assert server.log.read_text().count(server.token) == 1  # the URL; refusals log token=[hidden]
    assert status == 200, body[-500:]
    assert "application/vnd.jupyter.widget-view+json" in body
    assert len(kernels(server.process)) <= CAP

    # its kernel's websocket: the page's own origin may connect, another site may not
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', body).group(1)
    cookie = "; ".join(c.split(";")[0] for c in headers.get_all("Set-Cookie"))
    assert connect_websocket(server.port, kernel_id, cookie, "http://evil.example") == 403
    assert (
        connect_websocket(server.port, kernel_id, cookie, f"http://127.0.0.1:{server.port}") == 101
    )


def connect_websocket(port, kernel_id, cookie, origin):
    """Ask to open the kernel's websocket with the page's cookie and ``Origin``; return the status.

    A plain socket, not an asyncio client: playwright's sync API keeps an event loop running here.
    """
    request = (
        f"GET /api/kernels/{kernel_id}/channels HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\nCookie: {cookie}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request.encode())
        status_line = sock.makefile("rb").readline().decode()
    return int(status_line.split()[1])


def test_kill_9_of_ipsim_takes_voila_and_its_kernels_along(tmp_path, monkeypatch):
    chosen = f"office-demo-{secrets.token_hex(8)}"  # a token chosen by the user
    monkeypatch.setenv("IPSIM_DASHBOARD_TOKEN", chosen)
    with running_dashboard(tmp_path, "baseline", "--host", "0.0.0.0") as (url, process):
        log = next(tmp_path.glob("dashboard-*.log")).read_text()
        assert "warning: the dashboard listens on every network interface" in log
        assert "所有网络接口" in log
        parts = urlsplit(url)
        token = parse_qs(parts.query)["token"][0]
        assert token == chosen
        # beyond loopback the Host check is off, as in Jupyter; the token still guards
        status, headers, _ = get(parts.port, "/", host=f"office-pc.example:{parts.port}")
        assert (status, headers["Location"][:6]) == (302, "/login")
        aborted_load(parts.port, token)
        deadline = time.monotonic() + 60
        while not kernels(process) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = psutil.Process(process.pid).children(recursive=True)
        assert any("voila" in " ".join(p.cmdline()) for p in left)
        assert kernels(process)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        _gone, alive = psutil.wait_procs(left, timeout=20)
        assert alive == [], [p.cmdline() for p in alive]
        # its temporary folder is left behind; the next start removes it
        stale = list(Path(tempfile.gettempdir()).glob(f"ipsim-dashboard-{process.pid}-*"))
        assert len(stale) == 1
        assert stale[0] in remove_stale_folders()
        assert not stale[0].exists()
