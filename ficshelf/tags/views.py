from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ficshelf.tags.models import Tag


def tag_detail(request: HttpRequest, name: str) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.named_in_url(name))
    return render(request, "tags/tag.html", {"tag": tag})
