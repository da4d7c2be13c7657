"""One way to cut a list into pages, for every page that lists things.

Every list page uses `paginate()` and draws its links with `_pagination.html`, so the
page size (`FICSHELF_PER_PAGE`) and the look of "← Previous · Page 2 of 5 · Next →"
are decided once.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    *,
    param: str = "page",
    per_page: int | None = None,
) -> Page:
    """The page of `items` that `?param=N` asks for; out-of-range numbers give the last page."""
    return Paginator(items, per_page or settings.FICSHELF_PER_PAGE).get_page(request.GET.get(param))
