"""Co-creator requests: invitations to be named on someone's work, accepted or declined.

The invitation is the work's pending Creatorship itself (works.models.creatorship);
this module only shows them to the invitee, in their inbox and on their own page,
and passes on the answer. Both answers are POST-only buttons.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ficshelf.accounts.http import AuthenticatedHttpRequest
from ficshelf.accounts.models import User
from ficshelf.community.views._shared import back, own_page
from ficshelf.pagination import paginate
from ficshelf.works.models import Creatorship


@login_required
def creatorship_requests(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    owner = own_page(request, username, "co-creator requests")
    page = paginate(request, Creatorship.objects.invitations_for(owner))
    return render(request, "community/creatorship_requests.html", {"owner": owner, "page": page})


def _invitation(owner: User, creatorship_id: int) -> Creatorship:
    """One of the owner's own open invitations; anyone else's, or one answered already, is 404."""
    invitation = Creatorship.objects.invitations_for(owner).filter(pk=creatorship_id).first()
    if invitation is None:
        raise Http404("There is no such co-creator request waiting for you.")
    return invitation


@login_required
@require_POST
def accept_creatorship(request: AuthenticatedHttpRequest, username: str, creatorship_id: int) -> HttpResponse:
    owner = own_page(request, username, "co-creator requests")
    invitation = _invitation(owner, creatorship_id)
    invitation.accept()
    messages.success(request, f"You are now listed as a co-creator of “{invitation.work.title}”.")
    return back(request, reverse("community:creatorship_requests", kwargs={"username": owner.username}))


@login_required
@require_POST
def decline_creatorship(
    request: AuthenticatedHttpRequest, username: str, creatorship_id: int
) -> HttpResponse:
    owner = own_page(request, username, "co-creator requests")
    invitation = _invitation(owner, creatorship_id)
    invitation.decline()
    messages.success(request, f"You declined to be listed as a co-creator of “{invitation.work.title}”.")
    return back(request, reverse("community:creatorship_requests", kwargs={"username": owner.username}))
