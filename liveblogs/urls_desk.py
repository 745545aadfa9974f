from django.contrib.auth import views as auth_views
from django.urls import include, path

import newsline.lib.converters  # noqa: F401  (registers uslug: blog slugs in any script)
from accounts.views.personal import staff_sign_in
from liveblogs.views import analytics
from liveblogs.views.desk import blogs, drafts, media, posts, previews

app_name = "desk"

urlpatterns = [
    # The one sign-in (allauth's, with its rate limits and the two-factor
    # step); this name is settings.LOGIN_URL.
    path("login/", staff_sign_in, name="login"),
    # POST only (Django's LogoutView refuses GET), so a link cannot sign anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", blogs.home, name="home"),
    path("blogs/new/", blogs.blog_new, name="blog_new"),
    path("blogs/<uslug:slug>/", blogs.blog, name="blog"),
    path("blogs/<uslug:slug>/edit/", blogs.blog_edit, name="blog_edit"),
    path("blogs/<uslug:slug>/reader-preview/", previews.blog_reader_preview, name="blog_reader_preview"),
    path("blogs/<uslug:slug>/share-preview/", previews.blog_share_preview, name="blog_share_preview"),
    path("blogs/<uslug:slug>/media/", media.media_upload, name="media_upload"),
    path("blogs/<uslug:slug>/open/", blogs.blog_open, name="blog_open"),
    path("blogs/<uslug:slug>/close/", blogs.blog_close, name="blog_close"),
    path("blogs/<uslug:slug>/audit/", blogs.blog_audit, name="blog_audit"),
    path("blogs/<uslug:slug>/analytics/", analytics.blog_analytics, name="blog_analytics"),
    path("blogs/<uslug:slug>/analytics/readers.csv", analytics.blog_analytics_csv, name="blog_analytics_csv"),
    path("blogs/<uslug:slug>/analytics/hours.csv", analytics.blog_analytics_hours_csv, name="blog_analytics_hours_csv"),
    path("blogs/<uslug:slug>/analytics/posts.csv", analytics.blog_analytics_posts_csv, name="blog_analytics_posts_csv"),
    path("blogs/<uslug:slug>/team/", blogs.blog_team, name="blog_team"),
    path("blogs/<uslug:slug>/drafts/autosave/", drafts.draft_autosave, name="draft_autosave"),
    path("blogs/<uslug:slug>/preview/", previews.post_preview, name="post_preview"),
    path("blogs/<uslug:slug>/presence/", blogs.blog_presence, name="blog_presence"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/approve/", drafts.post_approve, name="post_approve"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/send-back/", drafts.post_send_back, name="post_send_back"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/unschedule/", drafts.post_unschedule, name="post_unschedule"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/discard/", drafts.post_discard, name="post_discard"),
    path("blogs/<uslug:slug>/team/<int:user_id>/remove/", blogs.blog_team_remove, name="blog_team_remove"),
    path("staff/", include("accounts.urls_staff")),  # staff accounts are accounts' (docs/accounts.md)
    path("blogs/<uslug:slug>/posts/<int:post_id>/edit/", posts.post_edit, name="post_edit"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/delete/", posts.post_delete, name="post_delete"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/pin/", posts.post_pin, name="post_pin"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/remove/", posts.post_remove, name="post_remove"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/key-event/", posts.post_key_event, name="post_key_event"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/restore/", posts.post_restore, name="post_restore"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/history/", posts.post_history, name="post_history"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/history/<int:number>/", posts.post_revision, name="post_revision"),
    path(
        "blogs/<uslug:slug>/posts/<int:post_id>/history/<int:number>/restore/",
        posts.post_revision_restore,
        name="post_revision_restore",
    ),
]
