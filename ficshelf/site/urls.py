"""The site's own addresses, for machines: health checks and metrics."""

from django.urls import path

from ficshelf.site import health, metrics

app_name = "site"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
]
