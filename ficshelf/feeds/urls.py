"""Atom feeds beside the pages they follow, and the OPDS catalog at /opds/."""

from django.urls import include, path

from ficshelf.downloads import urls as downloads
from ficshelf.feeds import opds, reading_apps, views

app_name = "feeds"

# The catalog, mounted twice under the same route names: for guests at /opds/
# ("feeds:opds:…") and as a token's owner sees it at /opds/u/TOKEN/
# ("feeds:private_opds:…", token=…), where its downloads are served too.
catalog = [
    path("", opds.root, name="root"),
    path("recent", opds.recent, name="recent"),
    path("fandoms", opds.fandoms, name="fandoms"),
    path("tags", opds.tag_types, name="tag_types"),
    path("tags/types/<str:tag_type>", opds.tags_of_type, name="tags_of_type"),
    path("tags/<tag:name>", opds.tag, name="tag"),
    path("search", opds.search, name="search"),
    path("opensearch.xml", opds.opensearch, name="opensearch"),
    path("marked-for-later", opds.marked_for_later, name="marked_for_later"),
    path("bookmarks", opds.bookmarks, name="bookmarks"),
]

urlpatterns = [
    path("works/feed.atom", views.recent_works, name="works_feed"),
    path("works/<int:work_id>/feed.atom", views.work_feed, name="work_feed"),
    path("tags/<tag:name>/feed.atom", views.tag_feed, name="tag_feed"),
    path("users/<str:username>/feed.atom", views.user_feed, name="user_feed"),
    path("users/<str:username>/reading-apps", reading_apps.reading_apps, name="reading_apps"),
    path("opds/", include((catalog, "opds"))),
    path("opds/u/<str:token>/", include((catalog + downloads.urlpatterns, "private_opds"))),
]
