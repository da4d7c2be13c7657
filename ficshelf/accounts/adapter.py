"""How django-allauth fits Ficshelf: who may sign up, where its pages lead, which address
a request came from, and what its throttles say."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse

from ficshelf.accounts.models import SiteSettings, User
from ficshelf.accounts.throttles import seconds_to_wait, wait_message


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, "username_taken": "That user name is taken."}

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if not SiteSettings.current().registration_open:
            raise ImmediateHttpResponse(render(request, "account/signup_closed.html", status=403))
        return True

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        # The new account's own page, as before allauth.
        if isinstance(request.user, User):
            return request.user.get_absolute_url()
        return super().get_signup_redirect_url(request)

    def get_password_change_redirect_url(self, request: HttpRequest) -> str:
        return reverse("accounts:password_change_done")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Mails sign with the archive's name and address (account/email/base_message.txt),
        # not the host name the request happened to use.
        super().send_mail(
            template_prefix,
            email,
            {**context, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL},
        )

    def get_client_ip(self, request: HttpRequest) -> str:
        # The one rule for who sent a request: site/proxies.py already set REMOTE_ADDR to
        # what trusted proxies report (community.visitors.client_ip reads it too), so
        # allauth's own X-Forwarded-For counting (ALLAUTH_TRUSTED_PROXY_COUNT) stays off.
        return request.META.get("REMOTE_ADDR") or "unknown"

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # Failures count per account, whether it was named by user name or by email, so
        # switching between the two (or between addresses) buys no extra tries.
        login = credentials.get("email") or credentials.get("username") or ""
        account = User.objects.filter(
            Q(username__iexact=login) | Q(emailaddress__email__iexact=login) | Q(email__iexact=login)
        ).first()
        return f"user:{account.pk}" if account else f"name:{login.lower()}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            raise ValidationError(wait_message(seconds_to_wait(request, "login_failed", key=key))) from None
