"""The generated chat UI in a real browser: Debian's Chromium (``apt-get install chromium``)
driven by Playwright for Python, against each example app booted by uvicorn on 127.0.0.1
(SQLite, the offline mock provider streaming a word every ``MOCK_DELAY_MS``).

Each test works as a user would, through the page: sign up, send, watch the reply stream,
stop, regenerate and switch versions, edit, rename and delete, change the settings, reload
mid-stream, use it at phone width. Every page is also checked for what a user never sees but
suffers from: console errors, failed requests, and axe-core accessibility violations of
serious or critical impact (axe-core pinned in ``tests/node``). Screenshots (desktop and phone,
light and dark) go to ``SSOT_ARTIFACTS`` (default ``test-artifacts/``); the latest desktop and
phone ones are committed under ``docs/``. Chromium is needed (skipped without it, unless
SSOT_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest
import yaml

from ssot_gen.ir import Project
from ssot_gen.pipeline import generate, load_project
from ssot_gen.schema.models import ComponentKind
from tests import live
from tests.conftest import EXAMPLES, NODE_DIR, ROOT, SCHEMAS, services_required

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MOCK_DELAY_MS = "60"  # per word: a reply streams for a few seconds, long enough to act on
ARTIFACTS = Path(os.environ.get("SSOT_ARTIFACTS", ROOT / "test-artifacts")) / "browser"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 30_000  # a bound against a hang, never a measured time


def chromium() -> str:
    """Debian's Chromium binary; skipped (or failed under SSOT_REQUIRE_SERVICES=1) without it."""
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium", "/usr/lib/chromium/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    if services_required():
        pytest.fail("chromium is needed (apt-get install chromium; SSOT_REQUIRE_SERVICES=1)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm ci in tests/node")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class App:
    base: str
    name: str
    project: Project


@pytest.fixture(scope="module", params=EXAMPLES)
def app(
    request: pytest.FixtureRequest,
    generated: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[App]:
    name = request.param
    database = tmp_path_factory.mktemp(f"browser-{name}") / "app.db"
    env = live.project_env(
        f"sqlite+aiosqlite:///{database}",
        MOCK_DELAY_MS=MOCK_DELAY_MS,
        RATE_LIMIT_REGISTER="100/minute",  # every test signs up a new user from 127.0.0.1
        RATE_LIMIT_LOGIN="100/minute",
    )
    with live.serve(generated[name], env) as base:
        yield App(base, name, load_project(SCHEMAS / f"{name}.yaml"))


@dataclass
class Watch:
    """What went wrong on a page that a user would not see: console errors and uncaught
    exceptions, failed requests, HTTP errors."""

    problems: list[str] = field(default_factory=list)
    expected_failures: set[str] = field(default_factory=set)  # request URLs allowed to fail

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console.error: {message.text}")

    def _failed(self, request: Any) -> None:
        if request.url not in self.expected_failures:
            self.problems.append(
                f"request failed: {request.method} {request.url} {request.failure}"
            )

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )

    def check(self) -> None:
        assert not self.problems, "\n".join(self.problems)


@contextmanager
def opened(browser: Any, **options: Any) -> Iterator[tuple[Any, Watch]]:
    """A page in a fresh browser context (``options``: Playwright's context options; desktop
    size by default; the page's CSP bypassed, as axe-core is injected), watched."""
    context = browser.new_context(**({"viewport": DESKTOP, "bypass_csp": True} | options))
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    watch = Watch()
    watch.attach(tab)
    try:
        yield tab, watch
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, app: App) -> Iterator[tuple[Any, Watch]]:
    with opened(browser) as (tab, watch):
        tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app.base)
        yield tab, watch


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations of serious or critical impact on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => `${v.id} (${v.impact}): ${v.help} at `"
        " + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(found)


def screenshot(page: Any, app: App, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{app.name}-{name}.png"
    page.screenshot(path=str(path))
    return path


def sign_up(page: Any, app: App) -> dict[str, str]:
    """Create an account through the page's form and land in the chat; returns the values."""
    page.goto(app.base)
    page.get_by_role("button", name="Create an account").click()
    auth = app.project.auth
    values: dict[str, str] = {"password": "pw-" + uuid.uuid4().hex}
    for item in auth.register_fields:
        if item.required_on_create or item.name == auth.login_field.name:
            values[item.name] = str(live._unique(item.sample_json, item.type))
            page.locator(f"#auth-fields [name='{item.name}']").fill(values[item.name])
    page.locator("#auth-fields [name='password']").fill(values["password"])
    page.get_by_role("button", name="Create account").click()
    page.get_by_label("Your text").wait_for()
    return values


def send(page: Any, text: str) -> None:
    box = page.get_by_label("Your text")
    box.fill(text)
    box.press("Enter")


def start_streaming(page: Any, app: App, text: str) -> None:
    """Sign up, send ``text`` and wait until its reply streams."""
    sign_up(page, app)
    send(page, text)
    page.locator("chat-message[data-role='assistant'][data-status='streaming']").wait_for()


def reply(page: Any, index: int = -1) -> Any:
    return page.locator("chat-message[data-role='assistant']").nth(index)


def wait_done(page: Any, count: int = 1) -> None:
    """Wait until ``count`` replies are shown and none is still streaming."""
    page.wait_for_function(
        "n => document.querySelectorAll(\"chat-message[data-role='assistant']\").length >= n"
        " && !document.querySelector(\"chat-message[aria-busy='true']\")",
        arg=count,
    )


def token(page: Any) -> str:
    """The access token the page keeps (localStorage ``<project>.token``)."""
    return str(
        page.evaluate(
            "() => localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith('.token')))"
        )
    )


def stored_reply(app: App, page: Any) -> dict[str, Any]:
    """The last reply of the open conversation as the server stores it."""
    headers = {"Authorization": f"Bearer {token(page)}"}
    chat = app.project.chat
    conversation_id = page.evaluate(
        "() => document.querySelector('chat-conversation-list [aria-current]')?.closest('li')"
        "?.dataset.id"
    )
    segment = app.project.messages_list.segment
    url = f"{app.base}{app.project.api_prefix}{chat.conversation.url}/{conversation_id}/{segment}"
    rows = httpx.get(url, headers=headers, params={"limit": 100}).json()["data"]
    return dict(rows[-1])


# --- the tests -------------------------------------------------------------------------------


def test_a_reply_streams_with_markdown_tokens_and_cost_and_the_page_is_clean(
    page: tuple[Any, Watch], app: App
) -> None:
    tab, watch = page
    sign_up(tab, app)
    assert not axe_violations(tab)
    send(tab, "Say **bold**, `code` and <img src=x onerror=alert(1)>\n\n```py\nprint('hi')\n```")
    question = tab.locator("chat-message[data-role='user']").last
    question.locator(".body strong").wait_for()
    assert question.locator(".body pre code").count() == 1
    assert question.locator(".body pre code span[class^='hljs-']").count() > 0  # highlighted
    assert question.locator(".body img").count() == 0  # raw HTML is text, never an element
    assert "<img src=x" in question.locator(".body").inner_text()
    tab.locator("chat-message[data-role='assistant'][data-status='streaming']").wait_for()
    assert tab.get_by_label("Your text").get_attribute("aria-disabled") == "true"
    assert tab.get_by_role("button", name="Stop the reply").is_visible()
    wait_done(tab)
    last = reply(tab)
    assert last.get_attribute("data-status") == "done"
    stored = stored_reply(app, tab)
    chat = app.project.chat
    assert last.evaluate("e => e.message")[chat.msg["content"]] == stored[chat.msg["content"]]
    if chat.msg.get("total_tokens"):
        assert (
            last.locator(".tokens").inner_text() == f"{stored[chat.msg['total_tokens']]:,} tokens"
        )
    if chat.msg.get("cost") and stored[chat.msg["cost"]] is not None:
        assert last.locator(".cost").inner_text().startswith("$")
    assert tab.get_by_label("Your text").get_attribute("aria-disabled") == "false"
    assert not axe_violations(tab)
    screenshot(tab, app, "desktop-light")
    background = "getComputedStyle(document.body).backgroundColor"
    assert tab.evaluate(background) == "rgb(255, 255, 255)"
    tab.emulate_media(color_scheme="dark")  # no theme chosen: the browser's preference
    assert tab.evaluate(background) == "rgb(19, 19, 22)"
    tab.evaluate("document.documentElement.dataset.theme = 'light'")  # chosen: it wins
    assert tab.evaluate(background) == "rgb(255, 255, 255)"
    tab.emulate_media(color_scheme="light")
    tab.evaluate("document.documentElement.dataset.theme = 'dark'")
    assert tab.evaluate(background) == "rgb(19, 19, 22)"
    assert not axe_violations(tab)
    screenshot(tab, app, "desktop-dark")
    watch.check()


def test_stop_regenerate_switch_versions_and_edit(page: tuple[Any, Watch], app: App) -> None:
    tab, watch = page
    start_streaming(tab, app, "A question to stop")
    tab.get_by_role("button", name="Stop the reply").click()
    wait_done(tab)
    cancelled = app.project.chat.status_values["cancelled"]
    assert reply(tab).get_attribute("data-status") == "cancelled", cancelled
    reply(tab).get_by_role("button", name="Regenerate").click()
    tab.locator("chat-message[data-role='assistant'] .versions:not([hidden])").wait_for()
    wait_done(tab)
    versions = reply(tab).locator(".versions")
    assert versions.inner_text().replace("\n", " ").split()[1:4] == ["2", "/", "2"]
    reply(tab).get_by_role("button", name="Previous version").click()
    tab.wait_for_function(
        "() => document.querySelector(\"chat-message[data-role='assistant'] .versions\")"
        "?.textContent.includes('1 / 2')"
    )
    assert reply(tab).get_attribute("data-status") == "cancelled"
    question = tab.locator("chat-message[data-role='user']").last
    question.get_by_role("button", name="Edit").click()
    tab.get_by_label("Edit your message").fill("An edited question")
    tab.get_by_role("button", name="Save and send").click()
    tab.wait_for_function(
        "() => [...document.querySelectorAll(\"chat-message[data-role='user'] .body\")]"
        ".some(b => b.textContent.includes('An edited question'))"
    )
    wait_done(tab)
    assert "1 / 2" not in tab.locator("chat-message[data-role='user']").last.inner_text()
    assert not axe_violations(tab)
    watch.check()


def test_controls_rename_sign_out_sign_in_and_delete(page: tuple[Any, Watch], app: App) -> None:
    """The conversation's own controls (system prompt, temperature) save; the conversation is
    renamed in place; signing out clears the page and its saved history, and signing in
    again shows the conversation; it is deleted after a confirmation."""
    tab, watch = page
    values = sign_up(tab, app)
    send(tab, "First conversation")
    wait_done(tab)
    conv = app.project.chat.conv
    if conv.get("system_prompt") or conv.get("temperature"):
        tab.locator("#conversation-controls summary").click()
        if conv.get("system_prompt"):
            tab.locator(f"#controls-fields [name='{conv['system_prompt']}']").fill("Be brief.")
        if conv.get("temperature"):
            tab.locator(f"#controls-fields [name='{conv['temperature']}']").fill("0.3")
        tab.locator("#controls-form").get_by_role("button", name="Save").click()
        tab.locator("#controls-note", has_text="Saved.").wait_for()
        stored = httpx.get(
            f"{app.base}{app.project.api_prefix}{app.project.chat.conversation.url}",
            headers={"Authorization": f"Bearer {token(tab)}"},
        ).json()["data"][0]
        if conv.get("system_prompt"):
            assert stored[conv["system_prompt"]] == "Be brief."
        if conv.get("temperature"):
            assert stored[conv["temperature"]] == 0.3
    tab.get_by_role("button", name="Sign out").click()
    tab.get_by_role("button", name="Sign in").wait_for()
    # the page deletes its database as it signs out; deleting is asynchronous
    tab.wait_for_function("async () => (await indexedDB.databases()).length === 0")
    login = app.project.auth.login_field.name
    tab.locator(f"#auth-fields [name='{login}']").fill(values[login])
    tab.locator("#auth-fields [name='password']").fill(values["password"])
    tab.get_by_role("button", name="Sign in").click()
    wait_done(tab)
    assert tab.locator("chat-message").count() == 2
    item = tab.locator("chat-conversation-list li").first
    if app.project.chat.conv.get("title"):
        item.locator(".rename").click()
        title = tab.get_by_label("New title")
        title.fill("Renamed “quotes” & <b>tags</b>")
        title.press("Enter")
        tab.locator(
            "chat-conversation-list .open", has_text="Renamed “quotes” & <b>tags</b>"
        ).wait_for()
    tab.once("dialog", lambda dialog: dialog.accept())
    tab.locator("chat-conversation-list li").first.locator(".delete").click()
    tab.wait_for_function("() => !document.querySelector('chat-conversation-list li')")
    assert tab.locator("chat-message").count() == 0
    watch.check()


def test_settings_apply_at_once(page: tuple[Any, Watch], app: App) -> None:
    """Each display setting the schema has (``Project.ui_settings``) changes the page as soon
    as the form saves it, and again on the next visit; a schema without any still saves its
    settings form and shows the saved values after a reload."""
    bindings = app.project.ui_settings
    tab, watch = page
    sign_up(tab, app)
    send(tab, "Something to show\n\n```py\nanswer = 42  # a comment\n```")
    wait_done(tab)
    code = tab.locator("chat-message[data-role='user'] .body pre code").first
    if not app.project.has_component("ChatSettingsForm"):
        assert tab.locator("chat-settings-form").count() == 0  # the schema asks for none
        watch.check()
        return
    tab.locator("details.settings summary").click()
    form = tab.locator("chat-settings-form")
    changed: dict[str, str] = {}
    for role in ("provider", "model"):  # choices of what the server has configured
        if role in bindings:
            assert form.locator(f"select[name='{bindings[role]}'] option").count() >= 1
    if "code_highlight" in bindings:
        assert code.locator("span[class^='hljs-']").count() > 0
        form.locator(f"[name='{bindings['code_highlight']}']").uncheck()
        form.get_by_role("button", name="Save").click()
        tab.wait_for_function(
            "() => !document.querySelector(\"chat-message .body pre code span[class^='hljs-']\")"
        )
        assert code.inner_text().strip() == "answer = 42  # a comment"
        form.get_by_text("Saved.").wait_for()
    if bindings:
        if "theme" in bindings:
            form.locator(f"[name='{bindings['theme']}']").select_option("dark")
        if "font_size" in bindings:
            form.locator(f"[name='{bindings['font_size']}']").fill("24")
        for role in ("show_tokens", "show_cost", "markdown", "streaming"):
            if role in bindings:
                form.locator(f"[name='{bindings[role]}']").uncheck()
    else:
        text = form.locator("input[type='text'], textarea").first
        changed["value"] = f"Saved {uuid.uuid4().hex[:6]}"
        text.fill(changed["value"])
        changed["name"] = str(text.get_attribute("name"))
    form.get_by_role("button", name="Save").click()
    form.get_by_text("Saved.").wait_for()
    if "theme" in bindings:
        assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
    if "font_size" in bindings:
        assert tab.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
    if "show_tokens" in bindings:
        assert not reply(tab).locator(".tokens").is_visible()
    if "show_cost" in bindings:
        assert not reply(tab).locator(".cost").is_visible()
    if "markdown" in bindings:
        send(tab, "Now **plain**")
        if "streaming" in bindings:  # off: the reply shows when it ends, not word by word
            streaming = "chat-message[data-role='assistant'][data-status='streaming'] .body"
            tab.locator(streaming).wait_for()
            assert tab.locator(streaming).inner_text() == "…"
        wait_done(tab, 2)
        assert "**plain**" in tab.locator("chat-message[data-role='user']").last.inner_text()
    tab.reload()  # saved: it applies on the next visit too
    tab.get_by_label("Your text").wait_for()
    if "theme" in bindings:
        tab.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
    if changed:
        tab.locator("details.settings summary").click()
        saved = tab.locator(f"chat-settings-form [name='{changed['name']}']")
        tab.wait_for_function(
            "([name, value]) => document.querySelector(`chat-settings-form [name='${name}']`)"
            "?.value === value",
            arg=[changed["name"], changed["value"]],
        )
        assert saved.input_value() == changed["value"]
    assert not axe_violations(tab)
    watch.check()


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const named = e.getAttribute("aria-label") || (e.labels?.[0]?.textContent ?? "").trim()
    || e.getAttribute("title") || e.textContent.trim();
  const style = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), field: e.getAttribute("name") ?? "", name: named,
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shown: e.getClientRects().length > 0,
  };
}"""


def tab_to(page: Any, wanted: Any, limit: int = 60) -> list[dict[str, Any]]:
    """Press Tab until the focused element matches ``wanted`` (a predicate on the descriptor
    ``FOCUSED`` gives: tag, field name, accessible name, focus ring, shown); returns every
    element focused on the way, the matching one last. Each must be named, shown and ringed."""
    visited: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None:
            continue
        assert now["name"], f"a focusable element without a name: {now}"
        assert now["shown"], f"focus went to an element that is not shown: {now}"
        assert now["ring"], f"no visible focus ring on {now}"
        visited.append(now)
        if wanted(now):
            return visited
    raise AssertionError(f"Tab never reached it; went through {[v['name'] for v in visited]}")


def test_keyboard_only_sign_up_send_stop_and_rename(page: tuple[Any, Watch], app: App) -> None:
    """Everything from the sign-up form to renaming a conversation, with the keyboard alone:
    every element Tab reaches is named, shown and has a focus ring, the sidebar comes before
    the thread, and Enter / Shift+Enter / Escape do what they say."""
    tab, watch = page
    tab.goto(app.base)
    tab.get_by_role("button", name="Create an account").wait_for()
    tab_to(tab, lambda e: e["name"] == "Create an account")
    tab.keyboard.press("Enter")
    auth = app.project.auth
    fields = [
        item
        for item in auth.register_fields
        if item.required_on_create or item.name == auth.login_field.name
    ]
    for item in fields:
        tab_to(tab, lambda e, name=item.name: e["field"] == name)
        tab.keyboard.type(str(live._unique(item.sample_json, item.type)))
    tab_to(tab, lambda e: e["field"] == "password")
    tab.keyboard.type("pw-" + uuid.uuid4().hex)
    tab.keyboard.press("Enter")
    tab.get_by_label("Your text").wait_for()
    tab.evaluate("document.activeElement?.blur()")
    path = tab_to(tab, lambda e: e["name"] == "Your text")
    names = [e["name"] for e in path]
    if app.project.has_component("ChatConversationList"):
        assert "New conversation" in names  # the sidebar first, then the thread
    tab.keyboard.type("First line")
    tab.keyboard.press("Shift+Enter")
    second = "second line " + "long " * 30  # the mock quotes it: a reply of seconds to stop
    tab.keyboard.type(second)
    tab.keyboard.press("Enter")
    question = tab.locator("chat-message[data-role='user']").last
    question.wait_for()
    assert question.locator(".body").inner_text().splitlines() == ["First line", second.strip()]
    tab.locator("chat-message[data-role='assistant'][data-status='streaming']").wait_for()
    tab_to(tab, lambda e: e["name"] == "Stop the reply")
    tab.keyboard.press("Enter")
    wait_done(tab)
    assert reply(tab).get_attribute("data-status") == "cancelled"
    if app.project.has_component("ChatConversationList") and app.project.chat.conv.get("title"):
        tab.evaluate("document.activeElement?.blur()")
        tab_to(tab, lambda e: e["name"].startswith("Rename "))
        tab.keyboard.press("Enter")
        tab.wait_for_function(
            "() => document.activeElement?.getAttribute('aria-label') === 'New title'"
        )
        tab.keyboard.press("Escape")  # leaves it as it was
        tab_to(tab, lambda e: e["name"].startswith("Rename "))
        tab.keyboard.press("Enter")
        tab.wait_for_function(
            "() => document.activeElement?.getAttribute('aria-label') === 'New title'"
        )
        tab.keyboard.press("Control+A")
        tab.keyboard.type("Typed with keys")
        tab.keyboard.press("Enter")
        tab.locator("chat-conversation-list .open", has_text="Typed with keys").wait_for()
    watch.check()


def test_the_selectors_offer_the_configured_models_with_their_prices(
    page: tuple[Any, Watch], app: App
) -> None:
    """``ProviderSelector`` and ``ModelSelector`` list what ``GET /api/providers`` answers, each
    model with its prices (USD per 1M input / output tokens)."""
    tab, watch = page
    kinds = [k for k in ("ProviderSelector", "ModelSelector") if app.project.has_component(k)]
    sign_up(tab, app)
    if not kinds:
        assert tab.locator("provider-selector, model-selector").count() == 0
        watch.check()
        return
    headers = {"Authorization": f"Bearer {token(tab)}"}
    served = httpx.get(f"{app.base}{app.project.api_prefix}/providers", headers=headers).json()
    if "ModelSelector" in kinds:
        tab.locator("model-selector option").first.wait_for(state="attached")
        shown = tab.locator("model-selector option").all_inner_texts()
        chosen = tab.locator("provider-selector select")
        expected = []
        for provider in served["data"]:
            if "ProviderSelector" in kinds and provider["name"] != chosen.input_value():
                continue
            for model in provider["models"]:
                price = model.get("price") or {}
                if price.get("input") is None and price.get("output") is None:
                    expected.append(model["name"])
                else:
                    expected.append(
                        f"{model['name']} · {usd(price.get('input') or 0)} / "
                        f"{usd(price.get('output') or 0)} per 1M tokens"
                    )
        assert shown == expected
    if "ProviderSelector" in kinds:
        names = tab.locator("provider-selector option").all_inner_texts()
        assert [n.split(" · ")[0] for n in names] == [p["label"] for p in served["data"]]
    watch.check()


def usd(value: float | str) -> str:
    """A price as the page writes it (``Intl.NumberFormat`` en-US, 2 to 4 decimals); the API
    gives prices as decimal strings."""
    text = f"{float(value):,.4f}".rstrip("0")
    whole, _, cents = text.partition(".")
    return f"${whole}.{cents.ljust(2, '0')}"


LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      window.__shifts.push({value: entry.value, sources: (entry.sources ?? []).map(
        (s) => s.node?.nodeName + "." + (s.node?.className ?? ""))});
    }
  }
}).observe({type: "layout-shift", buffered: true});
"""
MESSAGES_END = "() => { const m = document.querySelector('#messages');"
AT_END = MESSAGES_END + " return m.scrollHeight - m.scrollTop - m.clientHeight < 48; }"


def test_streaming_shifts_nothing_and_stops_following_when_scrolled_up(
    browser: Any, app: App
) -> None:
    """While a long reply streams in a window it overflows: nothing on the page moves under the
    reader (Chromium's layout-shift entries from the first delta to the reply's end, without
    recent input, add up to 0), the list
    follows the new text while the reader is at its end, stays where the reader scrolled up
    to, and follows again once the reader is back at the end."""
    with opened(browser, viewport={"width": 900, "height": 360}) as (tab, watch):
        tab.add_init_script(LAYOUT_SHIFTS)
        sign_up(tab, app)
        long_question = " ".join(["word"] * 40)  # the mock quotes it: a reply of ~90 words
        send(tab, long_question)
        streaming = tab.locator("chat-message[data-role='assistant'][data-status='streaming']")
        streaming.wait_for()
        tab.evaluate("window.__shifts = []")  # from here: while it streams, and as it ends
        body = "document.querySelector(\"chat-message[data-role='assistant'] .body\")"
        tab.wait_for_function(MESSAGES_END + " return m.scrollHeight > m.clientHeight + 120; }")
        tab.wait_for_function(f"() => {body}.textContent.length > 120")
        assert tab.evaluate(AT_END), "the list did not follow the streaming text"
        tab.evaluate("document.querySelector('#messages').scrollTop = 0")
        length = tab.evaluate(f"() => {body}.textContent.length")
        tab.wait_for_function(f"n => {body}.textContent.length > n + 40", arg=length)
        assert streaming.count() == 1, "the reply ended before the check"
        assert tab.evaluate("document.querySelector('#messages').scrollTop") == 0
        tab.evaluate(
            "(() => { const m = document.querySelector('#messages');"
            " m.scrollTop = m.scrollHeight; })()"
        )
        length = tab.evaluate(f"() => {body}.textContent.length")
        tab.wait_for_function(f"n => {body}.textContent.length > n + 40", arg=length)
        assert tab.evaluate(AT_END), "the list did not follow again at its end"
        wait_done(tab)
        shifts = tab.evaluate("window.__shifts")
        assert sum(s["value"] for s in shifts) == 0, shifts
        watch.check()


def test_a_failed_send_shows_a_banner_whose_retry_sends_it(
    page: tuple[Any, Watch], app: App
) -> None:
    """The server refuses the first attempt to start a conversation (503): the banner says so
    with a Retry button, and Retry sends the same text, which then streams its reply."""
    tab, watch = page
    chat = app.project.chat
    refused: list[str] = []

    def once(route: Any) -> None:
        if route.request.method == "POST" and not refused:
            refused.append(route.request.url)
            route.fulfill(status=503, json={"detail": "Busy for a moment; try again"})
        else:
            route.continue_()

    tab.route(re.compile(re.escape(chat.conversation.url) + "$"), once)
    sign_up(tab, app)
    send(tab, "A question sent twice")
    banner = tab.get_by_role("alert").filter(has_text="Busy for a moment")
    banner.wait_for()
    retry = tab.get_by_role("button", name="Retry")
    assert retry.is_visible()
    retry.click()
    wait_done(tab)
    assert not banner.is_visible()
    questions = tab.locator("chat-message[data-role='user'] .body").all_inner_texts()
    assert questions == ["A question sent twice"]
    stored = stored_reply(app, tab)
    content = chat.msg["content"]
    assert reply(tab).evaluate("e => e.message")[content] == stored[content]
    assert len(refused) == 1
    watch.problems = [p for p in watch.problems if "503" not in p]  # the refused attempt's
    watch.check()


def test_a_message_sent_before_the_conversation_list_loads_keeps_its_conversation(
    page: tuple[Any, Watch], app: App
) -> None:
    """The chat is usable as soon as it shows, before the list of conversations has loaded.
    The list's answer is held until the reply streams, and says what it said before the send
    (no conversation): the conversation the send started stays open, listed and streaming."""
    tab, watch = page
    held: list[tuple[Any, Any, dict[str, Any]]] = []

    def hold(route: Any) -> None:
        response = route.fetch()
        listed = response.json()
        held.append((route, response, {**listed, "data": []}))  # as read before the send

    chat = app.project.chat
    tab.route(re.compile(re.escape(chat.conversation.url) + r"\?limit=100$"), hold)
    start_streaming(tab, app, "A question before the list loads")
    deadline = time.monotonic() + 30
    while not held and time.monotonic() < deadline:
        tab.wait_for_timeout(20)  # Playwright runs the route's handler while it waits
    assert held, "the page did not ask for its conversations"
    route, response, before = held[0]
    route.fulfill(response=response, json=before)
    wait_done(tab)
    assert tab.locator("chat-conversation-list [aria-current]").count() == 1
    stored = stored_reply(app, tab)
    content = chat.msg["content"]
    assert reply(tab).evaluate("e => e.message")[content] == stored[content]
    watch.check()


def test_a_reload_mid_stream_ends_with_the_stored_reply(page: tuple[Any, Watch], app: App) -> None:
    tab, watch = page
    start_streaming(tab, app, "A question, then a reload")
    tab.wait_for_function(
        "() => (document.querySelector(\"chat-message[data-role='assistant'] .body\")"
        "?.textContent.length ?? 0) > 20"
    )
    watch.problems.clear()
    tab.reload()
    tab.get_by_label("Your text").wait_for()
    wait_done(tab)
    stored = stored_reply(app, tab)
    content = app.project.chat.msg["content"]
    shown = reply(tab).evaluate("e => e.message")[content]
    assert shown == stored[content]
    watch.problems = [p for p in watch.problems if "ERR_ABORTED" not in p]  # the reload's
    watch.check()


def test_phone_width_collapses_the_sidebar(browser: Any, app: App) -> None:
    with opened(browser, viewport=PHONE, is_mobile=True, has_touch=True) as (tab, watch):
        sign_up(tab, app)
        side = tab.locator("#side")
        toggle = tab.get_by_role("button", name="Conversations")
        assert toggle.is_visible() and not side.is_visible()
        send(tab, "Hello from a phone")
        wait_done(tab)
        box = tab.locator("chat-message").first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(tab, app, "phone-light")
        toggle.click()
        tab.wait_for_function("() => document.body.hasAttribute('data-side-open')")
        side.locator("chat-conversation-list li").first.wait_for()
        assert not axe_violations(tab)
        side.locator("chat-conversation-list .open").first.click()
        tab.wait_for_function("() => !document.body.hasAttribute('data-side-open')")
        tab.evaluate("document.documentElement.dataset.theme = 'dark'")
        screenshot(tab, app, "phone-dark")
        assert not axe_violations(tab)
        watch.check()


def test_a_reload_with_the_server_gone_shows_the_saved_history(
    browser: Any, app: App, generated: dict[str, Path], tmp_path: Path
) -> None:
    """The page keeps what it showed in IndexedDB (Dexie): with the server stopped, a reload
    still shows the conversations and the messages, and says the server cannot be reached."""
    env = live.project_env(f"sqlite+aiosqlite:///{tmp_path / 'offline.db'}", MOCK_DELAY_MS="5")
    with opened(browser) as (tab, watch):
        with live.serve(generated[app.name], env) as base:
            sign_up(tab, App(base, app.name, app.project))
            send(tab, "Remember **this**")
            wait_done(tab)
            shown = tab.locator("chat-message").all_inner_texts()
            tab.wait_for_function("() => navigator.serviceWorker.controller !== null")
            watch.check()
        tab.reload()
        tab.locator("#banner-text", has_text="cannot be reached").wait_for()
        tab.locator("chat-message[data-role='assistant']").wait_for()
        assert tab.locator("chat-message").all_inner_texts() == shown
        assert tab.locator("chat-conversation-list li").count() == 1
        offline = [  # only what the stopped server refused
            p for p in watch.problems if base not in p and "ERR_CONNECTION_REFUSED" not in p
        ]
        assert not offline, offline
        assert not axe_violations(tab)


# A 2x2 PNG (red, green, blue, white): the smallest real image to upload.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC"
)


@pytest.fixture(scope="module")
def image_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """A schema of other names (``tests/schemas/minimal.yaml``: members, threads and posts)
    with every UI component, image attachments and a mock model that accepts images."""
    data = yaml.safe_load((ROOT / "tests" / "schemas" / "minimal.yaml").read_text())
    data["project"] = {"name": "picture_posts", "title": "Picture “posts” & <threads>"}
    mock = data["providers"]["mock"]
    mock["models"]["seeing"] = {"input": 1, "output": 2, "images": True}
    mock["default_model"] = "seeing"
    data["chat"]["attachments"] = {}
    data["ui"] = {"components": list(get_args(ComponentKind))}
    root = tmp_path_factory.mktemp("image-app")
    schema = root / "picture_posts.yaml"
    schema.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    generate(schema, root / "project")
    env = live.project_env(
        f"sqlite+aiosqlite:///{root / 'app.db'}",
        MOCK_DELAY_MS="20",
        RATE_LIMIT_REGISTER="100/minute",
        ATTACHMENTS_DIR=str(root / "attachments"),
    )
    with live.serve(root / "project", env) as base:
        yield App(base, "picture_posts", load_project(schema))


def test_attach_an_image_on_a_schema_of_other_names(
    browser: Any, image_app: App, tmp_path: Path
) -> None:
    """The page of another schema: other model and field names, a title with quotes and
    markup, and images: attach one, see its preview, send it, see it in the message."""
    image = tmp_path / "dots.png"
    image.write_bytes(PNG)
    with opened(browser) as (tab, watch):
        sign_up(tab, image_app)
        assert tab.title() == "Picture “posts” & <threads>"
        assert tab.locator("h1").inner_text() == "Picture “posts” & <threads>"
        attach = tab.get_by_role("button", name="Attach image")
        attach.wait_for()
        with tab.expect_file_chooser() as chooser:
            attach.click()
        chooser.value.set_files(str(image))
        preview = tab.locator("chat-input .previews img")
        preview.wait_for()
        assert not axe_violations(tab)
        send(tab, "What is in this picture?")
        wait_done(tab)
        assert tab.locator("chat-input .previews img").count() == 0
        shown = tab.locator("chat-message[data-role='user'] .images img").first
        tab.wait_for_function(
            "() => document.querySelector(\"chat-message[data-role='user'] .images img\")"
            "?.naturalWidth === 2"
        )
        assert shown.get_attribute("src", timeout=TIMEOUT_MS).startswith("blob:")
        assert not axe_violations(tab)
        screenshot(tab, image_app, "desktop-light")
        watch.check()


def test_a_dropped_connection_reconnects_and_resumes_without_duplicate_text(
    page: tuple[Any, Watch], app: App
) -> None:
    """The websocket is cut mid-stream (Playwright's websocket route closes the page's side):
    the client reconnects, subscribes again and resumes from the text it has, so the reply
    ends exactly as stored, without a gap or a repeated piece."""
    tab, watch = page
    routes: list[Any] = []

    def through(route: Any) -> None:
        route.connect_to_server()
        routes.append(route)

    tab.route_web_socket(re.compile(r"/ws$"), through)
    start_streaming(tab, app, "A question, then a dropped connection")
    tab.wait_for_function(
        "() => (document.querySelector(\"chat-message[data-role='assistant'] .body\")"
        "?.textContent.length ?? 0) > 20"
    )
    routes[-1].close(code=1011, reason="cut by the test")
    wait_done(tab)
    assert len(routes) >= 2, "the client did not reconnect"
    stored = stored_reply(app, tab)
    content = app.project.chat.msg["content"]
    assert reply(tab).evaluate("e => e.message")[content] == stored[content]
    watch.check()
