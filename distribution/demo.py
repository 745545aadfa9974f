"""Demo content for distribution (run by `manage.py load_demo` after the
blogs exist; safe to run twice): bring the search index up to every demo
blog's event log, so /search answers at once."""

from distribution import indexing
from liveblogs.consumers import BLOG_LOG


def load(stdout):
    read = BLOG_LOG.catch_up(BLOG_LOG.get(indexing.NAME))
    stdout.write(f"  distribution: search index up to date ({read} event(s) read)\n")
