"""Readers' URLs, following AO3's where it has them."""

from django.urls import path

from ficshelf.community.views import (
    bookmarks,
    comments,
    creatorships,
    inbox,
    kudos,
    readings,
    stats,
    subscriptions,
)

app_name = "community"

urlpatterns = [
    path("works/<int:work_id>/kudos", kudos.kudos, name="kudos"),
    path("works/<int:work_id>/chapters/<int:chapter_id>/comments", comments.new_comment, name="new_comment"),
    path("comments/<int:comment_id>", comments.comment_detail, name="comment"),
    path("comments/<int:comment_id>/reply", comments.reply, name="reply"),
    path("comments/<int:comment_id>/edit", comments.edit_comment, name="edit_comment"),
    path("comments/<int:comment_id>/delete", comments.delete_comment, name="delete_comment"),
    path("comments/<int:comment_id>/approve", comments.approve_comment, name="approve_comment"),
    path("works/<int:work_id>/bookmarks", bookmarks.work_bookmarks, name="work_bookmarks"),
    path("works/<int:work_id>/bookmarks/new", bookmarks.new_bookmark, name="new_bookmark"),
    path("series/<int:series_id>/bookmarks/new", bookmarks.new_bookmark, name="new_series_bookmark"),
    path("bookmarks/<int:bookmark_id>", bookmarks.bookmark_detail, name="bookmark"),
    path("bookmarks/<int:bookmark_id>/edit", bookmarks.edit_bookmark, name="edit_bookmark"),
    path("bookmarks/<int:bookmark_id>/delete", bookmarks.delete_bookmark, name="delete_bookmark"),
    path("users/<str:username>/bookmarks", bookmarks.user_bookmarks, name="user_bookmarks"),
    path("users/<str:username>/subscriptions", subscriptions.subscriptions, name="subscriptions"),
    path(
        "users/<str:username>/subscriptions/<int:subscription_id>/delete",
        subscriptions.unsubscribe,
        name="unsubscribe",
    ),
    path("unsubscribe/<str:token>", subscriptions.unsubscribe_emails, name="unsubscribe_emails"),
    path("inbox", inbox.inbox, name="inbox"),
    path("users/<str:username>/creatorships", creatorships.creatorship_requests, name="creatorship_requests"),
    path(
        "users/<str:username>/creatorships/<int:creatorship_id>/accept",
        creatorships.accept_creatorship,
        name="accept_creatorship",
    ),
    path(
        "users/<str:username>/creatorships/<int:creatorship_id>/decline",
        creatorships.decline_creatorship,
        name="decline_creatorship",
    ),
    path("works/<int:work_id>/mark_for_later", readings.mark_for_later, name="mark_for_later"),
    path("works/<int:work_id>/mark_as_read", readings.mark_as_read, name="mark_as_read"),
    path("users/<str:username>/readings", readings.readings, name="readings"),
    path("users/<str:username>/readings/clear", readings.clear_history, name="clear_history"),
    path(
        "users/<str:username>/readings/<int:reading_id>/delete",
        readings.forget_reading,
        name="forget_reading",
    ),
    path("works/<int:work_id>/stats", stats.work_stats, name="work_stats"),
]
