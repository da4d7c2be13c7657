from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ficshelf.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from ficshelf.search import indexing

        indexing.connect()
