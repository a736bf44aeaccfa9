"""End-to-end check in a real VS Code (code-server) driven by Playwright with Debian's chromium.

Opens a bad Dockerfile in a workspace, waits for our diagnostic in the Problems panel, hovers it,
applies the quick fix, then opens a Compose file, waits for its diagnostic and hovers a key; takes
screenshots of each step. Run with ``make e2e-vscode``.

    python tests/editors/vscode_e2e.py --code-server DIR --vsix FILE [--screenshots DIR]

Exits 0 when every step passed; prints one JSON line with what it saw.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BAD_DOCKERFILE = "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\nRUN echo hello\n"
BAD_COMPOSE = "services:\n  web:\n    image: nginx:1.27\n    restart: unless_stopped\n"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"code-server did not answer at {url}")


def prepare(tmp: Path, code_server: Path, vsix: Path) -> tuple[Path, dict]:
    workspace = tmp / "workspace"
    workspace.mkdir()
    (workspace / "Dockerfile").write_text(BAD_DOCKERFILE, encoding="utf-8")
    (workspace / "compose.yaml").write_text(BAD_COMPOSE, encoding="utf-8")
    data = tmp / "data"
    (data / "User").mkdir(parents=True)
    settings = {
        "infragenius.server.command": [sys.executable, "-m", "infragenius", "lsp"],
        "security.workspace.trust.enabled": False,
        "workbench.startupEditor": "none",
        "telemetry.telemetryLevel": "off",
        "extensions.autoCheckUpdates": False,
        "workbench.enableExperiments": False,
        "editor.hover.delay": 100,
    }
    (data / "User" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CACHE_HOME=str(tmp / "xdg-cache"),
        HOME=str(tmp / "home"),
    )
    (tmp / "home").mkdir()
    exe = code_server / "node_modules" / ".bin" / "code-server"
    subprocess.run(
        [
            str(exe),
            "--extensions-dir",
            str(tmp / "ext"),
            "--user-data-dir",
            str(data),
            "--install-extension",
            str(vsix),
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return workspace, env


def run(code_server: Path, vsix: Path, shots: Path) -> dict:
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    seen: dict = {}
    with tempfile.TemporaryDirectory(prefix="ig-vscode-") as tmpdir:
        tmp = Path(tmpdir)
        workspace, env = prepare(tmp, code_server, vsix)
        port = free_port()
        exe = code_server / "node_modules" / ".bin" / "code-server"
        server = subprocess.Popen(
            [
                str(exe),
                "--auth",
                "none",
                "--bind-addr",
                f"127.0.0.1:{port}",
                "--disable-telemetry",
                "--disable-update-check",
                "--disable-workspace-trust",
                "--extensions-dir",
                str(tmp / "ext"),
                "--user-data-dir",
                str(tmp / "data"),
                str(workspace),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_http(f"http://127.0.0.1:{port}/healthz", 60)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"http://127.0.0.1:{port}/?folder={workspace}", wait_until="domcontentloaded")
                page.wait_for_selector(".monaco-workbench", timeout=60_000)
                try:
                    seen.update(_steps(page, shots))
                finally:
                    page.screenshot(path=str(shots / "vscode-last.png"))
                    browser.close()
        finally:
            _copy_logs(tmp / "data" / "logs", shots / "logs")
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    return seen


def _copy_logs(src: Path, dest: Path) -> None:
    """Keep the extension host's logs (our server's output channel among them) for debugging."""
    import shutil

    if src.is_dir():
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(src, dest)


def _steps(page, shots: Path) -> dict:
    seen: dict = {}
    page.locator(".explorer-folders-view .monaco-list-row", has_text="Dockerfile").first.click(timeout=30_000)
    page.wait_for_selector(".monaco-editor .view-lines", timeout=30_000)

    # 1. our diagnostic in the Problems panel
    page.keyboard.press("Control+Shift+M")
    problems = page.locator(".markers-panel .monaco-list-row", has_text="DF001")
    problems.first.wait_for(timeout=90_000)
    seen["problem"] = problems.first.inner_text()
    page.screenshot(path=str(shots / "vscode-problems.png"))

    # 2. hover over the squiggle on MAINTAINER shows the rule docs
    token = page.locator(".monaco-editor .view-line", has_text="MAINTAINER").first
    box = token.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] / 2)
    hover = page.locator(".monaco-hover", has_text="MAINTAINER")
    hover.first.wait_for(timeout=20_000)
    seen["hover"] = hover.first.inner_text()[:200]
    page.screenshot(path=str(shots / "vscode-hover.png"))

    # 3. quick fix from the lightbulb menu
    page.mouse.click(box["x"] + 30, box["y"] + box["height"] / 2)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+.")
    action = page.locator(".action-widget .monaco-list-row", has_text="LABEL")
    action.first.wait_for(timeout=20_000)
    page.screenshot(path=str(shots / "vscode-quickfix.png"))
    # The preferred (safe) fix is focused first; a pointer-block overlay makes clicks flaky.
    for _ in range(10):
        if "LABEL" in (page.locator(".action-widget .monaco-list-row.focused").first.get_attribute("aria-label") or ""):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    fixed = page.locator(".monaco-editor .view-line", has_text="org.opencontainers.image.authors")
    fixed.first.wait_for(timeout=20_000)
    seen["fixed_line"] = fixed.first.inner_text()

    # 4. a Compose file: its diagnostic in the Problems panel, and the schema's docs on hover of a key
    page.locator(".explorer-folders-view .monaco-list-row", has_text="compose.yaml").first.click(timeout=30_000)
    problem = page.locator(".markers-panel .monaco-list-row", has_text="DC005")
    problem.first.wait_for(timeout=60_000)
    seen["compose_problem"] = problem.first.inner_text()
    key = page.locator(".monaco-editor .view-line", has_text="image: nginx").first
    box = key.bounding_box()
    page.mouse.move(box["x"] + 45, box["y"] + box["height"] / 2)
    hover = page.locator(".monaco-hover", has_text="Specify the image")
    hover.first.wait_for(timeout=20_000)
    seen["compose_hover"] = hover.first.inner_text()[:200]
    page.screenshot(path=str(shots / "vscode-compose-hover.png"))
    return seen


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code-server", type=Path, required=True)
    parser.add_argument("--vsix", type=Path, required=True)
    parser.add_argument("--screenshots", type=Path, default=Path("bench/results/screenshots"))
    args = parser.parse_args()
    try:
        seen = run(args.code_server, args.vsix, args.screenshots)
    except Exception as exc:  # noqa: BLE001 (report what failed, with the steps that passed)
        print(json.dumps({"ok": False, "error": f"{type(exc).__name__}: {exc}"}))
        return 1
    ok = (
        "DF001" in seen.get("problem", "")
        and "MAINTAINER" in seen.get("hover", "")
        and "LABEL" in seen.get("fixed_line", "")
        and "DC005" in seen.get("compose_problem", "")
        and "Specify the image" in seen.get("compose_hover", "")
    )
    print(json.dumps({"ok": ok, **seen}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
