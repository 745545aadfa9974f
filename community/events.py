"""Comment events: the exact JSON readers of a thread receive, with the
comment card rendered once, at write time, the same for everyone."""

import json

from django.template.loader import render_to_string
from django.utils import timezone

from newsline.lib.languages import content_language


class Kind:
    POSTED = "comment.posted"
    UPDATED = "comment.updated"  # edited, featured, liked count, anonymised
    REMOVED = "comment.removed"  # deleted by its author or rejected
    THREAD = "thread.updated"  # closed, reopened


def render_card(comment) -> str:
    # In the blog's language, whoever wrote the comment: every reader gets these bytes.
    with content_language(comment.blog.language):
        return render_to_string("community/_comment.html", {"c": comment})


def encode(*, seq: int, kind: str, thread, comment=None) -> str:
    body = {"seq": seq, "kind": kind, "at": timezone.now().isoformat(), "count": thread.comment_count,
            "open": thread.accepts_comments}
    if comment is not None:
        body["comment"] = {"id": comment.pk, "parent": comment.parent_id, "depth": comment.depth,
                           "author": comment.author_id, "reply_to": comment.reply_to_id}
        if kind != Kind.REMOVED:
            body["comment"]["html"] = render_card(comment)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)
