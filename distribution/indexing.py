"""Keeping the search index (SearchEntry) in step with what readers may see.

The index holds public blogs (not drafts) and visible posts of public blogs,
read through liveblogs' reader querysets, so whatever those hide (deleted,
unpublished, taken down) is never indexed and leaves the index on the next
event about it. The "search" log consumer calls these for each event."""

from django.db import transaction

from distribution.models import LogConsumer, SearchEntry
from distribution.search import text_search_config
from liveblogs.models import LiveBlog, Post

NAME = "search"


def _blog_text(blog: LiveBlog) -> str:
    topics = " ".join(t.name for t in blog.topics.all())
    return " ".join(p for p in (blog.standfirst, topics) if p)


def _reader_posts(blog: LiveBlog):
    return Post.objects.visible().filter(blog=blog)


def index_blog(blog: LiveBlog) -> None:
    if blog.status == LiveBlog.Status.DRAFT:
        SearchEntry.objects.filter(blog=blog).delete()
        return
    config = text_search_config(blog.language)
    SearchEntry.objects.update_or_create(
        kind=SearchEntry.Kind.BLOG, blog=blog,
        defaults={
            "title": blog.headline, "body": _blog_text(blog), "published_at": blog.opened_at or blog.created_at,
            "config": config,
        },
    )
    # A new language (a blog.updated event): its posts are stemmed again in it
    # (PostgreSQL regenerates `document`). Otherwise no row changes here.
    SearchEntry.objects.filter(blog=blog).exclude(config=config).update(config=config)


def index_post(blog: LiveBlog, post_id: int) -> None:
    post = _reader_posts(blog).filter(pk=post_id).first() if blog.status != LiveBlog.Status.DRAFT else None
    if post is None:
        SearchEntry.objects.filter(post_id=post_id).delete()
        return
    SearchEntry.objects.update_or_create(
        post=post,
        defaults={
            "kind": SearchEntry.Kind.POST, "blog": blog,
            "title": post.title, "body": post.plain_text, "published_at": post.published_at,
            "config": text_search_config(blog.language),
        },
    )


def reindex_blog(blog: LiveBlog) -> None:
    """Everything of one blog, from the rows (not the log)."""
    with transaction.atomic():
        SearchEntry.objects.filter(blog=blog).delete()
        if blog.status == LiveBlog.Status.DRAFT:
            return
        index_blog(blog)
        config = text_search_config(blog.language)
        batch = []
        for post in _reader_posts(blog).order_by("pk").iterator(chunk_size=500):
            batch.append(SearchEntry(
                kind=SearchEntry.Kind.POST, blog=blog, post=post,
                title=post.title, body=post.plain_text, published_at=post.published_at, config=config,
            ))
            if len(batch) >= 500:
                SearchEntry.objects.bulk_create(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)


class SearchConsumer:
    name = NAME
    positions = LogConsumer

    def start(self, blog, previous):
        # Whatever happened to the log, the rows say what readers may see.
        reindex_blog(blog)
        return blog.head_seq

    def handle(self, blog, events):
        if any(e.kind == "blog.opened" for e in events):
            # Posts written while the blog was a draft become public with it.
            reindex_blog(blog)
            return
        if any(e.kind.startswith("blog.") for e in events):
            index_blog(blog)
        # Whatever the event (published, edited, deleted, restored, taken
        # down…), the post's row now says whether readers may see it.
        for post_id in dict.fromkeys(e.post_id_ref for e in events if e.post_id_ref is not None):
            index_post(blog, post_id)
