from django.urls import path

from ficshelf.tags import views

urlpatterns = [
    path("tags/<str:name>", views.tag_detail, name="tag"),
    path("tags/<str:name>/edit", views.tag_edit, name="tag_edit"),
    path("tags/<str:name>/wrangle", views.wrangle, name="tag_wrangle"),
    path("tag_wranglings", views.tag_wranglings, name="tag_wranglings"),
]
