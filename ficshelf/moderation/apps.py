from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ModerationConfig(AppConfig):
    default = True  # of the two configs here, the one "ficshelf.moderation" means
    name = "ficshelf.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from ficshelf.moderation import receivers

        receivers.connect()


class FicshelfAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the audited site (admin_site.py), in place of django.contrib.admin."""

    default = False
    default_site = "ficshelf.moderation.admin_site.AuditedAdminSite"
