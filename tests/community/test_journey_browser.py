"""A reader's side of a work, in a real browser with JavaScript off.

The reader leaves kudos, comments, bookmarks and subscribes; the author posts
chapter 2 and replies from the inbox; the reader finds both in the inbox and gets
one digest mail.
"""

import pytest
from django.core import mail
from django.core.cache import cache

from ficshelf.accounts.models import User
from ficshelf.community import tasks
from ficshelf.community.models import Bookmark, Comment, Kudos, Subscription
from tests.base import PASSWORD, make_work
from tests.browser import chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_leaves_feedback_follows_and_hears_back(live_server, settings):
    settings.SITE_URL = live_server.url
    cache.clear()
    mail.outbox = []
    author = User.objects.create_user("author", "author@example.org", PASSWORD)
    reader = User.objects.create_user("reader", "reader@example.org", PASSWORD)
    work = make_work(author, "The Battle of the Heart", notes_begin="<p>Updates soon, I promise!</p>")
    base = live_server.url

    with chromium() as browser:
        page = browser.new_context(java_script_enabled=False).new_page()
        log_in(page, base, "reader", PASSWORD)
        page.goto(f"{base}/works/{work.pk}")

        page.get_by_role("button", name="Kudos ♥").click()
        page.wait_for_selector("text=Thank you for leaving kudos!")
        assert page.locator("#kudos").inner_text().strip() == "reader left kudos on this work!"

        page.locator("#add_comment").get_by_label("Comment").fill("Please update soon!")
        page.get_by_role("button", name="Comment", exact=True).click()
        page.wait_for_selector("text=Comment created!")
        assert "Please update soon!" in page.locator("#comments_placeholder").inner_text()

        page.get_by_role("link", name="Bookmark", exact=True).click()
        page.get_by_label("Notes").fill("The one with the heron.")
        page.get_by_label("Your tags").fill("comfort read, rain")
        page.get_by_role("button", name="Create").click()
        page.wait_for_selector("text=Bookmark was successfully created.")

        page.goto(f"{base}/works/{work.pk}")
        page.get_by_role("button", name="Subscribe", exact=True).click()
        page.wait_for_selector("text=You are now following The Battle of the Heart.")
        assert page.get_by_role("button", name="Unsubscribe").is_visible()

        assert Kudos.objects.filter(work=work, user=reader).count() == 1
        assert Bookmark.objects.get(user=reader).tags == ["comfort read", "rain"]
        assert Subscription.objects.get(user=reader).work_id == work.pk
        page.goto(f"{base}/users/reader/bookmarks")
        assert "The Battle of the Heart" in page.locator("li.bookmark.blurb").inner_text()

        writer = browser.new_context(java_script_enabled=False).new_page()
        log_in(writer, base, "author", PASSWORD)
        writer.goto(f"{base}/works/{work.pk}")
        writer.get_by_role("link", name="Add Chapter").click()
        writer.get_by_label("Chapter title").fill("The Update")
        writer.get_by_label("Chapter text").fill("As promised, the battle went on.")
        writer.get_by_role("button", name="Post", exact=True).click()
        writer.wait_for_selector("text=As promised, the battle went on.")

        writer.get_by_role("link", name="Inbox").click()
        assert "Please update soon!" in writer.locator("ol.inbox").inner_text()
        writer.locator("details.inbox-reply summary").first.click()
        writer.locator("details.inbox-reply textarea").first.fill("Here it is!")
        writer.locator("details.inbox-reply").first.get_by_role("button", name="Comment").click()
        writer.wait_for_selector("text=Comment created!")
        assert writer.url == f"{base}/inbox"

        page.get_by_role("link", name="Inbox").click()
        inbox = page.locator("ol.inbox").inner_text()
        assert "My Inbox (2 unread)" in page.content()
        assert "New chapter: Chapter 2: The Update of The Battle of the Heart" in inbox
        assert "author replied to your comment on" in inbox
        assert "Here it is!" in inbox

    assert Comment.objects.get(user=author).parent.user == reader
    # The hourly digest, sent now: one mail holding both, with one-click unsubscribe.
    assert tasks.send_digest.call(reader.pk) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert message.subject == "[Ficshelf] 2 new notifications"
    assert "New chapter: Chapter 2: The Update" in message.body
    assert "author replied to your comment" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{base}/unsubscribe/")
    assert tasks.send_digest.call(reader.pk) is False  # nothing new: no second mail
    assert len(mail.outbox) == 1
