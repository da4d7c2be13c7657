"""The site's door: a request whose address or parameters hold a control character gets
a 400 page that says so, before any view or form sees it.

Nobody types NUL or the other C0 controls; PostgreSQL can't store NUL (it failed
with a 500 wherever a parameter reached a query) and Atom, OPDS and EPUB can't carry
the others. Tab, LF and CR pass, for the text areas; one-line form fields turn them
into spaces (ficshelf/fields.py).
"""

from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ficshelf.text.controls import UNSAFE_CONTROL, describe_character


class RefuseControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for where, value in _request_texts(request):
            if found := UNSAFE_CONTROL.search(value):
                message = (
                    f"{where} holds the control character {describe_character(found.group())}, "
                    "which the archive can't accept. Nothing was saved. Remove it and try again."
                )
                return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def _request_texts(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """(where, text) for the address and every parameter name and value a view may read.

    Uploaded files' names need no check: Django keeps only their printable characters.
    """
    yield "The address", request.path_info
    for name, values in request.GET.lists():
        yield "A parameter name in the address", name
        for value in values:
            yield f"The address parameter “{_printable(name)}”", value
    if request.method != "POST":
        return
    for name, values in request.POST.lists():
        yield "A form field's name", name
        for value in values:
            yield f"The form field “{_printable(name)}”", value


def _printable(name: str) -> str:
    """A parameter name fit to quote in the message (it may hold controls itself)."""
    return UNSAFE_CONTROL.sub("?", name)[:100]
