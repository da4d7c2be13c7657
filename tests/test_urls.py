"""Every named route reverses to the AO3-style address the guide promises, and back.

The table is the site's address book: a new route fails here until it is added,
with an example and the literal path it must give.
"""

from urllib.parse import unquote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

W, C = {"work_id": 12}, {"work_id": 12, "chapter_id": 5}
U = {"username": "alice"}
T = {"token": "TOKEN"}
DOWNLOAD = {"work_id": 12, "slug": "the_borrowed_umbrella", "fmt": "epub"}
SERIES_DOWNLOAD = {"series_id": 3, "slug": "umbrellas", "fmt": "epub"}

# name → (kwargs, the path it must reverse to)
ROUTES = {
    "listings:home": ({}, "/"),
    "listings:works": ({}, "/works/"),
    "listings:search": ({}, "/works/search"),
    "listings:tag_autocomplete": ({}, "/autocomplete/tag"),
    "listings:tag_works": ({"name": "Spike"}, "/tags/Spike/works"),
    "listings:user": (U, "/users/alice/"),
    "listings:pseud": ({**U, "pseud_name": "Mr. Smith"}, "/users/alice/pseuds/Mr.%20Smith"),
    "importing:import_work": ({}, "/works/import"),
    "importing:import_preview": ({"draft_id": 7}, "/works/import/7"),
    "importing:import_chapter": ({"draft_id": 7, "number": 3}, "/works/import/7/chapters/3"),
    "importing:import_discard": ({"draft_id": 7}, "/works/import/7/discard"),
    "works:new_work": ({}, "/works/new"),
    "works:work": (W, "/works/12"),
    "works:edit_work": (W, "/works/12/edit"),
    "works:post_draft": (W, "/works/12/post"),
    "works:delete_work": (W, "/works/12/delete"),
    "works:remove_me": (W, "/works/12/remove_me"),
    "works:chapter_index": (W, "/works/12/navigate"),
    "works:new_chapter": (W, "/works/12/chapters/new"),
    "works:manage_chapters": (W, "/works/12/chapters/manage"),
    "works:chapter": (C, "/works/12/chapters/5"),
    "works:hit": (C, "/works/12/chapters/5/hit.gif"),
    "works:edit_chapter": (C, "/works/12/chapters/5/edit"),
    "works:delete_chapter": (C, "/works/12/chapters/5/delete"),
    "works:series": ({"series_id": 3}, "/series/3"),
    "works:edit_series": ({"series_id": 3}, "/series/3/edit"),
    "tags:tag": ({"name": "Spike"}, "/tags/Spike"),
    "tags:tag_edit": ({"name": "Spike"}, "/tags/Spike/edit"),
    "tags:tag_wrangle": (
        {"name": "Buffy the Vampire Slayer"},
        "/tags/Buffy%20the%20Vampire%20Slayer/wrangle",
    ),
    "tags:tag_wranglings": ({}, "/tag_wranglings"),
    "accounts:signup": ({}, "/signup"),
    "accounts:login": ({}, "/login"),
    "accounts:logout": ({}, "/logout"),
    "accounts:reauthenticate": ({}, "/login/again"),
    "accounts:inactive": ({}, "/account/inactive"),
    "accounts:email": ({}, "/account/email"),
    "accounts:email_verification_sent": ({}, "/account/email/sent"),
    "accounts:confirm_email": ({"key": "MQ:1v:abc"}, "/account/email/confirm/MQ:1v:abc"),
    "accounts:password_change": ({}, "/password/change"),
    "accounts:password_change_done": ({}, "/password/changed"),
    "accounts:password_set": ({}, "/password/set"),
    "accounts:password_reset": ({}, "/password/reset"),
    "accounts:password_reset_done": ({}, "/password/reset/sent"),
    "accounts:password_reset_confirm": (
        {"uidb36": "1", "key": "set-password"},
        "/password/reset/1-set-password",
    ),
    "accounts:password_reset_complete": ({}, "/password/reset/done"),
    "accounts:pseuds": (U, "/users/alice/pseuds/"),
    "accounts:preferences": (U, "/users/alice/preferences"),
    "accounts:blocked_users": (U, "/users/alice/blocked/users"),
    "accounts:confirm_block": (U, "/users/alice/blocked/users/confirm_block"),
    "accounts:unblock": ({**U, "other_name": "bob"}, "/users/alice/blocked/users/bob/unblock"),
    "accounts:muted_users": (U, "/users/alice/muted/users"),
    "accounts:confirm_mute": (U, "/users/alice/muted/users/confirm_mute"),
    "accounts:unmute": ({**U, "other_name": "bob"}, "/users/alice/muted/users/bob/unmute"),
    "community:kudos": (W, "/works/12/kudos"),
    "community:new_comment": (C, "/works/12/chapters/5/comments"),
    "community:comment": ({"comment_id": 9}, "/comments/9"),
    "community:reply": ({"comment_id": 9}, "/comments/9/reply"),
    "community:edit_comment": ({"comment_id": 9}, "/comments/9/edit"),
    "community:delete_comment": ({"comment_id": 9}, "/comments/9/delete"),
    "community:approve_comment": ({"comment_id": 9}, "/comments/9/approve"),
    "community:work_bookmarks": (W, "/works/12/bookmarks"),
    "community:new_bookmark": (W, "/works/12/bookmarks/new"),
    "community:new_series_bookmark": ({"series_id": 3}, "/series/3/bookmarks/new"),
    "community:bookmark": ({"bookmark_id": 4}, "/bookmarks/4"),
    "community:edit_bookmark": ({"bookmark_id": 4}, "/bookmarks/4/edit"),
    "community:delete_bookmark": ({"bookmark_id": 4}, "/bookmarks/4/delete"),
    "community:user_bookmarks": (U, "/users/alice/bookmarks"),
    "community:subscriptions": (U, "/users/alice/subscriptions"),
    "community:unsubscribe": ({**U, "subscription_id": 8}, "/users/alice/subscriptions/8/delete"),
    "community:unsubscribe_emails": ({"token": "signed:token"}, "/unsubscribe/signed:token"),
    "community:inbox": ({}, "/inbox"),
    "community:creatorship_requests": (U, "/users/alice/creatorships"),
    "community:accept_creatorship": ({**U, "creatorship_id": 8}, "/users/alice/creatorships/8/accept"),
    "community:decline_creatorship": ({**U, "creatorship_id": 8}, "/users/alice/creatorships/8/decline"),
    "community:mark_for_later": (W, "/works/12/mark_for_later"),
    "community:mark_as_read": (W, "/works/12/mark_as_read"),
    "community:readings": (U, "/users/alice/readings"),
    "community:clear_history": (U, "/users/alice/readings/clear"),
    "community:forget_reading": ({**U, "reading_id": 6}, "/users/alice/readings/6/delete"),
    "community:work_stats": (W, "/works/12/stats"),
    "moderation:audit": ({}, "/moderation/audit"),
    "downloads:download": (DOWNLOAD, "/downloads/12/the_borrowed_umbrella.epub"),
    "downloads:series_download": (SERIES_DOWNLOAD, "/downloads/series/3/umbrellas.epub"),
    "site:healthz": ({}, "/healthz"),
    "site:metrics": ({}, "/metrics"),
    "feeds:works_feed": ({}, "/works/feed.atom"),
    "feeds:work_feed": (W, "/works/12/feed.atom"),
    "feeds:tag_feed": ({"name": "Spike"}, "/tags/Spike/feed.atom"),
    "feeds:user_feed": (U, "/users/alice/feed.atom"),
    "feeds:reading_apps": (U, "/users/alice/reading-apps"),
    "feeds:opds:root": ({}, "/opds/"),
    "feeds:opds:recent": ({}, "/opds/recent"),
    "feeds:opds:fandoms": ({}, "/opds/fandoms"),
    "feeds:opds:tag_types": ({}, "/opds/tags"),
    "feeds:opds:tags_of_type": ({"tag_type": "Fandom"}, "/opds/tags/types/Fandom"),
    "feeds:opds:tag": ({"name": "Buffy Summers/Spike"}, "/opds/tags/Buffy%20Summers*s*Spike"),
    "feeds:opds:search": ({}, "/opds/search"),
    "feeds:opds:opensearch": ({}, "/opds/opensearch.xml"),
    "feeds:opds:marked_for_later": ({}, "/opds/marked-for-later"),
    "feeds:opds:bookmarks": ({}, "/opds/bookmarks"),
    "feeds:private_opds:root": (T, "/opds/u/TOKEN/"),
    "feeds:private_opds:recent": (T, "/opds/u/TOKEN/recent"),
    "feeds:private_opds:fandoms": (T, "/opds/u/TOKEN/fandoms"),
    "feeds:private_opds:tag_types": (T, "/opds/u/TOKEN/tags"),
    "feeds:private_opds:tags_of_type": ({**T, "tag_type": "Fandom"}, "/opds/u/TOKEN/tags/types/Fandom"),
    "feeds:private_opds:tag": ({**T, "name": "Spike"}, "/opds/u/TOKEN/tags/Spike"),
    "feeds:private_opds:search": (T, "/opds/u/TOKEN/search"),
    "feeds:private_opds:opensearch": (T, "/opds/u/TOKEN/opensearch.xml"),
    "feeds:private_opds:marked_for_later": (T, "/opds/u/TOKEN/marked-for-later"),
    "feeds:private_opds:bookmarks": (T, "/opds/u/TOKEN/bookmarks"),
    "feeds:private_opds:download": (
        {**T, **DOWNLOAD},
        "/opds/u/TOKEN/downloads/12/the_borrowed_umbrella.epub",
    ),
    "feeds:private_opds:series_download": (
        {**T, **SERIES_DOWNLOAD},
        "/opds/u/TOKEN/downloads/series/3/umbrellas.epub",
    ),
}

# django-allauth's views find one another by allauth's own names: each is a second
# route (accounts/urls.py's allauth_names) at the address of a Ficshelf one.
ALLAUTH_NAMES = {
    "account_signup": "accounts:signup",
    "account_login": "accounts:login",
    "account_logout": "accounts:logout",
    "account_reauthenticate": "accounts:reauthenticate",
    "account_inactive": "accounts:inactive",
    "account_email": "accounts:email",
    "account_email_verification_sent": "accounts:email_verification_sent",
    "account_confirm_email": "accounts:confirm_email",
    "account_change_password": "accounts:password_change",
    "account_set_password": "accounts:password_set",
    "account_reset_password": "accounts:password_reset",
    "account_reset_password_done": "accounts:password_reset_done",
    "account_reset_password_from_key": "accounts:password_reset_confirm",
    "account_reset_password_from_key_done": "accounts:password_reset_complete",
}

# The only routes without a name: AO3's trailing-slash-less addresses, which links
# never use; each answers as the named route beside it does.
ALIASES = {"/works": "/works/", "/users/alice": "/users/alice/"}


def _walk(patterns, namespace=""):
    """(full name or None, route) for every pattern, leaving out Django's admin."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        else:
            assert isinstance(pattern, URLPattern)
            yield (f"{namespace}{pattern.name}" if pattern.name else None), pattern


def test_it_names_every_route_and_the_table_lists_every_name():
    walked = list(_walk(get_resolver().url_patterns))
    names = [name for name, _ in walked if name]
    assert len(names) == len(set(names)), "two routes share a name"
    assert set(names) == set(ROUTES) | set(ALLAUTH_NAMES), (
        "add the new route to ROUTES (or drop the one that went)"
    )
    unnamed = [str(pattern.pattern) for name, pattern in walked if name is None]
    assert sorted(unnamed) == ["users/<str:username>", "works"], "name the new route"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_it_reverses_each_route_to_its_ao3_path(name):
    kwargs, path = ROUTES[name]
    assert reverse(name, kwargs=kwargs) == path


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_it_resolves_each_path_back_to_its_route(name):
    path = ROUTES[name][1]
    match = resolve(unquote(path))  # requests arrive percent-decoded
    assert match.view_name == name
    assert reverse(match.view_name, kwargs=match.kwargs) == path


@pytest.mark.parametrize("name", sorted(ALLAUTH_NAMES))
def test_it_gives_allauths_names_the_addresses_of_ficshelfs(name):
    kwargs, path = ROUTES[ALLAUTH_NAMES[name]]
    assert reverse(name, kwargs=kwargs) == path
    assert resolve(unquote(path)).view_name == ALLAUTH_NAMES[name]


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_it_answers_the_slashless_aliases_like_their_routes(alias):
    assert resolve(alias).func == resolve(ALIASES[alias]).func
    assert resolve(alias).kwargs == resolve(ALIASES[alias]).kwargs


def test_it_round_trips_a_tag_named_with_a_literal_escape():
    path = reverse("listings:tag_works", kwargs={"name": "Spike*s*Dru"})
    assert path == "/tags/Spike*x*s*x*Dru/works"
    match = resolve(path)
    assert (match.view_name, match.kwargs) == ("listings:tag_works", {"name": "Spike*s*Dru"})
    # AO3's own link for that name reads, as on AO3, as "Spike/Dru".
    assert resolve("/tags/Spike*s*Dru/works").kwargs == {"name": "Spike/Dru"}


def test_it_quotes_pseud_names_and_reads_them_back():
    path = reverse("listings:pseud", kwargs={"username": "alice", "pseud_name": "Ünï côdé"})
    assert path == "/users/alice/pseuds/%C3%9Cn%C3%AF%20c%C3%B4d%C3%A9"
    assert resolve(unquote(path)).kwargs == {"username": "alice", "pseud_name": "Ünï côdé"}


def test_it_keeps_both_opds_mounts_apart():
    assert resolve("/opds/recent").view_name == "feeds:opds:recent"
    match = resolve("/opds/u/TOKEN/recent")
    assert (match.view_name, match.kwargs) == ("feeds:private_opds:recent", {"token": "TOKEN"})
    assert resolve("/opds/u/TOKEN/downloads/12/x.pdf").view_name == "feeds:private_opds:download"
