"""A JupyterLab server started for a test on 127.0.0.1, and a notebook run through its own menus.

The server gets its own settings, workspace and runtime folders (so nothing of the machine's
JupyterLab state leaks in), a free port and a random token; ``stop`` ends it by its process id.
Notebook cells are all attached to the page (windowing mode "none"), so every cell, its prompt
and its outputs can be read from the DOM.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}

# Read from the page once the run is over: per cell, its kind, prompt, outputs and images.
CELLS_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  return Array.from(panel.querySelectorAll('.jp-Notebook .jp-Cell')).map(cell => ({
    code: cell.classList.contains('jp-CodeCell'),
    prompt: (cell.querySelector('.jp-InputPrompt') || {innerText: ''}).innerText.trim(),
    outputs: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(o => ({
      mime: o.getAttribute('data-mime-type') || '', text: o.innerText})),
    stderr: Array.from(cell.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]'))
      .map(o => o.innerText),
    images: Array.from(cell.querySelectorAll('.jp-RenderedImage img'))
      .filter(img => img.complete && img.naturalWidth > 0).length,
  }));
}"""

# True once the run is over: the kernel is idle, the first code cell has run, and no cell is queued
# or running ("[*]:"). After an error JupyterLab unqueues the rest ("[ ]:"), so a failed run ends too.
DONE_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const status = document.querySelector('#jp-main-statusbar');
  if (!panel || !status || !status.innerText.includes('Idle')) return false;
  const prompts = Array.from(panel.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt'))
    .map(p => p.innerText.trim());
  return prompts.length > 0 && /^\\[\\d+\\]:$/.test(prompts[0]) && !prompts.includes('[*]:');
}"""


@dataclass
class LabServer:
    """A running JupyterLab: its process, address, token and log file."""

    process: subprocess.Popen
    port: int
    token: str
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_url(self, relative: str) -> str:
        return f"{self.base}/lab/tree/{relative}?token={self.token}&reset"

    def shutdown_kernels(self) -> None:
        """End the kernels this server started (they are its children), through its own API."""
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_lab(root: Path, state: Path, timeout: float = 120.0) -> LabServer:
    """Start JupyterLab serving ``root``; its settings and logs live in ``state``."""
    for name, values in SETTINGS.items():
        path = state / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "PYTHONPATH")}
    env.update(JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(state / "runtime"), JUPYTER_CONFIG_DIR=str(state / "config"),
               IPYTHONDIR=str(state / "ipython"))
    port, token = free_port(), secrets.token_hex(16)
    log = state / "lab.log"
    command = [sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LabServer(process, port, token, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {process.returncode}:\n{server.log_tail()}")
        try:
            server.api("/api/status")
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    stop_lab(server)
    raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{server.log_tail()}")


def stop_lab(server: LabServer) -> None:
    """Shut its kernels down, then end the server by its process id (SIGTERM, then SIGKILL)."""
    if server.process.poll() is None:
        try:
            server.shutdown_kernels()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        os.kill(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=10)


def run_all_cells(page, server: LabServer, relative: str, timeout_s: float = 240.0) -> list[dict]:
    """Open a notebook, run it with "Run" -> "Run All Cells", wait for the end; the cells as seen."""
    page.goto(server.notebook_url(relative))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=120_000)
    page.locator("#jp-main-statusbar").get_by_text("Idle").first.wait_for(timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel").filter(has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(DONE_JS, timeout=timeout_s * 1000, polling=500)
    return page.evaluate(CELLS_JS)


def screenshot_whole_notebook(page, path: Path, max_height: int = 16000) -> None:
    """A screenshot tall enough to show every cell (the notebook scrolls inside the page)."""
    height = page.evaluate("""() => {
      const outer = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
      return outer ? outer.scrollHeight : document.body.scrollHeight; }""")
    size = page.viewport_size or {"width": 1400, "height": 900}
    page.set_viewport_size({"width": size["width"], "height": min(max_height, int(height) + 200)})
    page.wait_for_timeout(800)   # JupyterLab lays the panels out again for the new size
    page.evaluate("""() => document.querySelectorAll('.jp-WindowedPanel-outer')
      .forEach(outer => { outer.scrollTop = 0; })""")
    page.wait_for_timeout(300)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
