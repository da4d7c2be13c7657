from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "ficshelf.tags"
    label = "tags"
    verbose_name = "Tags"

    def ready(self) -> None:
        from django.urls import register_converter

        from ficshelf.tags import receivers
        from ficshelf.tags.converters import TagNameConverter

        receivers.connect()
        # Before any URLconf is read: listings, tags and feeds route `<tag:name>`.
        register_converter(TagNameConverter, "tag")
