"""The Content-Security-Policy in a real browser: the main pages work under it and break no rule."""

import datetime

import pytest

from ficshelf.accounts.models import User
from ficshelf.community import tasks
from ficshelf.tags.models import Tag, TagType
from tests.base import PASSWORD, make_work
from tests.browser import chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports each blocked script, style or handler on the console; the listener
# catches what a message might leave out (the directive and what it blocked).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) =>
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`));
"""


def test_it_breaks_no_content_security_rule_on_the_main_pages(live_server):
    writer = User.objects.create_user("writer_three", "writer3@example.org", PASSWORD)
    Tag.objects.create(name="Sherlock Holmes - Arthur Conan Doyle", type=TagType.FANDOM, canonical=True)
    work = make_work(writer, "The Heron Umbrella", chapters=["<p>It rained.</p>", "<p>It cleared.</p>"])
    for visitor in ("v1", "v2"):  # rows for the stats page's hits bars
        tasks.record_visit.call(work.pk, None, visitor, None, datetime.date.today().isoformat())
    with chromium() as browser:
        context = browser.new_context()
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        complaints: list[str] = []
        page.on(
            "console",
            lambda message: (
                complaints.append(message.text)
                if any(
                    word in message.text for word in ("Content Security Policy", "CSP", "Permissions-Policy")
                )
                else None
            ),
        )

        index = page.goto(f"{live_server.url}/works/")
        assert "default-src 'self'" in index.headers["content-security-policy"]
        page.get_by_role("link", name="The Heron Umbrella").first.click()
        page.wait_for_selector("h2.title.heading")
        page.get_by_role("button", name="Kudos ♥").click()
        page.wait_for_selector("text=Thank you for leaving kudos!")

        log_in(page, live_server.url, "writer_three", PASSWORD)
        page.goto(f"{live_server.url}/works/new")
        page.get_by_label("Fandoms").press_sequentially("Sherl")
        suggestion = page.get_by_role("listbox").get_by_text("Sherlock Holmes - Arthur Conan Doyle")
        suggestion.click()  # the static autocomplete script ran, fetched and filled in
        assert page.get_by_label("Fandoms").input_value() == "Sherlock Holmes - Arthur Conan Doyle, "

        page.goto(f"{live_server.url}/works/{work.pk}/stats")
        bar = page.locator("table.stats-table meter.bar").first
        assert bar.bounding_box()["width"] > 0
        assert complaints == []
