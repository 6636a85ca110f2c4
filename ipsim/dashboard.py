"""``ipsim dashboard``: the scenario explorer as a web page, served by Voilà, offline.

Voilà runs a one-cell notebook (``ipsim/dashboard_app/explorer.ipynb``) that shows
:class:`ipsim.widgets.ScenarioExplorer`; the page carries no code cells. Voilà's stock ``lab``
template links Font Awesome from a CDN, which fails behind closed networks, so the dashboard uses
a template derived from it at start-up with those two links removed (the explorer uses no icons).
It binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ipsim.errors import IpsimError

NOTEBOOK = Path(__file__).parent / "dashboard_app" / "explorer.ipynb"
TEMPLATE = "ipsim-offline"


def offline_template(root: Path) -> Path:
    """Write the offline Voilà template under ``root`` (a JUPYTER_PATH entry) and return its folder."""
    from jupyter_core.paths import jupyter_path

    source = next(
        (
            Path(p) / "index.html.j2"
            for p in jupyter_path("voila", "templates", "lab")
            if (Path(p) / "index.html.j2").is_file()
        ),
        None,
    )
    if source is None:
        msg = "Voilà's 'lab' template was not found; is voila installed? (pip install 'ipsim[dashboard]')"
        raise IpsimError(msg)
    text = re.sub(r"\s*<link[^>]+https?://[^>]+>", "", source.read_text(encoding="utf-8"))
    folder = root / "voila" / "templates" / TEMPLATE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html.j2").write_text(text, encoding="utf-8")
    (folder / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    return folder


def command(host: str, port: int) -> list[str]:
    """The Voilà command line of the dashboard."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(NOTEBOOK),
        f"--port={port}",
        f"--Voila.ip={host}",
        "--no-browser",
        f"--template={TEMPLATE}",
        "--show_tracebacks=False",
    ]


def environment(scenario: str, lang: str, root: Path) -> dict[str, str]:
    """Environment of the Voilà process: the template folder, the scenario and the language."""
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join([str(root), *filter(None, [env.get("JUPYTER_PATH")])])
    env["IPSIM_SCENARIO"] = str(Path(scenario).resolve()) if Path(scenario).exists() else scenario
    env["IPSIM_LANG"] = lang
    env["IPSIM_CWD"] = os.getcwd()
    return env


def serve(
    scenario: str = "baseline", *, host: str = "127.0.0.1", port: int = 8866, lang: str = "zh"
) -> int:
    """Serve the explorer on ``http://host:port/`` until interrupted; return the exit status."""
    from ipsim.scenario import load_scenario

    load_scenario(scenario)  # a bad scenario is reported here, not in the browser
    try:
        import voila  # noqa: F401
    except ImportError as err:
        msg = "the dashboard needs Voilà: pip install 'ipsim[dashboard]'"
        raise IpsimError(msg) from err
    with tempfile.TemporaryDirectory(prefix="ipsim-dashboard-") as tmp:
        root = Path(tmp)
        offline_template(root)
        print(
            f"ipsim dashboard: http://{host}:{port}/ (scenario {scenario}; Ctrl-C to stop)",
            flush=True,
        )
        process = subprocess.Popen(command(host, port), env=environment(scenario, lang, root))

        def stop(_signum: int, _frame: object) -> None:
            process.terminate()  # Voilà shuts its kernels down on SIGTERM

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            process.wait(timeout=30)
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
