"""The blogs' event log as its consumers read it (realtime.eventlog.Log).

Search indexing and webhooks (distribution) and key-event alerts (community)
register here, each with its own saved position per blog; they read the log
from there, after each write (distribution.listeners) and in the periodic
sweeps, so nothing is lost and nothing is done twice."""

from liveblogs.models import BlogEvent, LiveBlog
from realtime.eventlog import Log

BLOG_LOG = Log(heads=LiveBlog, events=BlogEvent, head_field="blog")
