from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "ficshelf.feeds"
    label = "feeds"
    verbose_name = "Feeds and the OPDS catalog"
