"""The composer's preview: the reader's own post card (liveblogs/_post.html)
rendered for text that is not saved yet, in a small document with the
reader's stylesheet, so staff see exactly what readers will see."""

from django.template.loader import render_to_string
from django.utils import timezone

from liveblogs.models import LiveBlog, Post


class PreviewPost:
    """An unsaved Post as the card template reads it: everything from the
    post, plus the bylines and corrections it will have once published."""

    pk = "preview"

    def __init__(self, post: Post, *, authors: list, corrections: list):
        self._post = post
        self.byline_profiles = authors
        self.bylines = [a.byline for a in authors]
        self.corrections = corrections

    def __getattr__(self, name):
        return getattr(self._post, name)

    def get_absolute_url(self):
        return "#post-preview"

    @property
    def absolute_url(self):
        return self._post.blog.absolute_url + "#post-preview"

    @property
    def cursor(self):
        return "preview"


def render_preview(
    *, blog: LiveBlog, content: dict, by, post: Post | None = None, correction_note: str = "", authors=None
) -> str:
    now = timezone.now()
    if post is not None and post.published_at is not None:
        # Editing a published post: its time stays; a change reads "Updated".
        draft = Post(blog=blog, published_at=post.published_at, edited_at=now,
                     is_pinned=post.is_pinned, is_key_event=post.is_key_event, **content)
        people = list(post.authors.all())
        corrections = list(post.corrections)
        if correction_note:
            corrections.append(_Note(now, correction_note))
    else:
        draft = Post(blog=blog, published_at=now, **content)
        author = post.created_by if post is not None and post.created_by else by
        people = [author]
        corrections = []
    if authors:
        people = list(authors)
    preview = PreviewPost(draft, authors=people, corrections=corrections)
    card = render_to_string("liveblogs/_post.html", {"post": preview, "blog": blog})
    return render_to_string("liveblogs/desk/preview.html", {"card": card, "blog": blog})


class _Note:
    def __init__(self, created_at, correction_note):
        self.created_at = created_at
        self.correction_note = correction_note
