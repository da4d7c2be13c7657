"""Tag pages and wrangling. `<tag:name>` is AO3's tag escaping (ficshelf/tags/converters.py)."""

from django.urls import path

from ficshelf.tags import views

app_name = "tags"

urlpatterns = [
    path("tags/<tag:name>", views.tag_detail, name="tag"),
    path("tags/<tag:name>/edit", views.tag_edit, name="tag_edit"),
    path("tags/<tag:name>/wrangle", views.wrangle, name="tag_wrangle"),
    path("tag_wranglings", views.tag_wranglings, name="tag_wranglings"),
]
