from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "ficshelf.site"
    label = "site"
    verbose_name = "Site"
