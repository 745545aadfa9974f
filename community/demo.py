"""Demo content for the community (run by `manage.py load_demo` after the
blogs): four readers and a moderator, a lively thread under the running
live blog with replies, likes, a featured comment, one comment waiting for
the moderator and one reported, and readers following each other.
Safe to run twice: a thread that already has the demo readers' comments is
left alone. Every comment here was written for this demo."""

from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from community import actions
from community.models import Comment, Question, Standing
from liveblogs.demo_content import WAR_BLOG
from liveblogs.models import LiveBlog

DEMO_PASSWORD = "newsline"

# The first is the accounts app's demo reader: used as it is if it exists already.
READERS = [
    {"username": "reader", "display_name": "Hannah Lindqvist",
     "bio": "Retired geography teacher in Malmö. Reads everything twice."},
    {"username": "tomasz", "display_name": "Tomasz Wójcik",
     "bio": "Logistics planner. Interested in how supply lines really work."},
    {"username": "amara", "display_name": "Amara Osei", "bio": "Postgraduate student in international law."},
    {"username": "felix", "display_name": "Felix Brandt", "bio": "Night-shift nurse; catches up on the news at 4 a.m."},
]
MODERATOR = {
    "username": "moderator", "display_name": "Jo Ellery", "bio": "Looks after the comments.", "role": "moderator",
}

# (key, author index, minutes ago, parent key or None, text)
THREAD = [
    ("q1", 0, 95, None, "Does anyone know whether the **grain corridor** is still running this week? "
                        "The last update I saw was from Monday."),
    ("a1", 1, 88, "q1", "Ships were still leaving Odesa on Tuesday according to the port authority, but insurers "
                        "have raised their rates again. That tends to slow things before anything officially stops."),
    ("a2", 2, 80, "a1", "The insurance point is underrated. Under the 2022 arrangement the war-risk premiums were "
                        "the real bottleneck, not the naval threat itself."),
    ("c1", 3, 64, None, "Thank you to the reporters doing this overnight. The timeline at the top makes it much "
                        "easier to catch up after a shift."),
    ("c2", 2, 47, None, "> Officials said the strikes targeted energy infrastructure\n\nWorth remembering that "
                        "winter strikes on the grid have a pattern: first substations, then the repair crews' "
                        "depots. Hope the desk keeps an eye on that."),
    ("r1", 0, 40, "c2", "Good point. Is there a map anywhere of which regions have had scheduled outages?"),
    ("c3", 1, 22, None, "A correction note on the 14:05 post, if I may: the figure quoted was for the *whole* "
                        "region, not the city. Glad to see the desk already fixed it."),
    ("c4", 3, 9, None, "Quiet night on the ward, so following along. Stay safe, everyone in Kharkiv."),
]
# Three links: more than COMMUNITY_MAX_LINKS, so it waits in the moderator's queue.
PENDING = (3, "Three sources worth reading: [one](https://example.org/a), [two](https://example.org/b) "
              "and [three](https://example.org/c).")
REPORTED = (1, "Honestly the whole thing is pointless, nobody reads these updates anyway.")
# Questions to the newsroom waiting in the desk's inbox: (asker index, minutes ago, may be named, text).
QUESTIONS = [
    (2, 31, True, "Are the scheduled power cuts in the Kharkiv region announced in advance, and where can "
                  "residents check them?"),
    (1, 12, False, "Has the port authority said how long ships now wait for inspection before they can leave?"),
]


def _account(spec: dict, *, keep_existing: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=spec["username"], defaults={"email": f"{spec['username']}@example.org"}
    )
    if keep_existing and not created:
        return user  # another app's demo account: leave its name and password alone
    user.email = f"{spec['username']}@example.org"
    user.display_name = spec["display_name"]
    user.bio = spec["bio"]
    user.role = spec.get("role", "reader")
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def load(stdout):
    readers = [_account(spec, keep_existing=spec["username"] == "reader") for spec in READERS]
    moderator = _account(MODERATOR)
    # The English war blog the demo opens with (its comments and questions are in English), not
    # whichever blog was written last (the Ukrainian one).
    blog = LiveBlog.objects.live().filter(slug=WAR_BLOG["slug"]).first()
    blog = blog or LiveBlog.objects.live().order_by("-last_activity_at").first()
    if blog is None:
        stdout.write("  community: no live blog, no demo comments")
        return
    if Comment.objects.filter(blog=blog, author__in=readers).exists():
        stdout.write("  community: demo comments already there")
        return
    for reader in readers:
        Standing.objects.filter(user=reader).delete()
    now = timezone.now()
    made: dict[str, Comment] = {}
    for key, who, minutes, parent, text in THREAD:
        comment = actions.post_comment(blog=blog, by=readers[who], body=text, parent=made.get(parent))
        if comment.status != Comment.Status.PUBLISHED:  # first-comment pre-moderation: the demo moderator approves
            comment = actions.approve_comment(comment=comment, by=moderator)
        Comment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(minutes=minutes))
        made[key] = comment
    for key, likers in {"a1": [0, 2, 3], "c1": [0, 1], "a2": [1], "c2": [0, 3]}.items():
        for who in likers:
            actions.like_comment(comment=made[key], by=readers[who])
    actions.feature_comment(comment=made["a2"], by=moderator)
    reported = actions.post_comment(blog=blog, by=readers[REPORTED[0]], body=REPORTED[1])
    if reported.status == Comment.Status.PUBLISHED:
        actions.report_comment(comment=reported, by=readers[3], reason="off_topic", note="Not about the story.")
    Comment.objects.filter(pk=reported.pk).update(created_at=now - timedelta(minutes=5))
    actions.post_comment(blog=blog, by=readers[PENDING[0]], body=PENDING[1])  # held: too many links
    for who, minutes, named, text in QUESTIONS:
        question = actions.ask_question(blog=blog, by=readers[who], body=text, show_name=named)
        Question.objects.filter(pk=question.pk).update(created_at=now - timedelta(minutes=minutes))
    for follower, followee in [(0, 2), (3, 2), (1, 0), (2, 1)]:
        actions.follow_reader(follower=readers[follower], followee=readers[followee])
    names = ", ".join(r.username for r in readers)
    stdout.write(f"  community: {len(THREAD) + 2} demo comments and {len(QUESTIONS)} questions to the desk on "
                 f"'{blog.headline}' by {names}; moderator 'moderator'")
