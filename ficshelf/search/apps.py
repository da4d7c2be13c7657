from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ficshelf.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from ficshelf.search import indexing
        from ficshelf.search.backends import postgres

        postgres.register_lookups()  # the SQL lookups on Work.id and SearchChunk.id
        indexing.connect()
