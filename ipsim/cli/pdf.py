"""Printing an HTML briefing to PDF with a headless Chromium that touches no network."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Flags for a headless Chromium that touches no network of its own (no updates, no sync)."""


def chromium() -> str | None:
    """The headless browser that prints PDFs, if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(html_path: str | Path, pdf_path: str | Path) -> Path:
    """Print an HTML briefing to an A4 PDF with headless Chromium (no network used)."""
    from ipsim.errors import IpsimError

    browser = chromium()
    if browser is None:
        msg = "printing to PDF needs Chromium (apt install chromium); the HTML file is written"
        raise IpsimError(msg)
    pdf_path = Path(pdf_path).resolve()
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf_path}",
                Path(html_path).resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return pdf_path
