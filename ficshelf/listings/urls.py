"""The pages that list works, at AO3's addresses."""

from django.urls import path

from ficshelf.listings import views

app_name = "listings"

urlpatterns = [
    path("", views.works_index, name="home"),
    path("works/", views.works_index, name="works"),
    path("works", views.works_index),  # AO3 answers both; links use works/
    path("works/search", views.works_search, name="search"),
    path("autocomplete/tag", views.autocomplete, name="tag_autocomplete"),
    path("tags/<tag:name>/works", views.tag_works, name="tag_works"),
    path("users/<str:username>/", views.user_detail, name="user"),
    path("users/<str:username>", views.user_detail),  # as above: links use users/NAME/
    path("users/<str:username>/pseuds/<str:pseud_name>", views.pseud_detail, name="pseud"),
]
