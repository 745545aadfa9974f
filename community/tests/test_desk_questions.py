"""The question inbox on a blog's desk page: counts, dismiss, mark answered,
and answering with a post that quotes the question (liveblogs' publish
action), which notifies the reader with a link to the post."""

import pytest

from community import actions
from community.models import Notification, Question
from liveblogs import actions as blog_actions
from liveblogs.models import AuditEntry, Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(blog, rosa):
    def ask(body="Is the coast road open?", show_name=True, by=None):
        return actions.ask_question(blog=blog, by=by or rosa, body=body, show_name=show_name)

    return ask


@pytest.fixture
def team(blog, editor, reporter, contributor):
    blog_actions.assign_staff(blog=blog, by=editor, user=reporter)
    blog_actions.assign_staff(blog=blog, by=editor, user=contributor)
    return blog


def test_it_shows_waiting_questions_beside_the_composer_with_counts(client, team, editor, asked, sam):
    first = asked("Is the coast road open?")
    asked("Where are the shelters?", by=sam, show_name=False)
    actions.dismiss_question(question=first, by=editor)
    client.force_login(editor)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert "Questions from readers" in html
    assert "1 waiting · 0 answered · 1 dismissed" in html
    assert "Where are the shelters?" in html and "Is the coast road open?" not in html
    assert "Sam Stranger (asked not to be named)" in html
    assert html.index("Questions from readers") > html.index('id="compose-title"')  # the column beside the composer
    assert '<a href="#questions-title">Question (1)</a>' in html  # the shortcut past the composer on phones


def test_it_shows_contributors_the_questions_without_the_buttons(client, team, contributor, asked):
    question = asked()
    client.force_login(contributor)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert "Is the coast road open?" in html
    assert f"/questions/{question.pk}/dismiss/" not in html


def test_it_gives_the_script_the_list_as_a_private_fragment(client, team, reporter, asked):
    asked()
    client.force_login(reporter)
    r = client.get("/desk/blogs/storm/questions/")
    assert r.status_code == 200 and r["Cache-Control"].startswith("private, no-store")
    assert "Is the coast road open?" in r.content.decode() and "<html" not in r.content.decode()


def test_it_dismisses_a_question_with_an_audit_entry(client, team, reporter, asked):
    question = asked()
    client.force_login(reporter)
    r = client.post(f"/desk/blogs/storm/questions/{question.pk}/dismiss/")
    assert r.status_code == 302 and r.url.endswith("/desk/blogs/storm/#questions-title")
    question.refresh_from_db()
    assert (question.status, question.handled_by) == ("dismissed", reporter)
    entry = AuditEntry.objects.get(action="dismiss_question")
    assert entry.actor == reporter and entry.changes == {"question": [None, "Is the coast road open?"]}
    assert not Notification.objects.filter(kind="answered").exists()


def test_it_marks_a_question_answered_without_notifying(client, team, editor, asked):
    question = asked()
    client.force_login(editor)
    r = client.post(f"/desk/blogs/storm/questions/{question.pk}/answered/", HTTP_ACCEPT="application/json")
    assert r.json()["ok"] is True
    question.refresh_from_db()
    assert question.status == "answered" and question.answer_post_id is None
    assert AuditEntry.objects.filter(action="answer_question", actor=editor).exists()
    assert not Notification.objects.exists()


def test_it_says_who_handled_a_question_first(client, team, editor, reporter, asked):
    question = asked()
    actions.dismiss_question(question=question, by=reporter)
    client.force_login(editor)
    r = client.post(f"/desk/blogs/storm/questions/{question.pk}/answered/", HTTP_ACCEPT="application/json")
    assert r.status_code == 409 and "Rita Reporter has already handled this question" in r.json()["error"]
    assert Question.objects.get().status == "dismissed"


def test_it_prefills_the_answer_with_the_question_and_the_name_the_reader_allowed(client, team, editor, asked, sam):
    named = asked("Is the coast road open?", show_name=True)
    unnamed = asked("Where are the shelters?", by=sam, show_name=False)
    client.force_login(editor)
    html = client.get(f"/desk/blogs/storm/questions/{named.pk}/answer/").content.decode()
    quote = "&lt;blockquote&gt;&lt;p&gt;Is the coast road open?&lt;/p&gt;&lt;p&gt;— Rosa Reader, asked the newsroom"
    assert quote in html
    html = client.get(f"/desk/blogs/storm/questions/{unnamed.pk}/answer/").content.decode()
    assert "— a reader, asked the newsroom" in html
    composer = html[html.index("data-post-form"):]
    assert "Sam Stranger" not in composer[: composer.index("</form>")]  # not in what gets published


def test_an_answer_is_published_quoting_the_question_and_notifies_the_reader(
    client, team, editor, asked, rosa, django_capture_on_commit_callbacks
):
    question = asked()
    client.force_login(editor)
    body = actions.answer_quote(question) + "<p>Yes: it reopened at noon.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/desk/blogs/storm/questions/{question.pk}/answer/",
                        {"kind": "update", "headline": "Your questions", "body": body, "intent": "publish"})
    post = Post.objects.get(headline="Your questions")
    assert r.status_code == 302 and r.url.endswith(f"/desk/blogs/storm/#post-{post.pk}")
    quote = "<blockquote><p>Is the coast road open?</p><p>— Rosa Reader, asked the newsroom</p></blockquote>"
    assert quote in post.body
    assert post.state == "published"
    question.refresh_from_db()
    assert (question.status, question.answer_post_id, question.handled_by) == ("answered", post.pk, editor)
    note = Notification.objects.get(recipient=rosa)
    assert note.kind == "answered" and note.url == f"/live/storm/?around={post.pk}#post-{post.pk}"
    assert note.text == "The newsroom answered your question on Storm hits the coast"
    assert set(AuditEntry.objects.filter(post=post).values_list("action", flat=True)) == {
        "publish_post", "answer_question"}
    # The reader's page shows the answer at its permalink.
    assert "Yes: it reopened at noon." in client.get(note.url.split("#")[0]).content.decode()


def test_an_answer_that_cannot_be_published_leaves_the_question_waiting(client, team, editor, asked):
    question = asked()
    blog_actions.close_blog(blog=team, by=editor)
    client.force_login(editor)
    r = client.post(f"/desk/blogs/storm/questions/{question.pk}/answer/",
                    {"kind": "update", "headline": "Too late", "body": "<p>Text kept</p>", "intent": "publish"})
    assert r.status_code == 400 and "Text kept" in r.content.decode()
    assert Question.objects.get().status == "new"
    assert not Post.objects.filter(headline="Too late").exists()
    assert not Notification.objects.exists()


def test_an_answer_sent_twice_publishes_once(client, team, editor, asked):
    question = asked()
    client.force_login(editor)
    data = {"kind": "update", "headline": "Once", "body": "<p>Once.</p>", "intent": "publish", "form_key": "k" * 24}
    client.post(f"/desk/blogs/storm/questions/{question.pk}/answer/", data)
    r = client.post(f"/desk/blogs/storm/questions/{question.pk}/answer/", data)
    post = Post.objects.get(headline="Once")
    assert r.status_code == 302 and r.url.endswith(f"#post-{post.pk}")
    assert Notification.objects.count() == 1


def test_the_audit_log_lists_question_actions(client, team, editor, asked):
    actions.dismiss_question(question=asked(), by=editor)
    client.force_login(editor)
    html = client.get("/desk/blogs/storm/audit/").content.decode()
    assert "Dismissed a reader&#x27;s question" in html or "Dismissed a reader's question" in html
    assert "Is the coast road open?" in html
