from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "ficshelf.community"
    label = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from ficshelf.community import receivers

        receivers.connect()
