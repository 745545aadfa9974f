"""The blogs' event log as its consumers read it (realtime.eventlog.Log).

Search indexing and webhooks (distribution), key-event alerts (community)
and push alerts register here, each with its own saved position per blog;
the job worker reads the log from there, queued after each write
(distribution.listeners) and by the sweeps (distribution.schedule), so
nothing is lost and nothing is done twice."""

from liveblogs.models import BlogEvent, LiveBlog
from realtime.eventlog import Log

BLOG_LOG = Log(heads=LiveBlog, events=BlogEvent, head_field="blog")
