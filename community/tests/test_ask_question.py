"""Asking the newsroom a question from the blog page: the form's page without
JavaScript, the private form for the script, and the moderation checks and
rate limits a question passes (the pipeline's own, not copies)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community import actions
from community.models import Question, Standing
from liveblogs import actions as blog_actions
from liveblogs import presence

pytestmark = pytest.mark.django_db

ASK = "/live/storm/ask/"


def test_it_sends_a_question_and_thanks_the_reader(client, blog, rosa):
    client.force_login(rosa)
    r = client.post(ASK, {"body": "Is the coast road open?", "show_name": "on"})
    assert r.status_code == 302 and r.url == "/live/storm/ask/thanks/"
    question = Question.objects.get()
    assert (question.author, question.body, question.show_name, question.status) == (
        rosa, "Is the coast road open?", True, "new")
    page = client.get(r.url)
    assert page.status_code == 200 and "your question is with the newsroom" in page.content.decode()
    assert page["Cache-Control"].startswith("private, no-store")


def test_it_keeps_the_name_private_unless_the_reader_ticks_the_box(client, blog, rosa):
    client.force_login(rosa)
    client.post(ASK, {"body": "Where are the shelters?"})
    question = Question.objects.get()
    assert question.show_name is False and question.public_name == ""


def test_it_answers_the_script_in_json(client, blog, rosa):
    client.force_login(rosa)
    r = client.post(ASK, {"body": "How high is the tide?"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 200 and r.json()["ok"] is True
    assert "with the newsroom" in r.json()["message"]


def test_it_keeps_the_text_when_a_question_is_too_long(client, blog, rosa):
    client.force_login(rosa)
    text = "Why " * 300
    r = client.post(ASK, {"body": text, "show_name": "on"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Questions can be at most 1,000 characters" in html
    assert text.strip() in html  # the reader's text is still in the box
    assert 'name="show_name" id="ask-name-storm" value="on" checked' in html
    assert not Question.objects.exists()


def test_it_refuses_an_empty_question(client, blog, rosa):
    client.force_login(rosa)
    r = client.post(ASK, {"body": "   "}, HTTP_ACCEPT="application/json")
    assert r.status_code == 400 and "Write your question" in r.json()["error"]


def test_it_asks_anonymous_readers_to_sign_in(client, blog):
    page = client.get(ASK).content.decode()
    assert "Sign in" in page and 'name="body"' not in page
    r = client.post(ASK, {"body": "Anyone there?"})
    assert r.status_code == 403
    assert not Question.objects.exists()


def test_it_asks_readers_to_verify_their_address_first(client, blog, reader):
    client.force_login(reader)  # not verified
    r = client.post(ASK, {"body": "Is it safe?"})
    assert r.status_code == 403 and "Verify your email address" in r.content.decode()
    assert not Question.objects.exists()


def test_it_refuses_banned_and_suspended_readers_with_the_pipeline_reasons(client, blog, rosa, sam):
    Standing.objects.create(user=rosa, banned=True, ban_reason="spam")
    Standing.objects.create(user=sam, suspended_until=timezone.now() + timedelta(days=2), suspension_reason="rude")
    client.force_login(rosa)
    r = client.post(ASK, {"body": "Let me in"})
    assert r.status_code == 403 and "banned" in r.content.decode() and "spam" in r.content.decode()
    client.force_login(sam)
    r = client.post(ASK, {"body": "Let me in"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 403 and "suspended" in r.json()["error"]
    assert not Question.objects.exists()


def test_it_rejects_banned_words_and_keeps_them_out_of_the_inbox(client, blog, rosa, settings):
    settings.COMMUNITY_BANNED_WORDS = ["gobbledygook"]
    client.force_login(rosa)
    r = client.post(ASK, {"body": "What gobbledygook is this?"})
    assert r.status_code == 400 and "not sent" in r.content.decode()
    assert "What gobbledygook is this?" in r.content.decode()
    assert Question.objects.get().status == "rejected"
    assert not Question.objects.waiting().exists()


def test_it_flags_a_question_with_links_for_the_desk(client, blog, rosa, settings):
    settings.COMMUNITY_SUSPECT_WORDS = ["crypto"]
    client.force_login(rosa)
    client.post(ASK, {"body": "Is [this](https://example.org/a) true? crypto"})
    question = Question.objects.get()
    assert question.status == "new"
    assert question.tags == ["new_commenter_links", "suspect_words"]


def test_it_refuses_the_same_question_twice(client, blog, rosa):
    actions.ask_question(blog=blog, by=rosa, body="Is the bridge shut?")
    client.force_login(rosa)
    r = client.post(ASK, {"body": "Is the bridge shut?"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 400 and "just sent this question" in r.json()["error"]
    assert Question.objects.count() == 1


def test_it_limits_questions_per_account(client, blog, rosa):
    client.force_login(rosa)
    assert client.post(ASK, {"body": "First?"}).status_code == 302
    r = client.post(ASK, {"body": "Second, at once?"})
    assert r.status_code == 429 and "too quickly" in r.content.decode()
    assert "Second, at once?" in r.content.decode()
    assert Question.objects.count() == 1


def test_it_limits_questions_per_address_across_accounts(client, blog, django_user_model, monkeypatch):
    from community import limits
    from community.tests.conftest import verify

    monkeypatch.setitem(limits.IP_LIMITS, "question", [(2, 60, "Too many questions from your network.")])
    for n in range(3):
        user = verify(django_user_model.objects.create_user(f"asker{n}", f"asker{n}@example.org", "x"))
        client.force_login(user)
        r = client.post(ASK, {"body": f"Question {n}?"}, REMOTE_ADDR="203.0.113.9")
    assert r.status_code == 429 and "network" in r.content.decode()
    assert Question.objects.count() == 2


def test_it_takes_questions_only_while_the_blog_is_live(client, blog, rosa, editor):
    blog_actions.close_blog(blog=blog, by=editor)
    client.force_login(rosa)
    r = client.post(ASK, {"body": "Still there?"})
    assert r.status_code == 403 and "while the live blog is running" in r.content.decode()
    assert not Question.objects.exists()


def test_it_gives_the_script_a_private_form_with_its_token(client, blog, rosa):
    client.force_login(rosa)
    r = client.get("/live/storm/ask/form")
    assert r["Cache-Control"].startswith("private, no-store")
    data = r.json()
    assert data["notice"] == "" and 'name="csrfmiddlewaretoken"' in data["form"]
    assert "Show my display name (Rosa Reader) with the answer" in data["form"]


def test_it_tells_the_script_why_a_reader_cannot_ask(client, blog, reader):
    client.force_login(reader)
    data = client.get("/live/storm/ask/form").json()
    assert data["form"] is None and "Verify your email address" in data["notice"]


def test_the_blog_page_offers_the_same_link_to_everyone(client, blog, rosa):
    anonymous = client.get("/live/storm/")
    client.force_login(rosa)
    signed_in = client.get("/live/storm/")
    assert anonymous.content == signed_in.content
    html = anonymous.content.decode()
    assert 'href="/live/storm/ask/"' in html and "Ask the newsroom" in html
    assert "csrfmiddlewaretoken" not in html


def test_a_question_reaches_the_desk_stream_not_the_blog(blog, rosa, django_capture_on_commit_callbacks):
    head = blog.head_seq
    with django_capture_on_commit_callbacks(execute=True):
        question = actions.ask_question(blog=blog, by=rosa, body="Any news from the harbour?")
    events = [e.payload for e in presence.read("storm", 0, 50)]
    assert any(b'"kind":"questions"' in p and f'"id":{question.pk}'.encode() in p and b'"new":1' in p for p in events)
    blog.refresh_from_db()
    assert blog.head_seq == head  # the public stream, page cache and ETag do not move


def test_it_shows_readers_what_became_of_their_questions(client, blog, rosa, editor):
    from liveblogs.actions import PostContent

    waiting = actions.ask_question(blog=blog, by=rosa, body="Is the ferry running?")
    answered = actions.ask_question(blog=blog, by=rosa, body="Is the bridge shut?")
    post = actions.answer_question(question=answered, by=editor, content=PostContent(body="<p>It is.</p>"))
    client.force_login(rosa)
    mine = client.get("/live/storm/ask/form").json()["mine"]
    assert "Is the ferry running?" in mine and "waiting for the newsroom" in mine
    assert f'href="/live/storm/?around={post.pk}#post-{post.pk}">answered: read the answer</a>' in mine
    page = client.get(ASK).content.decode()  # without JavaScript too
    assert "answered: read the answer" in page and waiting.body in page
