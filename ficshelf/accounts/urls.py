"""Accounts at AO3's addresses: signing up and in, passwords, pseuds, preferences, and
blocking and muting (/users/ME/blocked/users, /users/ME/muted/users).

Log-in and passwords are Django's own views; their templates are in
ficshelf/templates/registration/.
"""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ficshelf.accounts import views

app_name = "accounts"

BLOCKED, MUTED = {"kind": "blocked"}, {"kind": "muted"}

urlpatterns = [
    path("signup", views.signup, name="signup"),
    path("login", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("password/changed", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="accounts/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/sent", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("users/<str:username>/pseuds/", views.pseuds, name="pseuds"),
    path("users/<str:username>/preferences", views.preferences, name="preferences"),
    path("users/<str:username>/blocked/users", views.relations, BLOCKED, name="blocked_users"),
    path(
        "users/<str:username>/blocked/users/confirm_block",
        views.confirm_relation,
        BLOCKED,
        name="confirm_block",
    ),
    path(
        "users/<str:username>/blocked/users/<str:other_name>/unblock",
        views.remove_relation,
        BLOCKED,
        name="unblock",
    ),
    path("users/<str:username>/muted/users", views.relations, MUTED, name="muted_users"),
    path("users/<str:username>/muted/users/confirm_mute", views.confirm_relation, MUTED, name="confirm_mute"),
    path(
        "users/<str:username>/muted/users/<str:other_name>/unmute",
        views.remove_relation,
        MUTED,
        name="unmute",
    ),
]
