from django.contrib import admin

from community.models import BlogFollow, Comment, EmailPreference, Follow, Mute, Notification, Report, Standing, Thread


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("id", "blog", "author", "status", "created_at", "like_count", "is_featured")
    list_filter = ("status", "is_featured")
    search_fields = ("body", "author__username", "author__display_name")
    raw_id_fields = ("blog", "author", "parent", "reply_to", "moderated_by")
    # Writes belong to community.actions (events, counts, notifications): read-only here.
    readonly_fields = [f.name for f in Comment._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("blog", "comment_count", "closed", "premoderate", "head_seq")
    readonly_fields = ("blog", "comment_count", "head_seq", "epoch", "closed", "premoderate")


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    list_display = ("user", "banned", "suspended_until", "always_premoderate")
    raw_id_fields = ("user",)


admin.site.register([Report, Follow, Mute, Notification, EmailPreference, BlogFollow])
