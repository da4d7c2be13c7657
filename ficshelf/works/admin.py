from django.contrib import admin

from ficshelf.works.models import Chapter, Creatorship, Series, SeriesWork, Work


class CreatorshipInline(admin.TabularInline):
    model = Creatorship
    extra = 0
    raw_id_fields = ["pseud"]


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    """Moderators hide works here (on the change form, with a reason for the audit log) until the
    moderation pages exist."""

    list_display = ["title", "posted", "hidden", "restricted", "word_count", "updated_at"]
    list_filter = ["hidden", "posted", "restricted", "language"]
    search_fields = ["title", "creatorships__pseud__name"]
    inlines = [CreatorshipInline]
    readonly_fields = ["word_count", "chapter_count", "complete", "published_at", "updated_at"]
    exclude = ["tags"]


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "work", "position", "posted", "word_count"]
    raw_id_fields = ["work"]


class SeriesWorkInline(admin.TabularInline):
    model = SeriesWork
    extra = 0
    raw_id_fields = ["work"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "complete"]
    inlines = [SeriesWorkInline]
    filter_horizontal = ["pseuds"]
