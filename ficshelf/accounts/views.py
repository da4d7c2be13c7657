"""Pseuds, preferences, blocking and muting, and what a throttled account page answers.
Sign-up, login, email and passwords are django-allauth's views (accounts/urls.py)."""

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ficshelf.accounts.forms import PreferencesForm, PseudForm, UserNameForm
from ficshelf.accounts.http import AuthenticatedHttpRequest
from ficshelf.accounts.models import Block, Mute, User
from ficshelf.accounts.throttles import seconds_to_wait, wait_message, wait_words

# The throttled pages, by route name, and allauth's name for what each one counts.
THROTTLED_ACTIONS = {
    "signup": "signup",
    "login": "login",
    "reauthenticate": "reauthenticate",
    "email": "manage_email",
    "password_change": "change_password",
    "password_reset": "reset_password",
    "password_reset_confirm": "reset_password_from_key",
}


def email(request: HttpRequest) -> HttpResponseBase:
    """allauth's email page. allauth skips a re-sent verification mail in silence while
    the last one is recent (its link still works); this says so, and when to ask again."""
    address = request.POST.get("email", "").strip().lower()
    resending = request.method == "POST" and "action_send" in request.POST and address
    if resending and (seconds := seconds_to_wait(request, "confirm_email", key=address)):
        messages.info(
            request,
            f"We mailed a link to {address} a moment ago, and it still works: look in your inbox "
            f"and your spam folder. You can ask for another in {wait_words(seconds)}.",
        )
        return redirect("accounts:email")
    return allauth_views.email(request)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """allauth's refusal of a throttled page (ficshelf/urls.py's handler429), saying when
    to try again, in words and in Retry-After."""
    match = request.resolver_match
    action = THROTTLED_ACTIONS.get((match.url_name or "") if match else "", "")
    email = request.POST.get("email", "").strip().lower() or None
    seconds = seconds_to_wait(request, action, key=email) if action else 60
    response = render(request, "429.html", {"message": wait_message(seconds)}, status=429)
    response["Retry-After"] = str(max(seconds, 1))
    return response


def _user_page_owner(username: str) -> User:
    return get_object_or_404(User, username__iexact=username, is_active=True)


@login_required
def pseuds(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    owner = _user_page_owner(username)
    if owner != request.user:
        raise PermissionDenied("You can only manage your own pseuds.")
    form = PseudForm(request.POST or None, user=owner)
    if request.method == "POST" and form.is_valid():
        pseud = form.save(commit=False)
        pseud.user = owner
        pseud.save()
        messages.success(request, f"Pseud “{pseud.name}” was created. Choose it when you post.")
        return redirect("accounts:pseuds", username=owner.username)
    return render(
        request,
        "accounts/pseuds.html",
        {"owner": owner, "pseuds": owner.pseuds.all(), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def preferences(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    owner = _user_page_owner(username)
    if owner != request.user:
        raise PermissionDenied("You can only change your own preferences.")
    form = PreferencesForm(request.POST or None, instance=owner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your preferences were saved.")
        return redirect("accounts:preferences", username=owner.username)
    return render(request, "accounts/preferences.html", {"owner": owner, "form": form})


# Blocking and muting: /users/ME/blocked/users and /users/ME/muted/users, as on AO3.

RELATIONS = {
    "blocked": {
        "model": Block,
        "owner": "blocker",
        "other": "blocked",
        "verb": "block",
        "list_route": "accounts:blocked_users",
        "remove_route": "accounts:unblock",
        "title": "Blocked Users",
        "explain": "Blocked users can't comment on or reply to your works, reply to your comments, "
        "or leave kudos on your works. They can still read your public works.",
    },
    "muted": {
        "model": Mute,
        "owner": "muter",
        "other": "muted",
        "verb": "mute",
        "list_route": "accounts:muted_users",
        "remove_route": "accounts:unmute",
        "title": "Muted Users",
        "explain": "You won't see muted users' works, bookmarks or comments anywhere on the archive, "
        "and they don't count in the numbers you see. They aren't told.",
    },
}


def _own_relations(request: AuthenticatedHttpRequest, username: str, kind: str) -> tuple[User, dict]:
    owner = _user_page_owner(username)
    if owner != request.user:
        raise PermissionDenied(f"You can only manage your own {kind} users.")
    return owner, RELATIONS[kind]


@login_required
def relations(request: AuthenticatedHttpRequest, username: str, kind: str) -> HttpResponse:
    """List the users I blocked (or muted); POST blocks (or mutes) the named user."""
    owner, rel = _own_relations(request, username, kind)
    form = UserNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["username"]
        try:
            rel["model"].add(owner, other)
        except ValidationError as error:
            form.add_error("username", error)
        else:
            messages.success(request, f"You have {kind} the user {other.username}.")
            return redirect(rel["list_route"], username=owner.username)
    rows = rel["model"].objects.filter(**{rel["owner"]: owner}).select_related(rel["other"])
    return render(
        request,
        "accounts/relations.html",
        {
            "owner": owner,
            "kind": kind,
            "rel": rel,
            "users": [getattr(row, rel["other"]) for row in rows],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def confirm_relation(request: AuthenticatedHttpRequest, username: str, kind: str) -> HttpResponse:
    """AO3's "Block/Mute NAME?" page, reached from a user's profile; JavaScript-free."""
    owner, rel = _own_relations(request, username, kind)
    other = get_object_or_404(
        User, username__iexact=request.GET.get(f"{rel['other']}_id", ""), is_active=True
    )
    return render(
        request, "accounts/confirm_relation.html", {"owner": owner, "kind": kind, "rel": rel, "other": other}
    )


@login_required
@require_POST
def remove_relation(
    request: AuthenticatedHttpRequest, username: str, kind: str, other_name: str
) -> HttpResponse:
    owner, rel = _own_relations(request, username, kind)
    other = get_object_or_404(User, username__iexact=other_name)
    deleted, _ = rel["model"].objects.filter(**{rel["owner"]: owner, rel["other"]: other}).delete()
    if deleted:
        messages.success(request, f"You have un{kind} the user {other.username}.")
    else:
        messages.info(request, f"{other.username} was not {kind}; nothing changed.")
    return redirect(rel["list_route"], username=owner.username)
