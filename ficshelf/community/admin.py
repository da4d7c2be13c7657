from django.contrib import admin

from ficshelf.community.models import Bookmark, Comment, Kudos, Subscription


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["pk", "work", "author_name", "status", "deleted", "created_at"]
    list_filter = ["status", "deleted"]
    raw_id_fields = ["work", "chapter", "parent", "thread", "user"]
    search_fields = ["body", "guest_name", "user__username"]


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "work", "series", "private", "rec", "created_at"]
    raw_id_fields = ["user", "work", "series"]


@admin.register(Kudos)
class KudosAdmin(admin.ModelAdmin):
    list_display = ["pk", "work", "user", "created_at"]
    raw_id_fields = ["work", "user"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "work", "creator", "series", "tag", "created_at"]
    raw_id_fields = ["user", "work", "creator", "series", "tag"]
