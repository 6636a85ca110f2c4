"""What ipsim writes, made safe: files, JSON, CSV and terminal text.

- :func:`write_text_atomic` writes a file whole or not at all: into a visible partial file
  ``NAME.ipsim-partial-PID`` beside it (cleaned up on failure, and on the next write once its
  process is gone), then into place. New files get the usual permissions (``0666`` less the
  umask); a file that is replaced keeps its mode. With ``overwrite=False`` the file is put in
  place with :func:`os.link`, which fails if anything exists at the name by then, so a file
  created while ipsim was working is never replaced.
- :func:`write_output` is the one rule of the ``ipsim`` command for its ``-o`` files: refuse an
  existing file unless ``--force``, refuse folders, links and devices, and turn every failure into
  one message.
- :func:`to_json` is valid JSON whatever the document holds (``null`` where there is no number).
- :func:`csv_text` writes a table whose text cells a spreadsheet does not run as formulas.
- :func:`terminal_text` escapes control characters, so nothing a file says can drive a terminal.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

from ipsim._args import shown
from ipsim.errors import ArgumentError, IpsimError

PARTIAL = ".ipsim-partial-"
"""What a file being written is called until it is complete: ``NAME.ipsim-partial-PID``."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}


# -- files -----------------------------------------------------------------------------------------
def write_text_atomic(path: str | Path, text: str | bytes, *, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` whole, or leave ``path`` as it was.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write; its folder must exist.
    text : str or bytes
        The content; ``str`` is encoded as UTF-8.
    overwrite : bool
        Replace a file that exists at the moment of writing (keeping its mode). If false, raise
        :class:`FileExistsError` instead, even if the file appeared while the content was made.

    Raises
    ------
    FileExistsError
        If ``overwrite`` is false and something (a file, a link, even a dangling one) has the name.
    OSError
        If the folder is missing or read-only, the disk is full, ...; no partial file is left.
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    _clean_stale_partials(path)
    tmp, fd = _open_partial(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            with contextlib.suppress(FileNotFoundError):
                old = os.lstat(path)
                if stat.S_ISREG(old.st_mode):
                    os.chmod(tmp, stat.S_IMODE(old.st_mode) & 0o777)  # never set-id bits
            os.replace(tmp, path)
        else:
            _put_in_place_exclusively(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _put_in_place_exclusively(tmp: Path, path: Path) -> None:
    """Give ``tmp`` the name ``path`` unless that name is taken (checked by the kernel)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as err:
        if err.errno not in _NO_LINKS:
            raise
        # a file system without hard links: reserve the name exclusively, then fill it
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666))
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _open_partial(path: Path) -> tuple[Path, int]:
    """Create ``NAME.ipsim-partial-PID`` beside ``path`` (mode 0666 less the umask)."""
    base = f"{path.name}{PARTIAL}{os.getpid()}"
    for n in range(1, 1000):
        tmp = path.with_name(base if n == 1 else f"{base}-{n}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
        except FileExistsError:
            continue
        except OSError as err:  # name the file asked for, not the partial one
            raise OSError(err.errno, err.strerror, str(path)) from None
        return tmp, fd
    raise FileExistsError(errno.EEXIST, "too many partial files", str(path))


def _clean_stale_partials(path: Path) -> None:
    """Remove the partial files of ``path`` left by processes that no longer run (``kill -9``)."""
    prefix = f"{path.name}{PARTIAL}"
    try:
        names = [n for n in os.listdir(path.parent) if n.startswith(prefix)]
    except OSError:
        return
    for name in names:
        digits = re.match(r"\d+", name[len(prefix) :])
        if digits is None or _running(int(digits.group())):
            continue
        with contextlib.suppress(OSError):
            os.unlink(path.parent / name)


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows, os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def check_output(path: str | Path, *, force: bool) -> Path:
    """Refuse an output path before any work is done: see :func:`write_output`."""
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except (OSError, ValueError) as err:  # ValueError: a NUL byte in the name
        reason = err.strerror if isinstance(err, OSError) and err.strerror else err
        msg = f"{shown(str(path))}: cannot write here: {reason}"
        raise ArgumentError(msg) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            msg = f"{path}: is a folder; expected a file name such as {path / 'output'}"
            raise ArgumentError(msg)
        if stat.S_ISLNK(st.st_mode):
            msg = (
                f"{path}: is a symbolic link; ipsim neither writes through nor replaces links: "
                "give the path of the file itself"
            )
            raise ArgumentError(msg)
        if not stat.S_ISREG(st.st_mode):
            msg = f"{path}: is not a regular file (a device, pipe or socket); expected a file name"
            raise ArgumentError(msg)
        if not force:
            msg = f"{path}: exists; pass --force to overwrite it"
            raise ArgumentError(msg)
    folder = path.parent
    if not folder.is_dir():
        msg = f"{path}: no such folder {str(folder)!r}; expected a file name in an existing folder"
        raise ArgumentError(msg)
    return path


def write_output(path: str | Path, content: str | bytes, *, force: bool, what: str) -> Path:
    """Write an output file of the ``ipsim`` command under its one rule, and return the path.

    An existing file is replaced only with ``force`` (it keeps its mode), and the check is made
    at the moment of writing; a folder, a symbolic link (even a dangling one) or a device is
    never written. Any failure (full disk, read-only folder) raises :class:`IpsimError` naming
    the file and the reason, and leaves no partial file.

    Parameters
    ----------
    path : str or pathlib.Path
    content : str or bytes
    force : bool
        The command's ``--force``.
    what : str
        What is written, for messages: ``"the scenario"``.
    """
    path = check_output(path, force=force)
    try:
        write_text_atomic(path, content, overwrite=force)
    except FileExistsError:
        msg = f"{path}: exists (it appeared while ipsim was working); pass --force to overwrite it"
        raise ArgumentError(msg) from None
    except OSError as err:
        msg = f"{path}: cannot write {what}: {err.strerror or err}; nothing was written"
        raise IpsimError(msg) from None
    return path


# -- JSON --------------------------------------------------------------------------------------
def finite(value: Any) -> float | None:
    """``value`` as a float, or None when it is missing, NaN or infinite (one JSON number).

    Examples
    --------
    >>> finite(3), finite(float("nan")), finite(None)
    (3.0, None, None)
    """
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def plain(value: Any) -> Any:
    """Return ``value`` as plain JSON data: numpy scalars as numbers, NaN and infinities as None.

    Examples
    --------
    >>> import numpy as np
    >>> plain({"p": np.float64("nan"), "n": np.int64(3), "xs": (1.5, float("inf"))})
    {'p': None, 'n': 3, 'xs': [1.5, None]}
    """
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    kind = type(value)
    if kind.__module__ == "numpy":
        return plain(value.tolist() if hasattr(value, "tolist") else value.item())
    if kind.__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _key(key: Any) -> Any:
    key = plain(key)
    return key if isinstance(key, str | int | float | bool) or key is None else str(key)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def to_json(doc: Any) -> str:
    """Return ``doc`` as indented, valid JSON (UTF-8 text kept readable, ``null`` for no number).

    Examples
    --------
    >>> to_json({"d_p_met": float("nan"), "name": "基准"})
    '{\\n  "d_p_met": null,\\n  "name": "基准"\\n}'
    """
    text = json.dumps(plain(doc), ensure_ascii=False, indent=2, allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# -- CSV ---------------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def neutral_cell(value: Any) -> Any:
    """Prefix ``'`` to a text cell a spreadsheet would run as a formula; leave numbers alone.

    Examples
    --------
    >>> neutral_cell("=HYPERLINK(1)"), neutral_cell("-0.05"), neutral_cell(-0.05)
    ("'=HYPERLINK(1)", '-0.05', -0.05)
    """
    formula = isinstance(value, str) and value.startswith(_FORMULA_START)
    return "'" + value if formula and not _PLAIN_NUMBER.fullmatch(value) else value


def csv_text(frame: Any, *, bom: bool = False) -> str:
    """Return a pandas frame as CSV text whose text cells are not formulas (see
    :func:`neutral_cell`), lists written ``a;b``; with ``bom``, led by a UTF-8 byte-order mark
    (without it, Excel on a Chinese Windows reads UTF-8 as GBK and garbles the text).

    Examples
    --------
    >>> import pandas as pd
    >>> csv_text(pd.DataFrame({"ids": [["ipo", "sti"]], "n": [1]}), bom=True)
    '\\ufeffids,n\\nipo;sti,1\\n'
    """
    from pandas.api.types import is_numeric_dtype

    safe = frame.copy()
    for column in safe.columns:
        if not is_numeric_dtype(safe[column].dtype):  # text, or text mixed with numbers
            safe[column] = safe[column].map(_cell_text).map(neutral_cell).astype(object)
    safe.columns = [neutral_cell(str(c)) for c in safe.columns]
    return ("\ufeff" if bom else "") + str(safe.to_csv(index=False))


def _cell_text(value: Any) -> Any:
    """A list or tuple as ``a;b``; anything else unchanged."""
    return ";".join(map(str, value)) if isinstance(value, list | tuple) else value


# -- terminal ----------------------------------------------------------------------------------
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_ESCAPES = re.compile(_CONTROL)
_ESCAPES_BUT_COLOUR = re.compile(r"(\x1b\[(?:0|1|2|3[0-7])m)|" + _CONTROL)


def terminal_text(text: str, *, colour: bool = False) -> str:
    """Escape control characters (``ESC`` shows as ``\\x1b``); keep newlines, tabs and CJK.

    With ``colour``, the plain colour codes ipsim's tables use (``ESC[31m`` ... ``ESC[0m``) stay.

    Examples
    --------
    >>> terminal_text("基准\\x1b[2J\\n")
    '基准\\\\x1b[2J\\n'
    """

    def escape(match: re.Match[str]) -> str:
        if match.lastindex and match.group(1):
            return match.group(1)
        char = match.group()
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return (_ESCAPES_BUT_COLOUR if colour else _ESCAPES).sub(escape, text)


def cut_lines(text: str, limit: int = 1_000) -> str:
    """Cut every line of a message longer than ``limit`` characters, saying how long it was."""
    lines = text.split("\n")
    return "\n".join(
        line if len(line) <= limit else f"{line[: limit - 1]}… ({len(line):,} characters)"
        for line in lines
    )
