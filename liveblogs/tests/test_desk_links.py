"""The desk header's links to other apps' tools (settings.DESK_LINKS), each
shown only to those its gate lets in."""

import pytest

pytestmark = pytest.mark.django_db


def links(client):
    html = client.get("/desk/").content.decode()
    start = html.find('aria-label="Desk tools"')
    return html[start : html.find("</nav>", start)] if start >= 0 else ""


def test_it_shows_editors_every_tool(client, editor):
    client.force_login(editor)
    nav = links(client)
    for label, url in [("API tokens", "/desk/api-tokens/"), ("Webhooks", "/desk/webhooks/"),
                       ("Comments", "/community/moderate/"), ("Membership reports", "/membership/reports/")]:
        assert f'<a href="{url}">{label}</a>' in nav


def test_it_shows_reporters_only_what_they_may_use(client, reporter):
    client.force_login(reporter)
    nav = links(client)
    assert "API tokens" in nav
    assert "Webhooks" not in nav and "Membership reports" not in nav and "Comments" not in nav


def test_it_leaves_out_a_link_whose_page_does_not_exist(client, editor, settings):
    settings.DESK_LINKS = [
        ("Nowhere", "nowhere:at_all", "is_editor"),
        ("API tokens", "distribution:api_tokens", "is_editor"),
    ]
    client.force_login(editor)
    nav = links(client)
    assert "Nowhere" not in nav and "API tokens" in nav
