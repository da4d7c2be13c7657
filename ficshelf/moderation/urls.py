"""Moderation pages, under /moderation (the queue itself, `/moderation`, is still to come)."""

from django.urls import path

from ficshelf.moderation import views

app_name = "moderation"

urlpatterns = [
    path("moderation/audit", views.audit_log, name="audit"),
]
