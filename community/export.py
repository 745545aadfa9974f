"""The community's part of "export my data" (settings.EXPORT_PROVIDERS):
everything this app holds about one reader."""

from community.models import (
    BlogFollow,
    Comment,
    EmailPreference,
    Follow,
    Like,
    Mute,
    Notification,
    Question,
    Report,
)


def provide(user) -> dict:
    return {
        "comments": [
            {"id": c.pk, "blog": c.blog.slug, "parent": c.parent_id, "created_at": c.created_at.isoformat(),
             "edited_at": c.edited_at.isoformat() if c.edited_at else None, "status": c.status, "text": c.body,
             "rejection_reason": c.rejection_reason, "likes": c.like_count, "featured": c.is_featured}
            for c in Comment.objects.filter(author=user).select_related("blog").order_by("created_at")
        ],
        "questions": [
            {"id": q.pk, "blog": q.blog.slug, "created_at": q.created_at.isoformat(), "text": q.body,
             "show_name": q.show_name, "status": q.status, "answer_post": q.answer_post_id}
            for q in Question.objects.filter(author=user).select_related("blog").order_by("created_at")
        ],
        "liked_comments": list(Like.objects.filter(user=user).values_list("comment_id", flat=True)),
        "reports": [
            {"comment": r.comment_id, "reason": r.reason, "note": r.note, "created_at": r.created_at.isoformat()}
            for r in Report.objects.filter(reporter=user)
        ],
        "following": list(Follow.objects.filter(follower=user).values_list("followee__username", flat=True)),
        "followers": list(Follow.objects.filter(followee=user).values_list("follower__username", flat=True)),
        "muted": list(Mute.objects.filter(muter=user).values_list("muted__username", flat=True)),
        "key_event_alerts": list(BlogFollow.objects.filter(user=user).values_list("blog__slug", flat=True)),
        "email_preferences": dict(EmailPreference.objects.filter(user=user).values_list("kind", "delivery")),
        "notifications": [
            {"kind": n.kind, "text": n.text, "created_at": n.created_at.isoformat(),
             "read_at": n.read_at.isoformat() if n.read_at else None}
            for n in Notification.objects.filter(recipient=user).select_related("actor", "comment__blog", "blog")[:1000]
        ],
    }
