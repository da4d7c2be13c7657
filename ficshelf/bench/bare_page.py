"""A bare Django site for `ficshelf bench web`: one view returning a fixed ~30 KB page.

No middleware, no database, no templates: what Django and gunicorn cost alone, the
ceiling a Ficshelf page is compared with. Served with the same gunicorn settings as
Ficshelf (`gunicorn -c python:ficshelf.site.gunicorn_config ficshelf.bench.bare_page`).
"""

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="ficshelf-bench-bare-page",  # signs nothing: the page sets no cookie
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402  (Django needs its settings first)
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from ficshelf.site.server import tune_garbage_collector  # noqa: E402

PAGE_BYTES = 30_000
_PARAGRAPH = "<p>" + "The quick brown fox jumps over the lazy dog. " * 8 + "</p>\n"
PAGE = (
    "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>A bare page</title></head><body>\n"
    + _PARAGRAPH * (PAGE_BYTES // len(_PARAGRAPH))
    + "</body></html>\n"
).encode()


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE)


urlpatterns = [path("", page)]
application = get_wsgi_application()
tune_garbage_collector()  # as ficshelf/wsgi.py does
