"""An editor sets a blog's ad and sponsor slots on the desk's Edit details
page (liveblogs/views/desk/blogs.py, blog_edit), choosing from the cards and
snippets an operator made in the admin (test_admin_ad_slots.py)."""

import json
import re

import pytest
from django.test import Client

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogEvent, SlotFill, SlotPlan

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/edit/"


@pytest.fixture
def card():
    return SlotFill.objects.create(
        kind="sponsor", name="Harbour Energy", text="Powering the coast.", link="https://harbour.example/"
    )


@pytest.fixture
def snippet():
    return SlotFill.objects.create(kind="html", name="Autumn fair", html="<p>Visit the autumn fair</p>")


# What the page sends back, hidden, as the slots it showed when it was opened
# (show_hidden_initial): here, a blog without slots.
SHOWN_OFF = {"initial-slot_fill": "", "initial-slot_every": "5", "initial-slot_cap": "5"}


def _opened(client, url=URL) -> dict:
    """The hidden slot values of the page as a person opens it now."""
    html = client.get(url).content.decode()
    shown = dict(re.findall(r'<input type="hidden" name="(initial-slot_\w+)"(?: value="([^"]*)")?', html))
    assert set(shown) == set(SHOWN_OFF), html
    return shown


def _details(shown=None, **slots) -> dict:
    """The Edit details form as the page sends it, with its slot fields and
    the slots the page showed (`shown`, from _opened; by default none)."""
    return {
        **(SHOWN_OFF if shown is None else shown),
        "headline": "Storm hits the coast",
        "standfirst": "Live coverage.",
        "slug": "storm",
        "topics": "",
        "language": "en-gb",
        "reactions": "on",
        "reactions_shown": "1",
        "slots_shown": "1",
        "slot_fill": "",
        "slot_every": "5",
        "slot_cap": "5",
        **slots,
    }


def _slot_events(blog):
    return list(BlogEvent.objects.filter(blog=blog, kind="slots.updated").order_by("seq"))


def test_it_lists_the_operators_cards_and_snippets_with_slots_off(client, editor, blog, card, snippet):
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "Ads and sponsor cards" in html
    assert '<option value="" selected>None: no ads or sponsor cards</option>' in html
    assert f'<option value="{snippet.pk}">Autumn fair (ad snippet)</option>' in html
    assert f'<option value="{card.pk}">Harbour Energy (sponsor card)</option>' in html
    assert 'name="slot_every" value="5"' in html and 'name="slot_cap" value="5"' in html


def test_it_says_when_no_card_has_been_made_yet(client, editor, blog):
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "There are none to choose yet: an operator sets them up in the admin" in html


def test_it_turns_slots_on_with_the_audit_and_the_event_open_pages_follow(client, editor, blog, card, publish):
    for i in range(4):
        publish(blog, headline=f"Update {i + 1}")
    client.force_login(editor)
    r = client.post(URL, _details(slot_fill=card.pk, slot_every="3", slot_cap="4"))
    assert r.status_code == 302 and r.url == "/desk/blogs/storm/"
    plan = SlotPlan.objects.get(blog=blog)
    assert (plan.fill, plan.every, plan.cap) == (card, 3, 4)
    entry = AuditEntry.objects.get(blog=blog, action="set_ad_slots")
    assert entry.actor == editor
    assert entry.changes == {"slots": ["off", f"every 3, at most 4: Harbour Energy (#{card.pk})"]}
    [event] = _slot_events(blog)
    slots = json.loads(event.payload)["slots"]
    assert (slots["every"], slots["cap"], slots["total"]) == (3, 4, 4)
    assert "Harbour Energy" in slots["html"]
    # The reader page has the slot after the third post.
    assert 'data-slot-after="3"' in client.get("/live/storm/").content.decode()
    # The page shows the plan as saved.
    html = client.get(URL).content.decode()
    assert f'<option value="{card.pk}" selected>Harbour Energy (sponsor card)</option>' in html
    assert 'name="slot_every" value="3"' in html and 'name="slot_cap" value="4"' in html


def test_it_changes_the_interval_cap_and_fill(client, editor, blog, card, snippet):
    client.force_login(editor)
    client.post(URL, _details(slot_fill=card.pk, slot_every="3", slot_cap="4"))
    r = client.post(URL, _details(_opened(client), slot_fill=snippet.pk, slot_every="10", slot_cap="2"))
    assert r.status_code == 302
    plan = SlotPlan.objects.get(blog=blog)
    assert (plan.fill, plan.every, plan.cap) == (snippet, 10, 2)
    assert AuditEntry.objects.filter(blog=blog, action="set_ad_slots").count() == 2
    last = json.loads(_slot_events(blog)[-1].payload)["slots"]
    assert (last["every"], last["cap"]) == (10, 2) and "autumn fair" in last["html"]


def test_it_turns_slots_off(client, editor, blog, card, publish):
    for i in range(4):
        publish(blog, headline=f"Update {i + 1}")
    client.force_login(editor)
    client.post(URL, _details(slot_fill=card.pk, slot_every="3", slot_cap="4"))
    # "None" turns them off, whatever the number boxes still say.
    r = client.post(URL, _details(_opened(client), slot_fill="", slot_every="1", slot_cap=""))
    assert r.status_code == 302
    assert not SlotPlan.objects.exists()
    assert json.loads(_slot_events(blog)[-1].payload)["slots"] is None
    assert (
        AuditEntry.objects.filter(blog=blog, action="set_ad_slots").order_by("-id").first().changes["slots"][1] == "off"
    )
    assert "Harbour Energy" not in client.get("/live/storm/").content.decode()


def test_saving_details_keeps_an_operators_later_slot_change(client, editor, admin_user, blog, card, snippet):
    # The editor opens Edit details while the blog has no slots...
    client.force_login(editor)
    shown = _opened(client)
    # ...an operator turns them on in the admin meanwhile...
    actions.set_ad_slots(blog=blog, by=admin_user, fill=card, every=3, cap=4)
    # ...and the editor saves a better headline, the slot boxes as the page showed them.
    r = client.post(URL, _details(shown, headline="Storm hits the coast hard"))
    assert r.status_code == 302
    blog.refresh_from_db()
    assert blog.headline == "Storm hits the coast hard"
    plan = SlotPlan.objects.get(blog=blog)
    assert (plan.fill, plan.every, plan.cap) == (card, 3, 4)
    assert not AuditEntry.objects.filter(blog=blog, action="set_ad_slots", actor=editor).exists()
    # The same when the operator changed a plan the page showed: the
    # editor's page said card every 3; the operator moved it to the snippet.
    shown = _opened(client)
    actions.set_ad_slots(blog=blog, by=admin_user, fill=snippet, every=10, cap=2)
    assert client.post(URL, _details(shown, slot_fill=card.pk, slot_every="3", slot_cap="4")).status_code == 302
    plan = SlotPlan.objects.get(blog=blog)
    assert (plan.fill, plan.every, plan.cap) == (snippet, 10, 2)
    assert not AuditEntry.objects.filter(blog=blog, action="set_ad_slots", actor=editor).exists()
    # What the editor does change is saved, over the operator's plan.
    shown = _opened(client)
    assert client.post(URL, _details(shown, slot_fill=snippet.pk, slot_every="6", slot_cap="2")).status_code == 302
    assert SlotPlan.objects.get(blog=blog).every == 6
    assert AuditEntry.objects.filter(blog=blog, action="set_ad_slots", actor=editor).count() == 1


def test_a_refused_save_still_sends_back_what_the_page_first_showed(client, editor, blog, card):
    client.force_login(editor)
    shown = _opened(client)
    r = client.post(URL, _details(shown, slot_fill=card.pk, slot_every="1", slot_cap="4"))
    assert r.status_code == 400
    html = r.content.decode()
    # The typed numbers are in the boxes; the hidden values are still the page's first ones.
    assert 'name="slot_every" value="1"' in html
    assert '<input type="hidden" name="initial-slot_every" value="5"' in html
    assert '<input type="hidden" name="initial-slot_cap" value="5"' in html
    assert '<input type="hidden" name="initial-slot_fill"' in html and 'name="initial-slot_fill" value' not in html
    # A hidden input may carry no aria-* attribute (valid HTML): not the field's help or error links.
    hidden = re.findall(r'<input type="hidden" name="initial-[^>]*>', html)
    assert len(hidden) == 3 and not any("aria-" in tag for tag in hidden), hidden


def test_saving_the_details_alone_leaves_the_slots_untouched(client, editor, blog, card):
    client.force_login(editor)
    client.post(URL, _details(slot_fill=card.pk, slot_every="3", slot_cap="4"))
    events, entries = BlogEvent.objects.count(), AuditEntry.objects.filter(action="set_ad_slots").count()
    # The same slots sent again with a new headline: no slot event, no audit entry.
    shown = _opened(client)
    client.post(
        URL, _details(shown, headline="Storm Ciara hits the coast", slot_fill=card.pk, slot_every="3", slot_cap="4")
    )
    assert AuditEntry.objects.filter(action="set_ad_slots").count() == entries
    assert [e.kind for e in BlogEvent.objects.order_by("seq")[events:]] == ["blog.updated"]
    # A form without the slot fields (an older page, a script) keeps them.
    client.post(URL, {"headline": "Storm Ciara", "standfirst": "", "topics": ""})
    assert SlotPlan.objects.filter(blog=blog, every=3, cap=4, fill=card).exists()


@pytest.mark.parametrize(
    "sent, field, message",
    [
        ({"slot_every": "1"}, "slot_every", "Give the number of posts between two slots, from 2 to 100."),
        ({"slot_every": "101"}, "slot_every", "Give the number of posts between two slots, from 2 to 100."),
        ({"slot_every": "five"}, "slot_every", "Give the number of posts between two slots, from 2 to 100."),
        ({"slot_every": ""}, "slot_every", "Give the number of posts between two slots, from 2 to 100."),
        ({"slot_cap": "0"}, "slot_cap", "Give how many slots the blog shows at most, from 1 to 50."),
        ({"slot_cap": "51"}, "slot_cap", "Give how many slots the blog shows at most, from 1 to 50."),
    ],
)
def test_it_refuses_numbers_outside_the_admins_ranges_and_keeps_what_was_typed(
    client, editor, blog, card, sent, field, message
):
    client.force_login(editor)
    r = client.post(URL, _details(headline="Typed headline", slot_fill=card.pk, **sent))
    assert r.status_code == 400
    html = r.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html and f'id="id_{field}_error"' in html
    assert 'value="Typed headline"' in html
    assert f'name="{field}" value="{sent[field]}"' in html or (sent[field] == "" and f'name="{field}" min' in html)
    assert f'<option value="{card.pk}" selected>' in html
    assert not SlotPlan.objects.exists() and not AuditEntry.objects.filter(action="set_ad_slots").exists()
    assert blog.headline == "Storm hits the coast"


def test_it_refuses_a_card_that_is_gone(client, editor, blog, card):
    client.force_login(editor)
    gone = card.pk
    card.delete()
    r = client.post(URL, _details(slot_fill=gone, slot_every="3", slot_cap="4"))
    assert r.status_code == 400
    assert "That sponsor card or snippet no longer exists. Choose another, or none." in r.content.decode()
    assert not SlotPlan.objects.exists()


@pytest.mark.parametrize("persona", ["reporter", "contributor", "moderator", "reader"])
def test_it_lets_only_those_who_edit_the_details_set_slots(client, request, blog, card, persona):
    client.force_login(request.getfixturevalue(persona))
    r = client.post(URL, _details(slot_fill=card.pk, slot_every="3", slot_cap="4"))
    assert r.status_code == 403
    assert not SlotPlan.objects.exists() and not BlogEvent.objects.filter(kind="slots.updated").exists()


def test_an_admin_may_set_them_too(client, admin_user, blog, card):
    client.force_login(admin_user)
    assert client.post(URL, _details(slot_fill=card.pk, slot_every="3", slot_cap="4")).status_code == 302
    assert SlotPlan.objects.get(blog=blog).fill == card


def test_it_needs_the_csrf_token(editor, blog, card):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    assert browser.post(URL, _details(slot_fill=card.pk, slot_every="3", slot_cap="4")).status_code == 403
    assert not SlotPlan.objects.exists()


def test_on_a_draft_it_saves_the_plan_without_an_event(client, editor, card):
    actions.create_blog(by=editor, headline="Draft", slug="draft")
    client.force_login(editor)
    r = client.post("/desk/blogs/draft/edit/", _details(headline="Draft", slug="draft", slot_fill=card.pk))
    assert r.status_code == 302
    assert SlotPlan.objects.get(blog__slug="draft").every == 5
    assert not BlogEvent.objects.filter(kind="slots.updated").exists()  # no reader has the page yet


def test_it_speaks_the_desks_language(client, editor, blog, card):
    editor.language = "uk"
    editor.save(update_fields=["language"])
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "Реклама та картки спонсорів" in html and "Реклама між дописами" in html
    assert f'<option value="{card.pk}">Harbour Energy (картка спонсора)</option>' in html
    r = client.post(URL, _details(slot_fill=card.pk, slot_every="0"))
    assert "Вкажіть кількість дописів між двома місцями, від 2 до 100." in r.content.decode()


def _deleting_the_card_first(monkeypatch, card):
    """set_ad_slots as the view calls it, with `card` deleted just before: an
    operator deleting it between the form's check and the save."""
    real = actions.set_ad_slots

    def set_ad_slots(**kwargs):
        SlotFill.objects.filter(pk=card.pk).delete()
        return real(**kwargs)

    monkeypatch.setattr(actions, "set_ad_slots", set_ad_slots)


def _nothing_saved(blog):
    blog.refresh_from_db()
    assert blog.headline == "Storm hits the coast"
    assert not SlotPlan.objects.exists()
    assert not AuditEntry.objects.filter(blog=blog, action__in=["update_blog", "set_ad_slots"]).exists()
    assert not BlogEvent.objects.filter(blog=blog, kind__in=["blog.updated", "slots.updated"]).exists()


def _refused_with_what_was_typed(r):
    assert r.status_code == 400
    html = r.content.decode()
    assert "That sponsor card or snippet no longer exists. Choose another, or none." in html
    assert 'id="id_slot_fill_error"' in html
    assert 'value="Typed headline"' in html and 'name="slot_every" value="3"' in html
    # The page's title and breadcrumb are the blog as saved, not as typed.
    assert "Edit “Storm hits the coast”" in html


def test_a_card_deleted_while_saving_saves_nothing_and_says_so(client, editor, blog, card, monkeypatch):
    client.force_login(editor)
    _deleting_the_card_first(monkeypatch, card)
    r = client.post(URL, _details(headline="Typed headline", slot_fill=card.pk, slot_every="3", slot_cap="4"))
    _refused_with_what_was_typed(r)
    _nothing_saved(blog)


def test_set_ad_slots_refuses_a_card_deleted_meanwhile(admin_user, blog, card):
    gone = SlotFill.objects.get(pk=card.pk)
    SlotFill.objects.filter(pk=card.pk).delete()
    with pytest.raises(actions.SlotFillGone, match="no longer exists"):
        actions.set_ad_slots(blog=blog, by=admin_user, fill=gone, every=3, cap=4)
    assert not SlotPlan.objects.exists() and not AuditEntry.objects.filter(action="set_ad_slots").exists()
