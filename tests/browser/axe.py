"""axe-core (from the pinned axe-playwright-python) on every page a browser test loads, for WCAG 2.0/2.1 A and AA.

`AxeWatch` listens for each page load and, before the test's next browser command, runs axe on the page that
loaded; the violations are collected and fail the test at its end. Waivers live in `WAIVERS` only.
"""

import greenlet
from axe_playwright_python.base import AXE_SCRIPT
from playwright._impl._sync_base import SyncBase

# GB/T 37668-2019 follows WCAG 2.1; these are axe's tags for its A and AA success criteria.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# (axe rule id, CSS selector of the element as axe reports it, why it is waived). Nothing else is skipped.
WAIVERS: list[tuple[str, str, str]] = []


def _waived(rule: str, target: str) -> bool:
    return any(rule == w_rule and w_target in target for w_rule, w_target, _ in WAIVERS)


def violations(page) -> list[str]:
    """One line per element axe finds in violation on the current page, waivers left out."""
    # The same document at another width has it already (an element with id="axe" would also be `window.axe`).
    if not page.evaluate("typeof window.axe?.run === 'function'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    found = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if not _waived(violation["id"], target):
                found.append(
                    f"{page.url} {violation['id']} ({violation['impact']}): {target} — {node['failureSummary']}"
                )
    return found


def resize(page, size: dict) -> None:
    """The viewport at `size`, once the page has handled the resize: the browser fires `resize` at its next frame,
    and a page script may change the markup then (static/js/scroll-regions.js makes a table that now scrolls
    focusable)."""
    page.set_viewport_size(size)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def sideways_overflow(page) -> int:
    """How many CSS pixels the page scrolls sideways (0 where it reflows). Measured once the page has loaded: right
    after a click that navigates, the old document may be gone and the new one not there yet."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# What axe's answer depends on: the address, the viewport and the document as it stands, hidden inputs' values
# (CSRF and one-time tokens, new on every load) left out. Hashed in the page: documents run to megabytes.
FINGERPRINT = """async () => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll('input[type=hidden]').forEach(input => input.removeAttribute('value'));
  const text = `${location.href} ${innerWidth}x${innerHeight} ${copy.outerHTML}`;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
}"""


class AxeWatch:
    """Runs axe once on each page that loads, at the test's next browser command (never inside an event); a
    page that comes back exactly as axe saw it before (a journey's home page, between its steps) is not checked
    again."""

    def __init__(self, page):
        self.page = page
        self.found: list[str] = []
        self.pending = False
        self.running = False
        self.main = greenlet.getcurrent()
        self.checked: set[str] = set()
        page.on("load", self._loaded)

    def _loaded(self, _page):
        self.pending = True

    def check_pending(self):
        # Only between the test's own commands: event handlers run in other greenlets, mid-command.
        if not self.pending or self.running or greenlet.getcurrent() is not self.main or self.page.is_closed():
            return
        self.running = True
        try:
            self.pending = False
            try:
                self.page.wait_for_load_state("load")
                fingerprint = self.page.evaluate(FINGERPRINT)
                if fingerprint not in self.checked:
                    self.found.extend(violations(self.page))
                    self.checked.add(fingerprint)
            except Exception as error:  # noqa: BLE001 - the page navigated away mid-run: check the next one
                if "context was destroyed" not in str(error) and "navigat" not in str(error):
                    raise
                self.pending = True
        finally:
            self.running = False

    def patch(self, monkeypatch):
        original = SyncBase._sync
        watch = self

        def _sync(self, awaitable):
            watch.check_pending()
            return original(self, awaitable)

        monkeypatch.setattr(SyncBase, "_sync", _sync)
