"""Files the ``ipsim`` command writes: one overwrite rule, no races, no partial files, usual modes."""

import errno
import importlib
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsim._outputs import PARTIAL, write_text_atomic
from ipsim.cli import main
from ipsim.cli.new_plan import PLAN_ID, new_plan
from ipsim.errors import ArgumentError
from ipsim.plan import load_plan

from .test_cli import ipsim

new_plan_module = importlib.import_module("ipsim.cli.new_plan")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def listing(folder):
    return sorted(p.name for p in Path(folder).iterdir())


# -- item 13: one rule, enforced when writing ----------------------------------------------------------
def test_a_file_created_while_new_plan_works_is_kept(tmp_path, monkeypatch, capsys):
    out = tmp_path / "p.yaml"
    real = new_plan_module.new_plan

    def slow(*args, **kwargs):
        out.write_text("someone else's\n", encoding="utf-8")  # appears after the first check
        return real(*args, **kwargs)

    monkeypatch.setattr(new_plan_module, "new_plan", slow)
    assert main(["new-plan", "x-2026-2030", "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "someone else's\n"
    assert listing(tmp_path) == ["p.yaml"]


def test_a_file_created_while_calibrate_works_is_kept(tmp_path, monkeypatch, capsys):
    calibrate_module = importlib.import_module("ipsim.analysis.calibrate")
    out = tmp_path / "cal.yaml"
    real = calibrate_module.calibrate

    def slow(*args, **kwargs):
        result = real(*args, **kwargs)
        out.write_text("mine\n", encoding="utf-8")
        return result

    monkeypatch.setattr(calibrate_module, "calibrate", slow)
    assert main(["calibrate", "--origin", "2017", "-o", str(out)]) == 2  # today: replaced
    assert "pass --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert listing(tmp_path) == ["cal.yaml"]


def test_brief_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "b.html"
    out.write_text("keep me", encoding="utf-8")
    done = ipsim("brief", "baseline", "-o", str(out), "--draws", "100")
    assert done.returncode == 2  # today: replaced silently
    assert "pass --force" in done.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    forced = ipsim("brief", "baseline", "-o", str(out), "--draws", "100", "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("command", ["new-plan", "calibrate", "brief"])
def test_a_symbolic_link_is_never_written_through_or_replaced(tmp_path, command, force, capsys):
    link = tmp_path / "out.yaml"
    target = tmp_path / "elsewhere.yaml"
    link.symlink_to(target)  # dangling
    args = {
        "new-plan": ["new-plan", "x-2026-2030", "-o", str(link)],
        "calibrate": ["calibrate", "-o", str(link)],
        "brief": ["brief", "baseline", "-o", str(link), "--draws", "100"],
    }[command]
    assert main([*args, *force]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert link.is_symlink()
    assert not target.exists()
    assert listing(tmp_path) == ["out.yaml"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_device_or_a_link_to_one_is_refused(tmp_path, capsys):
    link = tmp_path / "full.yaml"
    link.symlink_to("/dev/full")
    assert main(["new-plan", "x-2026-2030", "-o", str(link), "--force"]) == 2
    assert main(["new-plan", "x-2026-2030", "-o", "/dev/full", "--force"]) == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err
    assert "not a regular file" in err


def test_write_text_atomic_without_overwrite_is_exclusive(tmp_path):
    path = tmp_path / "a.txt"
    write_text_atomic(path, "one", overwrite=False)
    with pytest.raises(FileExistsError):
        write_text_atomic(path, "two", overwrite=False)
    dangling = tmp_path / "link"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsError):
        write_text_atomic(dangling, "three", overwrite=False)
    assert path.read_text() == "one"
    assert listing(tmp_path) == ["a.txt", "link"]


def test_exclusive_write_on_a_file_system_without_hard_links(tmp_path, monkeypatch):
    def no_links(src, dst, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "a.txt"
    write_text_atomic(path, "one", overwrite=False)
    with pytest.raises(FileExistsError):
        write_text_atomic(path, "two", overwrite=False)
    assert path.read_text() == "one"
    assert listing(tmp_path) == ["a.txt"]


# -- item 13: partial files are recognisable and cleaned ---------------------------------------------
def test_the_partial_file_is_named_for_users_and_removed(tmp_path, monkeypatch):
    seen = []
    real = os.fsync

    def spy(fd):
        seen.extend(listing(tmp_path))
        return real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_text_atomic(tmp_path / "plan.yaml", "x")
    assert seen == [f"plan.yaml{PARTIAL}{os.getpid()}"]
    assert listing(tmp_path) == ["plan.yaml"]


def dead_pid():
    """A process id no process has: past the kernel's largest (never reused, unlike an exited
    child's)."""
    pid_max = Path("/proc/sys/kernel/pid_max")
    return int(pid_max.read_text()) + 1 if pid_max.exists() else 2**22 + 1


def test_stale_partial_files_of_dead_processes_are_cleaned(tmp_path):
    dead = tmp_path / f"brief.html{PARTIAL}{dead_pid()}"
    alive = tmp_path / f"brief.html{PARTIAL}{os.getppid()}"
    other = tmp_path / f"other.html{PARTIAL}{dead_pid()}"
    for path in (dead, alive, other):
        path.write_text("half a file", encoding="utf-8")
    assert main(["new-plan", "x-2026-2030", "-o", str(tmp_path / "brief.html")]) == 0
    assert not dead.exists()  # left by a kill -9: removed on the next write
    assert alive.exists()  # a running process is still writing it
    assert other.exists()  # another output's business


def test_a_killed_write_leaves_a_visible_partial_file(tmp_path):
    code = (
        "import os, sys\n"
        "from ipsim._outputs import write_text_atomic\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), 9)\n"
        "write_text_atomic(sys.argv[1], 'x' * 1000)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "b.html")], check=False)
    (left,) = listing(tmp_path)
    assert left.startswith(f"b.html{PARTIAL}")  # not hidden, says what it is
    assert main(["new-plan", "x-2026-2030", "-o", str(tmp_path / "b.html")]) == 0
    assert listing(tmp_path) == ["b.html"]


# -- item 15: permissions ------------------------------------------------------------------------------
def test_new_files_respect_the_umask(tmp_path, umask_022):
    assert main(["new-plan", "x-2026-2030", "-o", str(tmp_path / "p.yaml")]) == 0
    assert stat.S_IMODE((tmp_path / "p.yaml").stat().st_mode) == 0o644  # today: 0600
    os.umask(0o077)
    write_text_atomic(tmp_path / "private.txt", "x")
    assert stat.S_IMODE((tmp_path / "private.txt").stat().st_mode) == 0o600


def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path, umask_022):
    out = tmp_path / "p.yaml"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert main(["new-plan", "x-2026-2030", "-o", str(out), "--force"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert "x-2026-2030" in out.read_text(encoding="utf-8")
    out.chmod(0o664)
    assert main(["new-plan", "x-2026-2030", "-o", str(out), "--force"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o664


# -- item 11: a full disk, a read-only folder ------------------------------------------------------------
def test_a_full_disk_is_exit_2_with_the_reason_and_no_file(tmp_path, monkeypatch, capsys):
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "p.yaml"
    assert main(["new-plan", "x-2026-2030", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err
    assert "nothing was written" in err
    assert listing(tmp_path) == []


def test_a_read_only_folder_is_exit_2_with_the_reason(tmp_path, monkeypatch, capsys):
    real = os.open

    def read_only(path, flags, mode=0o777, **kwargs):
        if PARTIAL in str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    out = tmp_path / "p.yaml"
    assert main(["new-plan", "x-2026-2030", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Permission denied" in err
    assert PARTIAL not in err  # the message names the file asked for
    assert listing(tmp_path) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 kB file system (tmpfs), where the machine lets us mount one; else skip."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_really_full_disk_and_a_read_only_one(tiny_disk):
    (tiny_disk / "fill").write_bytes(b"\0" * 65_536)
    done = ipsim("new-plan", "x-2026-2030", "-o", str(tiny_disk / "p.yaml"))
    assert done.returncode == 2
    assert "No space left on device" in done.stderr
    assert listing(tiny_disk) == ["fill"]  # no partial file
    (tiny_disk / "fill").unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    done = ipsim("new-plan", "x-2026-2030", "-o", str(tiny_disk / "p.yaml"))
    assert done.returncode == 2
    assert "Read-only file system" in done.stderr
    assert listing(tiny_disk) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_really_read_only_folder(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert main(["new-plan", "x-2026-2030", "-o", str(folder / "p.yaml")]) == 2
    finally:
        folder.chmod(0o755)
    assert "Permission denied" in capsys.readouterr().err


# -- item 16: new-plan writes only templates that validate -----------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bad\nid"], "plan id"),
        (["a: b"], "plan id"),
        (["a#b"], "plan id"),
        ([""], "plan id"),
        (["-x"], ""),  # an option to argparse, or an id starting with '-'
        (["City-Plan"], "plan id"),
        (["a/b"], "plan id"),
        (["x" * 81], "plan id"),
        (["x-2026-2030", "--horizon", "99999"], "horizon"),
        (["x-2026-2030", "--base-year", "2200", "--horizon", "2201"], "base_year"),
        (["x-2026-2030", "--base-year", "2025", "--horizon", "2025"], "horizon"),
    ],
)
def test_new_plan_refuses_what_would_not_validate(args, message, tmp_path):
    out = tmp_path / "p.yaml"
    done = ipsim("new-plan", *args, "-o", str(out))
    assert done.returncode == 2, done.stdout
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_new_plan_api_refuses_a_bad_id():
    with pytest.raises(ArgumentError, match="plan id"):
        new_plan("a: b")
    with pytest.raises(ArgumentError, match="horizon"):
        new_plan("ok", base_year=2020, horizon=2020)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan_id=st.from_regex(PLAN_ID, fullmatch=True),
    base_year=st.integers(1900, 2199),
    span=st.integers(1, 300),
    file=st.text(min_size=1, max_size=20).filter(lambda s: "/" not in s and "\x00" not in s),
)
def test_every_accepted_template_validates(plan_id, base_year, span, file):
    horizon = min(base_year + span, 2200)
    text = new_plan(plan_id, base_year=base_year, horizon=horizon, file=file)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(text, encoding="utf-8")
        plan = load_plan(path)
    assert plan.id == plan_id
    assert plan.base_year == base_year
    assert plan.horizon == horizon


def test_the_written_template_validates_from_the_command_line(tmp_path):
    out = tmp_path / "p.yaml"
    assert ipsim("new-plan", "2020", "-o", str(out), "--horizon", "2030").returncode == 0
    assert ipsim("validate", str(out)).returncode == 0  # '2020' stays a string id
