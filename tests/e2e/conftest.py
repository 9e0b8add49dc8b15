"""Browser test fixtures: a real server on a throw-away data home, staff made with
``users create --json``, Debian's chromium driven by Playwright, and an axe-core scan.

The browser is the machine's ``chromium`` (Playwright's own download fails here), headless, with
``--no-sandbox`` when running as root and no background networking (the network is closed).
Where chromium or Playwright is missing, or the browser cannot start, the tests skip and say why.
Screenshots go to ``build/e2e/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.accounts.conftest import PASSWORD, code
from tests.conftest import BIN, ON, DataHome, _environment, run_statusbridge

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "build" / "e2e"
SERVER_START_SECONDS = 60
ELECTION = "demo-election-office"


@dataclass(frozen=True)
class Staff:
    username: str
    totp_secret: str


@dataclass(frozen=True)
class Service:
    """The running server and what the journeys need from its data home."""

    base: str
    env: dict[str, str]
    case_number: str
    agency_user: Staff
    verifier: Staff
    checker: Staff  # a second agency user: a code serves one sign-in (django-otp), so each
    # journey signs in its own person


def _staff(env: dict[str, str], username: str, role: str, agency: str | None) -> Staff:
    where = ["--agency", agency] if agency else []
    made = run_statusbridge(
        env, "users", "create", "--username", username, "--role", role, *where,
        "--password-stdin", "--json", input=PASSWORD + "\n",
    )  # fmt: skip
    return Staff(username, json.loads(made.stdout)["totp_secret"])


def _open_case(env: dict[str, str]) -> str:
    answer = run_statusbridge(
        env, "verify", "one", "--first-name", "ana", "--last-name", "lee", "--dob", "1990-01-01",
        "--ssn", "345-67-8901", "--agency", ELECTION, "--purpose", "voter-list-maintenance",
        "--json",
    )  # fmt: skip
    found = json.loads(answer.stdout)
    assert found["response_code"] == "ADDITIONAL_VERIFICATION", found
    number: str = found["case_number"]
    return number


def _address(server: subprocess.Popen[str]) -> str:
    """The address ``serve --port 0`` prints once it listens."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert server.stdout is not None
        for line in server.stdout:  # read to the end: a full pipe would stall the server
            lines.put(line)
        lines.put("")  # the server ended

    threading.Thread(target=read, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=SERVER_START_SECONDS)
        except queue.Empty:
            raise AssertionError("statusbridge serve printed no address") from None
        if not line:
            raise AssertionError(f"statusbridge serve ended with exit {server.wait()}")
        if "serving on" in line:
            return line.split("serving on ", 1)[1].split()[0].rstrip("/")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, mini_ingested: DataHome) -> Iterator[Service]:
    env = _environment(tmp_path_factory.mktemp("e2e") / "home", None)
    env["STATUSBRIDGE_TODAY"] = ON
    env["PYTHONUNBUFFERED"] = "1"  # the address line arrives as soon as it is printed
    mini_ingested.copy_into(env)
    number = _open_case(env)
    ana = _staff(env, "ana", "agency-user", ELECTION)
    vic = _staff(env, "vic", "status-verifier", None)
    ada = _staff(env, "ada", "agency-user", ELECTION)
    server = subprocess.Popen(
        [str(BIN / "statusbridge"), "serve", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        yield Service(_address(server), env, number, ana, vic, ada)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Debian's chromium is not installed (make install installs it)")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (it is in the dev extra: make install)")
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci: make install)")
    args = ["--disable-background-networking", "--disable-component-update", "--no-first-run"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # chromium refuses to run as root with its sandbox
    try:
        playwright = sync_playwright().start()
    except Exception as exc:  # Playwright's driver could not start: skip, saying why
        pytest.skip(f"Playwright could not start: {_first_line(exc)}")
    try:
        try:
            launched = playwright.chromium.launch(
                executable_path=executable, headless=True, args=args
            )
        except Exception as exc:  # any failure to start the browser: skip, saying why
            pytest.skip(f"chromium could not be started: {_first_line(exc)}")
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class Visit:
    """A signed-in person's tab: each page visited is scanned with axe-core and photographed."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.scanned: list[str] = []

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def check(self, name: str) -> None:
        """Zero serious or critical accessibility violations; a screenshot as an artifact."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(
            """async () => (await axe.run(document, {
                 runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
               })).violations
               .filter(v => v.impact === 'serious' || v.impact === 'critical')
               .map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => n.target).join(' | '))"""
        )
        assert violations == [], f"{name}: {violations}"
        self.scanned.append(name)

    def sign_in(self, staff: Staff) -> None:
        self.go("/accounts/sign-in/")
        self.page.get_by_label("Username").fill(staff.username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_label("Code from your authenticator app").fill(code(staff.totp_secret))
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url("**/accounts/me/")


@pytest.fixture
def visit(browser: Any, service: Service) -> Iterator[Any]:
    """A fresh browser context (its own cookies) per call."""
    contexts: list[Any] = []

    def open_tab() -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return Visit(context.new_page(), service.base)

    yield open_tab
    for context in contexts:
        context.close()
