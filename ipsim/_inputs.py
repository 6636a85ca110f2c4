"""Safe reading of the files a user hands to ipsim: plans, scenarios and data tables.

A file is read only if it is a regular file no larger than a cap (a FIFO, a device such as
``/dev/zero`` or a folder is refused at once instead of hanging or filling memory); a path with
a NUL byte, a symbolic-link loop or an unreadable folder is refused with the reason. A zip
container (``.xlsx``) is refused when its members would expand beyond the cap, before any XML is
parsed. Every refusal is the caller's :class:`~ipsim.errors.IpsimError` subclass, so the command
line reports it as bad input (exit 2).

Examples
--------
>>> from ipsim.errors import PlanError
>>> read_bytes("/dev/zero", what="plan file", error=PlanError)
Traceback (most recent call last):
...
ipsim.errors.PlanError: /dev/zero: not a regular file (a character device); expected a plan file
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path

from ipsim.errors import IpsimError

YAML_LIMIT = 10_000_000
"""Largest plan or scenario file read, in bytes (10 MB; the bundled ones are under 100 KB)."""

TABLE_LIMIT = 50_000_000
"""Largest data table (CSV, or an .xlsx once unzipped) read, in bytes (50 MB)."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def shown_path(path: str | os.PathLike[str]) -> str:
    """The path as a message shows it: cut when very long, control characters escaped."""
    from ipsim._outputs import terminal_text

    text = terminal_text(os.fspath(path)).replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= 200 else f"{text[:120]}…{text[-60:]}"


def check_path(path: str | os.PathLike[str], *, what: str, error: type[IpsimError]) -> str:
    """Return ``path`` as text if it can name a file at all, else raise ``error``."""
    if not isinstance(path, str | os.PathLike):
        msg = f"expected the path of a {what} (a text or pathlib.Path), got {type(path).__name__}"
        raise error(msg)
    text = os.fspath(path)
    if not isinstance(text, str):
        msg = f"expected the path of a {what} as text, got {type(text).__name__}"
        raise error(msg)
    if "\0" in text:
        msg = f"{shown_path(text)}: a file name cannot contain a NUL byte; expected a {what}"
        raise error(msg)
    if not text.strip():
        msg = f"an empty path; expected a {what}"
        raise error(msg)
    return text


def resolve(path: str | os.PathLike[str], *, what: str, error: type[IpsimError]) -> Path:
    """Return the absolute, symlink-free form of ``path``, refusing loops and bad names."""
    text = check_path(path, what=what, error=error)
    try:
        return Path(text).resolve()
    except (RuntimeError, OSError) as err:  # RuntimeError: a symlink loop (Python < 3.13)
        reason = getattr(err, "strerror", None) or "a loop of symbolic links"
        msg = f"{shown_path(text)}: cannot read the {what}: {reason}"
        raise error(msg) from None


def _open_regular(
    path: str | os.PathLike[str], *, what: str, error: type[IpsimError], limit: int
) -> tuple[int, int]:
    """Open ``path`` without blocking; return ``(fd, size)`` of a regular file under the cap."""
    text = check_path(path, what=what, error=error)
    shown = shown_path(text)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(text, flags)
    except FileNotFoundError:
        msg = f"{shown}: no such {what}"
        raise error(msg) from None
    except OSError as err:
        reason = "a loop of symbolic links" if err.errno == errno.ELOOP else err.strerror
        msg = f"{shown}: cannot read the {what}: {reason}"
        raise error(msg) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "a special file")
            msg = f"{shown}: not a regular file ({kind}); expected a {what}"
            raise error(msg)
        if info.st_size > limit:
            msg = (
                f"{shown}: too large ({_size(info.st_size)}); a {what} is read only up to "
                f"{_size(limit)}"
            )
            raise error(msg)
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def read_bytes(
    path: str | os.PathLike[str],
    *,
    what: str,
    error: type[IpsimError],
    limit: int = YAML_LIMIT,
) -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes, else raise ``error``.

    Parameters
    ----------
    path : str or os.PathLike
    what : str
        What the file is, for messages ("plan file", "scenario file", "data file").
    error : type
        The :class:`~ipsim.errors.IpsimError` subclass to raise.
    limit : int
        Largest size read, in bytes.
    """
    fd, _ = _open_regular(path, what=what, error=error, limit=limit)
    try:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        msg = f"{shown_path(os.fspath(path))}: cannot read the {what}: {err.strerror}"
        raise error(msg) from None
    if len(data) > limit:  # grew while being read
        msg = (
            f"{shown_path(os.fspath(path))}: too large; a {what} is read only up to {_size(limit)}"
        )
        raise error(msg)
    return data


def read_text(
    path: str | os.PathLike[str],
    *,
    what: str,
    error: type[IpsimError],
    limit: int = YAML_LIMIT,
    shown: str | None = None,
) -> str:
    """Return a regular file's UTF-8 text (see :func:`read_bytes`), naming the line of a bad byte."""
    data = read_bytes(path, what=what, error=error, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        name = shown if shown is not None else shown_path(os.fspath(path))
        msg = f"{name}:{line}: not UTF-8 text ({err.reason} at byte {err.start})"
        raise error(msg) from None


def check_workbook(
    path: str | os.PathLike[str], *, error: type[IpsimError], limit: int = TABLE_LIMIT
) -> None:
    """Refuse an .xlsx that is not a regular file, or whose members unzip beyond ``limit`` bytes.

    Only the zip's directory is read (no XML is parsed), so a "zip bomb" costs nothing.
    """
    fd, _ = _open_regular(path, what="data file", error=error, limit=limit)
    shown = shown_path(os.fspath(path))
    with os.fdopen(fd, "rb") as handle:
        try:
            with zipfile.ZipFile(handle) as archive:
                expanded = sum(max(info.file_size, 0) for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as err:
            msg = f"{shown}: not a readable Excel workbook (.xlsx is a zip archive: {err})"
            raise error(msg) from None
    if expanded > limit:
        msg = (
            f"{shown}: the workbook unzips to {_size(expanded)}; a data file is read only up to "
            f"{_size(limit)} (save the table alone, or as CSV)"
        )
        raise error(msg)


def peek_text(path: str | os.PathLike[str], size: int = 4000) -> str:
    """The first ``size`` bytes of a regular file as text, or ``""`` if it cannot be read safely.

    For guessing what a file is (a plan or a scenario) before reading it properly: a FIFO, a
    device or a missing file gives ``""`` at once, and the proper reader then says what is wrong.
    """
    try:
        fd, _ = _open_regular(path, what="file", error=IpsimError, limit=1 << 62)
    except IpsimError:
        return ""
    try:
        with os.fdopen(fd, "rb") as handle:
            return handle.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""
