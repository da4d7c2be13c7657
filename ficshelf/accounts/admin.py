from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ficshelf.accounts.models import Block, Mute, Pseud, SiteSettings, User


class PseudInline(admin.TabularInline):
    model = Pseud
    extra = 0


@admin.register(User)
class FicshelfUserAdmin(UserAdmin):
    inlines = [PseudInline]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Preferences",
            {
                "fields": [
                    "skip_adult_warning",
                    "history_enabled",
                    "marked_for_later_enabled",
                    "digest_emails",
                ]
            },
        ),
    )


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at"]
    raw_id_fields = ["blocker", "blocked"]


@admin.register(Mute)
class MuteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at"]
    raw_id_fields = ["muter", "muted"]
