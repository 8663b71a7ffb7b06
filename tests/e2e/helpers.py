"""What browser tests do on every page: check accessibility, sign in, answer MFA."""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axe_playwright_python.base import AXE_FILE_PATH

AXE_SOURCE = AXE_FILE_PATH.read_text(encoding="utf-8")
FAILING_IMPACTS = {"serious", "critical"}

# Evaluated through the DevTools protocol, which the page's Content-Security-Policy
# does not govern, so axe runs under the app's real CSP (script-src 'self').
RUN_AXE = """async () => {
  const results = await window.axe.run(document, {resultTypes: ["violations"]});
  return {
    engine: results.testEngine.name + " " + results.testEngine.version,
    url: results.url,
    violations: results.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      targets: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
    })),
  };
}"""


def run_axe(page) -> dict:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(RUN_AXE)
    assert results and results["engine"].startswith("axe-core"), "axe-core did not run"
    return results


def assert_accessible(page) -> dict:
    """Fail on any serious or critical axe-core violation on the current page.

    Also fails if the page broke the Content-Security-Policy (an inline script or
    style the browser refused): what the CSP blocks, people never get.
    """
    violations = getattr(page, "csp_violations", [])
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
    results = run_axe(page)
    failing = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    if failing:
        lines = [f"{len(failing)} accessibility violation(s) on {results['url']}:"]
        for violation in failing:
            lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
            for node in violation["targets"]:
                lines.append(f"    at {node['target']}")
                if node["summary"]:
                    lines.append("      " + node["summary"].replace("\n", "\n      "))
        raise AssertionError("\n".join(lines))
    return results


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows for ``secret`` now (or at ``at``)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def fresh_totp_code(secret: str) -> str:
    """A code that stays valid for the next few seconds (waits out a period's last 3 s)."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 3:
        time.sleep(left + 0.2)
    return totp_code(secret)


def sign_in(page, email: str, password: str) -> None:
    """Fill in and send the real login form; checks the form is accessible first."""
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.get_by_test_id("sign-out").click()
    page.wait_for_url("**/accounts/login/**")


def nav_labels(page) -> list[str]:
    nav = page.get_by_role("navigation", name="Main")
    if nav.count() == 0:
        return []
    return [text.strip() for text in nav.get_by_role("link").all_inner_texts()]
