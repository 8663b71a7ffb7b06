"""The accessibility check itself: it runs under the app's CSP and does catch problems."""

import pytest

from .helpers import assert_accessible, run_axe

pytestmark = pytest.mark.browser


def test_axe_runs_under_the_content_security_policy_and_reports_violations(page):
    response = page.goto("/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    results = assert_accessible(page)
    assert results["engine"].startswith("axe-core ")

    # Take the label away from the password field: a critical problem axe must report.
    page.evaluate(
        """() => {
          document.querySelector("label[for=id_password]").remove();
          const field = document.querySelector("#id_password");
          for (const name of ["placeholder", "aria-describedby", "title"]) field.removeAttribute(name);
        }"""
    )
    assert "label" in {v["id"] for v in run_axe(page)["violations"]}
    with pytest.raises(AssertionError, match=r"\[critical\] label: .*\n.*#id_password"):
        assert_accessible(page)


def test_a_refused_inline_script_fails_the_page_check(page):
    page.goto("/accounts/login/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "window.inlineRan = true";
              document.body.append(script);
            }"""
        )
    assert page.evaluate("() => window.inlineRan") is None
    with pytest.raises(AssertionError, match="Content-Security-Policy violations"):
        assert_accessible(page)
