"""Views that write (post, comment, leave kudos) refuse an account whose email address is
not verified yet (User.may_write), saying so, with a button that mails the link again."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.models import EmailAddress
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

UNVERIFIED_MESSAGE = (
    "Please confirm your email address first: open the link we mailed you when you signed up."
)


def verified_email_to_write(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guests pass through (the view decides what they may do); so does any account that may write."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.may_write:
            address = EmailAddress.objects.filter(user=user, verified=False).order_by("-primary").first()
            return render(
                request,
                "accounts/verify_to_write.html",
                {"message": UNVERIFIED_MESSAGE, "address": address},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper
