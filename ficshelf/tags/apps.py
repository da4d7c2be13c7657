from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "ficshelf.tags"
    label = "tags"
    verbose_name = "Tags"

    def ready(self) -> None:
        from ficshelf.tags import receivers

        receivers.connect()
