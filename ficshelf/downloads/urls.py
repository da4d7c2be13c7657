"""Downloads at AO3-style addresses: /downloads/ID/SLUG.epub and /downloads/series/ID/SLUG.epub."""

from django.urls import re_path

from ficshelf.downloads import views

app_name = "downloads"

FORMATS = r"(?P<fmt>epub|pdf|html|txt)"
WORK_FILE = rf"^downloads/(?P<work_id>\d+)/(?P<slug>[^/]*)\.{FORMATS}$"
SERIES_FILE = rf"^downloads/series/(?P<series_id>\d+)/(?P<slug>[^/]*)\.{FORMATS}$"

# Also mounted by the feeds app under /opds/u/TOKEN/: the same files as a private
# catalog's owner sees them, for reading apps that cannot log in.
urlpatterns = [
    re_path(WORK_FILE, views.work_download, name="download"),
    re_path(SERIES_FILE, views.series_download, name="series_download"),
]
