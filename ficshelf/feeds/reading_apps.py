"""/users/NAME/reading-apps: the owner's private catalog address, and the button that resets it.

The address is how a reading app sees what its owner sees (opds.py); the token in
it is kept by the downloads app (FeedToken), because the private download links
check it too.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ficshelf.accounts.models import User
from ficshelf.downloads.models import FeedToken


@login_required
@require_http_methods(["GET", "POST"])
def reading_apps(request: HttpRequest, username: str) -> HttpResponse:
    """The user's private OPDS address for reading apps, and a button to reset it."""
    owner = get_object_or_404(User, username__iexact=username, is_active=True)
    if owner != request.user:
        raise Http404("You can only see your own feed address.")
    feed_token = FeedToken.for_user(owner)
    if request.method == "POST":
        feed_token.reset()
        messages.success(request, "Your private feed address was reset. Old addresses no longer work.")
        return redirect("feeds:reading_apps", username=owner.username)
    address = request.build_absolute_uri(
        reverse("feeds:private_opds:root", kwargs={"token": feed_token.token})
    )
    return render(request, "feeds/reading_apps.html", {"owner": owner, "address": address})
