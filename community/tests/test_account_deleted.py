"""A deleted account's comments stay, anonymised (GDPR)."""

import pytest

from community import actions, receivers
from community.models import Comment

pytestmark = pytest.mark.django_db


def test_it_anonymises_comments_when_the_account_is_deleted(client, blog, rosa, comment_on):
    comment = comment_on(rosa, "Words that stay")
    if receivers.account_deleted is not None:
        receivers.account_deleted.send(sender=type(rosa), user=rosa)
    else:
        actions.anonymise_comments(user=rosa)
    comment.refresh_from_db()
    assert comment.author is None and comment.body == "Words that stay"
    html = client.get(f"/live/{blog.slug}/comments/thread").content.decode()
    assert "A former reader" in html and "Rosa Reader" not in html


def test_it_keeps_comments_when_the_user_row_goes(blog, rosa, comment_on):
    comment = comment_on(rosa, "Still here")
    rosa.delete()
    assert Comment.objects.get(pk=comment.pk).author is None


def test_it_adds_the_readers_community_data_to_the_export(blog, rosa, sam, comment_on):
    from accounts.actions import export_data

    comment_on(rosa, "Mine to take away")
    actions.follow_reader(follower=rosa, followee=sam)
    data = export_data(user=rosa)["community"]
    assert data["comments"][0]["text"] == "Mine to take away"
    assert data["following"] == [sam.username]


def test_it_exports_a_readers_questions_and_keeps_them_nameless_after_deletion(blog, rosa):
    from accounts.actions import export_data
    from community.models import Question

    question = actions.ask_question(blog=blog, by=rosa, body="Mine to ask", show_name=True)
    data = export_data(user=rosa)["community"]
    assert data["questions"][0]["text"] == "Mine to ask" and data["questions"][0]["show_name"] is True
    rosa.delete()
    question = Question.objects.get(pk=question.pk)
    assert question.author is None and question.public_name == ""
    assert actions.answer_quote(question).endswith("<p>— a reader, asked the newsroom</p></blockquote><p></p>")
