"""The browser harness fails where it must: a page that shows an error, a page that a
screen reader or a keyboard user could not use."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from tests.browser import assert_accessible, open_page


def test_open_page_fails_with_the_alert_the_console_shows(page: Page, console_url: str) -> None:
    def unreachable(route: Route) -> None:
        route.fulfill(json={"errors": [{"message": "the graph is unreachable"}]})

    page.route("**/graphql", unreachable)
    with pytest.raises(AssertionError, match="shows an alert: the graph is unreachable"):
        open_page(page, f"{console_url}/")


def test_assert_accessible_names_each_violation_under_the_consoles_policy(
    page: Page, console_url: str
) -> None:
    open_page(page, f"{console_url}/")
    page.evaluate(
        """() => document.getElementById("content").insertAdjacentHTML(
            "beforeend", '<img src="/assets/none.png"><input id="unlabelled">')"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    assert "image-alt (critical)" in str(failure.value)
    assert "label (critical)" in str(failure.value) and "#unlabelled" in str(failure.value)
