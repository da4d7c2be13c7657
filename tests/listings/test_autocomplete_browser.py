"""The tag autocomplete in a real browser: it asks the address its script tag names."""

import pytest

from ficshelf.accounts.models import User
from ficshelf.tags.models import Tag, TagType
from tests.base import PASSWORD
from tests.browser import chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_suggests_tags_while_a_writer_types(live_server):
    User.objects.create_user("writer_two", "writer2@example.org", PASSWORD)
    Tag.objects.create(name="Sherlock Holmes - Arthur Conan Doyle", type=TagType.FANDOM, canonical=True)
    with chromium() as browser:
        page = browser.new_page()
        log_in(page, live_server.url, "writer_two", PASSWORD)
        page.goto(f"{live_server.url}/works/new")
        page.get_by_label("Fandoms").press_sequentially("Sherl")
        suggestion = page.get_by_role("listbox").get_by_text("Sherlock Holmes - Arthur Conan Doyle")
        suggestion.wait_for(timeout=5000)
