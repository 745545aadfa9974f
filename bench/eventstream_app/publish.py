"""Publish COUNT events once a second to channel "bench" through
django-eventstream's send_event (via Redis to the server process). Each
payload carries "seq" and "at" (the time it was built) and about the same
bytes as a Newsline post event; prints one JSON line per event."""

import argparse
import json
import os
import sys
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esapp.settings")

import django  # noqa: E402

django.setup()

from django_eventstream import send_event  # noqa: E402

HTML = "<article class=\"post\"><p>" + ("Officials confirmed the crossing would reopen. " * 36) + "</p></article>"

p = argparse.ArgumentParser()
p.add_argument("--count", type=int, required=True)
p.add_argument("--interval", type=float, default=1.0)
p.add_argument("--first-seq", type=int, default=1)
args = p.parse_args()
t0 = time.time()
for i in range(args.count):
    delay = t0 + i * args.interval - time.time()
    if delay > 0:
        time.sleep(delay)
    at = datetime.now(timezone.utc).isoformat()
    seq = args.first_seq + i
    send_event("bench", "message", {"seq": seq, "kind": "post.published", "at": at, "html": HTML})
    print(json.dumps({"seq": seq, "at": at, "t_commit": time.time()}), flush=True)
