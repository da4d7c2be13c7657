"""The import page and the drafts it makes, under /works/import."""

from django.urls import path

from ficshelf.importing import views

app_name = "importing"

urlpatterns = [
    path("works/import", views.import_start, name="import_work"),
    path("works/import/<int:draft_id>", views.import_preview, name="import_preview"),
    path("works/import/<int:draft_id>/chapters/<int:number>", views.import_chapter, name="import_chapter"),
    path("works/import/<int:draft_id>/discard", views.import_discard, name="import_discard"),
]
