"""Readers' URLs, following AO3's where it has them."""

from django.urls import path

from ficshelf.community import views

urlpatterns = [
    path("works/<int:work_id>/kudos", views.kudos, name="kudos"),
    path("works/<int:work_id>/chapters/<int:chapter_id>/comments", views.new_comment, name="new_comment"),
    path("comments/<int:comment_id>", views.comment_detail, name="comment"),
    path("comments/<int:comment_id>/reply", views.reply, name="reply"),
    path("comments/<int:comment_id>/edit", views.edit_comment, name="edit_comment"),
    path("comments/<int:comment_id>/delete", views.delete_comment, name="delete_comment"),
    path("comments/<int:comment_id>/approve", views.approve_comment, name="approve_comment"),
    path("works/<int:work_id>/bookmarks", views.work_bookmarks, name="work_bookmarks"),
    path("works/<int:work_id>/bookmarks/new", views.new_bookmark, name="new_bookmark"),
    path("series/<int:series_id>/bookmarks/new", views.new_bookmark, name="new_series_bookmark"),
    path("bookmarks/<int:bookmark_id>", views.bookmark_detail, name="bookmark"),
    path("bookmarks/<int:bookmark_id>/edit", views.edit_bookmark, name="edit_bookmark"),
    path("bookmarks/<int:bookmark_id>/delete", views.delete_bookmark, name="delete_bookmark"),
    path("users/<str:username>/bookmarks", views.user_bookmarks, name="user_bookmarks"),
    path("users/<str:username>/subscriptions", views.subscriptions, name="subscriptions"),
    path(
        "users/<str:username>/subscriptions/<int:subscription_id>/delete",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path("unsubscribe/<str:token>", views.unsubscribe_emails, name="unsubscribe_emails"),
    path("inbox", views.inbox, name="inbox"),
    path("works/<int:work_id>/mark_for_later", views.mark_for_later, name="mark_for_later"),
    path("works/<int:work_id>/mark_as_read", views.mark_as_read, name="mark_as_read"),
    path("users/<str:username>/readings", views.readings, name="readings"),
    path("users/<str:username>/readings/clear", views.clear_history, name="clear_history"),
    path(
        "users/<str:username>/readings/<int:reading_id>/delete", views.forget_reading, name="forget_reading"
    ),
    path("works/<int:work_id>/stats", views.work_stats, name="work_stats"),
]
