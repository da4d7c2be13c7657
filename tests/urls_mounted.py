"""The site's routes under /mounted/, for tests of what follows the URLconf."""

from django.urls import include, path

urlpatterns = [path("mounted/", include("ficshelf.urls"))]
