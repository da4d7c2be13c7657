"""Sign-up, user pages, pseuds and preferences. Log-in and passwords are Django's own views."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ficshelf.accounts.forms import PreferencesForm, PseudForm, SignupForm
from ficshelf.accounts.models import SiteSettings, User


def signup(request: HttpRequest) -> HttpResponse:
    if not SiteSettings.current().registration_open:
        return render(request, "accounts/signup_closed.html", status=403)
    if request.user.is_authenticated:
        return redirect(request.user)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}! Your account is ready.")
        return redirect(user)
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


def _user_page_owner(username: str) -> User:
    return get_object_or_404(User, username__iexact=username, is_active=True)


@login_required
def pseuds(request: HttpRequest, username: str) -> HttpResponse:
    owner = _user_page_owner(username)
    if owner != request.user:
        raise PermissionDenied("You can only manage your own pseuds.")
    form = PseudForm(request.POST or None, user=owner)
    if request.method == "POST" and form.is_valid():
        pseud = form.save(commit=False)
        pseud.user = owner
        pseud.save()
        messages.success(request, f"Pseud “{pseud.name}” was created. Choose it when you post.")
        return redirect(f"/users/{owner.username}/pseuds/")
    return render(
        request,
        "accounts/pseuds.html",
        {"owner": owner, "pseuds": owner.pseuds.all(), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def preferences(request: HttpRequest, username: str) -> HttpResponse:
    owner = _user_page_owner(username)
    if owner != request.user:
        raise PermissionDenied("You can only change your own preferences.")
    form = PreferencesForm(request.POST or None, instance=owner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your preferences were saved.")
        return redirect(f"/users/{owner.username}/preferences")
    return render(request, "accounts/preferences.html", {"owner": owner, "form": form})
