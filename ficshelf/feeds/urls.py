"""Atom feeds beside the pages they follow, and the OPDS catalog at /opds/."""

from django.urls import include, path

from ficshelf.downloads.urls import token_urlpatterns
from ficshelf.feeds import opds, reading_apps, views

# The catalog, mounted twice: for guests at /opds/ and as a token's owner sees it at
# /opds/u/TOKEN/, where its downloads are served too.
catalog = [
    path("", opds.root),
    path("recent", opds.recent),
    path("fandoms", opds.fandoms),
    path("tags", opds.tag_types),
    path("tags/types/<str:tag_type>", opds.tags_of_type),
    path("tags/<str:name>", opds.tag),
    path("search", opds.search),
    path("opensearch.xml", opds.opensearch),
    path("marked-for-later", opds.marked_for_later),
    path("bookmarks", opds.bookmarks),
]

urlpatterns = [
    path("works/feed.atom", views.recent_works, name="works_feed"),
    path("works/<int:work_id>/feed.atom", views.work_feed, name="work_feed"),
    path("tags/<str:name>/feed.atom", views.tag_feed, name="tag_feed"),
    path("users/<str:username>/feed.atom", views.user_feed, name="user_feed"),
    path("users/<str:username>/reading-apps", reading_apps.reading_apps, name="reading_apps"),
    path("opds/", include(catalog)),
    path("opds/u/<str:token>/", include(catalog + token_urlpatterns)),
]
