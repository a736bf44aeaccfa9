"""The usage page in headless Chromium (Playwright driving Debian's chromium): sign in with a key through
the form, see the account's analyses, sign-in failures, and no JavaScript needed."""

from __future__ import annotations

import shutil

import pytest

from .conftest import running_cloud, serve

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="usage page test skipped: playwright is not installed")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"usage page test skipped: no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        yield browser
        browser.close()


def test_sign_in_and_see_usage(browser, sqlite_url):
    with running_cloud(sqlite_url) as cloud:
        key = cloud.account("payg", org="Acme <Ops>", email="ana@acme.example")
        for task in ("explain", "explain", "fix"):
            assert cloud.analyse(key, task=task).status_code == 200
        with serve(cloud.client.app) as base_url:
            context = browser.new_context(java_script_enabled=False)  # the page is plain HTML forms
            page = context.new_page()
            page.goto(f"{base_url}/usage")
            assert page.title() == "Sign in — InfraGenius Cloud"

            page.fill("input[name=api_key]", "igk_000000000000_wrong")
            page.click("button[type=submit]")
            assert page.locator(".err").inner_text() == "Unknown or revoked key."

            page.fill("input[name=api_key]", key)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base_url}/usage")
            assert page.title() == "Usage — InfraGenius Cloud"
            assert page.locator("#analyses").inner_text() == "3"
            assert page.locator("#cost").inner_text() == "$0.30"
            assert "ana@acme.example · Acme <Ops> · payg" in page.inner_text("body")  # escaped, shown as text
            assert "By kind: explain: 2, fix: 1" in page.inner_text("body")
            assert key not in page.content()
            cookie = next(c for c in context.cookies() if c["name"] == "ig_session")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and key not in cookie["value"]
            context.close()
