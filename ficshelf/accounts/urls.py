"""Accounts at AO3's addresses: signing up and in, passwords, email, pseuds, preferences,
and blocking and muting (/users/ME/blocked/users, /users/ME/muted/users).

Sign-up, login, email and passwords are django-allauth's views (its adapter is
accounts/adapter.py, its templates are overridden in accounts/templates/account/).
Allauth's views find one another by their own names ("account_login", …), so each
of its pages is routed twice: here, as accounts:NAME, and in `allauth_names`, at the
same address under allauth's name. ficshelf/urls.py mounts this namespace first, so an
address resolves to accounts:NAME.
"""

from collections.abc import Callable
from typing import Any

from allauth.account import views as allauth_views
from django.urls import URLPattern, path, re_path
from django.views.generic import TemplateView

from ficshelf.accounts import views

app_name = "accounts"

BLOCKED, MUTED = {"kind": "blocked"}, {"kind": "muted"}

# (address, view, Ficshelf's name, allauth's name)
ALLAUTH_PAGES: list[tuple[str, Callable[..., Any], str, str]] = [
    ("signup", allauth_views.signup, "signup", "account_signup"),
    ("login", allauth_views.login, "login", "account_login"),
    ("logout", allauth_views.logout, "logout", "account_logout"),
    ("login/again", allauth_views.reauthenticate, "reauthenticate", "account_reauthenticate"),
    ("account/inactive", allauth_views.account_inactive, "inactive", "account_inactive"),
    ("account/email", views.email, "email", "account_email"),
    (
        "account/email/sent",
        allauth_views.email_verification_sent,
        "email_verification_sent",
        "account_email_verification_sent",
    ),
    (
        r"^account/email/confirm/(?P<key>[-:\w]+)$",
        allauth_views.confirm_email,
        "confirm_email",
        "account_confirm_email",
    ),
    ("password/change", allauth_views.password_change, "password_change", "account_change_password"),
    ("password/set", allauth_views.password_set, "password_set", "account_set_password"),
    ("password/reset", allauth_views.password_reset, "password_reset", "account_reset_password"),
    (
        "password/reset/sent",
        allauth_views.password_reset_done,
        "password_reset_done",
        "account_reset_password_done",
    ),
    (
        "password/reset/done",
        allauth_views.password_reset_from_key_done,
        "password_reset_complete",
        "account_reset_password_from_key_done",
    ),
    # allauth mails /password/reset/UID-KEY (its flow writes the two joined by a dash).
    (
        r"^password/reset/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>[^/]+)$",
        allauth_views.password_reset_from_key,
        "password_reset_confirm",
        "account_reset_password_from_key",
    ),
]


def _route(address: str, view: Callable[..., Any], name: str) -> URLPattern:
    return (re_path if address.startswith("^") else path)(address, view, name=name)


allauth_names = [_route(address, view, allauth_name) for address, view, _, allauth_name in ALLAUTH_PAGES]

urlpatterns = [
    *(_route(address, view, name) for address, view, name, _ in ALLAUTH_PAGES),
    path(
        "password/changed",
        TemplateView.as_view(template_name="account/password_change_done.html"),
        name="password_change_done",
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
