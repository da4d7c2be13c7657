"""Blocking and muting, at AO3's addresses: /users/ME/blocked/users, /users/ME/muted/users."""

from django.urls import path

from ficshelf.accounts import views

BLOCKED, MUTED = {"kind": "blocked"}, {"kind": "muted"}

urlpatterns = [
    path("users/<str:username>/blocked/users", views.relations, BLOCKED, name="blocked_users"),
    path("users/<str:username>/blocked/users/confirm_block", views.confirm_relation, BLOCKED),
    path("users/<str:username>/blocked/users/<str:other_name>/unblock", views.remove_relation, BLOCKED),
    path("users/<str:username>/muted/users", views.relations, MUTED, name="muted_users"),
    path("users/<str:username>/muted/users/confirm_mute", views.confirm_relation, MUTED),
    path("users/<str:username>/muted/users/<str:other_name>/unmute", views.remove_relation, MUTED),
]
