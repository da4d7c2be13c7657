"""{% download_url work "epub" %} and {% series_download_url series "epub" %}: root-relative links."""

from django import template

from ficshelf.downloads.files import series_slug, work_slug

register = template.Library()


@register.simple_tag
def download_url(work, fmt: str) -> str:
    return f"/downloads/{work.pk}/{work_slug(work)}.{fmt}"


@register.simple_tag
def series_download_url(series, fmt: str) -> str:
    return f"/downloads/series/{series.pk}/{series_slug(series)}.{fmt}"
