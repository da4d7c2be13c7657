from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "ficshelf.importing"
    label = "importing"
    verbose_name = "Importing"
