"""{% download_url work "epub" %} and {% series_download_url series "epub" %}: root-relative links."""

from django import template
from django.urls import reverse

from ficshelf.downloads.files import series_slug, work_slug

register = template.Library()


@register.simple_tag
def download_url(work, fmt: str) -> str:
    return reverse("downloads:download", kwargs={"work_id": work.pk, "slug": work_slug(work), "fmt": fmt})


@register.simple_tag
def series_download_url(series, fmt: str) -> str:
    return reverse(
        "downloads:series_download", kwargs={"series_id": series.pk, "slug": series_slug(series), "fmt": fmt}
    )
