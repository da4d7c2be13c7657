from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "ficshelf.listings"
    label = "listings"
    verbose_name = "Listings"
