"""The REST API's request and response shapes (pydantic, through ninja).
Every input field is typed and bounded here, so the OpenAPI document says
exactly what is accepted and anything else is a 422 before a view runs."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, model_validator

from liveblogs.models import Label, Post

SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,120}$"
MAX_ID = 2**63 - 1


def _no_control_characters(value: str) -> str:
    # NUL and other control characters (and lone surrogates) are refused by
    # one database or another; say so instead of failing on save.
    for ch in value:
        if (ord(ch) < 32 and ch not in "\t\n\r") or 0xD800 <= ord(ch) <= 0xDFFF:
            raise ValueError("contains a control character; remove it")
    return value


def Text(max_length: int, **kwargs):  # noqa: N802 (a type factory, read like a type)
    return Annotated[str, Field(max_length=max_length, **kwargs), AfterValidator(_no_control_characters)]


LabelName = Literal[tuple(Label.values)]  # type: ignore[valid-type]
KindName = Literal[tuple(Post.Kind.values)]  # type: ignore[valid-type]


class Problem(Schema):
    """RFC 9457 problem details (served as application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


class TopicOut(Schema):
    slug: str
    name: str
    url: str


class ImageOut(Schema):
    url: str = Field(description="An absolute URL of a rendition at least 1200 px wide where there is one.")
    width: int
    height: int
    alt: str
    caption: str
    credit: str


class BlogOut(Schema):
    slug: str
    headline: str
    standfirst: str
    summary_html: str = Field(description="The editors' \"Key points so far\", sanitised HTML; empty when none.")
    image: ImageOut | None = Field(description="The blog's picture, if it has one.")
    status: Literal["draft", "live", "ended"]
    topics: list[TopicOut]
    opened_at: datetime | None
    closed_at: datetime | None
    last_activity_at: datetime
    url: str
    epoch: int
    head_seq: int = Field(description="The sequence number of the blog's latest event (see /events).")


class ArticleOut(Schema):
    url: str
    author: str
    headline: str
    standfirst: str


class PostOut(Schema):
    id: int
    blog: str = Field(description="The blog's slug.")
    kind: KindName
    headline: str
    label: str
    body_html: str = Field(description="Sanitised HTML, as readers see it.")
    article: ArticleOut | None
    key_event: bool
    pinned: bool
    published_at: datetime
    edited_at: datetime | None
    authors: list[str]
    url: str
    version: int = Field(description="Changes with every edit; send it back as `version` to refuse stale edits.")


class BlogPage(Schema):
    items: list[BlogOut]
    next_cursor: str | None


class PostPage(Schema):
    items: list[PostOut]
    next_cursor: str | None


class BlogDetail(Schema):
    blog: BlogOut
    pinned: PostOut | None
    posts: list[PostOut]
    next_cursor: str | None = Field(description="Pass as `cursor` to /blogs/{slug}/posts for older posts.")


class EventsOut(Schema):
    epoch: int
    head: int
    reset: bool = Field(description="True when `epoch` was not the log's: reload the blog instead.")
    more: bool
    events: list[dict[str, Any]]


class SearchHitOut(Schema):
    kind: Literal["blog", "post"]
    title: str
    snippet_html: str
    url: str
    blog: str
    blog_headline: str
    post_id: int | None
    published_at: datetime


class SearchOut(Schema):
    query: str
    page: int
    pages: int
    total: int
    results: list[SearchHitOut]


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


class PostIn(_Input):
    kind: KindName = "update"
    headline: Text(200) = ""
    body: Text(settings.LIVEBLOG_MAX_BODY_CHARS) = Field(
        "", description="HTML; sanitised to the desk's allowlist (p, br, strong, em, a, lists, blockquote)."
    )
    label: LabelName = ""
    article_url: Text(500, pattern=r"^(https?://\S+)?$") = ""
    article_author: Text(120) = ""
    article_headline: Text(200) = ""
    article_standfirst: Text(400) = ""
    key_event: bool = False
    pinned: bool = False

    @model_validator(mode="after")
    def _complete(self):
        if self.kind == "article":
            if not self.article_url.strip() or not self.article_headline.strip():
                raise ValueError("An article card needs article_url and article_headline.")
        elif not self.headline.strip() and not self.body.strip():
            raise ValueError("An update needs a headline or a body.")
        return self


class PostPatch(_Input):
    kind: KindName | None = None
    headline: Text(200) | None = None
    body: Text(settings.LIVEBLOG_MAX_BODY_CHARS) | None = None
    label: LabelName | None = None
    article_url: Text(500, pattern=r"^(https?://\S+)?$") | None = None
    article_author: Text(120) | None = None
    article_headline: Text(200) | None = None
    article_standfirst: Text(400) | None = None
    key_event: bool | None = None
    correction_note: Text(500) = Field("", description="Shown to readers as “Correction, HH:MM: …”.")
    version: int | None = Field(
        None, ge=1, le=2**31, description="The version you edited; a newer one on the server gives 409."
    )
