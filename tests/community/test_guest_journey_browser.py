"""A guest's side of a work, in a real browser with JavaScript off: the page they get is
one any cache could have kept (no cookie), and kudos, a comment and the hit still count."""

import pytest
from django.core.cache import cache

from ficshelf.accounts.models import User
from ficshelf.community.models import Comment, Kudos
from ficshelf.works.models import Work
from tests.base import PASSWORD, make_work
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_guest_read_leave_kudos_and_comment_from_a_cacheable_page(live_server):
    cache.clear()
    author = User.objects.create_user("author", "author@example.org", PASSWORD)
    work = make_work(author, "The Heron Umbrella")
    base = live_server.url

    with chromium() as browser:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        response = page.goto(f"{base}/works/{work.pk}")
        assert response.headers["cache-control"] == "public, max-age=60"
        assert "set-cookie" not in response.headers
        assert context.cookies() == []
        # The beacon image loaded with the page, so the view counts though the page didn't.
        assert Work.objects.get(pk=work.pk).hit_count == 1

        page.get_by_role("button", name="Kudos ♥").click()
        page.wait_for_selector("text=Thank you for leaving kudos!")
        assert Kudos.objects.filter(work=work, user=None).count() == 1

        page.goto(f"{base}/works/{work.pk}")
        form = page.locator("#add_comment")
        form.get_by_label("Comment").fill("Lovely rain.")
        form.get_by_label("Guest name").fill("Wren")
        form.get_by_label("Guest email").fill("wren@example.org")
        page.get_by_role("button", name="Comment", exact=True).click()
        page.wait_for_selector("text=Comment created!")
        assert Comment.objects.get().guest_name == "Wren"
        assert Work.objects.get(pk=work.pk).hit_count == 1  # one visitor, one day
