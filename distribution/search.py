"""Search across public blogs and visible posts: one interface, two engines.

`search(q, page=…)` returns ranked hits with highlighted snippets. On
PostgreSQL it uses full-text search (`django.contrib.postgres.search`: a
tsquery over the generated `document` column, ts_rank, ts_headline), each
row stemmed and queried with its blog's language's configuration;
on SQLite an FTS5 table (bm25, snippet()). Both indexes are built by the
0002 migration over SearchEntry, which distribution.indexing keeps current.

Readers type anything: the query is cut to words before it reaches either
engine (so no query syntax can fail), every word is required and the last
also matches as a prefix (half-typed words), and a query with no words returns nothing without touching the database."""

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import DatabaseError, connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from distribution.models import SearchEntry

PER_PAGE = 20
MAX_PAGE = 50
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# Highlight markers: control characters no reader text contains, swapped
# for <mark> after the snippet is escaped, so the snippet is safe HTML.
_START, _STOP = "\x02", "\x03"
FTS_TABLE = "distribution_search_fts"

# PostgreSQL's text-search configuration (its stemmer and stop words) for a
# blog's language (docs/i18n.md). PostgreSQL ships none for Ukrainian, so
# Ukrainian, and any language not named here, is split into words unstemmed
# ("simple"). Every value must be a configuration PostgreSQL ships.
TEXT_SEARCH_CONFIGS = {"en": "english", "de": "german", "ar": "arabic", "uk": "simple"}
DEFAULT_CONFIG = "simple"


def text_search_config(language: str) -> str:
    """"german" for "de", "english" for "en-gb": by the language's first part."""
    return TEXT_SEARCH_CONFIGS.get((language or "").lower().split("-")[0], DEFAULT_CONFIG)


@dataclass
class Hit:
    kind: str
    blog_id: int
    post_id: int | None
    title: str
    snippet: SafeString
    published_at: datetime
    blog_slug: str = ""
    blog_headline: str = ""
    title_html: SafeString = mark_safe("")  # the title with its matches marked

    @property
    def url(self) -> str:
        base = f"/live/{self.blog_slug}/"
        return f"{base}?around={self.post_id}#post-{self.post_id}" if self.post_id else base


@dataclass
class Results:
    query: str
    page: int
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, math.ceil(self.total / self.per_page)) if self.total else 0

    @property
    def first_number(self) -> int:
        """The number of this page's first hit (the list's `start`): 21 on page 2."""
        return (self.page - 1) * self.per_page + 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def terms(q: str) -> list[str]:
    return re.findall(r"\w+", (q or "")[:MAX_QUERY_CHARS].lower())[:MAX_TERMS]


def clean_page(value) -> int:
    try:
        page = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), MAX_PAGE)


def _highlight(text: str) -> SafeString:
    return mark_safe(escape(text or "").replace(_START, "<mark>").replace(_STOP, "</mark>"))


def search(q: str, *, page: int = 1, per_page: int = PER_PAGE) -> Results:
    page = clean_page(page)
    results = Results(query=(q or "").strip()[:MAX_QUERY_CHARS], page=page, per_page=per_page)
    words = terms(q)
    if not words:
        return results
    offset = (page - 1) * per_page
    try:
        if connection.vendor == "postgresql":
            total, rows = _postgres(words, per_page, offset)
        else:
            total, rows = _sqlite(words, per_page, offset)
    except DatabaseError:
        # Whatever the engine makes of the text, a reader gets "no results",
        # never a server error.
        return results
    entries = SearchEntry.objects.select_related("blog").in_bulk([row[0] for row in rows])
    results.total = total
    results.hits = [
        Hit(
            kind=e.kind, blog_id=e.blog_id, post_id=e.post_id, title=e.title, snippet=_highlight(snippet),
            published_at=e.published_at, blog_slug=e.blog.slug, blog_headline=e.blog.headline,
            title_html=_highlight(title),
        )
        for e, title, snippet in ((entries.get(entry_id), title, snippet) for entry_id, title, snippet in rows)
        if e is not None
    ]
    return results


def _fts5_query(words: list[str]) -> str:
    # Every word quoted (FTS5 operators become plain words), all required; the
    # last one also matches as a prefix, for half-typed words.
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _sqlite(words, limit, offset):
    match = _fts5_query(words)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        total = cursor.fetchone()[0]
        if not total or offset >= total:
            return total, []
        # The title counts four times the body; ties go to the newer.
        cursor.execute(
            f"""SELECT e.id, highlight({FTS_TABLE}, 0, %s, %s), snippet({FTS_TABLE}, 1, %s, %s, '…', 32)
                FROM {FTS_TABLE} JOIN distribution_searchentry e ON e.id = {FTS_TABLE}.rowid
                WHERE {FTS_TABLE} MATCH %s
                ORDER BY bm25({FTS_TABLE}, 4.0, 1.0), e.published_at DESC
                LIMIT %s OFFSET %s""",
            [_START, _STOP, _START, _STOP, match, limit, offset],
        )
        return total, cursor.fetchall()


def _postgres(words, limit, offset):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
    from django.db.models import BooleanField, F
    from django.db.models.expressions import RawSQL

    # The same rule as FTS5: every word required, the last also as a prefix.
    # Words are \w+ only, so nothing in them is tsquery syntax.
    raw = " & ".join(words) + ":*"
    # Each row is matched with its own blog's configuration: the reader's
    # words are stemmed as German for a German blog. One condition per
    # configuration, each with a constant tsquery, so the GIN index is used.
    configs = sorted(set(TEXT_SEARCH_CONFIGS.values()) | {DEFAULT_CONFIG})
    entry = '"distribution_searchentry"'
    match = RawSQL(
        " OR ".join(
            f"({entry}.\"config\" = %s::regconfig AND {entry}.\"document\" @@ to_tsquery(%s::regconfig, %s))"
            for _ in configs
        ),
        [p for config in configs for p in (config, config, raw)],
        output_field=BooleanField(),
    )
    query = SearchQuery(raw, search_type="raw", config=F("config"))
    document = RawSQL(f'{entry}."document"', [], output_field=SearchVectorField())
    matches = SearchEntry.objects.filter(match)
    total = matches.count()
    if not total or offset >= total:
        return total, []
    rows = (
        matches.annotate(
            rank=SearchRank(document, query),
            title_marked=SearchHeadline(
                "title", query, config=F("config"), start_sel=_START, stop_sel=_STOP, highlight_all=True,
            ),
            snippet=SearchHeadline(
                "body", query, config=F("config"), start_sel=_START, stop_sel=_STOP,
                max_words=40, min_words=15, short_word=3, max_fragments=2, fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-id")
        .values_list("id", "title_marked", "snippet")[offset:offset + limit]
    )
    return total, list(rows)
