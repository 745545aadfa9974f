"""Every desk action for every role, through the URL, crafted POSTs included.

Each row of ALLOWED names an action and the personas who may do it; every
other persona must be refused (403, or the sign-in page when anonymous) and
nothing may change: no event, no audit entry, no new post or account."""

import pytest

from accounts import actions as accounts_actions
from accounts.models import StaffAuditEntry
from community import actions as community_actions
from community.models import Question
from community.tests.conftest import verify
from liveblogs import actions
from liveblogs.models import AuditEntry, BlogAssignment, BlogEvent, LiveBlog, Post

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "reader", "moderator", "contributor", "unassigned_reporter", "reporter", "editor", "admin"]
EDITORS = {"editor", "admin"}
DESK = {"contributor", "reporter", "unassigned_reporter"} | EDITORS
ON_TEAM = {"contributor", "reporter"} | EDITORS

POST = {"kind": "update", "headline": "Crafted", "body": "<p>Crafted text.</p>", "label": "", "intent": "publish"}


def _edit_data(post):
    return {**POST, "version": post.version}


# action -> (method, url(ctx), data(ctx) or None, personas allowed)
ALLOWED = {
    "desk_home": ("get", lambda c: "/desk/", None, DESK),
    "blog_page": ("get", lambda c: "/desk/blogs/storm/", None, ON_TEAM),
    "publish": ("post", lambda c: "/desk/blogs/storm/", lambda c: POST, {"reporter"} | EDITORS),
    "submit": ("post", lambda c: "/desk/blogs/storm/", lambda c: {**POST, "intent": "submit"}, ON_TEAM),
    "schedule": (
        "post", lambda c: "/desk/blogs/storm/",
        lambda c: {**POST, "intent": "schedule", "scheduled_for": "2099-01-01T12:00"}, {"reporter"} | EDITORS,
    ),
    "autosave_draft": ("post", lambda c: "/desk/blogs/storm/drafts/autosave/", lambda c: POST, ON_TEAM),
    "approve": ("post", lambda c: f"/desk/blogs/storm/posts/{c['submitted'].pk}/approve/", lambda c: {}, EDITORS),
    "send_back": (
        "post", lambda c: f"/desk/blogs/storm/posts/{c['submitted'].pk}/send-back/", lambda c: {"note": "Why?"},
        EDITORS,
    ),
    "edit_own_post": (
        "post", lambda c: f"/desk/blogs/storm/posts/{c['own'].pk}/edit/", lambda c: _edit_data(c["own"]),
        {"reporter"} | EDITORS,
    ),
    "edit_others_post": (
        "post", lambda c: f"/desk/blogs/storm/posts/{c['others'].pk}/edit/", lambda c: _edit_data(c["others"]),
        EDITORS,
    ),
    "delete_others_post": (
        "post", lambda c: f"/desk/blogs/storm/posts/{c['others'].pk}/delete/", lambda c: {"confirmed": "yes"},
        EDITORS,
    ),
    "pin": ("post", lambda c: f"/desk/blogs/storm/posts/{c['others'].pk}/pin/", lambda c: {"pinned": "yes"}, EDITORS),
    "key_event": (
        "post", lambda c: f"/desk/blogs/storm/posts/{c['others'].pk}/key-event/", lambda c: {"key_event": "yes"},
        EDITORS,
    ),
    "legal_removal": (
        "post", lambda c: f"/desk/blogs/storm/posts/{c['others'].pk}/remove/", lambda c: {"reason": "Court order"},
        EDITORS,
    ),
    "history": ("get", lambda c: f"/desk/blogs/storm/posts/{c['others'].pk}/history/", None, EDITORS),
    "audit_log": ("get", lambda c: "/desk/blogs/storm/audit/", None, EDITORS),
    "readers_report": ("get", lambda c: "/desk/blogs/storm/analytics/", None, ON_TEAM),
    "readers_csv": ("get", lambda c: "/desk/blogs/storm/analytics/readers.csv", None, ON_TEAM),
    "hours_csv": ("get", lambda c: "/desk/blogs/storm/analytics/hours.csv", None, ON_TEAM),
    "posts_csv": ("get", lambda c: "/desk/blogs/storm/analytics/posts.csv", None, ON_TEAM),
    "create_blog": (
        "post", lambda c: "/desk/blogs/new/", lambda c: {"headline": "Crafted blog", "slug": "crafted", "topics": ""},
        EDITORS,
    ),
    "edit_blog": (
        "post", lambda c: "/desk/blogs/storm/edit/", lambda c: {"headline": "Crafted headline", "topics": ""}, EDITORS,
    ),
    "close_blog": ("post", lambda c: "/desk/blogs/storm/close/", lambda c: {"confirmed": "yes"}, EDITORS),
    "reader_preview": ("get", lambda c: "/desk/blogs/storm/reader-preview/", None, ON_TEAM),
    "share_preview_page": ("get", lambda c: "/desk/blogs/storm/share-preview/", None, EDITORS),
    "revoke_preview_links": (
        "post", lambda c: "/desk/blogs/storm/share-preview/", lambda c: {"intent": "revoke"}, EDITORS,
    ),
    "team_page": ("get", lambda c: "/desk/blogs/storm/team/", None, EDITORS),
    "assign_staff": ("post", lambda c: "/desk/blogs/storm/team/", lambda c: {"user": c["newcomer"].pk}, EDITORS),
    "unassign_staff": (
        "post", lambda c: f"/desk/blogs/storm/team/{c['people']['reporter'].pk}/remove/", lambda c: {}, EDITORS,
    ),
    # Readers' questions (community/views/questions.py): the team sees them; those who may publish handle them.
    "question_inbox": ("get", lambda c: "/desk/blogs/storm/questions/", None, ON_TEAM),
    "question_dismiss": (
        "post", lambda c: f"/desk/blogs/storm/questions/{c['question'].pk}/dismiss/", lambda c: {},
        {"reporter"} | EDITORS,
    ),
    "question_mark_answered": (
        "post", lambda c: f"/desk/blogs/storm/questions/{c['question'].pk}/answered/", lambda c: {},
        {"reporter"} | EDITORS,
    ),
    "question_answer_page": (
        "get", lambda c: f"/desk/blogs/storm/questions/{c['question'].pk}/answer/", None, {"reporter"} | EDITORS,
    ),
    "question_answer": (
        "post", lambda c: f"/desk/blogs/storm/questions/{c['question'].pk}/answer/", lambda c: POST,
        {"reporter"} | EDITORS,
    ),
    "staff_list": ("get", lambda c: "/desk/staff/", None, {"admin"}),
    "create_staff": (
        "post", lambda c: "/desk/staff/new/",
        lambda c: {"username": "crafted", "email": "c@example.org", "display_name": "Crafted", "role": "editor",
                   "password": "a long and unusual passphrase 42"},
        {"admin"},
    ),
    "change_role": (
        "post", lambda c: f"/desk/staff/{c['people']['contributor'].pk}/",
        lambda c: {"display_name": "Cora", "role": "editor", "bio": "", "is_active": "on"},
        {"admin"},
    ),
    "deactivate": (
        "post", lambda c: f"/desk/staff/{c['people']['reporter'].pk}/",
        lambda c: {"display_name": "Rita Reporter", "role": "reporter", "bio": ""},
        {"admin"},
    ),
}


@pytest.fixture
def ctx(django_user_model, blog, editor, reporter, contributor, moderator, admin_user, reader, assign, publish):
    assign(blog, contributor)
    unassigned = django_user_model.objects.create_user("uma", "uma@example.org", "x", role="reporter")
    newcomer = django_user_model.objects.create_user("nia", "nia@example.org", "x", role="reporter")
    people = {
        "anonymous": None, "reader": reader, "moderator": moderator, "contributor": contributor,
        "unassigned_reporter": unassigned, "reporter": reporter, "editor": editor, "admin": admin_user,
    }
    own = {name: publish(blog, headline=f"By {name}", by=user) for name, user in people.items() if user}
    others = publish(blog, headline="By someone else", by=django_user_model.objects.create_user("zed", role="reporter"))
    draft = actions.save_draft(blog=blog, by=contributor, content=actions.PostContent(headline="For approval"))
    submitted = actions.submit_post(post=draft, by=contributor)
    asker = verify(django_user_model.objects.create_user("quinn", "quinn@example.org", "x"))
    question = community_actions.ask_question(blog=blog, by=asker, body="Crafted question?")
    return {
        "people": people, "own_posts": own, "others": others, "blog": blog, "newcomer": newcomer,
        "submitted": submitted, "question": question,
    }


def _state():
    return (
        LiveBlog.objects.values_list("headline", "status", "head_seq").order_by("pk").first(),
        BlogEvent.objects.count(),
        AuditEntry.objects.count(),
        StaffAuditEntry.objects.count(),
        Post.objects.count(),
        BlogAssignment.objects.count(),
        LiveBlog.objects.count(),
        list(Post.objects.order_by("pk").values_list("state", "version")),
        list(Question.objects.order_by("pk").values_list("status", flat=True)),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_it_lets_only_the_right_roles_do_each_thing(client, ctx, persona, action):
    method, url, data, allowed = ALLOWED[action]
    user = ctx["people"][persona]
    if user is not None:
        client.force_login(user)
    # "Own post" is the persona's own post (a reader's was published for them).
    ctx["own"] = ctx["own_posts"].get(persona, ctx["others"])
    before = _state()
    response = getattr(client, method)(url(ctx), data(ctx) if data else None)
    if persona in allowed:
        assert response.status_code in (200, 302), response.content[:300]
        if response.status_code == 302:
            assert "/login/" not in response.url
        if method == "post":
            assert _state() != before, "an allowed write changed nothing"
    else:
        if user is None:
            assert response.status_code == 302 and "/desk/login/" in response.url
        else:
            assert response.status_code == 403
        assert _state() == before


def test_it_keeps_an_unassigned_reporter_off_the_blog_even_for_their_own_post(
    client, blog, reporter, other_blog, publish
):
    post = publish(other_blog, headline="Filed before", by=reporter)
    client.force_login(reporter)
    assert client.get("/desk/blogs/election/").status_code == 403
    r = client.post(f"/desk/blogs/election/posts/{post.pk}/edit/", _edit_data(post))
    assert r.status_code == 403
    assert "not on this live blog" in r.content.decode()
    assert Post.objects.get(pk=post.pk).headline == "Filed before"


def test_it_lists_only_the_blogs_a_reporter_is_on(client, blog, reporter, other_blog):
    client.force_login(reporter)
    html = client.get("/desk/").content.decode()
    assert "/desk/blogs/storm/" in html
    assert "/desk/blogs/election/" not in html


def test_it_refuses_an_admin_demoting_themselves(client, admin_user):
    client.force_login(admin_user)
    r = client.post(f"/desk/staff/{admin_user.pk}/", {"display_name": "Ada", "role": "reporter", "bio": ""})
    assert r.status_code == 400
    assert "cannot change your own role" in r.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.role == "admin"


def test_it_shuts_a_deactivated_reporter_out(client, blog, reporter, admin_user):
    accounts_actions.change_staff(
        by=admin_user, user=reporter, role="reporter", display_name="Rita", bio="", is_active=False
    )
    client.force_login(reporter)
    r = client.get("/desk/blogs/storm/")
    assert r.status_code in (302, 403)
    assert StaffAuditEntry.objects.get(subject=reporter).action == "deactivate"
