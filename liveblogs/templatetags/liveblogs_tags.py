from django import template
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext, pgettext_lazy

from liveblogs.richtext import present_body as _present_body

register = template.Library()


@register.filter
def present_body(clean_html: str):
    """Reader form of a stored post body. Bodies are sanitised on the way in
    (liveblogs.richtext.sanitise_body), so the result is safe to mark."""
    return mark_safe(_present_body(clean_html or ""))


@register.filter
def join_bylines(names: list[str]) -> str:
    """"Ana, Ben and Cy", in the active language."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return get_text_list(names, gettext("and"))


# What readers see of a staff member's role in a byline ("admin" is internal).
BYLINE_ROLES = {
    "contributor": pgettext_lazy("byline role", "Contributor"),
    "reporter": pgettext_lazy("byline role", "Reporter"),
    "editor": pgettext_lazy("byline role", "Editor"),
    "admin": pgettext_lazy("byline role", "Editor"),
}


@register.filter
def byline_role(user) -> str:
    return str(BYLINE_ROLES.get(getattr(user, "role", ""), ""))


@register.simple_tag(takes_context=True)
def desk_links(context) -> list[tuple[str, str]]:
    """Links other apps add to the desk's header through settings.DESK_LINKS:
    (label, URL name, the user property that must be true). liveblogs names
    none of those apps; each link shows only to those its gate lets in."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse

    user = context.get("user")
    links = []
    for label, url_name, gate in getattr(settings, "DESK_LINKS", []):
        if user is None or not getattr(user, gate, False):
            continue
        try:
            # Labels are marked with gettext_noop in settings; translated here.
            links.append((gettext(label), reverse(url_name)))
        except NoReverseMatch:
            continue
    return links
