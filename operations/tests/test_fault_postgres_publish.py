"""PostgreSQL restarted while a reporter publishes at the desk: a private
cluster (operations/tests/test_fault_postgres_restart.py), a real server
on it. The reporter gets a clear 503 page with their text, not a 500;
nothing is half-saved; sending it again once the database is back
publishes it exactly once."""

import html
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

from operations.tests.test_fault_postgres_restart import private_postgres, readiness, wait_for  # noqa: F401
from tests.server import ROOT, Server

SET_UP = """
import json
from django.test import Client
from accounts.models import User
from liveblogs import actions
editor = User.objects.create_user("eddie", "eddie@example.org", "x-unused-x", role="editor")
rita = User.objects.create_user("rita", "rita@example.org", "x-unused-x", role="reporter")
blog = actions.open_blog(blog=actions.create_blog(by=editor, headline="Count night", slug="count-night"), by=editor)
actions.assign_staff(blog=blog, by=editor, user=rita)
client = Client()
client.force_login(rita)
print(json.dumps({"session": client.cookies["sessionid"].value}))
"""

COUNT = """
from liveblogs.models import Post
print(Post.objects.filter(blog__slug="count-night", headline="Turnout at 71%").count())
"""


def _manage(env, *args, stdin=None) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True, timeout=300,
        capture_output=True, text=True, input=stdin,
    )
    return done.stdout


def _count(env) -> int:
    return int(_manage(env, "shell", stdin=COUNT).strip().splitlines()[-1])


def _fields(page: str) -> dict:
    """The retry form's fields as the browser would send them."""
    fields = dict(re.findall(r'<input type="(?:hidden|text)"[^>]*name="([^"]+)" value="([^"]*)"', page))
    for name, value in re.findall(r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = value
    return {name: html.unescape(value) for name, value in fields.items()}


def test_it_keeps_the_reporters_text_while_postgres_is_down_and_publishes_once_after(private_postgres, tmp_path):
    env = {**os.environ, "DATABASE_URL": private_postgres.url, "NEWSLINE_TESTING": "1"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    _manage(env, "migrate", "-v0")
    session = json.loads(_manage(env, "shell", stdin=SET_UP).strip().splitlines()[-1])["session"]
    server = Server(tmp_path, {"DATABASE_URL": private_postgres.url})
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    desk = f"{server.url}/desk/blogs/count-night/"

    def post(data: dict):
        request = urllib.request.Request(
            desk, data=urllib.parse.urlencode(data).encode(), headers={"Referer": desk}, method="POST"
        )
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), desk

    try:
        jar.set_cookie(http.cookiejar.Cookie(
            0, "sessionid", session, None, False, "127.0.0.1", False, False, "/", True, False, None, False,
            None, None, {},
        ))
        with opener.open(desk, timeout=20) as response:
            assert response.status == 200
        token = next(c.value for c in jar if c.name == "csrftoken")
        typed = {
            "csrfmiddlewaretoken": token, "kind": "update", "headline": "Turnout at 71%",
            "body": "<p>Turnout in the north is 71%, &amp; rising.</p>", "intent": "publish",
        }

        private_postgres.stop()
        status, page, _ = post(typed)
        assert status == 503
        assert "the database is unavailable" in page
        assert "Traceback" not in page
        kept = _fields(page)
        assert kept["headline"] == typed["headline"]
        assert kept["body"] == typed["body"]
        assert kept["intent"] == "publish"

        private_postgres.start()
        wait_for(lambda: readiness(server)[1]["checks"]["database"]["ok"], what="database reachable again")
        assert _count(env) == 0  # the failed attempt saved nothing

        status, page, landed = post(kept)  # "Send again"
        assert status == 200 and landed.startswith(desk)  # redirected back to the desk
        assert "Published." in page
        assert _count(env) == 1
    finally:
        server.stop()
