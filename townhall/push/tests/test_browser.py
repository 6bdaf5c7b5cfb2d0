import pytest

from townhall.people.tests.test_browser import sign_in


@pytest.mark.browser
def test_the_service_worker_installs_and_serves_the_offline_page_without_a_network(
    page, live_server, client, member, assert_accessible
):
    sign_in(page, client, live_server, member)
    page.goto(f"{live_server.url}/push/")
    assert page.get_by_role("heading", level=1).inner_text() == "Push notifications on this device"
    page.wait_for_function(
        "navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready"
    )
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{live_server.url}/"
    # The switch says what this browser can do (headless Chromium has no push service).
    status = page.locator("[data-push-status]")
    page.wait_for_function(
        "document.querySelector('[data-push-status]').textContent.indexOf('Checking') < 0"
    )
    assert status.inner_text().startswith(("Off:", "This browser cannot"))
    assert_accessible(page)

    page.reload()  # now controlled by the worker
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/groups/")
    assert page.get_by_role("heading", level=1).inner_text() == "You are offline"
    page.context.set_offline(False)
