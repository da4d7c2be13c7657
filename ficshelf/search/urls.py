from django.urls import path

from ficshelf.search import views

urlpatterns = [
    path("works/search", views.works_search, name="search"),
    path("autocomplete/tag", views.autocomplete, name="tag_autocomplete"),
]
