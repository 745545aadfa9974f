"""Load the demo newsroom (liveblogs.demo_content): five staff accounts (an
editor, two reporters, a contributor, an admin) on the blogs' teams, a
running war live blog and an election-night blog that has ended.

Safe to run again: accounts are brought back to their demo state, and a blog
whose slug already exists is left exactly as it is."""

from datetime import timedelta
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from liveblogs import actions, demo_analytics, demo_content
from liveblogs.models import LiveBlog
from newsline.lib.env import env_bool

# The one password `make demo` prints. It exists only where the demo may run.
DEMO_PASSWORD = "newsline"


def demo_allowed() -> bool:
    return settings.DEBUG or settings.TESTING or env_bool("NEWSLINE_DEMO", False)


def ensure_staff(spec: dict):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=spec["username"])
    user.email = spec["email"]
    user.role = spec["role"]
    user.display_name = spec["display_name"]
    user.bio = spec["bio"]
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def demo_picture(blog, by, spec: dict):
    """A picture drawn here (no files in the repository, nothing downloaded),
    uploaded through the same action as the desk's."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (1600, 900), (0, 87, 183))
    ImageDraw.Draw(picture).rectangle((0, 450, 1600, 900), fill=(255, 215, 0))
    out = BytesIO()
    picture.save(out, format="PNG")
    upload = SimpleUploadedFile("demo.png", out.getvalue(), content_type="image/png")
    return actions.upload_image(
        blog=blog,
        by=by,
        upload=upload,
        alt_text=spec["alt"],
        caption=spec.get("caption", ""),
        credit=spec.get("credit", ""),
    )


@transaction.atomic
def load_blog(spec: dict, staff: dict, now) -> LiveBlog:
    """Create, open and fill one blog; close it if the spec says when.
    One transaction, so a failure leaves no half-loaded blog to skip next time."""
    editor = staff[spec["created_by"]]
    blog = actions.create_blog(
        by=editor, headline=spec["headline"], slug=spec["slug"], standfirst=spec["standfirst"], topics=spec["topics"],
        language=spec.get("language", ""),
    )
    # Back-date before opening: open_blog keeps an existing opened_at.
    opened_at = now - spec["opened_ago"]
    LiveBlog.objects.filter(pk=blog.pk).update(created_at=opened_at, opened_at=opened_at)
    blog = actions.open_blog(blog=blog, by=editor)

    for post in sorted(spec["posts"], key=lambda p: p["ago"], reverse=True):
        authors = [staff[name] for name in post["authors"]]
        content = actions.PostContent(
            headline=post.get("headline", ""),
            body=post.get("body", ""),
            label=post.get("label", ""),
            kind=post.get("kind", "update"),
            article_url=post.get("article_url", ""),
            article_author=post.get("article_author", ""),
            article_headline=post.get("article_headline", ""),
            article_standfirst=post.get("article_standfirst", ""),
            embed_url=post.get("embed_url", ""),
            image_id=demo_picture(blog, authors[0], post["image"]).pk if "image" in post else None,
        )
        actions.publish_post(
            blog=blog,
            by=authors[0],
            content=content,
            authors=authors,
            at=now - post["ago"],
            is_key_event=post.get("key_event", False),
            is_pinned=post.get("pinned", False),
        )

    if "image" in spec or "summary" in spec:
        actions.update_blog(
            blog=blog, by=editor, headline=blog.headline, standfirst=blog.standfirst, topics=spec["topics"],
            image_id=demo_picture(blog, editor, spec["image"]).pk if "image" in spec else actions.KEEP,
            summary=spec.get("summary", actions.KEEP),
        )

    for item in spec.get("unpublished", []):
        author = staff[item["by"]]
        post = actions.save_draft(
            blog=blog, by=author, content=actions.PostContent(headline=item["headline"], body=item["body"])
        )
        if item["state"] == "submitted":
            actions.submit_post(post=post, by=author)
        elif item["state"] == "scheduled":
            actions.schedule_post(post=post, by=author, at=now + timedelta(hours=item["in_hours"]))

    if "closed_ago" in spec:
        actions.close_blog(blog=blog, by=editor)
        # close_blog stamps the real time; the demo wants it to read as days ago.
        closed_at = now - spec["closed_ago"]
        LiveBlog.objects.filter(pk=blog.pk).update(closed_at=closed_at, last_activity_at=closed_at)
    blog.refresh_from_db()
    return blog


def load_slots(staff: dict) -> None:
    """The demo's one sponsor card, on the ended election blog: set again
    on every run, which changes nothing when it is already there."""
    from liveblogs.models import SlotFill

    spec = demo_content.DEMO_SLOTS
    fill, _ = SlotFill.objects.update_or_create(name=spec["fill"]["name"], defaults=spec["fill"])
    blog = LiveBlog.objects.get(slug=spec["blog"])
    actions.set_ad_slots(blog=blog, by=staff["admin"], fill=fill, every=spec["every"], cap=spec["cap"])


class Command(BaseCommand):
    help = "Load the demo newsroom: staff accounts, a live blog and an ended one. Safe to run again."

    def handle(self, *args, **options):
        if not demo_allowed():
            raise CommandError(
                "load_demo only runs in a demo, development or test setting: set NEWSLINE_DEMO=1 or DEBUG=1. "
                "No default account exists outside the demo."
            )

        staff = {spec["username"]: ensure_staff(spec) for spec in demo_content.STAFF}
        now = timezone.now()
        loaded = [
            load_blog(spec, staff, now)
            for spec in demo_content.BLOGS
            if not LiveBlog.objects.filter(slug=spec["slug"]).exists()
        ]

        # Reporters publish, and contributors submit, only to blogs they are on.
        for blog in LiveBlog.objects.filter(slug__in=[spec["slug"] for spec in demo_content.BLOGS]):
            for name in demo_content.TEAM:
                actions.assign_staff(blog=blog, by=staff["editor"], user=staff[name])

        load_slots(staff)

        # The readers report's figures over each blog's coverage (only where
        # there are none yet), so the analytics chart is there at first look.
        for blog in LiveBlog.objects.filter(slug__in=[spec["slug"] for spec in demo_content.BLOGS]):
            demo_analytics.load(blog, now)

        # Other apps add their part of the demo (comments, members, …) in a
        # `demo.py` beside their models with `load(stdout)`, run after the
        # blogs exist; each must be safe to run again. liveblogs imports none
        # of them by name.
        for config in apps.get_app_configs():
            if config.name != "liveblogs" and find_spec(f"{config.name}.demo"):
                import_module(f"{config.name}.demo").load(self.stdout)

        if not loaded:
            self.stdout.write("Demo newsroom already loaded.")
            return
        self.stdout.write(self.style.SUCCESS("Demo newsroom loaded."))
        for blog in loaded:
            count = blog.posts.visible().count()
            status = blog.get_status_display()
            self.stdout.write(f"  {status:5}  {blog.get_absolute_url()}  ({count} posts)  {blog.headline}")
        names = ", ".join(f"{u.username} ({u.byline}, {u.role})" for u in staff.values())
        self.stdout.write(f"  Staff: {names}")
