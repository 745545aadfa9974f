"""An operator sets up ad and sponsor slots in the admin (liveblogs/admin.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from liveblogs.models import AuditEntry, SlotFill, SlotPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    return admin_user


def _png(width=900, height=300) -> SimpleUploadedFile:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (20, 90, 160)).save(out, format="PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def _card(**overrides) -> dict:
    return {"kind": "sponsor", "name": "Harbour Energy", "text": "Powering the coast.",
            "link": "https://harbour.example/", "logo_url": "", "html": "", **overrides}


def test_it_makes_a_sponsor_card_with_an_uploaded_logo(client, operator, media_root):
    response = client.post("/admin/liveblogs/slotfill/add/", _card(logo_upload=_png()))
    assert response.status_code == 302, response.content.decode()[:2000]
    card = SlotFill.objects.get()
    assert [r["width"] for r in card.logo_renditions] == [480]
    assert card.logo_src.startswith("/media/sponsors/") and card.logo_src.endswith(".webp")


def test_it_refuses_a_card_without_a_link_and_a_logo_over_http(client, operator):
    page = client.post("/admin/liveblogs/slotfill/add/", _card(link="", logo_url="http://harbour.example/l.png"))
    html = page.content.decode()
    assert "A sponsor card needs the address it links to." in html
    assert "Give the logo&#x27;s https:// address." in html
    assert not SlotFill.objects.exists()


def test_it_strips_scripts_styles_and_handlers_from_a_snippet(client, operator):
    snippet = (
        '<script>track()</script><p style="color:red" onclick="x()">Visit the '
        '<a href="https://fair.example/" target="_blank">autumn fair</a></p>'
        '<img src="https://fair.example/b.png" alt="The fair" onerror="x()">'
    )
    client.post("/admin/liveblogs/slotfill/add/", _card(kind="html", name="Fair", link="", html=snippet))
    html = SlotFill.objects.get().html
    assert "script" not in html and "track" not in html and "style" not in html and "on" + "click" not in html
    assert '<a href="https://fair.example/" rel="sponsored noopener">autumn fair</a>' in html
    assert '<img src="https://fair.example/b.png" alt="The fair" loading="lazy">' in html


def test_it_refuses_a_snippet_picture_without_alt_text(client, operator):
    page = client.post(
        "/admin/liveblogs/slotfill/add/", _card(kind="html", link="", html='<img src="https://a.example/b.png">')
    )
    assert "Every picture in the snippet needs alt text" in page.content.decode()
    assert not SlotFill.objects.exists()


def test_it_turns_slots_on_and_off_for_a_blog_through_the_action(client, operator, blog, publish):
    for i in range(4):
        publish(blog, headline=f"Update {i + 1}")
    card = SlotFill.objects.create(**_card())
    response = client.post("/admin/liveblogs/slotplan/add/", {"blog": blog.pk, "every": 3, "cap": 4, "fill": card.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = SlotPlan.objects.get()
    assert (plan.blog, plan.every, plan.cap, plan.fill) == (blog, 3, 4, card)
    assert AuditEntry.objects.filter(blog=blog, action="set_ad_slots", actor=operator).count() == 1
    assert blog.events.order_by("-seq").first().kind == "slots.updated"
    assert "Harbour Energy" in client.get("/live/storm/").content.decode()

    client.post(f"/admin/liveblogs/slotplan/{plan.pk}/delete/", {"post": "yes"})
    assert not SlotPlan.objects.exists()
    assert '"slots":null' in blog.events.order_by("-seq").first().payload
    assert "Harbour Energy" not in client.get("/live/storm/").content.decode()


def test_it_refuses_a_slot_after_every_post(client, operator, blog):
    card = SlotFill.objects.create(**_card())
    page = client.post("/admin/liveblogs/slotplan/add/", {"blog": blog.pk, "every": 1, "cap": 4, "fill": card.pk})
    assert "greater than or equal to 2" in page.content.decode()
    assert not SlotPlan.objects.exists()


def test_editing_a_card_updates_the_blogs_that_show_it(client, operator, blog, publish):
    for i in range(4):
        publish(blog, headline=f"Update {i + 1}")
    card = SlotFill.objects.create(**_card())
    client.post("/admin/liveblogs/slotplan/add/", {"blog": blog.pk, "every": 3, "cap": 4, "fill": card.pk})
    client.post(f"/admin/liveblogs/slotfill/{card.pk}/change/", _card(text="Now with wind power."))
    assert "Now with wind power." in blog.events.order_by("-seq").first().payload
    assert "Now with wind power." in client.get("/live/storm/").content.decode()


def test_deleting_a_card_removes_its_uploaded_logo(client, operator, media_root):
    client.post("/admin/liveblogs/slotfill/add/", _card(logo_upload=_png()))
    card = SlotFill.objects.get()
    logo = media_root / card.logo_renditions[0]["name"]
    assert logo.exists()
    client.post(f"/admin/liveblogs/slotfill/{card.pk}/delete/", {"post": "yes"})
    assert not SlotFill.objects.exists() and not logo.exists()


def test_a_card_in_use_cannot_be_deleted(client, operator, blog):
    card = SlotFill.objects.create(**_card())
    client.post("/admin/liveblogs/slotplan/add/", {"blog": blog.pk, "every": 3, "cap": 4, "fill": card.pk})
    page = client.post(f"/admin/liveblogs/slotfill/{card.pk}/delete/", {"post": "yes"})
    assert "would require deleting the following protected related objects" in page.content.decode()
    assert SlotFill.objects.filter(pk=card.pk).exists()


def test_its_pages_open(client, operator, blog):
    card = SlotFill.objects.create(**_card())
    client.post("/admin/liveblogs/slotplan/add/", {"blog": blog.pk, "every": 3, "cap": 4, "fill": card.pk})
    plan = SlotPlan.objects.get()
    for url in ("/admin/liveblogs/", "/admin/liveblogs/slotfill/", "/admin/liveblogs/slotfill/add/",
                f"/admin/liveblogs/slotfill/{card.pk}/change/", "/admin/liveblogs/slotplan/",
                "/admin/liveblogs/slotplan/add/", f"/admin/liveblogs/slotplan/{plan.pk}/change/"):
        assert client.get(url).status_code == 200, url
