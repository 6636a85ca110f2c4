"""The explorer's file buttons: Reset, Undo, Save, Load (a path, or an upload in the browser),
the Excel workbook and the briefing.

With ``files="server"`` (a notebook on one's own machine) they name paths where the kernel runs
and ask for a second click before replacing a file; with ``files="browser"`` (the dashboard)
Save, Excel and the briefing are downloads and Load takes an upload (YAML, or ``.xlsx`` once
:mod:`ipsim.scenario_workbook` exists), and the page never shows or accepts a server path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ipsim.errors import IpsimError
from ipsim.i18n import Lang, label
from ipsim.scenario import dump_scenario, load_scenario
from ipsim.views.style import FONT
from ipsim.widgets.files import (
    XLSX_MIME,
    download_link,
    file_stem,
    scenario_from_upload,
)

if TYPE_CHECKING:
    from ipsim.assess import Assessment
    from ipsim.scenario import Scenario


class FileActions:
    """Save, Load, Excel and briefing of :class:`~ipsim.widgets.explorer.ScenarioExplorer`."""

    if TYPE_CHECKING:
        _lang: Lang
        _files: str
        _message: w.HTML
        _undo_button: w.Button

        @property
        def scenario(self) -> Scenario: ...
        @property
        def assessment(self) -> Assessment: ...
        def reset(self) -> None: ...
        def _start_from(self, scenario: Scenario, *, uploaded: bool = False) -> None: ...
        def _show_error(self, what: str, err: Exception) -> None: ...
        def _say(self, what: str, detail: str) -> None: ...
        def _busy_while(self, what: str) -> Any: ...

    def _init_files(self) -> None:
        """Reset, Save, Load (a path box, or an upload in the browser), Excel, Export briefing."""
        self._links: dict[str, str] = {}
        self._confirm: Path | None = None  # an existing file the next click may replace
        self._download = w.HTML()
        self._path = w.Text(
            layout=w.Layout(width="auto", min_width="12em", max_width="100%"),
            placeholder="my-scenario.yaml",
        )
        accept = ".yaml,.yml,.xlsx"
        self._upload = w.FileUpload(accept=accept, multiple=False, icon="")
        self._upload.observe(self._uploaded, names="value")
        self._reset_button = w.Button(icon="")
        self._save_button = w.Button(icon="")
        self._load_button = w.Button(icon="")
        self._excel_button = w.Button(icon="")
        self._brief_button = w.Button()
        self._reset_button.on_click(lambda _: self.reset())
        self._save_button.on_click(lambda _: self._save_clicked())
        self._load_button.on_click(lambda _: self._load_clicked())
        self._excel_button.on_click(lambda _: self._excel_clicked())
        self._brief_button.on_click(lambda _: self._brief_clicked())

    def _file_row(self) -> list[w.Widget]:
        """The row of buttons under the board."""
        first = [self._undo_button, self._reset_button]
        if self._files == "browser":
            return [*first, self._save_button, self._excel_button, self._upload, self._brief_button]
        return [
            *first,
            self._path,
            self._save_button,
            self._load_button,
            self._excel_button,
            self._brief_button,
        ]

    def _file_controls(self) -> dict[str, w.Widget]:
        out: dict[str, w.Widget] = {
            "reset": self._reset_button,
            "save": self._save_button,
            "excel": self._excel_button,
            "brief": self._brief_button,
        }
        if self._files == "browser":
            out["upload"] = self._upload
        else:
            out.update({"path": self._path, "load": self._load_button})
        return out

    def _file_labels(self) -> list[tuple[w.Widget, str]]:
        return [
            (self._reset_button, "reset"),
            (self._save_button, "save"),
            (self._load_button, "load"),
            (self._upload, "load"),
            (self._excel_button, "excel"),
            (self._brief_button, "brief"),
            (self._path, "path"),
        ]

    @property
    def downloads(self) -> str:
        """The download links on offer now (HTML; ``files="browser"``)."""
        return str(self._download.value)

    def save(self, path: str | Path, *, overwrite: bool = True) -> Path:
        """Write the current scenario to ``path`` (atomically) and return the path.

        With ``overwrite=False`` an existing file is kept (:class:`FileExistsError`); the Save
        button asks for a second click before it replaces a file.
        """
        path = Path(path)
        dump_scenario(self.scenario, path, overwrite=overwrite)
        return path

    def load(self, path: str | Path) -> None:
        """Load a scenario file and rebuild the controls from it."""
        self._start_from(load_scenario(path))

    def export_brief(self, path: str | Path, *, overwrite: bool = True) -> Path:
        """Write the briefing of the scenario on screen (see :func:`ipsim.views.brief.brief`)."""
        from ipsim.views.brief import write_brief

        return write_brief(self.scenario, path, lang=self._lang, overwrite=overwrite)

    def workbook(self) -> bytes:
        """The ``.xlsx`` of the run on screen, as ``ipsim run --format xlsx`` writes it: the
        board, the assumptions with their sources and the run's provenance."""
        from ipsim.views.workbook import run_sheets, workbook_bytes

        sheets, formats = run_sheets(self.assessment, self._lang)
        return workbook_bytes(sheets, lang=self._lang, number_formats=formats)

    def _replace_confirmed(self, path: Path) -> bool:
        """Whether ``path`` may be replaced: a second click on the same existing file says yes."""
        confirmed = self._confirm == path
        self._confirm = None
        return confirmed

    def _offer(self, kind: str, filename: str, data: bytes, mime: str) -> None:
        """Offer ``data`` as a browser download named ``filename`` (next to any other on offer)."""
        self._links[kind] = download_link(
            filename, data, mime, label("explorer.download", self._lang, file=filename)
        )
        self._download.value = (
            f"<div style='font-family:{FONT}'>{' · '.join(self._links.values())}</div>"
        )

    def _withdraw_downloads(self) -> None:
        """Withdraw the downloads of an earlier state."""
        if self._links:
            self._links = {}
            self._download.value = ""

    def _excel_clicked(self) -> None:
        name = f"{file_stem(self.scenario.name)}.xlsx"
        try:
            with self._busy_while("excel"):
                data = self.workbook()
        except IpsimError as err:
            self._show_error("save_failed", err)
            return
        if self._files == "browser":
            self._offer("xlsx", name, data, XLSX_MIME)
            self._say("ready", name)
            return
        self._write_confirmed(Path(self._path.value.strip() or name).with_suffix(".xlsx"), data)

    def _write_confirmed(self, target: Path, data: bytes) -> None:
        from ipsim._outputs import write_output

        if target.exists() and not self._replace_confirmed(target):
            self._confirm = target
            self._say("exists", str(target))
            return
        try:
            write_output(target, data, force=True, what="the workbook")
        except (OSError, IpsimError) as err:
            self._show_error("save_failed", err)
        else:
            self._say("saved", str(target))

    def _brief_clicked(self) -> None:
        if self._files == "browser":
            from ipsim.views.brief import brief

            try:
                with self._busy_while("brief"):
                    page = brief(self.scenario, lang=self._lang)
            except IpsimError as err:
                self._show_error("save_failed", err)
                return
            name = f"{file_stem(self.scenario.name)}-briefing.html"
            self._offer("brief", name, page.encode("utf-8"), "text/html")
            self._say("ready", name)
            return
        typed = self._path.value.strip()
        target = (
            Path(typed).with_suffix(".html")
            if typed
            else Path(f"{file_stem(self.scenario.name)}-briefing.html")
        )
        try:
            with self._busy_while("brief"):
                written = self.export_brief(target, overwrite=self._replace_confirmed(target))
        except FileExistsError:
            self._confirm = target
            self._say("exists", str(target))
        except (OSError, IpsimError) as err:
            self._show_error("save_failed", err)
        else:
            self._say("briefed", str(written))

    def _save_clicked(self) -> None:
        sha = self.scenario.sha256[:12]
        if self._files == "browser":
            name = f"{file_stem(self.scenario.name)}.yaml"
            self._offer("yaml", name, dump_scenario(self.scenario).encode("utf-8"), "text/yaml")
            self._say("ready", f"{name} (sha256 {sha})")
            return
        target = Path(self._path.value or f"{file_stem(self.scenario.name)}.yaml")
        try:
            saved = self.save(target, overwrite=self._replace_confirmed(target))
        except FileExistsError:
            self._confirm = target
            self._say("exists", str(target))
        except (OSError, IpsimError) as err:
            self._show_error("save_failed", err)
        else:
            self._say("saved", f"{saved} (sha256 {sha})")

    def _load_clicked(self) -> None:
        if self._files == "browser":  # no path is taken from the page
            return
        typed = self._path.value
        try:
            self.load(typed)
        except (OSError, IpsimError) as err:
            self._show_error("load_failed", err)
        else:
            self._say("loaded", typed)

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files or self._files != "browser":
            return
        item = files[0]
        name = str(item.get("name") or "upload.yaml")
        content = bytes(item.get("content") or b"")
        self._upload.value = ()
        try:
            scenario = scenario_from_upload(name, content)
            self._start_from(scenario, uploaded=True)
        except IpsimError as err:
            self._show_error("load_failed", err)
        else:
            self._say("loaded", Path(name).name[:120])
