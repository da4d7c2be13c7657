from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ficshelf.accounts.models import Pseud, SiteSettings, User


class PseudInline(admin.TabularInline):
    model = Pseud
    extra = 0


@admin.register(User)
class FicshelfUserAdmin(UserAdmin):
    inlines = [PseudInline]
    fieldsets = UserAdmin.fieldsets + (("Preferences", {"fields": ["skip_adult_warning"]}),)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
