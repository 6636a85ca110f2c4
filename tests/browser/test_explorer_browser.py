"""The explorer displayed by a real browser changes nothing until a control is moved.

In a browser the sliders snap their values to their step and send them back; the language
switch rebuilt the scenario from the controls. Here, in Voilà (``ipsim dashboard``) and in
JupyterLab, a scenario whose numbers sit off every slider grid is displayed, the language is
switched twice and the scenario saved untouched: the saved file is the loaded one (sha256), and
every P(met) on the board is the one ``ipsim run`` gives with the same seed and draws.
"""

import contextlib
import hashlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ipsim.scenario import dump_scenario, load_scenario
from tests.browser.conftest import free_port, running_dashboard
from tests.conftest import awkward_scenario

BOARD = ".ipsim-board"


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    """A canonical scenario file whose inputs sit off the sliders' grids, and what it gives."""
    folder = tmp_path_factory.mktemp("explorer")
    s = awkward_scenario()
    path = folder / "awkward.yaml"
    dump_scenario(s, path)
    run = subprocess.run(
        [sys.executable, "-m", "ipsim.cli", "run", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    p_met = {t["id"]: t["p_met"] for t in json.loads(run.stdout)["targets"]}
    return folder, path, load_scenario(path), p_met


def board_p_met(page):
    """Every target's P(met) as the board on the page holds it (exact, not the rounded text)."""
    return page.eval_on_selector_all(
        f"{BOARD} span[data-p-met]",
        "spans => Object.fromEntries(spans.map(s => [s.dataset.target, Number(s.dataset.pMet)]))",
    )


def switch_language_twice(page):
    page.get_by_text("中文", exact=True).click()
    page.wait_for_function(
        f"() => document.querySelector('{BOARD}').innerText.includes('全部目标达成概率')",
        timeout=30_000,
    )
    page.get_by_text("English", exact=True).click()
    page.wait_for_function(
        f"() => document.querySelector('{BOARD}').innerText.includes('P(all targets met)')",
        timeout=30_000,
    )
    page.wait_for_timeout(1_000)  # let anything the relabelled sliders send back arrive


def upload(page, path):
    """Choose ``path`` with the Load scenario button (an upload)."""
    with page.expect_file_chooser(timeout=30_000) as chooser:
        page.get_by_role("button", name="Load scenario").click()
    chooser.value.set_files(str(path))


def check_board(page, p_met):
    shown = board_p_met(page)
    assert set(shown) == set(p_met)
    for target, value in p_met.items():
        assert shown[target] == pytest.approx(value, abs=1e-12), target


def test_voila_shows_and_saves_the_loaded_scenario_untouched(browser, awkward, artefacts):
    folder, path, loaded, p_met = awkward
    with running_dashboard(folder, str(path), lang="en", cwd=folder) as (url, _process):
        page = browser.new_page(viewport={"width": 1300, "height": 1400}, accept_downloads=True)
        page.goto(url, wait_until="networkidle", timeout=120_000)
        page.wait_for_selector(BOARD, timeout=120_000)
        page.wait_for_timeout(1_500)  # the sliders have rendered and sent back what they send
        check_board(page, p_met)
        switch_language_twice(page)
        check_board(page, p_met)
        assert page.locator("input[type='text']").count() == 0  # no server path box

        page.get_by_role("button", name="Save scenario").click()
        link = page.locator("a.ipsim-download")
        link.wait_for(timeout=30_000)
        assert link.get_attribute("download") == "baseline.yaml"  # the scenario's name
        with page.expect_download(timeout=30_000) as download:
            link.click()
        saved = Path(download.value.path()).read_bytes()
        page.screenshot(path=str(artefacts / "explorer-voila-saved.png"), full_page=True)

        # Load is an upload, and an upload naming a plan file is refused without reading it
        evil = folder / "evil.yaml"
        evil.write_text(
            path.read_text().replace("plan: guangzhou-ip-2017-2020", "plan: /etc/passwd")
        )
        upload(page, evil)
        page.wait_for_function(
            "() => document.body.innerText.includes('may name only a bundled plan')",
            timeout=30_000,
        )
        assert "root:" not in page.inner_text("body")
        page.screenshot(path=str(artefacts / "explorer-voila-upload-refused.png"))
        mine = folder / "mine.yaml"
        dump_scenario(loaded.with_funding("protection", multiple=0.5), mine)
        upload(page, mine)
        page.wait_for_function(
            "() => document.body.innerText.includes('loaded: mine.yaml')", timeout=30_000
        )
        # a moved slider is disclosed on the page
        page.locator(".noUi-handle").first.focus()
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.body.innerText.includes('Modified from scenario Baseline')",
            timeout=30_000,
        )
        assert "funding of Patent creation and patent navigation: 1.37 x -> 1.57 x" in (
            page.inner_text(".modified")
        )
        page.screenshot(path=str(artefacts / "explorer-voila-modified.png"))
        page.close()
    assert hashlib.sha256(saved).hexdigest() == loaded.sha256
    assert saved == path.read_bytes()


@contextlib.contextmanager
def running_lab(folder):
    """Start JupyterLab with a token on a free port of 127.0.0.1; yield the notebook's URL."""
    pytest.importorskip("jupyterlab")
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(folder / ".config"),
        "JUPYTER_RUNTIME_DIR": str(folder / ".runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(folder / ".settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(folder / ".workspaces"),
    }
    log = folder / "lab.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={folder}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly",  # no look-ups on PyPI
                "--allow-root",  # test containers run as root
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=folder,
            env=env,
            start_new_session=True,  # its kernels end with it
        )
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2
                )
                break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    pytest.fail(f"JupyterLab did not start: {log.read_text()}")
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/lab/tree/explorer.ipynb?token={token}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_jupyterlab_shows_and_saves_the_loaded_scenario_untouched(browser, awkward, artefacts):
    import nbformat

    folder, path, loaded, p_met = awkward
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "from ipsim.widgets import ScenarioExplorer\n"
            f"ScenarioExplorer({path.name!r}, lang='en')"
        )
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, folder / "explorer.ipynb")
    with running_lab(folder) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.goto(url, timeout=60_000)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_function(  # the kernel is up: the status bar says so
            "() => document.body.innerText.includes('(ipykernel) | Idle')", timeout=60_000
        )
        page.locator(".jp-Notebook .jp-Cell .cm-content").first.click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_selector(BOARD, timeout=60_000)
        finally:
            page.screenshot(path=str(artefacts / "explorer-jupyterlab-run.png"))
        page.wait_for_timeout(1_500)
        check_board(page, p_met)
        switch_language_twice(page)
        check_board(page, p_met)

        page.get_by_placeholder("my-scenario.yaml").fill("saved.yaml")
        page.get_by_role("button", name="Save scenario").click()
        page.wait_for_function(
            "() => document.body.innerText.includes('saved: saved.yaml')", timeout=30_000
        )
        page.screenshot(path=str(artefacts / "explorer-jupyterlab-saved.png"))
        page.close()
    saved = (folder / "saved.yaml").read_bytes()
    assert hashlib.sha256(saved).hexdigest() == loaded.sha256
    assert saved == path.read_bytes()
