"""Posting and reading works, chapters and series, at AO3's addresses."""

from django.urls import path

from ficshelf.works import views

app_name = "works"

urlpatterns = [
    path("works/new", views.new_work, name="new_work"),
    path("works/<int:work_id>", views.work_detail, name="work"),
    path("works/<int:work_id>/edit", views.edit_work, name="edit_work"),
    path("works/<int:work_id>/post", views.post_draft, name="post_draft"),
    path("works/<int:work_id>/delete", views.delete_work, name="delete_work"),
    path("works/<int:work_id>/remove_me", views.remove_me, name="remove_me"),
    path("works/<int:work_id>/navigate", views.chapter_index, name="chapter_index"),
    path("works/<int:work_id>/chapters/new", views.new_chapter, name="new_chapter"),
    path("works/<int:work_id>/chapters/manage", views.manage_chapters, name="manage_chapters"),
    path("works/<int:work_id>/chapters/<int:chapter_id>", views.chapter_detail, name="chapter"),
    path("works/<int:work_id>/chapters/<int:chapter_id>/hit.gif", views.work_hit, name="hit"),
    path("works/<int:work_id>/chapters/<int:chapter_id>/edit", views.edit_chapter, name="edit_chapter"),
    path("works/<int:work_id>/chapters/<int:chapter_id>/delete", views.delete_chapter, name="delete_chapter"),
    path("series/<int:series_id>", views.series_detail, name="series"),
    path("series/<int:series_id>/edit", views.edit_series, name="edit_series"),
]
