"""A writer's first day, in a real browser: sign up, verify the address, post, add a
chapter, read on."""

import re

import pytest
from django.core import mail

from ficshelf.works.models import Work
from tests.base import make_work
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_signs_up_posts_two_chapters_and_keeps_private_works_private(live_server):
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{live_server.url}/signup")
        page.get_by_label("User name").fill("writer_one")
        page.get_by_label("Email").fill("writer@example.org")
        page.locator("#id_password1").fill("a sturdy passphrase")
        page.locator("#id_password2").fill("a sturdy passphrase")
        page.get_by_role("button", name="Create Account").click()
        page.wait_for_url("**/users/writer_one/")

        # Until the address is verified, the new account reads but cannot post.
        page.goto(f"{live_server.url}/works/new")
        assert "Please confirm your email address first" in page.content()
        (message,) = mail.outbox
        link = re.search(r"https?://\S+/account/email/confirm/\S+", message.body).group(0)
        page.goto(link)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_selector("text=You have confirmed writer@example.org.")

        page.get_by_role("link", name="Post New Work").click()
        page.get_by_label("Rating").select_option("General Audiences")
        page.get_by_label("No Archive Warnings Apply").check()
        page.get_by_label("Fandoms").fill("Sherlock Holmes - Arthur Conan Doyle")
        page.get_by_label("Work title").fill("The Heron Umbrella")
        page.get_by_label("Chapter title").fill("A Stranger in the Hall")
        page.get_by_label("Chapter text").fill("It was dry.\n\n~~~\n\nIt rained all day.")
        page.get_by_role("button", name="Post", exact=True).click()
        page.wait_for_selector("h2.title.heading")
        assert page.locator("h2.title.heading").inner_text() == "The Heron Umbrella"
        assert "Work was successfully posted." in page.content()

        page.get_by_role("link", name="Add Chapter").click()
        page.get_by_label("Chapter title").fill("The Heron's Owner")
        page.get_by_label("Chapter text").fill("The owner came by cab.")
        page.get_by_role("button", name="Post", exact=True).click()
        page.wait_for_selector("text=The owner came by cab.")

        work = Work.objects.get(title="The Heron Umbrella")
        page.goto(f"{live_server.url}/works/{work.pk}")
        assert "It rained all day." in page.locator("#chapters").inner_text()
        assert page.locator("dd.chapters").first.inner_text() == "2/?"
        page.get_by_role("link", name="Next Chapter →").first.click()
        page.wait_for_selector("text=The owner came by cab.")
        assert "Chapter 2" in page.locator("#chapters h3.title").inner_text()
        assert "← Previous Chapter" in page.content()

        author = work.creator_users()[0]
        locked = make_work(author, "Members Only", restricted=True)
        draft = make_work(author, "Half Written", posted=False)
        guest = browser.new_context().new_page()
        for hidden in (locked, draft):
            response = guest.goto(f"{live_server.url}/works/{hidden.pk}")
            assert response.status == 404
            assert hidden.title not in guest.content()
        guest.goto(f"{live_server.url}/works/")
        assert "The Heron Umbrella" in guest.content()
        assert "Members Only" not in guest.content()
        assert "Half Written" not in guest.content()
