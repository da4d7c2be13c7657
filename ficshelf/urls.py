"""URLs follow AO3's, so readers' habits and tools carry over. Each app routes the pages
it serves in its own urls.py, under a namespace of the same name ("works:work", …)."""

from django.contrib import admin
from django.urls import include, path

from ficshelf.accounts.urls import allauth_names

urlpatterns = [
    path("", include("ficshelf.listings.urls")),
    path("", include("ficshelf.importing.urls")),
    path("", include("ficshelf.works.urls")),
    path("", include("ficshelf.tags.urls")),
    path("", include("ficshelf.accounts.urls")),
    path("", include(allauth_names)),  # after accounts:, so its names are what resolve() gives
    path("", include("ficshelf.community.urls")),
    path("", include("ficshelf.downloads.urls")),
    path("", include("ficshelf.feeds.urls")),
    path("", include("ficshelf.moderation.urls")),
    path("admin/", admin.site.urls),
]

# allauth's throttles answer with this (allauth.core.internal.ratelimit.respond_429).
handler429 = "ficshelf.accounts.views.too_many_requests"
