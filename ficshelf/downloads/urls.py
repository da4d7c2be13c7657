"""Downloads, Atom feeds and the OPDS catalog, at AO3-style addresses."""

from django.urls import include, path, re_path

from ficshelf.downloads import feeds, opds, views

FORMATS = r"(?P<fmt>epub|pdf|html|txt)"

# The catalog and its downloads, mounted twice: for guests at /opds/ and as a
# token's owner sees it at /opds/u/TOKEN/.
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
private_downloads = [
    re_path(rf"^downloads/(?P<work_id>\d+)/(?P<slug>[^/]*)\.{FORMATS}$", views.work_download),
    re_path(rf"^downloads/series/(?P<series_id>\d+)/(?P<slug>[^/]*)\.{FORMATS}$", views.series_download),
]

urlpatterns = [
    re_path(
        rf"^downloads/(?P<work_id>\d+)/(?P<slug>[^/]*)\.{FORMATS}$", views.work_download, name="download"
    ),
    re_path(
        rf"^downloads/series/(?P<series_id>\d+)/(?P<slug>[^/]*)\.{FORMATS}$",
        views.series_download,
        name="series_download",
    ),
    path("works/feed.atom", feeds.recent_works, name="works_feed"),
    path("works/<int:work_id>/feed.atom", feeds.work_feed, name="work_feed"),
    path("tags/<str:name>/feed.atom", feeds.tag_feed, name="tag_feed"),
    path("users/<str:username>/feed.atom", feeds.user_feed, name="user_feed"),
    path("users/<str:username>/reading-apps", views.reading_apps, name="reading_apps"),
    path("opds/", include(catalog)),
    path("opds/u/<str:token>/", include(catalog + private_downloads)),
]
