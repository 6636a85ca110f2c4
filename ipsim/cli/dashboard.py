"""``ipsim dashboard``: the scenario explorer as a web page, served by Voilà, offline.

Voilà runs a one-cell notebook (``ipsim/cli/dashboard_app/explorer.ipynb``) that shows
:class:`ipsim.widgets.ScenarioExplorer`; the page carries no code cells. Voilà's stock ``lab``
template links Font Awesome from a CDN, which fails behind closed networks, so the dashboard uses
a template derived from it at start-up with those two links removed (the explorer uses no icons).
The browser tab carries the plan's title (:func:`titled_notebook`), and the page's query string
(``?s=...``, see :mod:`ipsim.widgets.link`) sets the view, so a link reproduces it; the token is
never part of such a link.

Access is controlled the way Jupyter servers do it, by configuring jupyter_server's own checks:

- **a token**: random for every start (or ``IPSIM_DASHBOARD_TOKEN``), printed in the URL; a request
  without it is sent to the login page and runs nothing. The browser keeps a cookie after the first
  visit, so the token is needed once per browser.
- **a Host check** (DNS rebinding): bound to a loopback address (the default, 127.0.0.1), a request
  whose ``Host:`` is not ``localhost``, a loopback address or the ``--host`` name is refused with 403.
  Bound beyond loopback (``--host 0.0.0.0``), colleagues reach the machine by names and addresses
  ipsim cannot know, so, as in Jupyter, the token alone protects it, and ipsim says so on stderr.
- **an Origin check** on the kernel websockets (jupyter_server's default): a page from another
  site cannot drive a kernel with the user's cookie.

Kernels (one per page, about 360 MB each) are capped and reclaimed by
:class:`ipsim.cli.dashboard_kernels.DashboardKernelManager`. ``ipsim`` checks that the port is free
before Voilà starts and, while it starts, that a Python kernel with ipykernel and ipsim can run (an
:class:`~ipsim.errors.IpsimError`, exit 2, naming the fix); it prints the URL once Voilà answers on
that very port (Voilà never moves to another). Voilà dies with ``ipsim``, even on ``kill -9``
(Linux: ``PR_SET_PDEATHSIG``; elsewhere the kernel manager watches its parent), and takes its
kernels with it; the temporary folder such a death leaves is removed by the next start.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import ipaddress
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ipsim._args import language, shown, whole_number
from ipsim.errors import ArgumentError, IpsimError
from ipsim.i18n import label

NOTEBOOK = Path(__file__).parent / "dashboard_app" / "explorer.ipynb"
TEMPLATE = "ipsim-offline"
TOKEN_ENV = "IPSIM_DASHBOARD_TOKEN"
MAX_KERNELS = 4
#: a kernel no page is connected to is culled after this many idle seconds (checked every 30 s)
CULL_IDLE_SECONDS = 120
#: a page at the cap may reclaim a kernel no page is connected to after this many idle seconds
ORPHAN_GRACE_SECONDS = 10
WILDCARDS = ("", "0.0.0.0", "::")
START_TIMEOUT_SECONDS = 120

#: error pages (busy, forbidden...) with their message, self-contained: the stock one links a CDN
ERROR_PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{{ status_code }}: {{ status_message }}</title>
<style>body { font-family: sans-serif; max-width: 42em; margin: 4em auto; line-height: 1.5; }</style>
</head>
<body>
<h1>{{ status_code }}: {{ status_message }}</h1>
<p class="ipsim-error-message">{{ message }}</p>
</body>
</html>
"""

NO_KERNEL = (
    "the dashboard needs a Python kernel (ipykernel) and none is installed; "
    "install it with: pip install 'ipsim[dashboard]'"
)


def offline_template(root: Path) -> Path:
    """Write the offline Voilà template under ``root`` (a JUPYTER_PATH entry) and return its folder.

    The page is Voilà's ``lab`` template without its two CDN links; error pages (busy, forbidden)
    are a self-contained page that shows the error's message, escaped by Voilà's Jinja autoescape.
    """
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
    (folder / "error.html").write_text(ERROR_PAGE, encoding="utf-8")
    return folder


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is a loopback address (``False`` if it does not resolve)."""
    if host.strip("[]") in WILDCARDS:
        return False
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    addresses = {str(info[4][0]).split("%")[0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def check_port(host: str, port: int) -> None:
    """Raise :class:`IpsimError` unless ``host:port`` can be bound now, as Voilà (tornado) binds it."""
    name = host.strip("[]") or None
    try:
        infos = socket.getaddrinfo(
            name, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE
        )
    except (OSError, UnicodeError) as err:
        msg = f"--host {host!r}: not an address or name of this machine ({err})"
        raise IpsimError(msg) from err
    for family, kind, proto, _, address in dict.fromkeys(infos):
        with socket.socket(family, kind, proto) as probe:
            if os.name != "nt":
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6 and hasattr(socket, "IPPROTO_IPV6"):
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as err:
                if err.errno == errno.EADDRNOTAVAIL and family == socket.AF_INET6:
                    continue  # no IPv6 here: tornado skips it too
                if err.errno == errno.EADDRINUSE:
                    msg = (
                        f"port {port} on {host} is taken by another program; "
                        f"choose another with --port (e.g. --port {port + 1 if port < 65535 else 8866})"
                    )
                elif err.errno == errno.EACCES:
                    msg = f"port {port} on {host}: permission denied (ports below 1024 need administrator rights); choose --port 1024 or above"
                else:
                    msg = f"--host {host!r} --port {port}: cannot listen there ({err.strerror})"
                raise IpsimError(msg) from err


def _python_of(argv: list[str]) -> str | None:
    """The Python a kernel command line runs, resolved as jupyter_client does; ``None`` if not Python."""
    if len(argv) < 3 or argv[1] != "-m" or not argv[2].startswith("ipykernel"):
        return None
    major, minor = sys.version_info[:2]
    if argv[0] in {"python", f"python{major}", f"python{major}.{minor}"}:
        return sys.executable
    return argv[0]


def check_kernel(kernel_spec_manager: Any = None) -> str:
    """Check that the dashboard's notebook can get a kernel that imports ipykernel and ipsim.

    The kernel is found as Voilà finds it: the notebook's kernel name, else the first kernel for
    its language. Return the kernel's name; raise :class:`IpsimError` naming the fix otherwise.
    """
    from jupyter_client.kernelspec import KernelSpecManager

    manager = kernel_spec_manager if kernel_spec_manager is not None else KernelSpecManager()
    wanted = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    specs = manager.get_all_specs()
    name = wanted["name"]
    if name not in specs:
        matches = sorted(
            (n for n, s in specs.items() if s["spec"]["language"].lower() == wanted["language"]),
            key=lambda n: specs[n]["spec"]["display_name"],
        )
        if not matches:
            raise IpsimError(NO_KERNEL)
        name = matches[0]
    spec = specs[name]["spec"]
    python = _python_of(list(spec["argv"]))
    if python is None:
        return name  # not an ipykernel command line: nothing more ipsim can check
    env = {**os.environ, **spec.get("env", {})}
    try:
        done = subprocess.run(
            [python, "-c", "import ipykernel, ipsim"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        problem = f"cannot be run ({err})"
    else:
        lines = done.stderr.strip().splitlines()
        problem = f"fails: {lines[-1][:200]}" if done.returncode != 0 and lines else ""
        if done.returncode != 0 and not problem:
            problem = f"exits with status {done.returncode}"
    if problem:
        msg = (
            f"the dashboard's kernel {name!r} ({specs[name]['resource_dir']}) runs {python}, "
            f"where 'import ipykernel, ipsim' {problem}; install both into that Python "
            f"({python} -m pip install 'ipsim[dashboard]'), or make this Python the kernel: "
            f"{sys.executable} -m ipykernel install --user"
        )
        raise IpsimError(msg)
    return name


def voila_config(
    host: str, port: int, *, max_kernels: int, parent_pid: int
) -> dict[str, dict[str, Any]]:
    """Voilà's configuration for the dashboard (written as ``voila.json``)."""
    local = is_loopback(host)
    hostnames = ["localhost"]
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        if host not in hostnames:
            hostnames.append(host)
    return {
        "Voila": {
            "ip": host,
            "port": port,
            "port_retries": 0,
            "open_browser": False,
            "auto_token": True,  # the token itself comes from JUPYTER_TOKEN, not the command line
            "log_level": "WARN",
            "tornado_settings": {"allow_remote_access": not local, "local_hostnames": hostnames},
        },
        "VoilaConfiguration": {
            "template": TEMPLATE,
            # ?template=lab would bring back the stock template and its CDN links
            "allow_template_override": "NO",
            "allow_theme_override": "NO",
            "show_tracebacks": False,
            "multi_kernel_manager_class": "ipsim.cli.dashboard_kernels.DashboardKernelManager",
        },
        "DashboardKernelManager": {
            "max_kernels": max_kernels,
            "orphan_grace": ORPHAN_GRACE_SECONDS,
            "parent_pid": parent_pid,
            "cull_idle_timeout": CULL_IDLE_SECONDS,
            "cull_interval": 30,
            "cull_connected": False,
            "cull_busy": False,
        },
        # on Linux kernels talk to Voilà over Unix sockets in Voilà's private (0700) folder, not
        # TCP ports (macOS limits socket paths to 104 bytes, and Windows has no ipc transport)
        **({"KernelManager": {"transport": "ipc"}} if sys.platform.startswith("linux") else {}),
    }


def titled_notebook(root: Path, title: str) -> Path:
    """Write the dashboard's notebook under ``root`` with ``title`` as its title; return its path.

    Voilà names the browser tab after the notebook's ``metadata.title`` (escaped by its
    template), so the tab reads the plan's title rather than "explorer".

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = titled_notebook(Path(folder), "Plan <2017>")
    ...     json.loads(path.read_text(encoding="utf-8"))["metadata"]["title"], path.name
    ('Plan <2017>', 'explorer.ipynb')
    """
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    notebook["metadata"]["title"] = title
    folder = root / "app"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NOTEBOOK.name
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    return path


def command(root: Path, notebook: Path = NOTEBOOK) -> list[str]:
    """The Voilà command line of the dashboard (its settings are in ``root/voila.json``)."""
    return [sys.executable, "-m", "voila", str(notebook), f"--Voila.config_file_paths={root}"]


def environment(scenario: str, lang: str, root: Path, token: str) -> dict[str, str]:
    """Environment of the Voilà process: template folder, token, scenario and language."""
    env = dict(os.environ)
    env.pop("JUPYTER_TOKEN_FILE", None)
    env["JUPYTER_PATH"] = os.pathsep.join([str(root), *filter(None, [env.get("JUPYTER_PATH")])])
    env["JUPYTER_TOKEN"] = token  # not on the command line, where `ps` would show it to everyone
    env["IPSIM_SCENARIO"] = str(Path(scenario).resolve()) if Path(scenario).exists() else scenario
    env["IPSIM_LANG"] = lang
    env.pop(TOKEN_ENV, None)  # Voilà has it as JUPYTER_TOKEN; its kernels need neither copy
    return env


def access_token() -> str:
    """The token of this start: ``IPSIM_DASHBOARD_TOKEN`` if set, else a new random one."""
    given = os.environ.get(TOKEN_ENV)
    if given is None:
        return secrets.token_hex(24)
    if not re.fullmatch(r"[A-Za-z0-9._~-]{16,200}", given):
        got = (
            f"{len(given)} characters"
            if not 16 <= len(given) <= 200
            else "other characters"  # the token itself is a secret: not echoed
        )
        msg = f"{TOKEN_ENV}: expected 16 to 200 letters, digits or '.', '_', '~', '-', got {got}"
        raise ArgumentError(msg)
    return given


def urls(host: str, port: int, token: str) -> list[str]:
    """The dashboard's URLs: the first opens it on this machine, the second (if any) elsewhere."""
    bare = host.strip("[]")
    if bare in WILDCARDS:
        local = "[::1]" if bare == "::" else "127.0.0.1"
        return [
            f"http://{local}:{port}/?token={token}",
            f"http://{socket.gethostname()}:{port}/?token={token}",
        ]
    name = f"[{bare}]" if ":" in bare else bare
    return [f"http://{name}:{port}/?token={token}"]


def exposure_warning(host: str, port: int) -> str:
    """What ipsim says on stderr when the dashboard listens beyond this machine (en, then zh).

    Examples
    --------
    >>> english, chinese = exposure_warning("0.0.0.0", 8866).splitlines()
    >>> english[:50], chinese[:14]
    ('warning: the dashboard listens on every network in', '警告：仪表板正在监听 所有网')
    """
    wildcard = host.strip("[]") in WILDCARDS

    def said(lang: str) -> str:
        where = label("dashboard.every_interface", lang) if wildcard else host
        return label("dashboard.exposure", lang, where=where, host=host, port=port)

    return said("en") + "\n" + said("zh")


def _parent_death_signal() -> Callable[[], None] | None:
    """A ``preexec_fn`` making Linux send the child SIGTERM when ipsim dies, even by ``kill -9``.

    ``prctl`` is looked up here, before the fork, so the child only calls it. ``None`` elsewhere:
    there the kernel manager's parent watch stops the server.
    """
    if sys.platform != "linux":
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:  # pragma: no cover - runs in the child between fork and exec
        prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
        if os.getppid() != parent:  # ipsim died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def remove_stale_folders() -> list[Path]:
    """Remove the temporary folders of dashboards whose ipsim process is gone (``kill -9``).

    Each start keeps its template and Voilà settings in ``ipsim-dashboard-<pid>-*`` in the temporary
    folder; only folders of this user whose process no longer runs are removed (POSIX only).
    Return the folders removed.
    """
    if os.name != "posix":
        return []
    removed = []
    for folder in Path(tempfile.gettempdir()).glob("ipsim-dashboard-*-*"):
        found = re.fullmatch(r"ipsim-dashboard-(\d+)-\w+", folder.name)
        try:
            if not found or folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            os.kill(int(found.group(1)), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except (OSError, OverflowError):
            continue  # running (perhaps as another user) or unreadable: leave it
    return removed


def _connect_host(host: str) -> str:
    bare = host.strip("[]")
    if bare in WILDCARDS:
        return "::1" if bare == "::" else "127.0.0.1"
    return bare


def _wait_until_listening(process: subprocess.Popen[bytes], host: str, port: int) -> int | None:
    """Wait until Voilà accepts connections on ``port``; return its status if it exits first."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return process.returncode
        with (
            contextlib.suppress(OSError),
            socket.create_connection((_connect_host(host), port), timeout=0.5),
        ):
            return None
        time.sleep(0.1)
    msg = f"Voilà did not answer on port {port} within {START_TIMEOUT_SECONDS} s"
    raise IpsimError(msg)


def serve(
    scenario: str = "baseline",
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    lang: str = "zh",
    max_kernels: int = MAX_KERNELS,
) -> int:
    """Serve the explorer on ``http://host:port/?token=...`` until interrupted; return the exit status.

    Parameters
    ----------
    scenario : str
        Scenario file or bundled name shown by the explorer.
    host : str
        Address to listen on; the default, 127.0.0.1, is this machine only.
    port : int
        TCP port, 1 to 65535; it must be free.
    lang : {"zh", "en"}
        Language the page opens in.
    max_kernels : int
        Most pages served at once (each runs a kernel of about 300 MB), 1 to 64.
    """
    from ipsim.scenario import load_scenario

    port = whole_number("--port", port, low=1, high=65535)
    max_kernels = whole_number("--max-kernels", max_kernels, low=1, high=64)
    lang = language(lang, "--lang")
    host = _checked_host(host)
    token = access_token()
    check_port(host, port)
    plan = load_scenario(scenario).load_plan()  # a bad scenario fails here, not in the browser
    title = plan.title("zh" if lang == "zh" else "en")
    if importlib.util.find_spec("voila") is None:  # importing it would take seconds
        msg = "the dashboard needs Voilà: pip install 'ipsim[dashboard]'"
        raise IpsimError(msg)
    remove_stale_folders()
    with tempfile.TemporaryDirectory(prefix=f"ipsim-dashboard-{os.getpid()}-") as tmp:
        root = Path(tmp)
        offline_template(root)
        config = voila_config(host, port, max_kernels=max_kernels, parent_pid=os.getpid())
        (root / "voila.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
        process = subprocess.Popen(
            command(root, titled_notebook(root, title)),
            env=environment(scenario, lang, root, token),
            preexec_fn=_parent_death_signal(),
            # Ctrl-C reaches ipsim alone, which stops Voilà in order (SIGTERM), so kernels that
            # are starting do not each print a KeyboardInterrupt traceback
            start_new_session=True,
        )

        def stop(_signum: int, _frame: object) -> None:
            process.terminate()  # Voilà shuts its kernels down on SIGTERM

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            check_kernel()  # while Voilà starts; if it fails, Voilà is stopped below
            status = _wait_until_listening(process, host, port)
            if status is not None:
                check_port(host, port)  # taken meanwhile: say so; else Voilà has said why
                return status
            _announce(host, port, token, scenario, max_kernels)
            return process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
            _stop(process)


def _checked_host(host: str) -> str:
    """``--host`` as Voilà wants it (``[::1]`` as in a URL becomes ``::1``), or ArgumentError."""
    if not isinstance(host, str) or not re.fullmatch(r"[A-Za-z0-9.:\[\]_-]{0,253}", host):
        msg = f"--host: expected an address or host name, got {shown(host)}"
        raise ArgumentError(msg)
    return host.strip("[]")


def _announce(host: str, port: int, token: str, scenario: str, max_kernels: int) -> None:
    """Print the URLs once Voilà answers (and, beyond loopback, who can reach it on stderr)."""
    if not is_loopback(host):
        print(exposure_warning(host, port), file=sys.stderr, flush=True)
    first, *others = urls(host, port, token)
    print(
        f"ipsim dashboard: {first} (scenario {scenario}; at most {max_kernels} pages at "
        "once; Ctrl-C to stop)",
        flush=True,
    )
    for other in others:
        print(f"  from other machines: {other}", flush=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop Voilà if it still runs: SIGTERM (it shuts its kernels down), SIGKILL after 30 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
