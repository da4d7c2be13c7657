"""Kudos ♥: the button under every work."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from ficshelf.accounts.decorators import verified_email_to_write
from ficshelf.accounts.http import viewer
from ficshelf.community.guest_forms import guest_form, refused
from ficshelf.community.models import Kudos
from ficshelf.community.models._base import Refused
from ficshelf.community.views._shared import back, visible_work
from ficshelf.community.visitors import ip_hash, slow_down_message


@require_POST
@guest_form
@verified_email_to_write
def kudos(request: HttpRequest, work_id: int) -> HttpResponse:
    work = visible_work(request, work_id)
    if reason := refused(request):
        messages.error(request, reason)
    elif slow := slow_down_message(request, "kudos"):
        messages.error(request, slow)
    else:
        try:
            Kudos.leave(work, viewer(request), ip_hash(request))
        except Refused as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(request, "Thank you for leaving kudos!")
    return back(request, f"{work.get_absolute_url()}#kudos")
