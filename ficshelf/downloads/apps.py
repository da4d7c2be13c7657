from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "ficshelf.downloads"
    label = "downloads"
    verbose_name = "Downloads"
